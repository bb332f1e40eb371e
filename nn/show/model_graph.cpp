// model_dot(): labelled inputs, one pass forward and back, then to_dot().
#include "nn/show/model_graph.hpp"

#include <stdexcept>

#include <fmt/format.h>

namespace backprop::nn {

std::vector<DotOptions::Cluster> neuron_clusters(const MLP& model) {
  std::vector<DotOptions::Cluster> clusters;
  for (std::size_t l = 0; l < model.layers().size(); ++l) {
    const auto& neurons = model.layers()[l].neurons();
    for (std::size_t n = 0; n < neurons.size(); ++n)
      clusters.push_back({fmt::format("layers.{}.neurons.{}", l, n), neurons[n].parameters(), fmt::format("layers.{}", l)});
  }
  return clusters;
}

std::string model_dot(const MLP& model, std::span<const double> inputs, const ModelGraphOptions& options) {
  if (!options.input_names.empty() && options.input_names.size() != inputs.size())
    throw std::invalid_argument(fmt::format("model_dot: {} inputs, but {} input names", inputs.size(),
                                            options.input_names.size()));
  GraphScope scope;  // the pass is released when drawn; the parameters keep their gradients
  std::vector<Value> named_inputs;
  for (std::size_t k = 0; k < inputs.size(); ++k)
    named_inputs.emplace_back(inputs[k], options.input_names.empty() ? fmt::format("x{}", k) : options.input_names[k]);
  const std::vector<Value> outputs = model(named_inputs);
  Value root = outputs.front();
  if (outputs.size() > 1) {
    for (std::size_t k = 1; k < outputs.size(); ++k) root = root + outputs[k];
    root.set_label("sum of outputs");
  }
  model.zero_grad();
  root.backward();
  DotOptions dot_options;
  dot_options.view = options.view;
  dot_options.color_by_gradient = options.color_by_gradient;
  dot_options.digits = options.digits;
  dot_options.clusters = neuron_clusters(model);
  return to_dot(root, dot_options);
}

}  // namespace backprop::nn
