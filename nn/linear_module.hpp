// Linear: a dense layer without biases, y_r = sum_c W[r][c] x_c, as GPT-style
// models use them (nn::Layer is the one with a bias per neuron). The whole
// layer is one recorded operation (autodiff/linear.hpp): each output is one
// node however many inputs it reads, optionally followed by an activation.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "autodiff/linear.hpp"
#include "nn/activation.hpp"
#include "nn/module.hpp"
#include "nn/random.hpp"

namespace backprop::nn {

class Linear : public Module {
 public:
  // nout x nin weights from a Gaussian with mean 0 and `stddev`.
  Linear(std::size_t nin, std::size_t nout, double stddev, Random& random);
  // These weights: row r holds output r's weights.
  explicit Linear(Matrix weights);

  // Fills outputs[r] with activation(row r of W times inputs). Throws
  // std::invalid_argument if inputs.size() != inputs() or outputs.size() != outputs().
  void operator()(std::span<const Value> inputs, std::span<Value> outputs,
                  Activation activation = Activation::linear) const;
  std::vector<Value> operator()(std::span<const Value> inputs, Activation activation = Activation::linear) const;

  std::vector<Value> parameters() const override { return weights_.values(); }
  // "weight.r.c", as PyTorch names a Linear's weights.
  std::vector<NamedParameter> named_parameters() const override;
  std::string architecture() const override;

  const Matrix& weights() const { return weights_; }
  std::size_t inputs() const { return weights_.cols(); }
  std::size_t outputs() const { return weights_.rows(); }

 private:
  Matrix weights_;
};

}  // namespace backprop::nn
