// Tests for autodiff/dot and autodiff/render: golden DOT text for small
// graphs, each option, and rendering through Graphviz when the build has it.
// Golden files: see support/golden.hpp. Models drawn with their layers are
// tested in tests/nn/show/test_model_graph.cpp.
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include "autodiff/show/show.hpp"
#include "support/example_graphs.hpp"
#include "support/golden.hpp"

using backprop::DotOptions;
using backprop::Value;
using backprop::testing::lecture_neuron;
using backprop::testing::check_golden_dot;

TEST_CASE("the neuron's graph matches its golden DOT text", "[dot]") {
  backprop::GraphScope scope;
  check_golden_dot(to_dot(lecture_neuron("o")), "neuron.dot");
}

TEST_CASE("the same graph gives the same text wherever it sits on the tape", "[dot]") {
  backprop::GraphScope scope;
  const std::string first = to_dot(lecture_neuron("o"));
  Value filler = 1.0;
  for (int k = 0; k < 100; ++k) filler = filler * 2;
  CHECK(to_dot(lecture_neuron("o")) == first);
}

TEST_CASE("constants, shared values and labels with special characters", "[dot]") {
  backprop::GraphScope scope;
  Value x(3.0, "x{1}|<a>");
  Value y = pow(x, 2) + 2 * x + 1.0 / x;
  y.backward();
  check_golden_dot(to_dot(y), "constants.dot");
}

TEST_CASE("gradients can be hidden", "[dot]") {
  backprop::GraphScope scope;
  DotOptions options;
  options.show_gradients = false;
  const std::string dot = to_dot(lecture_neuron("o"), options);
  CHECK(dot.find("grad") == std::string::npos);
  check_golden_dot(dot, "neuron_no_grad.dot");
}

TEST_CASE("a depth limit collapses the far part of the graph", "[dot]") {
  backprop::GraphScope scope;
  DotOptions options;
  options.max_depth = 2;
  const std::string dot = to_dot(lecture_neuron("o"), options);
  CHECK(dot.find("... 6 more values") != std::string::npos);  // all but o, n4, n3, b
  check_golden_dot(dot, "neuron_depth2.dot");
}

TEST_CASE("nodes can be coloured by gradient: blue positive, orange negative, with a legend", "[dot]") {
  backprop::GraphScope scope;
  DotOptions options;
  options.color_by_gradient = true;
  const std::string dot = to_dot(lecture_neuron("o"), options);
  CHECK(dot.find("fillcolor=\"#e8710a\"") != std::string::npos);  // the largest: x1, grad -1.5, full orange
  CHECK(dot.find("fillcolor=\"#6a9fcd\"") != std::string::npos);  // w1, grad +1 of the largest 1.5: two thirds blue
  CHECK(dot.find("fillcolor=\"#ffffff\"") != std::string::npos);  // w2, grad 0
  CHECK_THAT(dot, Catch::Contains("subgraph cluster_legend {"));
  CHECK_THAT(dot, Catch::Contains("<td bgcolor=\"#1f6fb4\" width=\"24\"> </td><td align=\"left\">fill: grad &gt; 0"));
  CHECK_THAT(to_dot(lecture_neuron("o")), !Catch::Contains("legend"));  // no colour, no legend
  check_golden_dot(dot, "neuron_color.dot");
}

