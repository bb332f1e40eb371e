// Tests for autodiff/graph: the nodes a value depends on, in creation
// order with their names, operations and constants, each input with its
// local derivative (and, for products, the other factor), a layer's outputs
// shown row by row, and Tape::handle_at refusing positions past the end.
#include <catch2/catch.hpp>

#include <vector>

#include "autodiff/autodiff.hpp"

using backprop::Graph;
using backprop::Op;
using backprop::Value;

TEST_CASE("a graph lists what the root depends on, inputs first, root last", "[graph]") {
  backprop::GraphScope scope;
  const Value x(3.0, "x"), unused(7.0, "unused");
  const Value y = x * Value(2.0) + 1.0;
  const Graph graph(y);
  const auto& nodes = graph.nodes();
  REQUIRE(nodes.size() == 4);  // x, the constant 2, x * 2, + 1
  CHECK(nodes[0].name == "x");
  CHECK(nodes[0].op == Op::leaf);
  CHECK(nodes[0].is_input);
  CHECK(nodes[1].name == "k1");  // an unlabelled leaf: a constant
  CHECK_FALSE(nodes[1].is_input);
  CHECK(nodes[2].name == "n1");
  CHECK_FALSE(nodes[2].is_input);
  CHECK(nodes[2].operation == "*");
  CHECK(nodes[3].name == "n2");
  CHECK(nodes[3].operation == "+ 1");
  CHECK(nodes[3].constant == 1.0);
  CHECK(&graph.root() == &nodes.back());
  CHECK(graph.root().value.data() == 7.0);
  CHECK(graph.position_of(x) == std::size_t{0});
  CHECK_FALSE(graph.position_of(unused));
}

TEST_CASE("each input comes with its local derivative, and a product with its other factor", "[graph]") {
  backprop::GraphScope scope;
  const Value a(3.0, "a"), b(-2.0, "b");
  const Value product = a * b;
  const Value ratio = 2.0 / product;
  const Graph graph(ratio);
  const auto& times = graph.nodes()[2];
  REQUIRE(times.inputs.size() == 2);
  CHECK(times.inputs[0].input == 0);
  CHECK(times.inputs[0].partial == -2.0);  // d(a*b)/da = b
  CHECK(times.inputs[0].partner == std::size_t{1});
  CHECK(times.inputs[1].partial == 3.0);
  CHECK(times.inputs[1].partner == std::size_t{0});
  const auto& divide = graph.root();
  CHECK(divide.operation == "2 /");
  REQUIRE(divide.inputs.size() == 1);
  CHECK(divide.inputs[0].partial == Approx(-2.0 / 36.0));  // d(2/p)/dp = -2/p^2
  CHECK_FALSE(divide.inputs[0].partner);
}

TEST_CASE("a value used twice appears once, with an edge for each use", "[graph]") {
  backprop::GraphScope scope;
  const Value x(1.5, "x");
  const Value y = x * x + x;
  const Graph graph(y);
  CHECK(graph.size() == 3);
  CHECK(graph.nodes()[1].inputs.size() == 2);
  CHECK(graph.nodes()[1].inputs[0].input == graph.nodes()[1].inputs[1].input);
}

TEST_CASE("every output of a layer shows its own row: bias, then weight and input pairs", "[graph]") {
  backprop::GraphScope scope;
  const backprop::Matrix weights(2, 3, std::vector<double>{0.5, -1.0, 0.25, 2.0, 3.0, -0.5});
  const std::vector<Value> inputs{Value(1.0, "x0"), Value(4.0, "x1")};
  const std::vector<Value> outputs = linear(weights, inputs, backprop::Bias::last_column);
  const Graph graph(outputs[1] * 1.0);
  const auto& row = graph.nodes()[*graph.position_of(outputs[1])];
  CHECK(row.op == Op::linear);
  CHECK(row.operation == "w.x+b");
  REQUIRE(row.inputs.size() == 5);
  CHECK(graph.nodes()[row.inputs[0].input].value.data() == -0.5);  // the bias
  CHECK(row.inputs[0].partial == 1.0);
  CHECK(graph.nodes()[row.inputs[1].input].value.data() == 2.0);  // w10, whose partial is x0
  CHECK(row.inputs[1].partial == 1.0);
  CHECK(graph.nodes()[row.inputs[2].input].name == "x0");  // x0, whose partial is w10
  CHECK(row.inputs[2].partial == 2.0);
  CHECK(row.inputs[4].partial == 3.0);
}

TEST_CASE("a deep graph is read without recursion", "[graph]") {
  backprop::GraphScope scope;
  Value x = 1.0;
  Value chain = x;
  for (int k = 0; k < 100'000; ++k) chain = chain * 1.0;
  const Graph graph(chain);
  CHECK(graph.size() == 100'001);
  CHECK(graph.nodes().front().value.id() == x.id());
}

TEST_CASE("a position past the end of the tape is refused, from any handle", "[graph]") {
  // The engine's side of the tape (detail/recorder.hpp) hands out handles by position.
  backprop::detail::Recorder& tape = backprop::detail::Recorder::current();
  const Value x = 1.0;
  CHECK(Value::from_handle(tape.handle_at(x.id())).data() == 1.0);
  CHECK_THROWS_AS(tape.handle_at(tape.size()), std::out_of_range);
  CHECK_THROWS_WITH(tape.handle_at(std::size_t{1} << 28), Catch::Contains("there is no node #268435456"));
  // A handle with a made-up position, from a real one, is refused too.
  const backprop::detail::Handle made_up(x.data(), x.handle().stamp, 1u << 28, 1);
  CHECK_THROWS_AS(Value::from_handle(made_up), std::out_of_range);
  backprop::detail::Handle empty;
  CHECK_THROWS_WITH(Value::from_handle(empty), Catch::Contains("empty"));
}
