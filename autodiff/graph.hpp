// Reading a recorded graph: which nodes a value depends on, in topological
// order, and each node's inputs with their local derivatives. Used by DOT
// export (dot.hpp) and by the explain tool; backward() does not need it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "autodiff/value.hpp"

namespace backprop {

// One input of a node: its index on the tape, and d(node)/d(input) as
// backward() uses it.
struct Edge {
  std::uint32_t input;
  double partial;
};

// The indices of the nodes `root` depends on, root included, in creation
// order, which is a topological order (inputs before their users).
std::vector<std::uint32_t> topological_order(const Value& root);

// The inputs of the node at `index` on this thread's tape.
std::vector<Edge> inputs_of(std::uint32_t index);

// How the node at `index` was made, for display: "*", "tanh", "+ 1" (an
// operation with a constant shows it), "" for a leaf.
std::string operation_label(std::uint32_t index);

}  // namespace backprop
