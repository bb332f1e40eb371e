// Adam's update, written as in PyTorch's documentation.
#include "nn/adam.hpp"

#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

namespace backprop::nn {

Adam::Adam(std::vector<Value> parameters, AdamOptions options)
    : Adam(std::move(parameters), [rate = options.learning_rate](std::size_t) { return rate; }, options) {}

Adam::Adam(std::vector<Value> parameters, Schedule schedule, AdamOptions options)
    : parameters_(std::move(parameters)),
      options_(options),
      schedule_(std::move(schedule)),
      first_moment_(parameters_.size(), 0.0),
      second_moment_(parameters_.size(), 0.0) {
  if (!(options.beta1 >= 0.0 && options.beta1 < 1.0 && options.beta2 >= 0.0 &&
        options.beta2 < 1.0))
    throw std::invalid_argument(fmt::format("Adam: betas must be in [0, 1), got {} and {}",
                                            options.beta1, options.beta2));
}

void Adam::step() {
  const double learning_rate = schedule_(steps_);
  ++steps_;
  const double correction1 = 1.0 - std::pow(options_.beta1, static_cast<double>(steps_));
  const double correction2 = 1.0 - std::pow(options_.beta2, static_cast<double>(steps_));
  for (std::size_t k = 0; k < parameters_.size(); ++k) {
    const double grad = parameters_[k].grad();
    first_moment_[k] = options_.beta1 * first_moment_[k] + (1.0 - options_.beta1) * grad;
    second_moment_[k] = options_.beta2 * second_moment_[k] + (1.0 - options_.beta2) * grad * grad;
    const double mean = first_moment_[k] / correction1;
    const double spread = std::sqrt(second_moment_[k] / correction2) + options_.epsilon;
    parameters_[k].set_data(parameters_[k].data() - learning_rate * mean / spread);
  }
}

}  // namespace backprop::nn
