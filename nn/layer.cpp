// Layer: one linear operation over all neurons, then the activations.
#include "nn/layer.hpp"

#include <stdexcept>

#include <fmt/format.h>

#include "nn/init.hpp"

namespace backprop::nn {

namespace {

// Neuron by neuron, as micrograd draws them: nin weights, then a zero bias.
std::vector<double> initial_weights(std::size_t nin, std::size_t nout, Random& random, Init init) {
  std::vector<double> values;
  values.reserve(nout * (nin + 1));
  for (std::size_t j = 0; j < nout; ++j) {
    const std::vector<double> weights = neuron_weights(nin, random, init);
    values.insert(values.end(), weights.begin(), weights.end());
    values.push_back(0.0);
  }
  return values;
}

}  // namespace

Layer::Layer(std::size_t nin, std::size_t nout, Activation activation, Random& random, Init init)
    : nin_(nin),
      activation_(activation),
      weights_(nout, nin + 1, initial_weights(nin, nout, random, init)) {
  neurons_.reserve(nout);
  for (std::size_t j = 0; j < nout; ++j) {
    std::vector<Value> row = weights_.row(j);
    const Value bias = row.back();
    row.pop_back();
    neurons_.emplace_back(std::move(row), bias, activation);
  }
  label_parameters();
}

std::vector<NamedParameter> Layer::named_parameters() const { return parameters_of(named("neurons", neurons_)); }

void Layer::operator()(std::span<const Value> inputs, std::span<Value> outputs) const {
  if (inputs.size() != nin_)
    throw std::invalid_argument(fmt::format("Layer: expected {} inputs, got {}", nin_, inputs.size()));
  if (outputs.size() != neurons_.size())
    throw std::invalid_argument(
        fmt::format("Layer: has {} outputs, got room for {}", neurons_.size(), outputs.size()));
  linear(weights_, inputs, outputs, Bias::last_column, activation_);
}

std::vector<Value> Layer::operator()(std::span<const Value> inputs) const {
  std::vector<Value> outputs(neurons_.size());
  (*this)(inputs, outputs);
  return outputs;
}

std::string Layer::architecture() const {
  return fmt::format("Layer({}, {}, {})", nin_, neurons_.size(), activation_name(activation_));
}

}  // namespace backprop::nn
