// Layer: nout neurons that all read the same inputs, recorded as one linear
// operation (autodiff/linear.hpp) plus an activation per output.
#pragma once

#include <initializer_list>
#include <span>
#include <vector>

#include "autodiff/linear.hpp"
#include "nn/neuron.hpp"

namespace backprop::nn {

class Layer : public Module {
 public:
  Layer(std::size_t nin, std::size_t nout, Activation activation, Random& random,
        Init init = Init::uniform);

  // Fills outputs[j] with neuron j's activation. Throws std::invalid_argument
  // if inputs.size() != nin or outputs.size() != nout.
  void operator()(std::span<const Value> inputs, std::span<Value> outputs) const;
  // The same, returning the outputs.
  std::vector<Value> operator()(std::span<const Value> inputs) const;
  // layer({x1, x2}): numbers in the list become leaves.
  std::vector<Value> operator()(std::initializer_list<Value> inputs) const {
    return (*this)(std::span<const Value>(inputs.begin(), inputs.size()));
  }

  std::vector<Value> parameters() const override { return weights_.values(); }
  // Neuron by neuron: "neurons.3.w.0", ..., "neurons.3.b" (see Neuron).
  std::vector<NamedParameter> named_parameters() const override;
  std::string architecture() const override;

  // The weights as one matrix: row j is neuron j's weights, then its bias.
  const Matrix& weights() const { return weights_; }
  // The same parameters seen neuron by neuron (for inspection and clusters).
  const std::vector<Neuron>& neurons() const { return neurons_; }
  std::size_t inputs() const { return nin_; }
  std::size_t outputs() const { return neurons_.size(); }
  Activation activation() const { return activation_; }

 private:
  std::size_t nin_;
  Activation activation_;
  Matrix weights_;
  std::vector<Neuron> neurons_;
};

}  // namespace backprop::nn
