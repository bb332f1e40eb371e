// Tests for nn/random: the same numbers for the same seed, and draws with
// the probabilities asked for (checked by counting many draws).
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "nn/random.hpp"

namespace nn = backprop::nn;

namespace {
// How many of `draws` draws fell on each index.
std::vector<double> frequencies(nn::Random& random, const std::vector<double>& weights, int draws) {
  std::vector<double> counts(weights.size(), 0.0);
  for (int k = 0; k < draws; ++k) counts.at(random.categorical(weights)) += 1.0;
  return counts;
}
}  // namespace

TEST_CASE("categorical draws each index with probability weight / sum of weights", "[random]") {
  nn::Random random(123);
  const std::vector<double> weights{0.5, 0.0, 2.0, 1.0, 0.5};  // sum 4: 1/8, 0, 1/2, 1/4, 1/8
  constexpr int draws = 200'000;
  const std::vector<double> counts = frequencies(random, weights, draws);
  CHECK(counts[1] == 0.0);  // a weight of 0 is never drawn
  for (std::size_t k = 0; k < weights.size(); ++k) {
    const double p = weights[k] / 4.0, expected = p * draws;
    // within 5 standard deviations of the binomial count
    CHECK(std::fabs(counts[k] - expected) <= 5.0 * std::sqrt(draws * p * (1.0 - p)));
  }
}

TEST_CASE("categorical is the same for the same seed, and works with one weight", "[random]") {
  nn::Random a(7), b(7);
  const std::vector<double> weights{0.2, 0.3, 0.5};
  for (int k = 0; k < 100; ++k) CHECK(a.categorical(weights) == b.categorical(weights));
  const std::vector<double> only{3.0};
  CHECK(a.categorical(only) == 0);
  const std::vector<double> last{0.0, 0.0, 1e-300};  // a tiny sum still finds its only index
  CHECK(a.categorical(last) == 2);
}

TEST_CASE("categorical refuses weights that are not a distribution", "[random]") {
  nn::Random random(1);
  CHECK_THROWS_WITH(random.categorical(std::vector<double>{}),
                    "categorical: the weights must have a positive, finite sum");
  CHECK_THROWS_WITH(random.categorical(std::vector<double>{0.0, 0.0}),
                    "categorical: the weights must have a positive, finite sum");
  CHECK_THROWS_WITH(random.categorical(std::vector<double>{0.5, -0.1}),
                    "categorical: weight 1 is -0.1; weights must be finite and >= 0");
  CHECK_THROWS_WITH(random.categorical(std::vector<double>{NAN}),
                    "categorical: weight 0 is nan; weights must be finite and >= 0");
  CHECK_THROWS_WITH(random.categorical(std::vector<double>{1e308, 1e308}),
                    "categorical: the weights must have a positive, finite sum");
}

TEST_CASE("normal draws have the mean and spread asked for", "[random]") {
  nn::Random random(5);
  constexpr int draws = 100'000;
  double sum = 0.0, squares = 0.0;
  for (int k = 0; k < draws; ++k) {
    const double x = random.normal(2.0, 0.5);
    sum += x, squares += x * x;
  }
  const double mean = sum / draws;
  CHECK(std::fabs(mean - 2.0) < 5 * 0.5 / std::sqrt(draws));
  CHECK(std::sqrt(squares / draws - mean * mean) == Approx(0.5).epsilon(0.01));
}
