// Layer: applies each neuron to the same inputs.
#include "nn/layer.hpp"

#include <stdexcept>

#include <fmt/format.h>

namespace backprop::nn {

Layer::Layer(std::size_t nin, std::size_t nout, Activation activation, Random& random, Init init)
    : nin_(nin) {
  neurons_.reserve(nout);
  for (std::size_t k = 0; k < nout; ++k) neurons_.emplace_back(nin, activation, random, init);
}

std::vector<Value> Layer::operator()(std::span<const Value> inputs) const {
  if (inputs.size() != nin_)
    throw std::invalid_argument(
        fmt::format("Layer: expected {} inputs, got {}", nin_, inputs.size()));
  std::vector<Value> outputs;
  outputs.reserve(neurons_.size());
  for (const Neuron& neuron : neurons_) outputs.push_back(neuron(inputs));
  return outputs;
}

std::vector<Value> Layer::parameters() const { return parameters_of(neurons_); }

std::string Layer::architecture() const {
  const Activation activation =
      neurons_.empty() ? Activation::linear : neurons_.front().activation();
  return fmt::format("Layer({}, {}, {})", nin_, neurons_.size(), activation_name(activation));
}

}  // namespace backprop::nn
