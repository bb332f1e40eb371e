// The chain rule, step by step: a text that walks a learner through what
// backward() did for one expression. Used by `backprop explain`.
#pragma once

#include <string>

#include "autodiff/value.hpp"

namespace backprop::tools {

// Explains the graph under `root`, after root.backward() has run: the
// forward pass as a table, the topological order, each backward step as an
// equation with its numbers, and the resulting gradients of the leaves.
// Labelled values appear under their labels; others are named n1, n2, ...
std::string explain(const Value& root);

}  // namespace backprop::tools
