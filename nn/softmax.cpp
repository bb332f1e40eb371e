// softmax with the largest logit subtracted first.
#include "nn/softmax.hpp"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>

namespace backprop::nn {

void softmax(std::span<const Value> logits, std::span<Value> probabilities) {
  if (logits.empty()) throw std::invalid_argument("softmax: no logits");
  if (probabilities.size() != logits.size())
    throw std::invalid_argument(fmt::format("softmax: {} logits, but room for {} probabilities", logits.size(),
                                            probabilities.size()));
  double largest = logits[0].data();
  for (const Value& logit : logits) largest = std::max(largest, logit.data());
  // The exponentials go where the probabilities will be, then are divided
  // in place by their sum.
  for (std::size_t i = 0; i < logits.size(); ++i) probabilities[i] = exp(logits[i] - largest);
  Value total = probabilities[0];
  for (std::size_t i = 1; i < probabilities.size(); ++i) total = total + probabilities[i];
  for (Value& probability : probabilities) probability = probability / total;
}

std::vector<Value> softmax(std::span<const Value> logits) {
  std::vector<Value> probabilities(logits.size());
  softmax(logits, probabilities);
  return probabilities;
}

}  // namespace backprop::nn
