// The chain rule, step by step: what backward() did for one graph, as data
// (one step per gradient contribution, worded as an equation) and as a text
// that walks a learner through it. Used by `backprop explain`; pages and
// pictures show the same steps.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "autodiff/graph.hpp"

namespace backprop {

// One use of the chain rule: input.grad += local derivative * node.grad.
// Positions are in the Graph's nodes(); the step is along
// nodes()[node].inputs[edge] (a value used twice by one node has two).
struct ChainRuleStep {
  std::size_t input, node, edge;
  std::string derivative;  // the local derivative in words: "w1.data", "(1 - n5.data^2)"
  double partial;          // its number
  double node_grad;        // the node's gradient
  double contribution;     // partial * node_grad, added to the input's gradient
  std::string equation;    // "x1.grad += w1.data * n1.grad = -3 * 0.5 = -1.5"
};

// The steps backward() took through `graph`, in the order it took them:
// from the root back, each node's inputs in order. Read after backward().
// With `shown` (one flag per node), only the steps between two shown nodes:
// a page that draws part of a large graph words no step it leaves out.
// Numbers in the equations have `digits` significant digits (format.hpp's
// format_number(); 0: every digit).
std::vector<ChainRuleStep> chain_rule_steps(const Graph& graph, int digits = 0);
std::vector<ChainRuleStep> chain_rule_steps(const Graph& graph, const std::vector<bool>& shown, int digits = 0);

// Explains the graph under `root`, after root.backward() has run: the
// forward pass as a table, the topological order, each backward step as an
// equation with its numbers, and the resulting gradients of the leaves.
// Labelled values appear under their labels; others are named n1, n2, ...
// Numbers have `digits` significant digits (0: every digit).
std::string explain(const Value& root, int digits = 0);

}  // namespace backprop
