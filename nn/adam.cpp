// Adam's update, written as in PyTorch's documentation.
#include "nn/adam.hpp"

#include <cmath>
#include <span>
#include <stdexcept>

#include <fmt/format.h>

namespace backprop::nn {

Adam::Adam(std::vector<Value> parameters, AdamOptions options)
    : Adam(std::move(parameters), constant(options.learning_rate), options) {}

Adam::Adam(std::vector<Value> parameters, Schedule schedule, AdamOptions options)
    : Optimizer(std::move(parameters), std::move(schedule)),
      options_(options),
      first_moment_(parameters_.size(), 0.0),
      second_moment_(parameters_.size(), 0.0) {
  if (!(options.beta1 >= 0.0 && options.beta1 < 1.0 && options.beta2 >= 0.0 &&
        options.beta2 < 1.0))
    throw std::invalid_argument(fmt::format("Adam: betas must be in [0, 1), got {} and {}",
                                            options.beta1, options.beta2));
}

void Adam::step() {
  const double learning_rate = begin_step();
  const auto t = static_cast<double>(steps_taken());  // this step's number, from 1
  const double correction1 = 1.0 - std::pow(options_.beta1, t);
  const double correction2 = 1.0 - std::pow(options_.beta2, t);
  // Copied, so that the compiler need not read them again after each store.
  const double beta1 = options_.beta1, beta2 = options_.beta2, epsilon = options_.epsilon;
  update_parameters([&](std::span<double> numbers, std::span<const double> gradients, std::size_t first) {
    double* const first_moment = first_moment_.data() + first;
    double* const second_moment = second_moment_.data() + first;
    for (std::size_t k = 0; k < numbers.size(); ++k) {
      const double grad = gradients[k];
      first_moment[k] = beta1 * first_moment[k] + (1.0 - beta1) * grad;
      second_moment[k] = beta2 * second_moment[k] + (1.0 - beta2) * grad * grad;
      const double mean = first_moment[k] / correction1;
      const double spread = std::sqrt(second_moment[k] / correction2) + epsilon;
      numbers[k] -= learning_rate * mean / spread;
    }
  });
  end_step();
}

}  // namespace backprop::nn
