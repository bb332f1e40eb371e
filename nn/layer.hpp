// Layer: nout neurons that all read the same inputs.
#pragma once

#include "nn/neuron.hpp"

namespace backprop::nn {

class Layer : public Module {
 public:
  Layer(std::size_t nin, std::size_t nout, Activation activation, Random& random,
        Init init = Init::uniform);

  // One output per neuron. Throws std::invalid_argument if inputs.size() != nin.
  std::vector<Value> operator()(std::span<const Value> inputs) const;

  std::vector<Value> parameters() const override;
  std::string architecture() const override;

  const std::vector<Neuron>& neurons() const { return neurons_; }
  std::size_t inputs() const { return nin_; }

 private:
  std::size_t nin_;
  std::vector<Neuron> neurons_;
};

}  // namespace backprop::nn
