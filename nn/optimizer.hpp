// What SGD and Adam share: the parameters they move, a learning rate per
// step (a schedule), the steps taken, and zero_grad() over their
// parameters, as torch.optim's optimizers have.
#pragma once

#include <cstddef>
#include <functional>
#include <utility>
#include <vector>

#include "autodiff/value.hpp"

namespace backprop::nn {

class Optimizer {
 public:
  // The learning rate for step k (0, 1, 2, ...); micrograd's moons schedule
  // is [](std::size_t k) { return 1.0 - 0.9 * k / 100; }, a linear decay to 0
  // over n steps [n](std::size_t k) { return 0.01 * (1.0 - double(k) / n); }.
  using Schedule = std::function<double(std::size_t step)>;

  // Sets every parameter's gradient to 0, before the next backward(): the
  // optimizer already holds the list, so no module has to build it again.
  void zero_grad() const {
    for (Value parameter : parameters_) parameter.zero_grad();
  }
  std::size_t steps_taken() const { return steps_; }
  const std::vector<Value>& parameters() const { return parameters_; }

 protected:
  Optimizer(std::vector<Value> parameters, Schedule schedule)
      : parameters_(std::move(parameters)), schedule_(std::move(schedule)) {}
  static Schedule constant(double learning_rate) {
    return [learning_rate](std::size_t) { return learning_rate; };
  }
  // This step's learning rate; counts the step.
  double begin_step() { return schedule_(steps_++); }

  std::vector<Value> parameters_;

 private:
  Schedule schedule_;
  std::size_t steps_ = 0;
};

}  // namespace backprop::nn
