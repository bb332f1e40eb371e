// Tests for autodiff/graph_layout: both layouts put every box right of its
// inputs, keep boxes apart, and give every edge a drawable curve.
#include <catch2/catch.hpp>

#include "autodiff/show/graph_layout.hpp"

using backprop::Layout;
using backprop::LayoutGraph;

namespace {

// The lecture's neuron as boxes: x1 w1 x2 w2 b, two products, two sums, tanh.
LayoutGraph neuron_boxes() {
  LayoutGraph graph;
  for (int k = 0; k < 5; ++k) graph.boxes.push_back({});
  graph.boxes.push_back({{0, 1}, true, {}});
  graph.boxes.push_back({{2, 3}, true, {}});
  graph.boxes.push_back({{5, 6}, true, {}});
  graph.boxes.push_back({{7, 4}, true, {}});
  graph.boxes.push_back({{8}, true, {}});
  return graph;
}

void check_drawable(const LayoutGraph& graph, const Layout& layout) {
  REQUIRE(layout.boxes.size() == graph.boxes.size());
  std::size_t inputs = 0, operations = 0;
  for (std::size_t k = 0; k < graph.boxes.size(); ++k) {
    inputs += graph.boxes[k].inputs.size(), operations += graph.boxes[k].operation;
    for (std::size_t input : graph.boxes[k].inputs) CHECK(layout.boxes[input].x < layout.boxes[k].x);
    if (graph.boxes[k].operation) {
      CHECK(layout.operations[k].x < layout.boxes[k].x);
      CHECK(layout.operations[k].x > layout.boxes[graph.boxes[k].inputs.front()].x);
    }
    for (std::size_t j = 0; j < k; ++j) {  // no two boxes overlap
      const bool apart = std::abs(layout.boxes[j].x - layout.boxes[k].x) >= Layout::box_width ||
                         std::abs(layout.boxes[j].y - layout.boxes[k].y) >= Layout::box_height;
      CHECK(apart);
    }
    CHECK(layout.boxes[k].x > 0);
    CHECK(layout.boxes[k].x < layout.width);
    CHECK(layout.boxes[k].y > 0);
    CHECK(layout.boxes[k].y < layout.height);
  }
  CHECK(layout.edges.size() == inputs + operations);
  for (const auto& edge : layout.edges) CHECK((edge.points.size() >= 4 && (edge.points.size() - 1) % 3 == 0));
}

}  // namespace

TEST_CASE("the layered layout puts depth in columns", "[graph_layout]") {
  const LayoutGraph graph = neuron_boxes();
  const Layout layout = backprop::layered_layout(graph);
  check_drawable(graph, layout);
  CHECK_FALSE(layout.by_graphviz);
  CHECK(layout.boxes[0].x == layout.boxes[3].x);  // x1 .. w2 share the first column
  CHECK(layout.boxes[5].x == layout.boxes[6].x);  // the two products the next
  CHECK(layout.boxes[4].x == layout.boxes[7].x);  // b sits beside n3, just before the sum that reads it
}

TEST_CASE("layout_graph uses Graphviz when the build has it", "[graph_layout]") {
  const LayoutGraph graph = neuron_boxes();
  const Layout layout = backprop::layout_graph(graph);
  check_drawable(graph, layout);
  CHECK(layout.by_graphviz == (BACKPROP_HAVE_GRAPHVIZ == 1));
}

TEST_CASE("a value used twice by one operation gets two edges", "[graph_layout]") {
  LayoutGraph graph;
  graph.boxes.push_back({});
  graph.boxes.push_back({{0, 0}, true, {}});  // x * x
  for (const Layout& layout : {backprop::layered_layout(graph), backprop::layout_graph(graph)}) {
    check_drawable(graph, layout);
    CHECK(layout.edges.size() == 3);
  }
}

TEST_CASE("members of a cluster stay together in the layered layout", "[graph_layout]") {
  LayoutGraph graph;
  for (std::size_t k = 0; k < 4; ++k) graph.boxes.push_back({{}, false, k % 2});  // 0 1 0 1
  graph.boxes.push_back({{0, 1, 2, 3}, true, {}});
  const Layout layout = backprop::layered_layout(graph);
  check_drawable(graph, layout);
  CHECK(std::abs(layout.boxes[0].y - layout.boxes[2].y) < 1.5 * (Layout::box_height + 24));
  CHECK(std::abs(layout.boxes[1].y - layout.boxes[3].y) < 1.5 * (Layout::box_height + 24));
}

TEST_CASE("a graph with long edges is laid out in layers, in milliseconds", "[graph_layout]") {
  // x used by every step of a 100-step chain: Graphviz took minutes on this.
  LayoutGraph graph;
  graph.boxes.push_back({});
  graph.boxes.push_back({{0}, true, {}});
  for (std::size_t k = 0; k < 100; ++k) {
    graph.boxes.push_back({{0}, true, {}});
    graph.boxes.push_back({{graph.boxes.size() - 2, graph.boxes.size() - 1}, true, {}});
  }
  const Layout layout = backprop::layout_graph(graph);
  CHECK_FALSE(layout.by_graphviz);
  check_drawable(graph, layout);
}
