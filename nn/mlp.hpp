// MLP: a multi-layer perceptron, layers applied one after another.
// MLP(2, {16, 16, 1}) is micrograd's moons model: 2 inputs, two hidden ReLU
// layers of 16, one linear output.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <vector>

#include "nn/layer.hpp"

namespace backprop::nn {

struct MLPOptions {
  Activation hidden = Activation::relu;
  Activation output = Activation::linear;
  Init init = Init::uniform;
  std::uint64_t seed = 1;  // same seed, same weights, on any machine
};

class MLP : public Module {
 public:
  MLP(std::size_t nin, std::vector<std::size_t> sizes, MLPOptions options = {});

  // Fills `outputs` with the last layer's outputs. Throws
  // std::invalid_argument on a wrong input or output size.
  void operator()(std::span<const Value> inputs, std::span<Value> outputs) const;
  // The same for plain numbers (each becomes a leaf Value; under NoGrad a
  // value without a node, Value::input).
  void operator()(std::span<const double> inputs, std::span<Value> outputs) const;
  // The same, returning the outputs.
  std::vector<Value> operator()(std::span<const Value> inputs) const;
  std::vector<Value> operator()(std::span<const double> inputs) const;
  // model({0.5, -1.0}) and model({x1, x2}), as a PyTorch user writes them.
  std::vector<Value> operator()(std::initializer_list<double> inputs) const {
    return (*this)(std::span<const double>(inputs.begin(), inputs.size()));
  }
  std::vector<Value> operator()(std::initializer_list<Value> inputs) const {
    return (*this)(std::span<const Value>(inputs.begin(), inputs.size()));
  }

  std::vector<Value> parameters() const override;
  // "layers.0.neurons.3.w.1", ... (see Layer); also the parameters' labels.
  std::vector<NamedParameter> named_parameters() const override;
  std::string architecture() const override;

  const std::vector<Layer>& layers() const { return layers_; }

 private:
  std::size_t nin_;
  std::vector<Layer> layers_;
  // Room for the inputs and two layers' activations, so that a forward pass
  // allocates nothing. Mutable but safe: a model's parameters, and so every
  // use of it, belong to the one thread that made them.
  mutable std::vector<Value> scratch_;
  std::size_t widest_ = 0;
};

}  // namespace backprop::nn
