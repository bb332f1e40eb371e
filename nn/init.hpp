// Initial parameters drawn from nn::Random: a Matrix (autodiff/linear.hpp)
// of leaves from a Gaussian, the initialisation of GPT-style models.
#pragma once

#include <cstddef>
#include <vector>

#include "autodiff/linear.hpp"
#include "nn/random.hpp"

namespace backprop::nn {

// rows x cols leaves, each drawn from a Gaussian with mean 0 and `stddev`,
// row by row: the same seed gives the same matrix on any machine.
inline Matrix normal_matrix(std::size_t rows, std::size_t cols, double stddev, Random& random) {
  std::vector<double> values(rows * cols);
  for (double& value : values) value = random.normal(0.0, stddev);
  return Matrix(rows, cols, values);
}

}  // namespace backprop::nn
