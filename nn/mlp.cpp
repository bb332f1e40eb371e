// MLP: builds the layers from one seeded generator, and chains them.
#include "nn/mlp.hpp"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace backprop::nn {

MLP::MLP(std::size_t nin, std::vector<std::size_t> sizes, MLPOptions options) : nin_(nin) {
  if (sizes.empty()) throw std::invalid_argument("MLP: needs at least one layer size");
  if (nin == 0) throw std::invalid_argument("MLP: needs at least one input");
  for (std::size_t k = 0; k < sizes.size(); ++k)
    if (sizes[k] == 0)
      throw std::invalid_argument(fmt::format("MLP: layer {} has size 0; sizes must be > 0", k));
  Random random(options.seed);
  std::size_t width = nin;
  for (std::size_t k = 0; k < sizes.size(); ++k) {
    const bool last = k + 1 == sizes.size();
    layers_.emplace_back(width, sizes[k], last ? options.output : options.hidden, random,
                         options.init);
    width = sizes[k];
    widest_ = std::max(widest_, width);
  }
  scratch_.resize(nin + 2 * widest_);
  label_parameters();
}

void MLP::operator()(std::span<const Value> inputs, std::span<Value> outputs) const {
  if (inputs.size() != nin_)
    throw std::invalid_argument(fmt::format("MLP: expected {} inputs, got {}", nin_, inputs.size()));
  if (outputs.size() != layers_.back().outputs())
    throw std::invalid_argument(fmt::format("MLP: has {} outputs, got room for {}",
                                            layers_.back().outputs(), outputs.size()));
  // Each layer writes into the half of the scratch space its input is not in.
  std::span<const Value> current = inputs;
  for (std::size_t k = 0; k < layers_.size(); ++k) {
    const std::span<Value> next = k + 1 == layers_.size()
                                      ? outputs
                                      : std::span<Value>(scratch_).subspan(nin_ + (k % 2) * widest_,
                                                                           layers_[k].outputs());
    layers_[k](current, next);
    current = next;
  }
}

void MLP::operator()(std::span<const double> inputs, std::span<Value> outputs) const {
  if (inputs.size() != nin_)
    throw std::invalid_argument(fmt::format("MLP: expected {} inputs, got {}", nin_, inputs.size()));
  const std::span<Value> values = std::span<Value>(scratch_).first(nin_);
  for (std::size_t k = 0; k < nin_; ++k) values[k] = Value::input(inputs[k]);
  (*this)(std::span<const Value>(values), outputs);
}

std::vector<Value> MLP::operator()(std::span<const Value> inputs) const {
  std::vector<Value> outputs(layers_.back().outputs());
  (*this)(inputs, outputs);
  return outputs;
}

std::vector<Value> MLP::operator()(std::span<const double> inputs) const {
  std::vector<Value> outputs(layers_.back().outputs());
  (*this)(inputs, outputs);
  return outputs;
}

std::vector<Value> MLP::parameters() const { return parameters_of(layers_); }

std::vector<NamedParameter> MLP::named_parameters() const { return parameters_of(named("layers", layers_)); }

std::string MLP::architecture() const {
  std::vector<std::size_t> sizes;
  std::vector<std::string_view> activations;
  for (const Layer& layer : layers_) {
    sizes.push_back(layer.outputs());
    activations.push_back(activation_name(layer.activation()));
  }
  return fmt::format("MLP({}, [{}], [{}])", nin_, fmt::join(sizes, ", "),
                     fmt::join(activations, ", "));
}

}  // namespace backprop::nn
