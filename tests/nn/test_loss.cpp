// Tests for nn/loss (accuracy: test_metrics): values by hand, gradients against
// finite differences and PyTorch (fixtures/microgpt_pieces.txt), numerical
// stability, and bad input.
#include <catch2/catch.hpp>

#include <cmath>

#include "nn/nn.hpp"
#include "support/fixture_cases.hpp"
#include "support/values.hpp"

using backprop::Value;
namespace nn = backprop::nn;
namespace testing = backprop::testing;

TEST_CASE("losses give their textbook values", "[loss]") {
  const std::vector<Value> out{1.0, -2.0};
  CHECK(nn::mean_squared_error(out, std::vector<double>{0.0, 0.0}).data() == 2.5);
  // hinge: relu(1 - 1*1) = 0, relu(1 - (-1)*(-2)) = 0 ... and a violated margin
  CHECK(nn::hinge_loss(out, std::vector<double>{1.0, -1.0}).data() == 0.0);
  CHECK(nn::hinge_loss(out, std::vector<double>{-1.0, 1.0}).data() == (2.0 + 3.0) / 2);
  CHECK(nn::l2_penalty(out, 0.5).data() == 0.5 * 5.0);
  const std::vector<Value> logits{0.0, 0.0, 0.0};
  CHECK(nn::softmax_cross_entropy(logits, 1).data() == Approx(std::log(3.0)));
  const std::vector<Value> zero{0.0};
  CHECK(nn::binary_cross_entropy_with_logits(zero, std::vector<double>{1.0}).data() ==
        Approx(std::log(2.0)));
}

TEST_CASE("logistic and softmax losses stay finite at huge logits", "[loss]") {
  const std::vector<Value> logits{1000.0, -1000.0};
  Value bce = nn::binary_cross_entropy_with_logits(logits, std::vector<double>{0.0, 1.0});
  bce.backward();
  CHECK(bce.data() == Approx(1000.0));
  CHECK(logits[0].grad() == Approx(0.5));   // (sigmoid(1000) - 0) / 2
  CHECK(logits[1].grad() == Approx(-0.5));  // (sigmoid(-1000) - 1) / 2
  const std::vector<Value> scores{1000.0, 0.0, -1000.0};
  Value ce = nn::softmax_cross_entropy(scores, 2);
  ce.backward();
  CHECK(ce.data() == Approx(2000.0));
  CHECK(std::isfinite(scores[0].grad()));
  CHECK(scores[0].grad() == Approx(1.0));
  CHECK(scores[2].grad() == Approx(-1.0));
}

TEST_CASE("binary cross-entropy's gradient is sigmoid(z) - y, also at z = 0", "[loss]") {
  for (double z : {-3.0, 0.0, 2.5}) {
    const std::vector<Value> logit{z};
    nn::binary_cross_entropy_with_logits(logit, std::vector<double>{1.0}).backward();
    CHECK(logit[0].grad() == Approx(1.0 / (1.0 + std::exp(-z)) - 1.0));
  }
}

TEST_CASE("softmax cross-entropy gradients match finite differences", "[loss]") {
  const std::vector<double> z{0.3, -1.2, 2.0, 0.7};
  auto loss_at = [](std::vector<double> numbers) {
    backprop::NoGrad no_grad;
    return nn::softmax_cross_entropy(std::vector<Value>(numbers.begin(), numbers.end()), 1).data();
  };
  const std::vector<Value> logits(z.begin(), z.end());
  nn::softmax_cross_entropy(logits, 1).backward();
  for (std::size_t k = 0; k < z.size(); ++k) {
    auto above = z, below = z;
    above[k] += 1e-6;
    below[k] -= 1e-6;
    CHECK(logits[k].grad() == Approx((loss_at(above) - loss_at(below)) / 2e-6).epsilon(1e-6));
  }
}

TEST_CASE("losses reject mismatched, empty and mislabelled batches", "[loss]") {
  const std::vector<Value> two{1.0, 2.0};
  const std::vector<double> one{1.0};
  CHECK_THROWS_WITH(nn::mean_squared_error(two, one),
                    "mean_squared_error: expected as many targets as outputs (2), got 1");
  CHECK_THROWS_WITH(nn::hinge_loss({}, {}), "hinge_loss: the batch is empty");
  CHECK_THROWS_WITH(nn::hinge_loss(two, std::vector<double>{1.0, 0.0}),
                    "hinge_loss: label 1 is 0; labels must be -1 or +1");
  CHECK_THROWS_WITH(nn::binary_cross_entropy_with_logits(two, std::vector<double>{1.0, -1.0}),
                    "binary_cross_entropy_with_logits: label 1 is -1; labels must be 0 or 1");
  CHECK_THROWS_WITH(nn::softmax_cross_entropy(two, 2),
                    "softmax_cross_entropy: class 2 is out of range for 2 logits");
  CHECK_THROWS_WITH(nn::softmax_cross_entropy(std::vector<Value>{}, 0),
                    "softmax_cross_entropy: no logits");
}

TEST_CASE("cross-entropy on probabilities and on logits match PyTorch", "[loss]") {
  const std::string pieces = BACKPROP_FIXTURES_DIR "/microgpt_pieces.txt";
  for (const char* name : {"cross_entropy", "softmax_cross_entropy"}) {
    INFO(name);
    const testing::FixtureCase c = testing::fixture_case(pieces, name);
    const std::vector<Value> input = testing::leaves(c.numbers("input"));
    const auto target = static_cast<std::size_t>(c.number("target"));
    const Value loss = std::string(name) == "cross_entropy" ? nn::cross_entropy(input, target)
                                                            : nn::softmax_cross_entropy(input, target);
    loss.backward();
    CHECK(testing::largest_relative_difference({loss.data()}, c.numbers("value")) <= 1e-12);
    CHECK(testing::largest_relative_difference(testing::grads_of(input), c.numbers("grad")) <= 1e-10);
  }
}

TEST_CASE("cross-entropy on probabilities refuses a class out of range and a probability of 0", "[loss]") {
  const std::vector<Value> probabilities{0.5, 0.5, 0.0};
  CHECK(nn::cross_entropy(probabilities, 1).data() == Approx(std::log(2.0)));
  CHECK_THROWS_WITH(nn::cross_entropy(probabilities, 3), "cross_entropy: class 3 is out of range for 3 probabilities");
  CHECK_THROWS_WITH(nn::cross_entropy(probabilities, 2), "log: argument must be > 0, got 0");
}
