// The toy dataset generators. Every random number comes from nn::Random, so
// the same seed gives the same points on every machine.
#include "nn/dataset.hpp"

#include <cmath>
#include <numbers>
#include <stdexcept>
#include <utility>

#include <fmt/format.h>

#include "nn/random.hpp"

namespace backprop::nn {

namespace {

void check_samples(std::string_view generator, std::size_t samples) {
  if (samples == 0)
    throw std::invalid_argument(fmt::format("{}: samples must be > 0", generator));
}

void check_noise(std::string_view generator, double noise) {
  if (!(noise >= 0.0))
    throw std::invalid_argument(fmt::format("{}: noise must be >= 0, got {}", generator, noise));
}

// Fisher-Yates, so that classes are interleaved rather than in two runs.
void shuffle(Dataset& data, Random& random) {
  for (std::size_t i = data.size(); i > 1; --i) {
    const std::size_t j = random.below(i);
    std::swap(data.inputs[i - 1], data.inputs[j]);
    std::swap(data.targets[i - 1], data.targets[j]);
  }
}

void add_noise(Dataset& data, double noise, Random& random) {
  for (auto& row : data.inputs)
    for (double& x : row) x += random.normal(0.0, noise);
}

// The angle of point k of n spread evenly over [0, pi], as numpy's linspace.
double spaced_angle(std::size_t k, std::size_t n) {
  return n == 1 ? 0.0 : std::numbers::pi * static_cast<double>(k) / static_cast<double>(n - 1);
}

}  // namespace

Dataset make_moons(std::size_t samples, double noise, std::uint64_t seed) {
  check_samples("make_moons", samples);
  check_noise("make_moons", noise);
  Random random(seed);
  Dataset data;
  const std::size_t outer = samples / 2, inner = samples - outer;
  for (std::size_t k = 0; k < outer; ++k) {
    const double angle = spaced_angle(k, outer);
    data.inputs.push_back({std::cos(angle), std::sin(angle)});
    data.targets.push_back(0.0);
  }
  for (std::size_t k = 0; k < inner; ++k) {
    const double angle = spaced_angle(k, inner);
    data.inputs.push_back({1.0 - std::cos(angle), 0.5 - std::sin(angle)});
    data.targets.push_back(1.0);
  }
  shuffle(data, random);
  add_noise(data, noise, random);
  return data;
}

Dataset make_circles(std::size_t samples, double noise, double factor, std::uint64_t seed) {
  check_samples("make_circles", samples);
  check_noise("make_circles", noise);
  if (!(factor > 0.0 && factor < 1.0))
    throw std::invalid_argument(fmt::format("make_circles: factor must be in (0, 1), got {}", factor));
  Random random(seed);
  Dataset data;
  const std::size_t outer = samples / 2, inner = samples - outer;
  for (std::size_t k = 0; k < outer; ++k) {
    const double angle = 2.0 * std::numbers::pi * static_cast<double>(k) / static_cast<double>(outer);
    data.inputs.push_back({std::cos(angle), std::sin(angle)});
    data.targets.push_back(0.0);
  }
  for (std::size_t k = 0; k < inner; ++k) {
    const double angle = 2.0 * std::numbers::pi * static_cast<double>(k) / static_cast<double>(inner);
    data.inputs.push_back({factor * std::cos(angle), factor * std::sin(angle)});
    data.targets.push_back(1.0);
  }
  shuffle(data, random);
  add_noise(data, noise, random);
  return data;
}

Dataset make_blobs(std::size_t samples, std::size_t centers, double spread, std::uint64_t seed) {
  check_samples("make_blobs", samples);
  if (centers == 0) throw std::invalid_argument("make_blobs: centers must be > 0");
  if (!(spread >= 0.0))
    throw std::invalid_argument(fmt::format("make_blobs: spread must be >= 0, got {}", spread));
  Random random(seed);
  std::vector<std::pair<double, double>> centres;
  for (std::size_t c = 0; c < centers; ++c)
    centres.emplace_back(random.uniform(-10.0, 10.0), random.uniform(-10.0, 10.0));
  Dataset data;
  for (std::size_t k = 0; k < samples; ++k) {
    const std::size_t label = k % centers;  // classes as equal in size as possible
    data.inputs.push_back({random.normal(centres[label].first, spread),
                           random.normal(centres[label].second, spread)});
    data.targets.push_back(static_cast<double>(label));
  }
  shuffle(data, random);
  return data;
}

Dataset make_xor(std::size_t samples, double noise, std::uint64_t seed) {
  check_samples("make_xor", samples);
  check_noise("make_xor", noise);
  Random random(seed);
  Dataset data;
  for (std::size_t k = 0; k < samples; ++k) {
    const double x = random.uniform(-1.0, 1.0), y = random.uniform(-1.0, 1.0);
    data.inputs.push_back({x + random.normal(0.0, noise), y + random.normal(0.0, noise)});
    data.targets.push_back((x > 0.0) != (y > 0.0) ? 1.0 : 0.0);
  }
  return data;
}

std::vector<double> signed_labels(std::span<const double> labels) {
  std::vector<double> signs;
  signs.reserve(labels.size());
  for (double label : labels) signs.push_back(label > 0.0 ? 1.0 : -1.0);
  return signs;
}

}  // namespace backprop::nn
