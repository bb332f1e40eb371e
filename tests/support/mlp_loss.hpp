// The losses the nn fixtures name (make_nn_fixtures.py's mlp_loss), computed
// by the nn library for an MLP over a batch: the parity tests build the
// model from a fixture's weights and score it with these.
#pragma once

#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "nn/nn.hpp"

namespace backprop::testing {

inline nn::Activation activation_named(const std::string& name) {
  const auto activation = nn::activation_named(name);
  if (!activation) throw std::runtime_error("unknown activation " + name);
  return *activation;
}

// The loss `name` of `model` over the batch: inputs[i] is sample i, targets[i]
// its target (a class number for softmax_cross_entropy).
inline Value mlp_loss(const std::string& name, const nn::MLP& model, const std::vector<std::vector<double>>& inputs,
                      std::span<const double> targets) {
  std::vector<std::vector<Value>> outputs;
  for (const auto& row : inputs) outputs.push_back(model(std::span<const double>(row)));
  std::vector<Value> first;
  for (const auto& output : outputs) first.push_back(output[0]);
  const auto parameters = model.parameters();
  if (name == "mean_squared_error") return nn::mean_squared_error(first, targets);
  if (name == "hinge_l2") return nn::hinge_loss(first, targets) + nn::l2_penalty(parameters, 1e-4);
  if (name == "binary_cross_entropy_with_logits") return nn::binary_cross_entropy_with_logits(first, targets);
  if (name == "softmax_cross_entropy") {
    const std::vector<std::size_t> classes(targets.begin(), targets.end());
    return nn::softmax_cross_entropy(outputs, classes);
  }
  if (name == "l2") return nn::l2_penalty(parameters, 0.01);
  throw std::runtime_error("unknown loss " + name);
}

}  // namespace backprop::testing
