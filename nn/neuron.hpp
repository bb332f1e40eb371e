// Neuron: activation(w . x + b), the unit a Layer is made of; on its own it
// records one weighted_sum node and its activation.
#pragma once

#include <initializer_list>
#include <span>
#include <vector>

#include "nn/activation.hpp"
#include "nn/module.hpp"
#include "nn/random.hpp"

namespace backprop::nn {

class Neuron : public Module {
 public:
  // Weights drawn from `random` (see Init); the bias starts at 0, as in micrograd.
  Neuron(std::size_t nin, Activation activation, Random& random, Init init = Init::uniform);
  // A neuron over parameters that already exist (a Layer's rows); their
  // labels are left to their owner.
  Neuron(std::vector<Value> weights, Value bias, Activation activation);

  // Throws std::invalid_argument if inputs.size() != nin.
  Value operator()(std::span<const Value> inputs) const;
  // neuron({x1, x2}): numbers in the list become leaves.
  Value operator()(std::initializer_list<Value> inputs) const {
    return (*this)(std::span<const Value>(inputs.begin(), inputs.size()));
  }

  std::vector<Value> parameters() const override;
  // "w.0", "w.1", ..., then "b".
  std::vector<NamedParameter> named_parameters() const override;
  std::string architecture() const override;

  const std::vector<Value>& weights() const { return weights_; }
  const Value& bias() const { return bias_; }
  Activation activation() const { return activation_; }

 private:
  std::vector<Value> weights_;
  Value bias_;
  Activation activation_;
  // The first weight, if the weights are one LeafBlock (found once), so that
  // each call checks one handle for all of them; empty if they are not.
  backprop::detail::Handle weights_run_;
};

}  // namespace backprop::nn
