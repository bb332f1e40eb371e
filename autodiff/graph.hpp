// Reading a recorded graph: the values a result depends on, in topological
// order, each with its operation and the local derivative along each input.
// DOT export (dot.hpp), explanations and pages are built on this; backward()
// does not need it.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "autodiff/value.hpp"

namespace backprop {

// One input of a node.
struct Edge {
  std::size_t input;  // position of the input in Graph::nodes()
  double partial;     // d(node)/d(input), as backward() uses it
  // For a product (a * b, weighted_sum, dot, linear): the position of the
  // other factor, whose data `partial` is.
  std::optional<std::size_t> partner;
};

struct GraphNode {
  Value value;            // data(), grad(), label(), id()
  // How explanations and pictures call it: its label if it has one, else
  // n1, n2, ... for computed values and k1, k2, ... for unlabelled leaves
  // (constants), numbered in creation order within this graph.
  std::string name;
  Op op;                  // Op::leaf for inputs and parameters
  double constant = 0.0;  // for operations that keep one: x + c, x * c, pow(x, c), ...
  std::string operation;  // for display: "*", "+ 1", "tanh", "w.x+b"; "" for a leaf
  std::vector<Edge> inputs;
  bool is_input = false;  // a labelled leaf: an input or a parameter (an unlabelled one is a constant)
};

class Graph {
 public:
  // Everything `root` depends on, root included. Throws std::logic_error if
  // root is not a live Value of this thread.
  explicit Graph(const Value& root);

  // Creation order, which is topological: every node after its inputs; the
  // root is last.
  const std::vector<GraphNode>& nodes() const { return nodes_; }
  const GraphNode& root() const { return nodes_.back(); }
  std::size_t size() const { return nodes_.size(); }
  // Where a value sits in nodes(), if the root depends on it.
  std::optional<std::size_t> position_of(const Value& value) const;
  // For each node, the fewest operations between it and the root (the root
  // 0, its inputs 1, ...), as pictures limited to a depth count it.
  std::vector<std::size_t> depths_from_root() const;

 private:
  std::vector<GraphNode> nodes_;
  std::vector<std::uint32_t> tape_positions_;  // of nodes_, ascending: found by binary search
  // Where the node at tape position `index` sits in nodes_, if it is one.
  std::optional<std::size_t> nodes_position(std::uint32_t index) const;
};

}  // namespace backprop
