// Adam: per-parameter step sizes from running averages of the gradient and
// its square, with bias correction (Kingma & Ba; PyTorch's defaults).
#pragma once

#include <vector>

#include "nn/optimizer.hpp"

namespace backprop::nn {

struct AdamOptions {
  double learning_rate = 1e-3;
  double beta1 = 0.9;
  double beta2 = 0.999;
  double epsilon = 1e-8;
};

class Adam : public Optimizer {
 public:
  // Throws std::invalid_argument unless both betas are in [0, 1).
  explicit Adam(std::vector<Value> parameters, AdamOptions options = {});
  // Learning rates from `schedule`; options.learning_rate is not used.
  Adam(std::vector<Value> parameters, Schedule schedule, AdamOptions options = {});

  void step();

 private:
  AdamOptions options_;
  std::vector<double> first_moment_;
  std::vector<double> second_moment_;
};

}  // namespace backprop::nn
