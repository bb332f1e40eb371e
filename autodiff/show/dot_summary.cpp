// to_dot()'s summary view: one box per cluster (a neuron: its activation,
// bias, |w|, output and gradients), edges between boxes one per weight,
// thick for a large weight, blue if positive, orange if negative
// (sign_colours.hpp), and a legend. Values outside clusters (the inputs, a
// loss) are drawn as in the full view.
#include <algorithm>
#include <cmath>
#include <set>
#include <stdexcept>
#include <utility>

#include <fmt/format.h>

#include "autodiff/show/dot_parts.hpp"
#include "autodiff/format.hpp"
#include "autodiff/show/html_text.hpp"
#include "autodiff/show/sign_colours.hpp"

namespace backprop::detail {

namespace {

// An arrow between two boxes; `weight` is the parameter it stands for, if any.
struct Arrow {
  std::string from, to;
  std::optional<std::size_t> weight;
  std::string_view role = {};  // "a" or "b" into an operation whose inputs' order matters
};

// The gradient a box is coloured by: its outputs' together.
double output_grad(const Graph& graph, const ClusterParts& parts) {
  double grad = 0.0;
  for (std::size_t output : parts.outputs) grad += graph.nodes()[output].value.grad();
  return grad;
}

// What one neuron is, in two or three short lines.
std::string box_label(const Graph& graph, const GraphClusters& clusters, std::size_t cluster, std::string_view layer,
                      const DotOptions& options) {
  const auto& nodes = graph.nodes();
  const ClusterParts& parts = clusters.parts(cluster);
  const std::string& name = options.clusters[cluster].name;
  std::string activation = "linear";
  std::optional<double> bias;
  double squares = 0.0;
  std::optional<std::size_t> steepest;  // the weight with the largest |grad|
  if (!parts.sums.empty()) {
    const GraphNode& sum = nodes[parts.sums.front()];
    if (parts.outputs.front() != parts.sums.front()) activation = nodes[parts.outputs.front()].operation;
    if (!sum.inputs.front().partner) bias = nodes[sum.inputs.front().input].value.data();
    for (const Edge& edge : sum.inputs) {
      if (!edge.partner || !clusters.is_parameter(edge.input) || clusters.cluster_of(edge.input) != cluster) continue;
      const Value& weight = nodes[edge.input].value;
      squares += weight.data() * weight.data();
      if (!steepest || std::fabs(weight.grad()) > std::fabs(nodes[*steepest].value.grad())) steepest = edge.input;
    }
  }
  std::string label = fmt::format("<b>{}</b>  {}", escape_html(name_within(name, layer)), activation);
  if (parts.outputs.size() == 1) label += fmt::format(" = {}", format_number(nodes[parts.outputs.front()].value.data(), options.digits));
  else if (parts.outputs.size() > 1) label += fmt::format(", applied {} times", parts.outputs.size());
  label += "<br/>";
  if (bias) label += fmt::format("b {}   ", format_number(*bias, options.digits));
  label += fmt::format("|w| {}", format_number(std::sqrt(squares), options.digits));
  if (options.show_gradients && !parts.outputs.empty()) {
    label += fmt::format("<br/>grad {}", format_number(output_grad(graph, parts), options.digits));
    if (steepest)
      label += fmt::format("   max {} grad {}", escape_html(name_within(nodes[*steepest].name, name)),
                           format_number(nodes[*steepest].value.grad(), options.digits));
  }
  return label;
}

}  // namespace

std::string summary_dot(const Graph& graph, const ShownValues& values, const GraphClusters& clusters,
                        const DotOptions& options) {
  const auto& nodes = graph.nodes();
  std::vector<bool> box_shown(clusters.size(), false);
  for (std::size_t k = 0; k < graph.size(); ++k)
    if (values.shown[k] && clusters.cluster_of(k)) box_shown[*clusters.cluster_of(k)] = true;
  std::size_t count = static_cast<std::size_t>(std::count(box_shown.begin(), box_shown.end(), true));
  for (std::size_t k = 0; k < graph.size(); ++k) count += values.shown[k] && !clusters.cluster_of(k);
  if (count > options.max_nodes)
    throw std::length_error(fmt::format(
        "to_dot: the summary has {} boxes and values, more than max_nodes ({}); draw part of it with "
        "max_depth, or raise max_nodes",
        count, options.max_nodes));

  double largest_grad = 0.0;  // over the boxes and the values drawn
  for (std::size_t c = 0; c < clusters.size(); ++c)
    if (box_shown[c]) largest_grad = std::max(largest_grad, std::fabs(output_grad(graph, clusters.parts(c))));
  for (std::size_t k = 0; k < graph.size(); ++k)
    if (values.shown[k] && !clusters.cluster_of(k))
      largest_grad = std::max(largest_grad, std::fabs(nodes[k].value.grad()));
  ShownValues recoloured = values;
  recoloured.largest_grad = largest_grad;

  std::string dot(dot_header);
  // Boxes close together so that a layer of 16 fits on a screen, layers
  // far apart so that the edges between them can be told apart, and
  // (nearly) no reordering: with every box of a layer joined to every box of
  // the next, reordering cannot remove crossings, and would only shuffle
  // the neurons out of their order.
  dot += "  nodesep=0.08;\n  ranksep=1.2;\n  mclimit=0.01;\n";
  for (std::size_t column = 0; column < clusters.columns().size(); ++column) {
    const GraphClusters::Column& layer = clusters.columns()[column];
    std::string boxes;
    for (std::size_t c : layer.clusters) {
      if (!box_shown[c]) continue;
      const std::string style =
          options.color_by_gradient
              ? fmt::format("style=\"rounded,filled\", fillcolor=\"{}\"",
                            gradient_color(output_grad(graph, clusters.parts(c)), largest_grad))
              : "style=rounded";
      boxes += fmt::format("  c{} [shape=box, {}, fontsize=10, label=<{}>];\n", c, style,
                           box_label(graph, clusters, c, layer.layer, options));
    }
    dot += layer_box(column, layer.layer, boxes);
  }
  for (std::size_t k = 0; k < graph.size(); ++k)
    if (values.shown[k] && !clusters.cluster_of(k)) dot += value_record(graph, k, recoloured, options);
  if (values.hidden > 0) dot += fmt::format("  more [shape=plaintext, label=\"... {} more values\"];\n", values.hidden);

  // Where an arrow starts and ends: a box, or a value and its operation.
  auto source = [&](std::size_t k) {
    return clusters.cluster_of(k) ? fmt::format("c{}", *clusters.cluster_of(k)) : fmt::format("v{}", values.id[k]);
  };
  std::vector<Arrow> arrows;
  for (std::size_t k = 0; k < graph.size(); ++k) {
    const GraphNode& node = nodes[k];
    if (!values.shown[k] || node.op == Op::leaf) continue;
    const auto box = clusters.cluster_of(k);
    const std::string target = box ? fmt::format("c{}", *box) : fmt::format("v{}_op", values.id[k]);
    if (!box) dot += operation_circle(graph, k, values) + fmt::format("  v{0}_op -> v{0};\n", values.id[k]);
    for (std::size_t e = 0; e < node.inputs.size(); ++e) {
      const Edge& edge = node.inputs[e];
      if (!values.shown[edge.input]) {
        arrows.push_back({"more", target, {}});
        continue;
      }
      if (box && clusters.cluster_of(edge.input) == box) continue;  // inside the box
      const bool weighted = box && edge.partner && clusters.is_parameter(*edge.partner) &&
                            clusters.cluster_of(*edge.partner) == box;
      arrows.push_back({source(edge.input), target, weighted ? edge.partner : std::nullopt,
                        box ? std::string_view() : input_role(node.op, e)});
    }
  }

  double largest_weight = 0.0;
  for (const Arrow& arrow : arrows)
    if (arrow.weight) largest_weight = std::max(largest_weight, std::fabs(nodes[*arrow.weight].value.data()));
  std::set<std::pair<std::string, std::string>> drawn;  // plain arrows, drawn once
  std::set<std::size_t> weights_drawn;                  // weighted arrows, once per weight
  for (const Arrow& arrow : arrows) {
    if (!arrow.weight) {
      if (!arrow.role.empty())
        dot += fmt::format("  {} -> {} [label=\"{}\", fontsize=10];\n", arrow.from, arrow.to, arrow.role);
      else if (drawn.insert({arrow.from, arrow.to}).second)
        dot += fmt::format("  {} -> {};\n", arrow.from, arrow.to);
      continue;
    }
    if (!weights_drawn.insert(*arrow.weight).second) continue;
    const GraphNode& weight = nodes[*arrow.weight];
    const double w = weight.value.data();
    const double t = largest_weight > 0.0 ? std::min(1.0, std::fabs(w) / largest_weight) : 0.0;
    // Thin and faint for a small weight, so that the large ones stand out.
    const auto alpha = static_cast<int>(std::lround(64 + 191 * t));
    std::string tooltip = fmt::format("{} = {}", weight.name, format_number(w, options.digits));
    if (options.show_gradients) tooltip += fmt::format(", grad {}", format_number(weight.value.grad(), options.digits));
    dot += fmt::format("  {} -> {} [penwidth={:.2f}, color=\"{}{:02x}\", arrowsize=0.5, tooltip=\"{}\"];\n",
                       arrow.from, arrow.to, 0.3 + 3.0 * t, w < 0.0 ? negative_colour : positive_colour, alpha,
                       dot_escape(tooltip, false));
  }
  std::vector<LegendRow> legend;
  if (!weights_drawn.empty())
    legend = {{std::string(positive_colour), "arrow: weight > 0 (thicker: larger)"},
              {std::string(negative_colour), "arrow: weight < 0"}};
  if (options.color_by_gradient)
    for (LegendRow& row : gradient_legend("fill: output")) legend.push_back(std::move(row));
  if (!legend.empty()) dot += dot_legend(legend);
  return dot + "}\n";
}

}  // namespace backprop::detail
