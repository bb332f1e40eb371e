// to_dot(): walks the graph once (graph.hpp) and prints nodes and edges in
// creation order, numbering values v0, v1, ... so the text does not depend
// on where on the tape the graph was recorded.
#include "autodiff/dot.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <unordered_map>

#include <fmt/format.h>

#include "autodiff/format.hpp"
#include "autodiff/graph.hpp"

namespace backprop {

namespace {

// Escapes text for a quoted DOT string; in a record label the characters
// that give records their structure are escaped too.
std::string escape(std::string_view text, bool record) {
  const std::string_view special = record ? "{}|<>\"\\" : "\"\\";
  std::string escaped;
  for (char c : text) {
    if (special.find(c) != std::string_view::npos) escaped += '\\';
    escaped += c;
  }
  return escaped;
}

// White for no gradient, orange for the largest.
std::string gradient_color(double magnitude, double largest) {
  const double t = largest > 0.0 ? std::min(1.0, magnitude / largest) : 0.0;
  auto channel = [t](int from, int to) { return static_cast<int>(std::lround(from + t * (to - from))); };
  return fmt::format("#{:02x}{:02x}{:02x}", channel(255, 247), channel(255, 140), channel(255, 60));
}

// Which cluster (position in options.clusters) each node belongs to: its
// members, the sums whose bias is a member (a neuron's pre-activation), and
// the activations applied to those sums.
std::unordered_map<std::size_t, std::size_t> cluster_of(const DotOptions& options, const Graph& graph) {
  std::unordered_map<std::size_t, std::size_t> cluster;
  for (std::size_t c = 0; c < options.clusters.size(); ++c)
    for (const Value& member : options.clusters[c].members)
      if (const auto position = graph.position_of(member)) cluster.emplace(*position, c);
  const auto is_sum_with_bias = [](const GraphNode& node) {
    return (node.op == Op::weighted_sum || node.op == Op::linear) && !node.inputs.empty() &&
           !node.inputs.front().partner;
  };
  for (std::size_t k = 0; k < graph.size(); ++k) {  // inputs come first: a sum before its activation
    const GraphNode& node = graph.nodes()[k];
    if (is_sum_with_bias(node)) {
      const auto bias = cluster.find(node.inputs.front().input);
      if (bias != cluster.end()) cluster.emplace(k, bias->second);
    } else if (node.op == Op::relu || node.op == Op::tanh || node.op == Op::sigmoid) {
      const std::size_t input = node.inputs.front().input;
      const auto sum = cluster.find(input);
      if (sum != cluster.end() && is_sum_with_bias(graph.nodes()[input])) cluster.emplace(k, sum->second);
    }
  }
  return cluster;
}

}  // namespace

std::string to_dot(const Value& root, const DotOptions& options) {
  const Graph graph(root);
  std::vector<bool> shown(graph.size(), true);
  std::size_t hidden = 0;
  if (options.max_depth > 0) {
    const std::vector<std::size_t> depth = graph.depths_from_root();
    for (std::size_t k = 0; k < graph.size(); ++k)
      if (depth[k] > options.max_depth) {
        shown[k] = false;
        ++hidden;
      }
  }
  const std::size_t count = graph.size() - hidden;
  if (count > options.max_nodes)
    throw std::length_error(fmt::format(
        "to_dot: the graph has {} values, more than max_nodes ({}); draw part of it with "
        "max_depth, group it with clusters, or raise max_nodes",
        count, options.max_nodes));

  // Shown values are numbered v0, v1, ... in creation order.
  std::vector<std::size_t> name(graph.size());
  for (std::size_t k = 0, next = 0; k < graph.size(); ++k)
    if (shown[k]) name[k] = next++;
  double largest_grad = 0.0;
  for (std::size_t k = 0; k < graph.size(); ++k)
    if (shown[k]) largest_grad = std::max(largest_grad, std::fabs(graph.nodes()[k].value.grad()));
  const auto cluster = cluster_of(options, graph);

  auto value_line = [&](std::size_t k) {
    const Value& value = graph.nodes()[k].value;
    const std::string label = value.label();
    std::string fields = label.empty() ? std::string() : escape(label, true) + " | ";
    fields += fmt::format("data {:.4f}", printable(value.data()));
    if (options.show_gradients) fields += fmt::format(" | grad {:.4f}", printable(value.grad()));
    std::string style;
    if (options.color_by_gradient)
      style = fmt::format(", style=filled, fillcolor=\"{}\"", gradient_color(std::fabs(value.grad()), largest_grad));
    return fmt::format("  v{} [label=\"{{ {} }}\"{}];\n", name[k], fields, style);
  };

  std::string dot = "digraph backprop {\n  rankdir=LR;\n  node [shape=record, fontname=\"Helvetica\"];\n";
  for (std::size_t c = 0; c < options.clusters.size(); ++c) {
    std::string members;
    for (std::size_t k = 0; k < graph.size(); ++k) {
      const auto found = cluster.find(k);
      if (shown[k] && found != cluster.end() && found->second == c) members += "  " + value_line(k);
    }
    if (!members.empty())
      dot += fmt::format("  subgraph cluster_{} {{\n    label=\"{}\";\n{}  }}\n", c,
                         escape(options.clusters[c].name, false), members);
  }
  for (std::size_t k = 0; k < graph.size(); ++k)
    if (shown[k] && !cluster.contains(k)) dot += value_line(k);
  if (hidden > 0) dot += fmt::format("  more [shape=plaintext, label=\"... {} more values\"];\n", hidden);

  for (std::size_t k = 0; k < graph.size(); ++k) {
    const GraphNode& node = graph.nodes()[k];
    if (!shown[k] || node.op == Op::leaf) continue;
    dot += fmt::format("  v{0}_op [shape=circle, label=\"{1}\"];\n  v{0}_op -> v{0};\n", name[k],
                       escape(node.operation, false));
    bool linked_more = false;
    for (const Edge& edge : node.inputs) {
      if (shown[edge.input]) {
        dot += fmt::format("  v{} -> v{}_op;\n", name[edge.input], name[k]);
      } else if (!linked_more) {
        dot += fmt::format("  more -> v{}_op;\n", name[k]);
        linked_more = true;
      }
    }
  }
  dot += "}\n";
  return dot;
}

std::vector<std::optional<std::size_t>> cluster_of_nodes(const Graph& graph, const DotOptions& options) {
  std::vector<std::optional<std::size_t>> clusters(graph.size());
  for (const auto& [node, cluster] : cluster_of(options, graph)) clusters[node] = cluster;
  return clusters;
}

}  // namespace backprop
