// SGD: p -= learning_rate(step) * v, with v = momentum * v + grad
// (plain gradient descent when momentum is 0, the default).
#pragma once

#include <vector>

#include "nn/optimizer.hpp"

namespace backprop::nn {

class SGD : public Optimizer {
 public:
  SGD(std::vector<Value> parameters, double learning_rate, double momentum = 0.0);
  SGD(std::vector<Value> parameters, Schedule schedule, double momentum = 0.0);

  // Moves every parameter against its gradient; gradients are left as they
  // are (call zero_grad() before the next backward()).
  void step();

 private:
  double momentum_;
  std::vector<double> velocity_;
};

}  // namespace backprop::nn
