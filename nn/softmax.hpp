// softmax: turns scores (logits) into probabilities that sum to 1,
//   softmax(z)_i = exp(z_i - m) / sum_k exp(z_k - m),  m = max_k z_k.
// Subtracting the largest score keeps exp() from overflowing and changes
// neither the result nor any gradient, so m is taken as a plain number.
#pragma once

#include <span>
#include <vector>

#include "autodiff/value.hpp"

namespace backprop::nn {

// Fills probabilities[i] with softmax(logits)_i. Throws std::invalid_argument
// for no logits or a different number of places for the results.
void softmax(std::span<const Value> logits, std::span<Value> probabilities);
std::vector<Value> softmax(std::span<const Value> logits);

}  // namespace backprop::nn
