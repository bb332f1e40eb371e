// Adam's update, written as in PyTorch's documentation.
#include "nn/adam.hpp"

#include <cmath>
#include <span>
#include <stdexcept>

#include <fmt/format.h>

#include "autodiff/detail/wide.hpp"

namespace backprop::nn {

namespace {
// What one step does to `count` parameters, their gradients and their two
// moments (PyTorch's formulation), each parameter on its own.
struct AdamStep {
  double learning_rate, beta1, beta2, epsilon, correction1, correction2;
};
BACKPROP_WIDE void adam_update(const AdamStep& step, double* numbers, const double* gradients, double* first_moment,
                               double* second_moment, std::size_t count) {
  const AdamStep s = step;  // a copy: the stores below cannot change it
  for (std::size_t k = 0; k < count; ++k) {
    const double grad = gradients[k];
    first_moment[k] = s.beta1 * first_moment[k] + (1.0 - s.beta1) * grad;
    second_moment[k] = s.beta2 * second_moment[k] + (1.0 - s.beta2) * grad * grad;
    const double mean = first_moment[k] / s.correction1;
    const double spread = std::sqrt(second_moment[k] / s.correction2) + s.epsilon;
    numbers[k] -= s.learning_rate * mean / spread;
  }
}
}  // namespace

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
  const AdamStep update{learning_rate, options_.beta1, options_.beta2, options_.epsilon, correction1, correction2};
  update_parameters([&](std::span<double> numbers, std::span<const double> gradients, std::size_t first) {
    adam_update(update, numbers.data(), gradients.data(), first_moment_.data() + first, second_moment_.data() + first,
                numbers.size());
  });
  end_step();
}

}  // namespace backprop::nn
