// Loss functions: each turns a batch of model outputs and targets into one
// Value to call backward() on. Batch losses are means over the batch.
// Sizes that do not match throw std::invalid_argument; an empty batch too.
#pragma once

#include <span>
#include <vector>

#include "autodiff/value.hpp"

namespace backprop::nn {

// mean((prediction - target)^2)
Value mean_squared_error(std::span<const Value> predictions, std::span<const double> targets);

// SVM max-margin (hinge) loss, micrograd's moons loss: mean(relu(1 - y * score)),
// labels y in {-1, +1}.
Value hinge_loss(std::span<const Value> scores, std::span<const double> labels);

// Binary cross-entropy on logits, labels in {0, 1}: mean(softplus(z) - y z),
// computed in the form that never overflows exp().
Value binary_cross_entropy_with_logits(std::span<const Value> logits,
                                       std::span<const double> labels);

// Softmax cross-entropy for one sample: log(sum_k exp(z_k)) - z_class,
// with the max logit subtracted first (log-sum-exp) so exp() never overflows.
Value softmax_cross_entropy(std::span<const Value> logits, std::size_t target_class);
// The mean over a batch: logits[i] holds sample i's class scores.
Value softmax_cross_entropy(const std::vector<std::vector<Value>>& logits,
                            std::span<const std::size_t> target_classes);

// Cross-entropy for one sample whose scores already went through softmax:
// -log(probabilities[target_class]). Throws std::invalid_argument for a
// class out of range and std::domain_error for a probability that is not > 0
// (prefer softmax_cross_entropy on logits where a probability may underflow).
Value cross_entropy(std::span<const Value> probabilities, std::size_t target_class);

// L2 regularisation: strength * sum(p^2).
Value l2_penalty(std::span<const Value> parameters, double strength);

}  // namespace backprop::nn
