// The loss functions, written with the engine's operations so that their
// gradients come from backward() like everything else.
#include "nn/loss.hpp"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>

namespace backprop::nn {

namespace {

void check_batch(std::string_view loss, std::size_t outputs, std::size_t targets) {
  if (outputs != targets)
    throw std::invalid_argument(
        fmt::format("{}: expected as many targets as outputs ({}), got {}", loss, outputs,
                    targets));
  if (outputs == 0) throw std::invalid_argument(fmt::format("{}: the batch is empty", loss));
}

// softplus(z) = log(1 + e^z) in a form whose exp() argument is never positive;
// both branches have the exact derivative sigmoid(z).
Value softplus(const Value& z) {
  return z.data() > 0.0 ? z + log(1.0 + exp(-z)) : log(1.0 + exp(z));
}

}  // namespace

Value mean_squared_error(std::span<const Value> predictions, std::span<const double> targets) {
  check_batch("mean_squared_error", predictions.size(), targets.size());
  Value total = 0.0;
  for (std::size_t i = 0; i < predictions.size(); ++i) total += pow(predictions[i] - targets[i], 2);
  return total / static_cast<double>(predictions.size());
}

Value hinge_loss(std::span<const Value> scores, std::span<const double> labels) {
  check_batch("hinge_loss", scores.size(), labels.size());
  Value total = 0.0;
  for (std::size_t i = 0; i < scores.size(); ++i) {
    if (labels[i] != 1.0 && labels[i] != -1.0)
      throw std::invalid_argument(
          fmt::format("hinge_loss: label {} is {}; labels must be -1 or +1", i, labels[i]));
    total += relu(scores[i] * -labels[i] + 1.0);  // 1 - y * score, as two nodes
  }
  return total / static_cast<double>(scores.size());
}

Value binary_cross_entropy_with_logits(std::span<const Value> logits,
                                       std::span<const double> labels) {
  check_batch("binary_cross_entropy_with_logits", logits.size(), labels.size());
  Value total = 0.0;
  for (std::size_t i = 0; i < logits.size(); ++i) {
    if (labels[i] != 0.0 && labels[i] != 1.0)
      throw std::invalid_argument(fmt::format(
          "binary_cross_entropy_with_logits: label {} is {}; labels must be 0 or 1", i,
          labels[i]));
    total += softplus(logits[i]) - labels[i] * logits[i];
  }
  return total / static_cast<double>(logits.size());
}

Value softmax_cross_entropy(std::span<const Value> logits, std::size_t target_class) {
  if (logits.empty()) throw std::invalid_argument("softmax_cross_entropy: no logits");
  if (target_class >= logits.size())
    throw std::invalid_argument(
        fmt::format("softmax_cross_entropy: class {} is out of range for {} logits",
                    target_class, logits.size()));
  // Subtracting the largest logit (a constant) changes no gradient.
  const double largest =
      std::max_element(logits.begin(), logits.end(), [](const Value& a, const Value& b) {
        return a.data() < b.data();
      })->data();
  Value sum_of_exponentials = 0.0;
  for (const Value& logit : logits) sum_of_exponentials += exp(logit - largest);
  return log(sum_of_exponentials) + largest - logits[target_class];
}

Value softmax_cross_entropy(const std::vector<std::vector<Value>>& logits,
                            std::span<const std::size_t> target_classes) {
  check_batch("softmax_cross_entropy", logits.size(), target_classes.size());
  Value total = 0.0;
  for (std::size_t i = 0; i < logits.size(); ++i)
    total += softmax_cross_entropy(logits[i], target_classes[i]);
  return total / static_cast<double>(logits.size());
}

Value cross_entropy(std::span<const Value> probabilities, std::size_t target_class) {
  if (target_class >= probabilities.size())
    throw std::invalid_argument(fmt::format("cross_entropy: class {} is out of range for {} probabilities",
                                            target_class, probabilities.size()));
  return -log(probabilities[target_class]);
}

Value l2_penalty(std::span<const Value> parameters, double strength) {
  return strength * dot(parameters, parameters);  // sum of squares as one node
}

}  // namespace backprop::nn
