// Initial parameters drawn from nn::Random: a neuron's weights as micrograd
// draws them, and a Matrix (autodiff/linear.hpp) of leaves from a Gaussian,
// the initialisation of GPT-style models.
#pragma once

#include <cmath>
#include <cstddef>
#include <vector>

#include "autodiff/linear.hpp"
#include "nn/activation.hpp"
#include "nn/random.hpp"

namespace backprop::nn {

// A neuron's `nin` weights: uniform in [-1, 1), divided by sqrt(nin) with
// Init::scaled. Its bias starts at 0.
inline std::vector<double> neuron_weights(std::size_t nin, Random& random, Init init) {
  const double scale = init == Init::scaled ? 1.0 / std::sqrt(static_cast<double>(nin)) : 1.0;
  std::vector<double> weights(nin);
  for (double& weight : weights) weight = random.uniform(-1.0, 1.0) * scale;
  return weights;
}

// rows x cols leaves, each drawn from a Gaussian with mean 0 and `stddev`,
// row by row: the same seed gives the same matrix on any machine.
inline Matrix normal_matrix(std::size_t rows, std::size_t cols, double stddev, Random& random) {
  std::vector<double> values(rows * cols);
  for (double& value : values) value = random.normal(0.0, stddev);
  return Matrix(rows, cols, values);
}

}  // namespace backprop::nn
