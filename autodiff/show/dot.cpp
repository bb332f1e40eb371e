// to_dot(): the full view, every value in creation order; clusters of
// values (neurons) as boxes, stacked in columns by layer, each with its
// parameters as one table. The summary view is in dot_summary.cpp; both
// draw with dot_parts.hpp.
#include "autodiff/show/dot.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include <stdexcept>
#include <utility>

#include <fmt/format.h>

#include "autodiff/show/dot_parts.hpp"
#include "autodiff/format.hpp"
#include "autodiff/graph.hpp"
#include "autodiff/show/html_text.hpp"

namespace backprop {

namespace {

using detail::GraphClusters;
using detail::ShownValues;

// A cluster's parameters as one table, filled row by row, much wider than
// tall so that a column of neurons stays short: 3 parameters take 1 row, 17
// take 2 rows of 9, 65 take 4 rows of 17.
// Each cell is a port, "p" and the parameter's place in the cluster, for
// edges to uses outside the box.
std::string parameter_table(const Graph& graph, std::size_t cluster, const GraphClusters& clusters,
                            const ShownValues& values, const DotOptions& options) {
  std::vector<std::size_t> ports;  // of the shown parameters
  const std::vector<std::size_t>& parameters = clusters.parts(cluster).parameters;
  for (std::size_t port = 0; port < parameters.size(); ++port)
    if (values.shown[parameters[port]]) ports.push_back(port);
  const std::size_t count = ports.size();
  if (count == 0) return {};
  const auto rows = static_cast<std::size_t>(std::ceil(std::sqrt(static_cast<double>(count) / 6.0)));
  const std::size_t columns = (count + rows - 1) / rows;
  std::string table = fmt::format(
      "    c{} [shape=plaintext, label=<<table border=\"0\" cellborder=\"1\" cellspacing=\"0\" "
      "cellpadding=\"3\">\n",
      cluster);
  for (std::size_t first = 0; first < count; first += columns) {
    table += "    <tr>";
    for (std::size_t k = first; k < std::min(count, first + columns); ++k) {
      const GraphNode& node = graph.nodes()[parameters[ports[k]]];
      const double grad = node.value.grad();
      const std::string_view name = detail::name_within(node.name, options.clusters[cluster].name);
      std::string cell = fmt::format("{} {}", escape_html(name), format_number(node.value.data(), options.digits));
      if (options.show_gradients) cell += fmt::format("<br/>grad {}", format_number(grad, options.digits));
      std::string fill;
      if (options.color_by_gradient)
        fill = fmt::format(" bgcolor=\"{}\"", detail::gradient_color(grad, values.largest_grad));
      table += fmt::format("<td port=\"p{}\"{}>{}</td>", ports[k], fill, cell);
    }
    table += "</tr>\n";
  }
  return table + "    </table>>];\n";
}

// One neuron's box: its parameter table, and its values with their operations.
std::string cluster_box(const Graph& graph, std::size_t cluster, const GraphClusters& clusters,
                        const ShownValues& values, const DotOptions& options) {
  std::string body = parameter_table(graph, cluster, clusters, values, options);
  for (std::size_t k : clusters.parts(cluster).nodes) {
    if (!values.shown[k] || clusters.is_parameter(k)) continue;
    if (graph.nodes()[k].op != Op::leaf) body += "  " + detail::operation_circle(graph, k, values);
    body += "  " + detail::value_record(graph, k, values, options, true);
  }
  if (body.empty()) return body;
  // Smaller text and margins inside boxes keep a column of neurons short.
  return fmt::format("  subgraph cluster_{} {{\n    label=\"{}\";\n    fontsize=10;\n    margin=4;\n"
                     "    node [fontsize=10];\n{}  }}\n", cluster,
                     detail::dot_escape(options.clusters[cluster].name, false), body);
}

std::string full_dot(const Graph& graph, const ShownValues& values, const GraphClusters& clusters,
                     const DotOptions& options) {
  std::string dot(detail::dot_header);
  for (std::size_t column = 0; column < clusters.columns().size(); ++column) {
    const GraphClusters::Column& layer = clusters.columns()[column];
    std::string boxes;
    for (std::size_t cluster : layer.clusters) boxes += cluster_box(graph, cluster, clusters, values, options);
    dot += detail::layer_box(column, layer.layer, boxes);
  }
  for (std::size_t k = 0; k < graph.size(); ++k)
    if (values.shown[k] && !clusters.cluster_of(k)) dot += detail::value_record(graph, k, values, options);
  if (values.hidden > 0) dot += fmt::format("  more [shape=plaintext, label=\"... {} more values\"];\n", values.hidden);

  // Where an edge from a value starts: its record, or its cell in a table.
  auto source = [&](std::size_t k) {
    if (!clusters.is_parameter(k)) return fmt::format("v{}", values.id[k]);
    const auto& parameters = clusters.parts(*clusters.cluster_of(k)).parameters;
    return fmt::format("c{}:p{}", *clusters.cluster_of(k),
                       std::find(parameters.begin(), parameters.end(), k) - parameters.begin());
  };
  for (std::size_t k = 0; k < graph.size(); ++k) {
    const GraphNode& node = graph.nodes()[k];
    if (!values.shown[k] || node.op == Op::leaf) continue;
    const auto box = clusters.cluster_of(k);
    const std::string operation = fmt::format("v{}_op", values.id[k]);
    if (!box) dot += detail::operation_circle(graph, k, values);  // else drawn in its box
    dot += fmt::format("  {} -> v{};\n", operation, values.id[k]);
    // A parameter of this value's own box, drawn in its table.
    auto in_table = [&](std::optional<std::size_t> v) {
      return v && values.shown[*v] && clusters.is_parameter(*v) && clusters.cluster_of(*v) == box;
    };
    std::set<std::string> drawn;  // the edges to and from the table, drawn once each
    auto draw_once = [&](const std::string& from, const std::string& to) {
      if (drawn.insert(from + " " + to).second) dot += fmt::format("  {} -> {};\n", from, to);
    };
    for (std::size_t e = 0; e < node.inputs.size(); ++e) {
      const Edge& edge = node.inputs[e];
      if (!values.shown[edge.input])
        draw_once("more", operation);
      else if (in_table(edge.input))  // the box's parameters go into its sum as one edge
        draw_once(fmt::format("c{}", *box), operation);
      else if (in_table(edge.partner))  // an input goes to the table of the weights it meets
        draw_once(source(edge.input), fmt::format("c{}", *box));
      else if (const std::string_view role = detail::input_role(node.op, e); !role.empty())
        dot += fmt::format("  {} -> {} [label=\"{}\", fontsize=10];\n", source(edge.input), operation, role);
      else
        dot += fmt::format("  {} -> {};\n", source(edge.input), operation);
    }
  }
  if (options.color_by_gradient) dot += detail::dot_legend(detail::gradient_legend("fill:"));
  return dot + "}\n";
}

}  // namespace

std::string to_dot(const Value& root, const DotOptions& options) {
  const Graph graph(root);
  const ShownValues values(graph, options);
  const GraphClusters clusters(graph, options.clusters);
  const std::size_t count = graph.size() - values.hidden;
  if (options.view == DotOptions::View::full && count > options.max_nodes)
    throw std::length_error(fmt::format(
        "to_dot: the graph has {} values, more than max_nodes ({}); draw part of it with "
        "max_depth, group it with clusters, or raise max_nodes",
        count, options.max_nodes));
  return options.view == DotOptions::View::full ? full_dot(graph, values, clusters, options)
                                                : detail::summary_dot(graph, values, clusters, options);
}

std::vector<std::optional<std::size_t>> cluster_of_nodes(const Graph& graph, const DotOptions& options) {
  const detail::GraphClusters clusters(graph, options.clusters);
  std::vector<std::optional<std::size_t>> cluster(graph.size());
  for (std::size_t k = 0; k < graph.size(); ++k) cluster[k] = clusters.cluster_of(k);
  return cluster;
}

}  // namespace backprop
