// Random numbers that are the same on every machine for the same seed.
// std::mt19937_64's output is fixed by the standard, but the standard
// distributions are not, so the conversions to doubles are written here.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <numbers>
#include <random>
#include <span>
#include <stdexcept>

#include <fmt/core.h>

namespace backprop::nn {

class Random {
 public:
  explicit Random(std::uint64_t seed) : engine_(seed) {}

  // Uniform in [low, high): 53 random bits scaled into the interval.
  double uniform(double low, double high) {
    const double unit = static_cast<double>(engine_() >> 11) * 0x1.0p-53;
    return low + (high - low) * unit;
  }

  // Normal, by the Box-Muller transform.
  double normal(double mean, double stddev) {
    const double u1 = 1.0 - uniform(0.0, 1.0);  // in (0, 1], so log() is finite
    const double u2 = uniform(0.0, 1.0);
    return mean + stddev * std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
  }

  // Uniform integer in [0, n), without modulo bias. n must be > 0.
  std::uint64_t below(std::uint64_t n) {
    const std::uint64_t limit = UINT64_MAX - UINT64_MAX % n;
    std::uint64_t draw;
    do draw = engine_(); while (draw >= limit);
    return draw % n;
  }

  // Index k with probability weights[k] / sum(weights): one uniform draw
  // placed on the running sum. Weights need not sum to 1 (probabilities,
  // or exponentials not yet normalised); a weight of 0 is never drawn.
  // Throws std::invalid_argument for no weights, a negative or non-finite
  // weight, or weights that sum to 0 or to infinity.
  std::size_t categorical(std::span<const double> weights) {
    double total = 0.0;
    for (std::size_t k = 0; k < weights.size(); ++k) {
      if (!(weights[k] >= 0.0) || !std::isfinite(weights[k]))
        throw std::invalid_argument(
            fmt::format("categorical: weight {} is {}; weights must be finite and >= 0", k, weights[k]));
      total += weights[k];
    }
    if (!(total > 0.0) || !std::isfinite(total))
      throw std::invalid_argument("categorical: the weights must have a positive, finite sum");
    const double point = uniform(0.0, total);
    double running = 0.0;
    std::size_t last_drawable = 0;
    for (std::size_t k = 0; k < weights.size(); ++k) {
      if (weights[k] == 0.0) continue;
      running += weights[k];
      if (point < running) return k;
      last_drawable = k;
    }
    return last_drawable;  // rounding left `point` just above the running sum
  }

 private:
  std::mt19937_64 engine_;
};

}  // namespace backprop::nn
