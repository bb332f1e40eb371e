// Accuracy metrics.
#include "nn/metrics.hpp"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>

namespace backprop::nn {

namespace {
void check_sizes(std::string_view metric, std::size_t outputs, std::size_t labels) {
  if (outputs != labels)
    throw std::invalid_argument(fmt::format("{}: expected as many labels as outputs ({}), got {}",
                                            metric, outputs, labels));
  if (outputs == 0) throw std::invalid_argument(fmt::format("{}: no samples", metric));
}
}  // namespace

double binary_accuracy(std::span<const Value> scores, std::span<const double> labels) {
  check_sizes("binary_accuracy", scores.size(), labels.size());
  std::size_t correct = 0;
  for (std::size_t i = 0; i < scores.size(); ++i)
    correct += (scores[i].data() > 0.0) == (labels[i] > 0.0);
  return static_cast<double>(correct) / static_cast<double>(scores.size());
}

double class_accuracy(const std::vector<std::vector<Value>>& logits,
                      std::span<const std::size_t> classes) {
  check_sizes("class_accuracy", logits.size(), classes.size());
  std::size_t correct = 0;
  for (std::size_t i = 0; i < logits.size(); ++i) {
    const auto best = std::max_element(
        logits[i].begin(), logits[i].end(),
        [](const Value& a, const Value& b) { return a.data() < b.data(); });
    correct += static_cast<std::size_t>(best - logits[i].begin()) == classes[i];
  }
  return static_cast<double>(correct) / static_cast<double>(logits.size());
}

}  // namespace backprop::nn
