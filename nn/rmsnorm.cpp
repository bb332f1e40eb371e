// rmsnorm: one scale for the whole vector, then a product per entry.
#include "nn/rmsnorm.hpp"

#include <stdexcept>

#include <fmt/format.h>

namespace backprop::nn {

void rmsnorm(std::span<const Value> x, std::span<Value> out, double epsilon) {
  if (x.empty()) throw std::invalid_argument("rmsnorm: no values");
  if (out.size() != x.size())
    throw std::invalid_argument(fmt::format("rmsnorm: {} values, but room for {} results", x.size(), out.size()));
  const Value mean_square = dot(x, x) / static_cast<double>(x.size());
  const Value scale = pow(mean_square + epsilon, -0.5);
  for (std::size_t i = 0; i < x.size(); ++i) out[i] = x[i] * scale;
}

std::vector<Value> rmsnorm(std::span<const Value> x, double epsilon) {
  std::vector<Value> out(x.size());
  rmsnorm(x, out, epsilon);
  return out;
}

}  // namespace backprop::nn
