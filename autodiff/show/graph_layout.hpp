// Where the boxes of a graph picture go, for pages that draw the graph
// themselves (graph_page.hpp): value boxes and operation circles left to right,
// every value after its inputs, as in the DOT picture. Graphviz's `dot`
// layout when the build has Graphviz; otherwise a layered layout of its own,
// with topological depth as columns. Drawing is left to the caller.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

namespace backprop {

// What to place: boxes in topological order (inputs index earlier boxes).
struct LayoutGraph {
  struct Box {
    std::vector<std::size_t> inputs;     // positions of earlier boxes, repeats allowed (x * x)
    bool operation = false;              // drawn with an operation circle in front of it
    std::optional<std::size_t> cluster;  // boxes of one cluster are kept together
  };
  std::vector<Box> boxes;
};

struct Point {
  double x = 0.0, y = 0.0;
};

// A drawn edge: a cubic Bézier chain (points[0], then three points per
// segment), from a box's right side to an operation circle, or from an
// operation circle to its box.
struct LayoutEdge {
  std::size_t from, to;  // box positions; to_operation says which end is a circle
  bool to_operation;     // true: box `from` -> operation of box `to`; false: operation of `to` -> box `to`
  std::vector<Point> points;
};

struct Layout {
  static constexpr double box_width = 150, box_height = 58, operation_radius = 17;
  std::vector<Point> boxes;       // centre of each box
  std::vector<Point> operations;  // centre of each box's operation circle (unused without one)
  std::vector<LayoutEdge> edges;  // every input of every box, then every operation -> box
  double width = 0.0, height = 0.0;
  bool by_graphviz = false;
};

// Graphviz's layout when this build has Graphviz, the graph is small
// enough for it to be quick (at most 200 boxes, and edges that cross few
// ranks: long edges make Graphviz slow) and it succeeds; else
// layered_layout().
Layout layout_graph(const LayoutGraph& graph);

// Column = the longest path from a box with no inputs; rows ordered by the
// mean row of each box's inputs (then of its uses), so edges cross little.
Layout layered_layout(const LayoutGraph& graph);

}  // namespace backprop
