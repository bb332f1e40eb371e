// Tests for autodiff/dot and autodiff/render: golden DOT text for small
// graphs, each option, and rendering through Graphviz when the build has it.
// Set BACKPROP_UPDATE_GOLDEN=1 to rewrite the golden files after a
// deliberate change, then review the diff.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "autodiff/autodiff.hpp"

using backprop::DotOptions;
using backprop::Value;

namespace {

void check_golden(const std::string& dot, const std::string& name) {
  const std::string path = std::string(BACKPROP_FIXTURES_DIR "/dot/") + name;
  if (std::getenv("BACKPROP_UPDATE_GOLDEN")) std::ofstream(path) << dot;
  std::ifstream file(path);
  REQUIRE(file.good());
  std::stringstream golden;
  golden << file.rdbuf();
  CHECK(dot == golden.str());
  // Graphviz itself must accept every DOT text the tests produce.
  if (backprop::can_render()) CHECK_NOTHROW(backprop::render_dot(dot, "svg"));
}

// The lecture's neuron, labelled, after backward.
Value neuron() {
  Value x1(2.0, "x1"), x2(0.0, "x2"), w1(-3.0, "w1"), w2(1.0, "w2"), b(6.8813735870195432, "b");
  Value o = tanh(x1 * w1 + x2 * w2 + b);
  o.set_label("o");
  o.backward();
  return o;
}

}  // namespace

TEST_CASE("the neuron's graph matches its golden DOT text", "[dot]") {
  backprop::GraphScope scope;
  check_golden(to_dot(neuron()), "neuron.dot");
}

TEST_CASE("the same graph gives the same text wherever it sits on the tape", "[dot]") {
  backprop::GraphScope scope;
  const std::string first = to_dot(neuron());
  Value filler = 1.0;
  for (int k = 0; k < 100; ++k) filler = filler * 2;
  CHECK(to_dot(neuron()) == first);
}

TEST_CASE("constants, shared values and labels with special characters", "[dot]") {
  backprop::GraphScope scope;
  Value x(3.0, "x{1}|<a>");
  Value y = pow(x, 2) + 2 * x + 1.0 / x;
  y.backward();
  check_golden(to_dot(y), "constants.dot");
}

TEST_CASE("gradients can be hidden", "[dot]") {
  backprop::GraphScope scope;
  DotOptions options;
  options.show_gradients = false;
  const std::string dot = to_dot(neuron(), options);
  CHECK(dot.find("grad") == std::string::npos);
  check_golden(dot, "neuron_no_grad.dot");
}

TEST_CASE("a depth limit collapses the far part of the graph", "[dot]") {
  backprop::GraphScope scope;
  DotOptions options;
  options.max_depth = 2;
  const std::string dot = to_dot(neuron(), options);
  CHECK(dot.find("... 6 more values") != std::string::npos);  // all but o, n4, n3, b
  check_golden(dot, "neuron_depth2.dot");
}

TEST_CASE("nodes can be coloured by gradient magnitude", "[dot]") {
  backprop::GraphScope scope;
  DotOptions options;
  options.color_by_gradient = true;
  const std::string dot = to_dot(neuron(), options);
  CHECK(dot.find("fillcolor=\"#f78c3c\"") != std::string::npos);  // the largest: x1, |grad| 1.5
  CHECK(dot.find("fillcolor=\"#ffffff\"") != std::string::npos);  // w2, grad 0
  check_golden(dot, "neuron_color.dot");
}

TEST_CASE("clusters group a neuron's parameters, sums and activations", "[dot]") {
  backprop::GraphScope scope;
  const std::vector<Value> weights{0.5, -1.0}, inputs{1.0, 2.0};
  Value bias = 0.25;
  Value out = relu(weighted_sum(weights, inputs, bias)) * 3;
  out.backward();
  DotOptions options;
  options.clusters.push_back({"neuron 0", {weights[0], weights[1], bias}});
  const std::string dot = to_dot(out, options);
  CHECK(dot.find("subgraph cluster_0 {\n    label=\"neuron 0\";") != std::string::npos);
  check_golden(dot, "cluster.dot");
}

TEST_CASE("a graph too large to read is refused with advice", "[dot]") {
  backprop::GraphScope scope;
  Value x = 1.0;
  for (int k = 0; k < 100; ++k) x = x + 1.0;
  DotOptions options;
  options.max_nodes = 50;
  CHECK_THROWS_WITH(to_dot(x, options), Catch::Contains("the graph has 101 values, more than max_nodes (50)"));
  options.max_depth = 10;
  CHECK_NOTHROW(to_dot(x, options));
}

TEST_CASE("rendering gives SVG and PNG, or says Graphviz is missing", "[dot]") {
  backprop::GraphScope scope;
  const std::string dot = to_dot(neuron());
  CHECK_THROWS_WITH(backprop::render_dot(dot, "gif"), "render_dot: can render svg or png, not 'gif'");
  if (backprop::can_render()) {
    CHECK(backprop::render_dot(dot, "svg").find("<svg") != std::string::npos);
    CHECK(backprop::render_dot(dot, "png").substr(1, 3) == "PNG");
    CHECK_THROWS_WITH(backprop::render_dot("digraph {", "svg"),
                      Catch::StartsWith("render_dot: Graphviz could not read the DOT text"));
  } else {
    CHECK_THROWS_WITH(backprop::render_dot(dot, "svg"),
                      Catch::Contains("this build has no Graphviz; install it"));
  }
}

TEST_CASE("DOT names every value as explain does: labels, n1, n2, ... and k1, k2, ...", "[dot]") {
  backprop::GraphScope scope;
  const Value x(3.0, "x");
  const Value y = tanh(x * Value(2.0) + x);
  y.backward();
  const std::string dot = to_dot(y), text = explain(y);
  for (const char* name : {"x", "k1", "n1", "n2", "n3"}) {
    INFO(name);
    CHECK_THAT(dot, Catch::Contains(fmt::format("[label=\"{{ {} | data", name)));
    CHECK_THAT(text, Catch::Contains(fmt::format("\n  {:<8} ", name)));
  }
}
