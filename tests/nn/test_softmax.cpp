// Tests for nn/softmax: probabilities and gradients against PyTorch
// (fixtures/microgpt_pieces.txt), also at scores where exp() alone would
// overflow; bad sizes.
#include <catch2/catch.hpp>

#include <cmath>

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
    CHECK(differences.grad <= 1e-10);
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
