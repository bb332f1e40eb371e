// Linear: a bias-free Matrix applied with the engine's linear().
#include "nn/linear_module.hpp"

#include <stdexcept>

#include <fmt/format.h>

#include "nn/init.hpp"

namespace backprop::nn {

Linear::Linear(std::size_t nin, std::size_t nout, double stddev, Random& random)
    : Linear(normal_matrix(nout, nin, stddev, random)) {}

Linear::Linear(Matrix weights) : weights_(std::move(weights)) { label_parameters(); }

std::vector<NamedParameter> Linear::named_parameters() const { return parameters_of(named("weight", weights_)); }

void Linear::operator()(std::span<const Value> inputs, std::span<Value> outputs, Activation activation) const {
  if (inputs.size() != this->inputs())
    throw std::invalid_argument(fmt::format("Linear: expected {} inputs, got {}", this->inputs(), inputs.size()));
  if (outputs.size() != this->outputs())
    throw std::invalid_argument(
        fmt::format("Linear: has {} outputs, got room for {}", this->outputs(), outputs.size()));
  linear(weights_, inputs, outputs, Bias::none, activation);
}

std::vector<Value> Linear::operator()(std::span<const Value> inputs, Activation activation) const {
  std::vector<Value> outputs(this->outputs());
  (*this)(inputs, outputs, activation);
  return outputs;
}

std::string Linear::architecture() const { return fmt::format("Linear({}, {})", inputs(), outputs()); }

}  // namespace backprop::nn
