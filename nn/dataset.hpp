// Datasets: samples as rows of numbers plus one target per sample, and the
// classic toy problems, generated deterministically from a seed.
// Loading a user's own CSV file is in csv.hpp.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace backprop::nn {

struct Dataset {
  std::vector<std::vector<double>> inputs;  // one row of features per sample
  std::vector<double> targets;              // class label or regression target

  std::size_t size() const { return inputs.size(); }
  std::size_t features() const { return inputs.empty() ? 0 : inputs.front().size(); }
};

// Two interleaving half circles (as scikit-learn's make_moons), labels 0 and 1,
// with Gaussian noise of standard deviation `noise`, in shuffled order.
Dataset make_moons(std::size_t samples, double noise, std::uint64_t seed);
// A circle inside another (radius `factor` of the outer), labels 0 (outer) and 1.
Dataset make_circles(std::size_t samples, double noise, double factor, std::uint64_t seed);
// Gaussian blobs around `centers` random centres in [-10, 10]^2, labels 0..centers-1.
Dataset make_blobs(std::size_t samples, std::size_t centers, double spread, std::uint64_t seed);
// Points in [-1, 1]^2 labelled 1 where x and y have opposite signs, else 0.
Dataset make_xor(std::size_t samples, double noise, std::uint64_t seed);

// Labels 0/1 as -1/+1, the form hinge_loss expects.
std::vector<double> signed_labels(std::span<const double> labels);

}  // namespace backprop::nn
