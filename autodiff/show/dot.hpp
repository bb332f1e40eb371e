// Graphviz DOT export: the graph a Value depends on, as text.
//
// One record per value (name, data, grad) and a small circle per operation
// ("+", "*", "tanh", ...), laid out left to right as in micrograd's
// draw_dot; values are named as explain() names them (graph.hpp); the two
// edges into a - b, a / b and pow(a, b) are labelled a and b. For
// models, clusters box each neuron (its parameters as one table, its sum and
// its activation) and stack the neurons of a layer in one column; the
// summary view draws one box per neuron instead. The same graph always
// gives the same text. Rendering the text to SVG or PNG is in render.hpp.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "autodiff/value.hpp"

namespace backprop {

struct DotOptions {
  bool show_gradients = true;
  // Fill each value (in the summary view, each neuron by its output's
  // gradient) blue where grad > 0 and orange where grad < 0, from white to
  // full by |grad| relative to the largest (sign_colours.hpp), and add a
  // legend.
  bool color_by_gradient = false;
  // Draw only values at most this many operations from the root (0: all);
  // the rest become one "... N more values" node.
  std::size_t max_depth = 0;
  // A graph with more values than this (after max_depth) throws
  // std::length_error suggesting max_depth or clusters, instead of making a
  // picture no one can read. The summary view counts the boxes it draws.
  std::size_t max_nodes = 5000;
  // Significant digits of the numbers shown (format.hpp's format_number();
  // 0: every digit, the shortest text that reads back to the same double).
  int digits = 0;
  // Named groups drawn as boxes, e.g. one per neuron (nn::neuron_clusters).
  // A cluster holds its members, the weighted sums (weighted_sum, linear,
  // dot) whose first parameter input (the bias, else the first weight) is a
  // member (the neuron's sums), and the activations applied to those sums.
  // Members that are leaves (the parameters) are drawn as one table, each
  // cell named without the cluster's name in front ("w.1" in
  // "layers.0.neurons.3"), and the edges from them into the cluster's own
  // sums as one edge.
  struct Cluster {
    std::string name;
    std::vector<Value> members;
    // Clusters with the same non-empty layer are boxed together under that
    // name, one column per layer ("layers.0").
    std::string layer = {};
  };
  std::vector<Cluster> clusters;

  // full: every value. summary: one box per cluster showing its activation,
  // bias, |w| (the norm of its other parameters), and with gradients its
  // output's gradient and its largest parameter gradient; edges between
  // clusters, one per weight, are as thick as the weight is large, blue if
  // positive, orange if negative, explained by a legend (values outside
  // clusters are drawn as in the full view).
  enum class View { full, summary };
  View view = View::full;
};

std::string to_dot(const Value& root, const DotOptions& options = {});

class Graph;
// The cluster (position in options.clusters) each node of `graph` is drawn
// in, if any, as to_dot() groups them; for other pictures of the same graph.
std::vector<std::optional<std::size_t>> cluster_of_nodes(const Graph& graph, const DotOptions& options);

}  // namespace backprop
