// Tests for nn/linear and nn/init: a bias-free layer against PyTorch
// (fixtures/microgpt_pieces.txt), one node per output, Gaussian weights.
// (Not test_linear.cpp: Catch2 tags a file by its name alone, and that one
// is the engine's, tests/autodiff/test_linear.cpp.)
#include <catch2/catch.hpp>

#include <cmath>

#include "nn/nn.hpp"
#include "support/fixture_cases.hpp"
#include "support/values.hpp"

using backprop::Value;
namespace nn = backprop::nn;
namespace testing = backprop::testing;

namespace {
const std::string pieces = BACKPROP_FIXTURES_DIR "/microgpt_pieces.txt";
}

TEST_CASE("Linear's outputs and gradients match PyTorch, with and without relu", "[linear]") {
  for (const auto& [name, activation] : {std::pair{"linear_linear", nn::Activation::linear},
                                          std::pair{"linear_relu", nn::Activation::relu}}) {
    INFO(name);
    const testing::FixtureCase c = testing::fixture_case(pieces, name);
    backprop::GraphScope scope;
    const auto shape = c.numbers("shape");
    const nn::Linear layer(backprop::Matrix(static_cast<std::size_t>(shape[0]), static_cast<std::size_t>(shape[1]),
                                            c.numbers("matrix")));
    const std::vector<Value> input = testing::leaves(c.numbers("input"));
    const std::vector<Value> output = layer(input, activation);
    testing::weighted_total(output, c.numbers("c")).backward();
    CHECK(testing::largest_relative_difference(testing::data_of(output), c.numbers("output")) <= 1e-12);
    CHECK(testing::largest_relative_difference(testing::grads_of(layer.parameters()), c.numbers("grad_matrix")) <= 1e-12);
    CHECK(testing::largest_relative_difference(testing::grads_of(input), c.numbers("grad_input")) <= 1e-12);
  }
}

TEST_CASE("a Linear layer records one node per output, however wide its rows", "[linear]") {
  nn::Random random(1);
  const nn::Linear layer(16, 4, 0.08, random);
  const std::vector<Value> input(16, Value(0.5));
  backprop::Tape& tape = backprop::Tape::current();
  backprop::GraphScope scope;
  const std::size_t before = tape.size();
  (void)layer(input);
  CHECK(tape.size() - before == 4);
  (void)layer(input, nn::Activation::relu);  // and one more per output for the activation
  CHECK(tape.size() - before == 4 + 8);
}

TEST_CASE("Linear(nin, nout) holds nout x nin weights row by row and describes itself", "[linear]") {
  nn::Random random(3);
  const nn::Linear layer(3, 2, 0.08, random);
  CHECK(layer.inputs() == 3);
  CHECK(layer.outputs() == 2);
  CHECK(layer.parameters().size() == 6);
  CHECK(layer.weights().rows() == 2);
  CHECK(layer.parameters()[4].id() == layer.weights()(1, 1).id());
  CHECK(layer.architecture() == "Linear(3, 2)");
}

TEST_CASE("a Linear layer's weights are named and labelled weight.row.col, in parameters() order", "[linear]") {
  nn::Random random(3);
  const nn::Linear layer(3, 2, 0.08, random);
  const std::vector<nn::NamedParameter> named = layer.named_parameters();
  REQUIRE(named.size() == 6);
  CHECK(named[0].name == "weight.0.0");
  CHECK(named[4].name == "weight.1.1");
  CHECK(named[4].value.id() == layer.parameters()[4].id());
  CHECK(layer.weights()(1, 2).label() == "weight.1.2");
  // Rows and columns past 9, and a model around the layer, in one name each.
  const nn::Linear wide(11, 12, 0.08, random);
  const std::vector<nn::NamedParameter> wide_named = nn::parameters_of(nn::named("head", wide));
  REQUIRE(wide_named.size() == 132);
  CHECK(wide_named[10].name == "head.weight.0.10");
  CHECK(wide_named[131].name == "head.weight.11.10");
  CHECK(wide_named[131].value.id() == wide.weights()(11, 10).id());
}

TEST_CASE("Linear refuses inputs and outputs of the wrong size", "[linear]") {
  nn::Random random(3);
  const nn::Linear layer(3, 2, 0.08, random);
  const std::vector<Value> two(2, Value(1.0)), three(3, Value(1.0));
  CHECK_THROWS_WITH(layer(two), "Linear: expected 3 inputs, got 2");
  std::vector<Value> room(3);
  CHECK_THROWS_WITH(layer(three, room), "Linear: has 2 outputs, got room for 3");
}

TEST_CASE("normal_matrix draws a Gaussian with the given spread, the same for the same seed", "[linear]") {
  nn::Random first(9), again(9);
  const backprop::Matrix a = nn::normal_matrix(100, 100, 0.08, first), b = nn::normal_matrix(100, 100, 0.08, again);
  const std::vector<double> values = testing::data_of(a.values());
  CHECK(values == testing::data_of(b.values()));
  double sum = 0.0, squares = 0.0;
  for (double v : values) sum += v, squares += v * v;
  const double n = static_cast<double>(values.size()), mean = sum / n;
  // 10,000 draws: the mean is within 5 standard errors (0.08 / 100) of 0, the spread within 2% of 0.08.
  CHECK(std::fabs(mean) < 5 * 0.0008);
  CHECK(std::sqrt(squares / n - mean * mean) == Approx(0.08).epsilon(0.02));
}
