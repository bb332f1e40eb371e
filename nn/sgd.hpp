// SGD: p -= learning_rate(step) * v, with v = momentum * v + grad
// (plain gradient descent when momentum is 0, the default).
#pragma once

#include <cstddef>
#include <functional>
#include <vector>

#include "autodiff/value.hpp"

namespace backprop::nn {

class SGD {
 public:
  // The learning rate for step k (0, 1, 2, ...); micrograd's moons schedule
  // is [](std::size_t k) { return 1.0 - 0.9 * k / 100; }.
  using Schedule = std::function<double(std::size_t step)>;

  SGD(std::vector<Value> parameters, double learning_rate, double momentum = 0.0);
  SGD(std::vector<Value> parameters, Schedule schedule, double momentum = 0.0);

  // Moves every parameter against its gradient; gradients are left as they
  // are (call zero_grad() on the model before the next backward()).
  void step();
  std::size_t steps_taken() const { return steps_; }

 private:
  std::vector<Value> parameters_;
  Schedule schedule_;
  double momentum_;
  std::vector<double> velocity_;
  std::size_t steps_ = 0;
};

}  // namespace backprop::nn
