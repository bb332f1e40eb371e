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

// micrograd's README expression on Values of either engine (backprop::Value
// or the tiny engine's): returns g after g.backward(), so a and b hold
// dg/da = 138.8338... and dg/db = 645.5773... (g = 24.7041...).
template <typename V>
V classic_expression(V& a, V& b) {
  V c = a + b;
  V d = a * b + pow(b, 3);
  c += c + 1;
  c += 1 + c + (-a);
  d += d * 2 + relu(b + a);
  d += 3 * d + relu(b - a);
  V e = c - d;
  V f = pow(e, 2);
  V g = f / 2.0;
  g += 10.0 / f;
  g.backward();
  return g;
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
