// A model's graph as an inspector reads it: one forward and backward pass
// on given inputs, drawn by to_dot() with a box per neuron and a column per
// layer (nn::neuron_clusters), in the full view (every value) or the summary
// view (a box per neuron). `backprop model FILE --input ... -o graph.svg`
// draws with this.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "autodiff/show/dot.hpp"
#include "nn/mlp.hpp"

namespace backprop::nn {

// One DOT cluster per neuron, for to_dot(): named as its parameters are
// ("layers.1.neurons.3"), in its layer's column ("layers.1"); each box holds
// the neuron's parameters, its weighted sums and their activations.
std::vector<DotOptions::Cluster> neuron_clusters(const MLP& model);

struct ModelGraphOptions {
  DotOptions::View view = DotOptions::View::summary;
  bool color_by_gradient = true;
  // The inputs' names; empty: x0, x1, ...
  std::vector<std::string> input_names = {};
  // Significant digits of the numbers drawn (DotOptions::digits): four, so
  // that a layer of boxes fits on a screen; 0 for every digit.
  int digits = 4;
};

// Runs model(inputs) and backward from its output (from the sum of its
// outputs, labelled "sum of outputs", if it has several), with the model's
// gradients zeroed first, so that every gradient drawn is from this one
// pass; the gradients stay in the model afterwards. Throws
// std::invalid_argument for a wrong number of inputs or names.
std::string model_dot(const MLP& model, std::span<const double> inputs, const ModelGraphOptions& options = {});

}  // namespace backprop::nn
