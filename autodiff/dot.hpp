// Graphviz DOT export: the graph a Value depends on, as text.
//
// One record per value (label, data, grad) and a small circle per operation
// ("+", "*", "tanh", ...), laid out left to right as in micrograd's
// draw_dot. The same graph always gives the same text. Rendering the text
// to SVG or PNG is in render.hpp.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "autodiff/value.hpp"

namespace backprop {

struct DotOptions {
  bool show_gradients = true;
  // Fill each value from white to orange by |grad| relative to the largest.
  bool color_by_gradient = false;
  // Draw only values at most this many operations from the root (0: all);
  // the rest become one "... N more values" node.
  std::size_t max_depth = 0;
  // A graph with more values than this (after max_depth) throws
  // std::length_error suggesting max_depth or clusters, instead of making a
  // picture no one can read.
  std::size_t max_nodes = 5000;
  // Named groups drawn as boxes, e.g. one per neuron (nn::neuron_clusters).
  // A cluster holds its members, the weighted_sum nodes whose bias is a
  // member (the neuron's sums), and the activations applied to those.
  struct Cluster {
    std::string name;
    std::vector<Value> members;
  };
  std::vector<Cluster> clusters;
};

std::string to_dot(const Value& root, const DotOptions& options = {});

class Graph;
// The cluster (position in options.clusters) each node of `graph` is drawn
// in, if any, as to_dot() groups them; for other pictures of the same graph.
std::vector<std::optional<std::size_t>> cluster_of_nodes(const Graph& graph, const DotOptions& options);

}  // namespace backprop
