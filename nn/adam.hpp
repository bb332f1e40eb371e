// Adam: per-parameter step sizes from running averages of the gradient and
// its square, with bias correction (Kingma & Ba; PyTorch's defaults).
#pragma once

#include <cstddef>
#include <functional>
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
  // The learning rate for step k (0, 1, 2, ...), as SGD's: a linear decay
  // to 0 over n steps is [n](std::size_t k) { return 0.01 * (1.0 - double(k) / n); }.
  using Schedule = std::function<double(std::size_t step)>;

  // Throws std::invalid_argument unless both betas are in [0, 1).
  explicit Adam(std::vector<Value> parameters, AdamOptions options = {});
  // Learning rates from `schedule`; options.learning_rate is not used.
  Adam(std::vector<Value> parameters, Schedule schedule, AdamOptions options = {});

  void step();
  std::size_t steps_taken() const { return steps_; }

 private:
  std::vector<Value> parameters_;
  AdamOptions options_;
  Schedule schedule_;
  std::vector<double> first_moment_;
  std::vector<double> second_moment_;
  std::size_t steps_ = 0;
};

}  // namespace backprop::nn
