// Adam: per-parameter step sizes from running averages of the gradient and
// its square, with bias correction (Kingma & Ba; PyTorch's defaults).
#pragma once

#include <cstddef>
#include <vector>

#include "autodiff/value.hpp"

namespace backprop::nn {

struct AdamOptions {
  double learning_rate = 1e-3;
  double beta1 = 0.9;
  double beta2 = 0.999;
  double epsilon = 1e-8;
};

class Adam {
 public:
  explicit Adam(std::vector<Value> parameters, AdamOptions options = {});

  void step();
  std::size_t steps_taken() const { return steps_; }

 private:
  std::vector<Value> parameters_;
  AdamOptions options_;
  std::vector<double> first_moment_;
  std::vector<double> second_moment_;
  std::size_t steps_ = 0;
};

}  // namespace backprop::nn
