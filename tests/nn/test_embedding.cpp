// Tests for nn/embedding: lookups are the parameters themselves, gradients
// of a row used twice add up (as PyTorch's, fixtures/microgpt_pieces.txt).
#include <catch2/catch.hpp>

#include "nn/nn.hpp"
#include "support/fixture_cases.hpp"
#include "support/values.hpp"

using backprop::Value;
namespace nn = backprop::nn;
namespace testing = backprop::testing;

TEST_CASE("an embedding's gradients match PyTorch when a row is looked up twice", "[embedding]") {
  const testing::FixtureCase c = testing::fixture_case(BACKPROP_FIXTURES_DIR "/microgpt_pieces.txt", "embedding");
  backprop::GraphScope scope;
  const auto shape = c.numbers("shape");
  const nn::Embedding table(
      backprop::Matrix(static_cast<std::size_t>(shape[0]), static_cast<std::size_t>(shape[1]), c.numbers("table")));
  std::vector<Value> sum(table.width());
  for (std::size_t i = 0; i < sum.size(); ++i) sum[i] = table(2)[i] + table(0)[i] + table(2)[i];
  testing::weighted_total(sum, c.numbers("c")).backward();
  CHECK(testing::largest_relative_difference(testing::data_of(sum), c.numbers("output")) <= 1e-12);
  CHECK(testing::largest_relative_difference(testing::grads_of(table.parameters()), c.numbers("grad_table")) <= 1e-12);
}

TEST_CASE("looking a row up records nothing and gives the table's own Values", "[embedding]") {
  nn::Random random(4);
  const nn::Embedding table(5, 3, 0.08, random);
  backprop::Tape& tape = backprop::Tape::current();
  const std::size_t before = tape.size();
  const std::span<const Value> row = table(4);
  CHECK(tape.size() == before);
  REQUIRE(row.size() == 3);
  CHECK(row[1].id() == table.table()(4, 1).id());
  CHECK(table.parameters().size() == 15);
  CHECK(table.architecture() == "Embedding(5, 3)");
}

TEST_CASE("an embedding's entries are named and labelled weight.row.col", "[embedding]") {
  nn::Random random(4);
  const nn::Embedding table(5, 3, 0.08, random);
  const std::vector<nn::NamedParameter> named = table.named_parameters();
  REQUIRE(named.size() == 15);
  CHECK(named[14].name == "weight.4.2");
  CHECK(named[14].value.id() == table.parameters()[14].id());
  CHECK(table(2)[1].label() == "weight.2.1");
}

TEST_CASE("a row past the end of the table is refused by number", "[embedding]") {
  nn::Random random(4);
  const nn::Embedding table(5, 3, 0.08, random);
  CHECK_THROWS_AS(table(5), std::out_of_range);
  CHECK_THROWS_WITH(table(5), "Embedding: entry 5 is outside a table of 5");
}
