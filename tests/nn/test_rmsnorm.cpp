// Tests for nn/rmsnorm: outputs and gradients against PyTorch
// (fixtures/microgpt_pieces.txt) at ordinary, tiny and large scales; the sum
// of squares is one node; bad sizes.
#include <catch2/catch.hpp>

#include <cmath>

#include "nn/nn.hpp"
#include "support/fixture_cases.hpp"
#include "support/values.hpp"

using backprop::Value;
namespace nn = backprop::nn;
namespace testing = backprop::testing;

TEST_CASE("rmsnorm matches PyTorch, including where epsilon dominates", "[rmsnorm]") {
  for (const char* name : {"rmsnorm", "rmsnorm_tiny", "rmsnorm_large"}) {
    INFO(name);
    const testing::FixtureCase c = testing::fixture_case(BACKPROP_FIXTURES_DIR "/microgpt_pieces.txt", name);
    backprop::GraphScope scope;
    const auto differences = testing::compare_with_fixture(c, [](const auto& x) { return nn::rmsnorm(x); });
    CHECK(differences.output <= 1e-12);
    CHECK(differences.grad <= 1e-10);
  }
}

TEST_CASE("rmsnorm gives a root-mean-square of 1 and records its sum of squares as one node", "[rmsnorm]") {
  const std::vector<Value> x{3.0, -4.0, 0.0, 12.0};
  backprop::Tape& tape = backprop::Tape::current();
  backprop::GraphScope scope;
  const std::size_t before = tape.size();
  const std::vector<Value> out = nn::rmsnorm(x, 0.0);
  // dot(x, x), / n, + epsilon, ^(-1/2), then one product per entry
  CHECK(tape.size() - before == 4 + x.size());
  double squares = 0.0;
  for (const Value& v : out) squares += v.data() * v.data();
  CHECK(squares / 4.0 == Approx(1.0));
  CHECK(out[3].data() == Approx(12.0 / std::sqrt((9.0 + 16.0 + 144.0) / 4.0)));
}

TEST_CASE("rmsnorm needs values and as many places for the results", "[rmsnorm]") {
  const std::vector<Value> x{1.0, 2.0};
  std::vector<Value> three(3);
  CHECK_THROWS_WITH(nn::rmsnorm(std::vector<Value>{}), "rmsnorm: no values");
  CHECK_THROWS_WITH(nn::rmsnorm(x, three), "rmsnorm: 2 values, but room for 3 results");
}
