// Accuracy: the fraction of samples a model gets right.
#pragma once

#include <span>
#include <vector>

#include "autodiff/value.hpp"

namespace backprop::nn {

// score > 0 predicts the positive class; a label > 0 is positive (so both
// 0/1 and -1/+1 labels work).
double binary_accuracy(std::span<const Value> scores, std::span<const double> labels);

// The predicted class is the index of the largest logit.
double class_accuracy(const std::vector<std::vector<Value>>& logits,
                      std::span<const std::size_t> classes);

}  // namespace backprop::nn