TEST_CASE("clusters group a neuron's parameters, sums and activations", "[dot]") {
  backprop::GraphScope scope;
  const backprop::testing::ReluNeuron neuron;
  DotOptions options;
  options.clusters.push_back({"neuron 0", neuron.parameters()});
  const std::string dot = to_dot(neuron.out, options);
  CHECK(dot.find("subgraph cluster_0 {\n    label=\"neuron 0\";") != std::string::npos);
  check_golden_dot(dot, "cluster.dot");
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
  const std::string dot = to_dot(lecture_neuron("o"));
  CHECK_THROWS_WITH(backprop::render_dot(dot, "gif"), "render_dot: can render svg, png or plain, not 'gif'");
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

namespace {
// A neuron of two weights and a bias named "n.w.0", "n.w.1", "n.b" (as a
// module names them), applied to two inputs: relu(3 * 1 - 4 * -2 + 0.25),
// times 3; backward done.
struct LabelledNeuron {
  std::vector<Value> weights{Value(3.0, "n.w.0"), Value(-4.0, "n.w.1")};
  Value bias{0.25, "n.b"};
  std::vector<Value> inputs{Value(1.0, "x0"), Value(-2.0, "x1")};
  Value sum = weighted_sum(weights, inputs, bias);
  Value out = relu(sum) * 3;
  LabelledNeuron() { out.backward(); }
  DotOptions::Cluster cluster(std::string layer = {}) const {
    return {"n", {weights[0], weights[1], bias}, std::move(layer)};
  }
};
}  // namespace

TEST_CASE("a cluster draws its parameters as one table going into its sum", "[dot]") {
  backprop::GraphScope scope;
  const LabelledNeuron neuron;
  DotOptions options;
  options.clusters.push_back(neuron.cluster());
  const std::string dot = to_dot(neuron.out, options);
  // cells named within the cluster: "w.0", not "n.w.0"
  CHECK_THAT(dot, Catch::Contains("<td port=\"p0\">w.0 3<br/>grad 3</td>"));
  CHECK_THAT(dot, Catch::Contains("<td port=\"p2\">b 0.25<br/>grad 3</td>"));
  // the sum and the activation sit in the box, stacked records
  CHECK_THAT(dot, Catch::Contains("    v5_op [shape=circle, label=\"w.x+b\"];\n    v5 [label=\"n1 | data"));
  CHECK_THAT(dot, Catch::Contains("    v6_op [shape=circle, label=\"relu\"];\n"));
  // one edge from the table into the sum; the inputs go to the table
  CHECK_THAT(dot, Catch::Contains("  c0 -> v5_op;\n  v3 -> c0;\n  v4 -> c0;\n"));
  CHECK(dot.find("v0 ->") == std::string::npos);
}

TEST_CASE("a parameter used outside its box is drawn from its table cell", "[dot]") {
  backprop::GraphScope scope;
  const LabelledNeuron neuron;
  const Value penalty = neuron.out + neuron.weights[1] * neuron.weights[1];
  penalty.backward();
  DotOptions options;
  options.clusters.push_back(neuron.cluster());
  const std::string dot = to_dot(penalty, options);
  CHECK_THAT(dot, Catch::Contains("  c0:p1 -> v8_op;\n  c0:p1 -> v8_op;\n"));  // w.1 * w.1
  check_golden_dot(dot, "cluster_outside_use.dot");
}

TEST_CASE("clusters of one layer are boxed together, one column per layer", "[dot]") {
  backprop::GraphScope scope;
  const LabelledNeuron first, second;
  const Value total = first.out + second.out;
  total.backward();
  DotOptions options;
  options.clusters = {first.cluster("layer A"), second.cluster("layer A")};
  options.clusters[1].name = "m";
  const std::string dot = to_dot(total, options);
  CHECK_THAT(dot, Catch::Contains("  subgraph cluster_layer_0 {\n    label=\"layer A\";\n    subgraph cluster_0 {\n"
                                  "      label=\"n\";\n"));
  CHECK_THAT(dot, Catch::Contains("    subgraph cluster_1 {\n      label=\"m\";\n"));
  CHECK(dot.find("cluster_layer_1") == std::string::npos);
}

TEST_CASE("the summary view draws one box per cluster with what the neuron is", "[dot]") {
  backprop::GraphScope scope;
  const LabelledNeuron neuron;
  DotOptions options;
  options.clusters.push_back(neuron.cluster("layer A"));
  options.view = DotOptions::View::summary;
  const std::string dot = to_dot(neuron.out, options);
  CHECK_THAT(dot, Catch::Contains("    c0 [shape=box, style=rounded, fontsize=10, label=<<b>n</b>  relu = 11.25<br/>"
                                  "b 0.25   |w| 5<br/>grad 3   max w.1 grad -6>];\n"));
  // one edge per weight: blue for a positive one, orange and full width for the largest (|-4|), negative
  CHECK_THAT(dot, Catch::Contains("  v3 -> c0 [penwidth=2.55, color=\"#1f6fb4cf\", arrowsize=0.5, "
                                  "tooltip=\"n.w.0 = 3, grad 3\"];\n"));
  CHECK_THAT(dot, Catch::Contains("  v4 -> c0 [penwidth=3.30, color=\"#e8710aff\", arrowsize=0.5, "
                                  "tooltip=\"n.w.1 = -4, grad -6\"];\n"));
  CHECK_THAT(dot, Catch::Contains("arrow: weight &gt; 0 (thicker: larger)"));  // the legend says so
  CHECK_THAT(dot, Catch::Contains("  c0 -> v7_op;\n"));  // from the box to what uses its output
  check_golden_dot(dot, "cluster_summary.dot");
}

TEST_CASE("the summary view colours boxes by their output's gradient and counts its boxes", "[dot]") {
  backprop::GraphScope scope;
  const LabelledNeuron neuron;
  DotOptions options;
  options.clusters.push_back(neuron.cluster());
  options.view = DotOptions::View::summary;
  options.color_by_gradient = true;
  // against the largest gradient drawn, a box's or a value's: x1's 12 here
  const std::string dot = to_dot(neuron.out, options);
  CHECK_THAT(dot, Catch::Contains("c0 [shape=box, style=\"rounded,filled\", fillcolor=\"#c7dbec\""));  // grad 3
  CHECK_THAT(dot, Catch::Contains("grad -12 }\", style=filled, fillcolor=\"#e8710a\""));
  CHECK_THAT(dot, Catch::Contains("fill: output grad &lt; 0"));
  options.max_nodes = 3;  // x0, x1, the box, the result
  CHECK_THROWS_WITH(to_dot(neuron.out, options), Catch::Contains("the summary has 4 boxes and values, more than max_nodes (3)"));
  options.max_depth = 1;  // the result and the box that computes it
  CHECK_THAT(to_dot(neuron.out, options), Catch::Contains("  more -> c0;\n"));
}

TEST_CASE("the inputs of a - b, a / b and pow(a, b) are labelled a and b", "[dot]") {
  backprop::GraphScope scope;
  Value x(5.0, "x"), y(2.0, "y");
  const std::string dot = to_dot(y - x);  // y is a, x is b: the order written, not created
  CHECK_THAT(dot, Catch::Contains("  v1 -> v2_op [label=\"a\", fontsize=10];\n"));
  CHECK_THAT(dot, Catch::Contains("  v0 -> v2_op [label=\"b\", fontsize=10];\n"));
  CHECK_THAT(to_dot(x / y), Catch::Contains("  v0 -> v2_op [label=\"a\", fontsize=10];\n"));
  CHECK_THAT(to_dot(pow(x, y)), Catch::Contains("  v1 -> v2_op [label=\"b\", fontsize=10];\n"));
  CHECK_THAT(to_dot(x + y), !Catch::Contains("label=\"a\""));  // the order of + does not matter
  CHECK_THAT(to_dot(x * y), !Catch::Contains("label=\"a\""));
}
