// The parts of dot_parts.hpp: escaping, colours, the shown values, cluster
// membership, and the text of one value or operation.
#include "autodiff/show/dot_parts.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "autodiff/format.hpp"
#include "autodiff/show/html_text.hpp"
#include "autodiff/show/sign_colours.hpp"

namespace backprop::detail {

std::string dot_escape(std::string_view text, bool record) {
  const std::string_view special = record ? "{}|<>\"\\" : "\"\\";
  std::string escaped;
  for (char c : text) {
    if (special.find(c) != std::string_view::npos) escaped += '\\';
    escaped += c;
  }
  return escaped;
}

std::string gradient_color(double grad, double largest) { return signed_colour(grad, largest); }

std::string_view input_role(Op op, std::size_t k) {
  if (op != Op::sub && op != Op::div && op != Op::pow) return {};
  return k == 0 ? "a" : "b";
}

std::string dot_legend(const std::vector<LegendRow>& rows) {
  std::string table;
  for (const LegendRow& row : rows)
    table += fmt::format("<tr><td bgcolor=\"{}\" width=\"24\"> </td><td align=\"left\">{}</td></tr>", row.colour,
                         escape_html(row.text));
  return fmt::format(
      "  subgraph cluster_legend {{\n    label=\"legend\";\n    fontsize=10;\n    style=dashed;\n"
      "    color=\"#999999\";\n    legend [shape=plaintext, fontsize=10, label=<<table border=\"0\" "
      "cellborder=\"0\" cellspacing=\"2\">{}</table>>];\n  }}\n",
      table);
}

std::vector<LegendRow> gradient_legend(std::string_view what) {
  return {{signed_colour(1.0, 1.0), fmt::format("{} grad > 0 (paler: smaller)", what)},
          {signed_colour(-1.0, 1.0), fmt::format("{} grad < 0", what)}};
}

namespace {

bool is_weighted_sum(Op op) { return op == Op::weighted_sum || op == Op::linear || op == Op::dot; }
bool is_activation(Op op) { return op == Op::relu || op == Op::tanh || op == Op::sigmoid; }

}  // namespace

ShownValues::ShownValues(const Graph& graph, const DotOptions& options)
    : shown(graph.size(), true), id(graph.size(), 0) {
  if (options.max_depth > 0) {
    const std::vector<std::size_t> depth = graph.depths_from_root();
    for (std::size_t k = 0; k < graph.size(); ++k)
      if (depth[k] > options.max_depth) {
        shown[k] = false;
        ++hidden;
      }
  }
  for (std::size_t k = 0, next = 0; k < graph.size(); ++k)
    if (shown[k]) {
      id[k] = next++;
      largest_grad = std::max(largest_grad, std::fabs(graph.nodes()[k].value.grad()));
    }
}

GraphClusters::GraphClusters(const Graph& graph, const std::vector<DotOptions::Cluster>& clusters)
    : cluster_of_(graph.size()), is_parameter_(graph.size(), false), parts_(clusters.size()) {
  const auto& nodes = graph.nodes();
  for (std::size_t c = 0; c < clusters.size(); ++c)
    for (const Value& member : clusters[c].members) {
      const auto position = graph.position_of(member);
      if (!position || cluster_of_[*position]) continue;  // not in this graph, or in an earlier cluster
      cluster_of_[*position] = c;
      if (nodes[*position].op == Op::leaf) {
        is_parameter_[*position] = true;
        parts_[c].parameters.push_back(*position);
      }
    }
  // Inputs come first: a sum is placed before its activation is looked at.
  std::vector<std::optional<std::size_t>> activation_of(graph.size());
  std::vector<bool> is_sum(graph.size(), false);
  for (std::size_t k = 0; k < graph.size(); ++k) {
    const GraphNode& node = nodes[k];
    if (cluster_of_[k] || node.inputs.empty()) continue;
    if (is_weighted_sum(node.op)) {
      const auto parameter = std::find_if(node.inputs.begin(), node.inputs.end(),
                                          [&](const Edge& edge) { return is_parameter_[edge.input]; });
      if (parameter == node.inputs.end()) continue;
      cluster_of_[k] = cluster_of_[parameter->input];
      is_sum[k] = true;
      parts_[*cluster_of_[k]].sums.push_back(k);
    } else if (is_activation(node.op)) {
      const std::size_t input = node.inputs.front().input;
      if (!is_sum[input] || activation_of[input]) continue;
      cluster_of_[k] = cluster_of_[input];
      activation_of[input] = k;
    }
  }
  for (std::size_t k = 0; k < graph.size(); ++k)
    if (cluster_of_[k]) parts_[*cluster_of_[k]].nodes.push_back(k);
  for (ClusterParts& parts : parts_)
    for (std::size_t sum : parts.sums) parts.outputs.push_back(activation_of[sum].value_or(sum));

  for (std::size_t c = 0; c < clusters.size(); ++c) {
    const std::string& layer = clusters[c].layer;
    const auto column = std::find_if(columns_.begin(), columns_.end(),
                                     [&](const Column& existing) { return !layer.empty() && existing.layer == layer; });
    if (column != columns_.end()) column->clusters.push_back(c);
    else columns_.push_back({layer, {c}});
  }
}

std::string_view name_within(std::string_view name, std::string_view cluster) {
  if (!cluster.empty() && name.size() > cluster.size() + 1 && name.starts_with(cluster) && name[cluster.size()] == '.')
    name.remove_prefix(cluster.size() + 1);
  return name;
}

std::string layer_box(std::size_t column, std::string_view layer, const std::string& boxes) {
  if (layer.empty() || boxes.empty()) return boxes;
  std::string text =
      fmt::format("  subgraph cluster_layer_{} {{\n    label=\"{}\";\n", column, dot_escape(layer, false));
  for (std::size_t start = 0; start < boxes.size();) {  // each line moved right by two spaces
    const std::size_t end = boxes.find('\n', start) + 1;
    text += "  " + boxes.substr(start, end - start);
    start = end;
  }
  return text + "  }\n";
}

std::string value_record(const Graph& graph, std::size_t node, const ShownValues& values, const DotOptions& options,
                         bool stacked) {
  const Value& value = graph.nodes()[node].value;
  // The name explain() uses: the label, else n1, n2, ... or k1, k2, ...
  std::string fields = dot_escape(graph.nodes()[node].name, true);
  fields += fmt::format(" | data {}", format_number(value.data(), options.digits));
  if (options.show_gradients) fields += fmt::format(" | grad {}", format_number(value.grad(), options.digits));
  std::string style;
  if (options.color_by_gradient)
    style = fmt::format(", style=filled, fillcolor=\"{}\"",
                        gradient_color(value.grad(), values.largest_grad));
  // Left to right, a record's top-level fields stand one above the other.
  const std::string label = stacked ? fields : fmt::format("{{ {} }}", fields);
  return fmt::format("  v{} [label=\"{}\"{}];\n", values.id[node], label, style);
}

std::string operation_circle(const Graph& graph, std::size_t node, const ShownValues& values) {
  return fmt::format("  v{}_op [shape=circle, label=\"{}\"];\n", values.id[node],
                     dot_escape(graph.nodes()[node].operation, false));
}

}  // namespace backprop::detail
