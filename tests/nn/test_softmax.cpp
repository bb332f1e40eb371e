// Tests for nn/softmax: probabilities and gradients against PyTorch
// (fixtures/microgpt_pieces.txt), also at scores where exp() alone would
// overflow; bad sizes.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <string>

#include "nn/nn.hpp"
#include "support/fixture_cases.hpp"
#include "support/values.hpp"

using backprop::Value;
namespace nn = backprop::nn;
namespace testing = backprop::testing;

TEST_CASE("softmax matches PyTorch, also at scores of hundreds", "[softmax]") {
  for (const char* name : {"softmax", "softmax_huge"}) {
    INFO(name);
    const testing::FixtureCase c = testing::fixture_case(BACKPROP_FIXTURES_DIR "/microgpt_pieces.txt", name);
    backprop::GraphScope scope;
    const auto differences = testing::compare_with_fixture(c, [](const auto& z) { return nn::softmax(z); });
    CHECK(differences.output <= 1e-12);  // probabilities that underflow to 0 in both agree exactly
    if (std::string(name) == "softmax") CHECK(differences.grad <= 1e-10);  // softmax_huge's: the next test
  }
}

TEST_CASE("softmax's gradient agrees with PyTorch's to the rounding of its terms where they cancel",
          "[softmax]") {
  // d(sum c.p)/dz_i = p_i (c_i - sum_k c_k p_k): where the largest score
  // leads the next by ~23, the bracket cancels to ~1e-10 of its terms, and
  // two correct orders of rounding differ there by ~1e-10 relative. Each
  // component is held to 1e-12 of its terms' size, p_i * max |c_k|.
  const testing::FixtureCase c = testing::fixture_case(BACKPROP_FIXTURES_DIR "/microgpt_pieces.txt", "softmax_huge");
  backprop::GraphScope scope;
  const std::vector<Value> z = testing::leaves(c.numbers("input"));
  const std::vector<Value> p = nn::softmax(z);
  testing::weighted_total(p, c.numbers("c")).backward();
  double largest_c = 0.0;
  for (double weight : c.numbers("c")) largest_c = std::max(largest_c, std::fabs(weight));
  const std::vector<double> expected = c.numbers("grad");
  for (std::size_t i = 0; i < z.size(); ++i) {
    INFO("component " << i << ": engine " << z[i].grad() << ", PyTorch " << expected[i]);
    CHECK(std::fabs(z[i].grad() - expected[i]) <= 1e-12 * p[i].data() * largest_c);
  }
}

TEST_CASE("softmax gives probabilities that sum to 1, in the order of the scores", "[softmax]") {
  const std::vector<Value> z{1000.0, 999.0, 990.0};
  const std::vector<Value> p = nn::softmax(z);
  const double total = 1.0 + std::exp(-1.0) + std::exp(-10.0);
  CHECK(p[0].data() + p[1].data() + p[2].data() == Approx(1.0));
  CHECK(p[0].data() == Approx(1.0 / total));
  CHECK(p[2].data() == Approx(std::exp(-10.0) / total));
}

TEST_CASE("softmax needs scores and as many places for the probabilities", "[softmax]") {
  std::vector<Value> one(1);
  CHECK_THROWS_WITH(nn::softmax(std::vector<Value>{}), "softmax: no logits");
  CHECK_THROWS_WITH(nn::softmax(std::vector<Value>{1.0, 2.0}, one), "softmax: 2 logits, but room for 1 probabilities");
}
