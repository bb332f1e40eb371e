// rmsnorm: rescales a vector to a root-mean-square of about 1,
//   rmsnorm(x)_i = x_i * (mean_k x_k^2 + epsilon)^(-1/2),
// without centring and without a learned gain (as in the GPT of
// examples/microgpt.cpp). The sum of squares is one dot() node.
#pragma once

#include <span>
#include <vector>

#include "autodiff/value.hpp"

namespace backprop::nn {

// Fills out[i] with rmsnorm(x)_i. Throws std::invalid_argument for an empty
// x or a different number of places for the results. `out` may be `x`.
void rmsnorm(std::span<const Value> x, std::span<Value> out, double epsilon = 1e-5);
std::vector<Value> rmsnorm(std::span<const Value> x, double epsilon = 1e-5);

}  // namespace backprop::nn
