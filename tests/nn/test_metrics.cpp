// Tests for nn/metrics: accuracy counts what a model gets right, with either
// label convention, and refuses mismatched or empty inputs.
#include <catch2/catch.hpp>

#include <vector>

#include "nn/nn.hpp"

using backprop::Value;
namespace nn = backprop::nn;

TEST_CASE("binary accuracy reads a positive score as the positive class", "[metrics]") {
  const std::vector<Value> scores{2.0, -0.5, 0.1, -3.0};
  CHECK(nn::binary_accuracy(scores, std::vector<double>{1, 0, 0, 0}) == 0.75);   // 0/1 labels
  CHECK(nn::binary_accuracy(scores, std::vector<double>{1, -1, 1, -1}) == 1.0);  // -1/+1 labels
  CHECK(nn::binary_accuracy(scores, std::vector<double>{0, 1, 0, 1}) == 0.0);
}

TEST_CASE("class accuracy takes the largest logit as the prediction", "[metrics]") {
  const std::vector<std::vector<Value>> logits{{0.1, 2.0, -1.0}, {3.0, 0.0, 0.5}, {0.0, 0.0, 0.2}};
  CHECK(nn::class_accuracy(logits, std::vector<std::size_t>{1, 0, 2}) == 1.0);
  CHECK(nn::class_accuracy(logits, std::vector<std::size_t>{1, 2, 2}) == Approx(2.0 / 3.0));
}

TEST_CASE("accuracy refuses mismatched sizes and no samples", "[metrics]") {
  const std::vector<Value> scores{1.0, -1.0};
  CHECK_THROWS_WITH(nn::binary_accuracy(scores, std::vector<double>{1}),
                    "binary_accuracy: expected as many labels as outputs (2), got 1");
  CHECK_THROWS_WITH(nn::binary_accuracy({}, {}), "binary_accuracy: no samples");
  CHECK_THROWS_WITH(nn::class_accuracy({}, {}), "class_accuracy: no samples");
}
