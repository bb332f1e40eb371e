// SGD with an optional schedule and momentum (PyTorch's formulation).
#include "nn/sgd.hpp"

#include <stdexcept>

#include <fmt/format.h>

namespace backprop::nn {

SGD::SGD(std::vector<Value> parameters, double learning_rate, double momentum)
    : SGD(std::move(parameters), constant(learning_rate), momentum) {}

SGD::SGD(std::vector<Value> parameters, Schedule schedule, double momentum)
    : Optimizer(std::move(parameters), std::move(schedule)),
      momentum_(momentum),
      velocity_(parameters_.size(), 0.0) {
  if (!(momentum >= 0.0 && momentum < 1.0))
    throw std::invalid_argument(fmt::format("SGD: momentum must be in [0, 1), got {}", momentum));
}

void SGD::step() {
  const double learning_rate = begin_step();
  for (std::size_t k = 0; k < parameters_.size(); ++k) {
    velocity_[k] = momentum_ * velocity_[k] + parameters_[k].grad();
    parameters_[k].set_data(parameters_[k].data() - learning_rate * velocity_[k]);
  }
  end_step();
}

}  // namespace backprop::nn
