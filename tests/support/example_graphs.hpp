// Small graphs that several test files draw (DOT, pages): built the same
// way everywhere, so their golden files describe the same graph.
#pragma once

#include <string>
#include <vector>

#include "autodiff/value.hpp"

namespace backprop::testing {

// The lecture's neuron, tanh(x1*w1 + x2*w2 + b), after backward; the
// output labelled `output_label` when one is given.
inline Value lecture_neuron(const std::string& output_label = "") {
  Value x1(2.0, "x1"), x2(0.0, "x2"), w1(-3.0, "w1"), w2(1.0, "w2"), b(6.8813735870195432, "b");
  Value o = tanh(x1 * w1 + x2 * w2 + b);
  if (!output_label.empty()) o.set_label(output_label);
  o.backward();
  return o;
}

// relu(w.x + b) * 3 after backward, with its parameters: a neuron whose
// parameters a test can put in a cluster.
struct ReluNeuron {
  std::vector<Value> weights{0.5, -1.0}, inputs{1.0, 2.0};
  Value bias = 0.25;
  Value out;
  ReluNeuron() : out(relu(weighted_sum(weights, inputs, bias)) * 3) { out.backward(); }
  std::vector<Value> parameters() const { return {weights[0], weights[1], bias}; }
};

}  // namespace backprop::testing
