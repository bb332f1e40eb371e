// Neuron: one fused weighted_sum node plus the activation.
#include "nn/neuron.hpp"

#include <optional>
#include <stdexcept>

#include <fmt/format.h>

#include "autodiff/leaf_block.hpp"
#include "nn/init.hpp"

namespace backprop::nn {

namespace {
// The first weight's handle if the weights are one block of leaves (made
// together), else an empty handle.
backprop::detail::Handle run_of(const std::vector<Value>& weights) {
  const bool one_run = LeafBlock::split(weights).size() == 1 && weights.front().handle().is_leaf();
  return one_run ? weights.front().handle() : backprop::detail::Handle{};
}
}  // namespace

Neuron::Neuron(std::size_t nin, Activation activation, Random& random, Init init)
    : bias_(0.0), activation_(activation) {
  for (const double weight : neuron_weights(nin, random, init)) weights_.emplace_back(weight);
  weights_run_ = run_of(weights_);
  label_parameters();
}

Neuron::Neuron(std::vector<Value> weights, Value bias, Activation activation)
    : weights_(std::move(weights)),
      bias_(bias),
      activation_(activation),
      weights_run_(run_of(weights_)) {}

Value Neuron::operator()(std::span<const Value> inputs) const {
  if (inputs.size() != weights_.size())
    throw std::invalid_argument(fmt::format("Neuron: expected {} inputs, got {}",
                                            weights_.size(), inputs.size()));
  // Each way activates its own sum: joined into one variable, the sum would
  // go through memory.
  if (weights_run_.has_node()) {
    if (const std::optional<Value> sum = backprop::detail::weighted_sum_of_run(weights_run_, inputs, bias_))
      return activate(activation_, *sum);
    return activate(activation_, backprop::detail::resolved_weighted_sum(weights_, inputs, bias_));
  }
  return activate(activation_, weighted_sum(weights_, inputs, bias_));
}

std::vector<Value> Neuron::parameters() const { return parameters_of(weights_, bias_); }

std::vector<NamedParameter> Neuron::named_parameters() const {
  return parameters_of(named("w", weights_), named("b", bias_));
}

std::string Neuron::architecture() const {
  return fmt::format("Neuron({}, {})", weights_.size(), activation_name(activation_));
}

}  // namespace backprop::nn
