// SGD with an optional schedule and momentum (PyTorch's formulation).
#include "nn/sgd.hpp"

#include <span>
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
  const double learning_rate = begin_step(), momentum = momentum_;
  update_parameters([&](std::span<double> numbers, std::span<const double> gradients, std::size_t first) {
    double* const velocity = velocity_.data() + first;
    for (std::size_t k = 0; k < numbers.size(); ++k) {
      velocity[k] = momentum * velocity[k] + gradients[k];
      numbers[k] -= learning_rate * velocity[k];
    }
  });
  end_step();
}

}  // namespace backprop::nn
