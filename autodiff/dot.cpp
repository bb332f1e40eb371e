// to_dot(): walks the graph once (graph.hpp) and prints nodes and edges in
// creation order, numbering values v0, v1, ... so the text does not depend
// on where on the tape the graph was recorded.
#include "autodiff/dot.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <unordered_map>

#include <fmt/format.h>

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

// Minimum number of operations from the root to each node (breadth first).
std::unordered_map<std::uint32_t, std::size_t> depths_from(std::uint32_t root) {
  std::unordered_map<std::uint32_t, std::size_t> depth{{root, 0}};
  std::vector<std::uint32_t> frontier{root};
  for (std::size_t level = 1; !frontier.empty(); ++level) {
    std::vector<std::uint32_t> next;
    for (std::uint32_t index : frontier)
      for (const Edge& edge : inputs_of(index))
        if (depth.emplace(edge.input, level).second) next.push_back(edge.input);
    frontier = std::move(next);
  }
  return depth;
}

// Which cluster (position in options.clusters) each node belongs to.
std::unordered_map<std::uint32_t, std::size_t> cluster_of(const DotOptions& options,
                                                          const std::vector<std::uint32_t>& order) {
  const Tape& tape = Tape::current();
  std::unordered_map<std::uint32_t, std::size_t> cluster;
  for (std::size_t c = 0; c < options.clusters.size(); ++c)
    for (const Value& member : options.clusters[c].members) cluster.emplace(member.id(), c);
  for (std::uint32_t index : order) {  // inputs come first, so a sum is placed before its activation
    const Node& node = tape.at(index);
    const Op op = node.operation();
    if (op == Op::weighted_sum) {
      const auto bias = cluster.find(tape.operands(node)[0]);
      if (bias != cluster.end()) cluster.emplace(index, bias->second);
    } else if (op == Op::relu || op == Op::tanh || op == Op::sigmoid) {
      const auto input = cluster.find(static_cast<std::uint32_t>(node.first_input));
      if (input != cluster.end() && tape.at(input->first).operation() == Op::weighted_sum)
        cluster.emplace(index, input->second);
    }
  }
  return cluster;
}

}  // namespace

std::string to_dot(const Value& root, const DotOptions& options) {
  const Tape& tape = Tape::current();
  std::vector<std::uint32_t> order = topological_order(root);
  std::size_t hidden = 0;
  if (options.max_depth > 0) {
    const auto depth = depths_from(root.id());
    const auto too_deep = [&](std::uint32_t index) { return depth.at(index) > options.max_depth; };
    hidden = static_cast<std::size_t>(std::count_if(order.begin(), order.end(), too_deep));
    std::erase_if(order, too_deep);
  }
  if (order.size() > options.max_nodes)
    throw std::length_error(fmt::format(
        "to_dot: the graph has {} values, more than max_nodes ({}); draw part of it with "
        "max_depth, group it with clusters, or raise max_nodes",
        order.size(), options.max_nodes));

  std::unordered_map<std::uint32_t, std::size_t> name;  // tape index -> v<number>
  for (std::size_t k = 0; k < order.size(); ++k) name.emplace(order[k], k);
  double largest_grad = 0.0;
  for (std::uint32_t index : order) largest_grad = std::max(largest_grad, std::fabs(tape.at(index).grad));
  const auto cluster = cluster_of(options, order);

  auto value_line = [&](std::uint32_t index) {
    const Node& node = tape.at(index);
    const std::string* label = tape.label(index);
    std::string fields = label ? escape(*label, true) + " | " : std::string();
    fields += fmt::format("data {:.4f}", node.data);
    if (options.show_gradients) fields += fmt::format(" | grad {:.4f}", node.grad);
    std::string style;
    if (options.color_by_gradient)
      style = fmt::format(", style=filled, fillcolor=\"{}\"",
                          gradient_color(std::fabs(node.grad), largest_grad));
    return fmt::format("  v{} [label=\"{{ {} }}\"{}];\n", name.at(index), fields, style);
  };

  std::string dot = "digraph backprop {\n  rankdir=LR;\n  node [shape=record, fontname=\"Helvetica\"];\n";
  for (std::size_t c = 0; c < options.clusters.size(); ++c) {
    std::string members;
    for (std::uint32_t index : order) {
      const auto found = cluster.find(index);
      if (found != cluster.end() && found->second == c) members += "  " + value_line(index);
    }
    if (!members.empty())
      dot += fmt::format("  subgraph cluster_{} {{\n    label=\"{}\";\n{}  }}\n", c,
                         escape(options.clusters[c].name, false), members);
  }
  for (std::uint32_t index : order)
    if (!cluster.contains(index)) dot += value_line(index);
  if (hidden > 0)
    dot += fmt::format("  more [shape=plaintext, label=\"... {} more values\"];\n", hidden);

  for (std::uint32_t index : order) {
    const Node& node = tape.at(index);
    if (node.operation() == Op::leaf) continue;
    const std::size_t v = name.at(index);
    dot += fmt::format("  v{0}_op [shape=circle, label=\"{1}\"];\n  v{0}_op -> v{0};\n", v,
                       operation_label(index));
    bool linked_more = false;
    for (const Edge& edge : inputs_of(index)) {
      const auto input = name.find(edge.input);
      if (input != name.end()) {
        dot += fmt::format("  v{} -> v{}_op;\n", input->second, v);
      } else if (!linked_more) {
        dot += fmt::format("  more -> v{}_op;\n", v);
        linked_more = true;
      }
    }
  }
  dot += "}\n";
  return dot;
}

}  // namespace backprop
