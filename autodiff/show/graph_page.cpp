// to_html(): chooses the values to draw, lays them out (graph_layout.hpp),
// and writes the page: the picture in its final state, the steps as a list
// whose items carry what the script needs (which node, which input, the
// number to show), the final values as a table, then the style and script
// (graph_page_assets.hpp). The script only replays what is written here, so
// the page and `backprop explain` cannot disagree.
#include "autodiff/show/graph_page.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <vector>

#include <fmt/format.h>

#include "autodiff/show/dot_parts.hpp"
#include "autodiff/show/explain.hpp"
#include "autodiff/format.hpp"
#include "autodiff/graph.hpp"
#include "autodiff/show/graph_layout.hpp"
#include "autodiff/show/graph_page_assets.hpp"
#include "autodiff/show/html_text.hpp"
#include "autodiff/show/sign_colours.hpp"

namespace backprop {

namespace {

// The values the page draws, and why some are left out.
struct Selection {
  std::vector<bool> shown;
  std::size_t hidden = 0;
  std::string note;
};

// Everything up to options.max_depth, or up to the largest depth whose
// values and edges fit in the page's limits.
Selection select_values(const Graph& graph, const DotOptions& options) {
  const std::vector<std::size_t> depth = graph.depths_from_root();
  const std::size_t deepest = *std::max_element(depth.begin(), depth.end());
  // How many values and edges a depth limit d adds: an edge is drawn when
  // both its ends are, so it counts at the depth of the farther one.
  std::vector<std::size_t> values_at(deepest + 1, 0), edges_at(deepest + 1, 0);
  for (std::size_t k = 0; k < graph.size(); ++k) {
    ++values_at[depth[k]];
    for (const Edge& edge : graph.nodes()[k].inputs) ++edges_at[std::max(depth[k], depth[edge.input])];
  }
  const std::size_t most_values = std::max<std::size_t>(1, std::min(options.max_nodes, html_max_values));
  const std::size_t asked = options.max_depth > 0 ? std::min(options.max_depth, deepest) : deepest;
  std::size_t fits = 0, values = 0, edges = 0;
  for (std::size_t d = 0; d <= asked; ++d) {
    values += values_at[d], edges += edges_at[d];
    if (values > most_values || edges > html_max_edges) break;
    fits = d;  // the root alone (d = 0) always fits
  }

  Selection selection;
  selection.shown.resize(graph.size());
  for (std::size_t k = 0; k < graph.size(); ++k) {
    selection.shown[k] = depth[k] <= fits;
    selection.hidden += !selection.shown[k];
  }
  const std::size_t drawn = graph.size() - selection.hidden;
  if (fits < asked)
    selection.note = fmt::format(
        "This graph has {} values, more than one page steps through (at most {} values and {} edges): "
        "only the {} values at most {} operation{} from the output are drawn, the {} others are one box, "
        "and the steps that reach them are left out. A depth limit (--depth N, DotOptions::max_depth) chooses "
        "how far to draw; a page of a part of the graph shows that part.",
        graph.size(), most_values, html_max_edges, drawn, fits, fits == 1 ? "" : "s", selection.hidden);
  else if (selection.hidden > 0)
    selection.note = fmt::format(
        "Drawn to a depth of {}: the {} values at most {} operation{} from the output. The {} others are "
        "one box, and the steps that reach them are left out.",
        fits, drawn, fits, fits == 1 ? "" : "s", selection.hidden);
  return selection;
}

// How a node was computed from its inputs, by name: "x1 * w1", "n2 + 1",
// "tanh(n3)", "b + w1*x1 + w2*x2". Empty for a leaf.
std::string computation(const Graph& graph, const GraphNode& node) {
  auto name = [&](std::size_t k) { return graph.nodes()[node.inputs[k].input].name; };
  const int inputs = arity(node.op);
  if (inputs == 0 || node.inputs.empty()) return {};
  if (inputs == 2) return fmt::format("{} {} {}", name(0), node.operation, name(1));
  if (inputs == 1) {
    if (node.op == Op::constant_div) return fmt::format("{} {}", node.operation, name(0));
    if (has_constant(node.op)) return fmt::format("{} {}", name(0), node.operation);
    if (node.op == Op::neg) return "-" + name(0);
    return fmt::format("{}({})", node.operation, name(0));
  }
  // Many inputs: the bias (an input with no partner), then each product once.
  constexpr std::size_t most_terms = 4;
  std::vector<std::string> terms;
  std::vector<bool> used(node.inputs.size(), false);
  for (std::size_t k = 0; k < node.inputs.size(); ++k) {
    if (used[k]) continue;
    used[k] = true;
    const Edge& edge = node.inputs[k];
    if (!edge.partner) {
      terms.push_back(name(k));
      continue;
    }
    for (std::size_t j = k + 1; j < node.inputs.size(); ++j)
      if (!used[j] && node.inputs[j].input == *edge.partner && node.inputs[j].partner == edge.input) {
        used[j] = true;
        break;
      }
    terms.push_back(fmt::format("{}*{}", name(k), graph.nodes()[*edge.partner].name));
  }
  std::string text;
  for (std::size_t t = 0; t < std::min(terms.size(), most_terms); ++t) text += (t ? " + " : "") + terms[t];
  if (terms.size() > most_terms) text += fmt::format(" + ... ({} terms)", terms.size());
  return text;
}

// The forward step of one node: "n1 = x1 * w1 = -6", "x1 = 2 (an input)".
std::string forward_text(const Graph& graph, const GraphNode& node, int digits) {
  const std::string value = format_number(node.value.data(), digits);
  if (node.op == Op::leaf)
    return fmt::format("{} = {} ({})", node.name, value, node.is_input ? "an input" : "a constant");
  return fmt::format("{} = {} = {}", node.name, computation(graph, node), value);
}

std::string ordinal(std::size_t n) {
  const char* suffix = (n % 100 >= 11 && n % 100 <= 13) ? "th" : n % 10 == 1 ? "st" : n % 10 == 2 ? "nd" : n % 10 == 3 ? "rd" : "th";
  return fmt::format("{}{}", n, suffix);
}

// One item of the step list: `attributes` for the script, `text` to read.
std::string step_item(std::string_view attributes, std::string_view text) {
  return fmt::format("<li {}>{}</li>\n", attributes, escape_html(text));
}

struct StepList {
  std::string html;
  std::size_t forward = 0, backward = 0;  // how many of each
};

// The list of steps: each node's forward step, the seed, then every
// chain-rule step between drawn values, with the receiving gradient after it.
StepList steps_list(const Graph& graph, const Selection& selection, bool show_gradients, int digits) {
  const auto& nodes = graph.nodes();
  StepList list{"<ol id=\"steps\">\n"};
  for (std::size_t k = 0; k < nodes.size(); ++k)
    if (selection.shown[k]) {
      list.html += step_item(fmt::format("data-kind=\"forward\" data-node=\"{}\" data-value=\"{}\" data-shown=\"{}\"",
                                         k, format_number(nodes[k].value.data()), format_number(nodes[k].value.data(), digits)),
                             forward_text(graph, nodes[k], digits));
      ++list.forward;
    }
  if (!show_gradients) {
    list.html += "</ol>\n";
    return list;
  }

  const std::size_t root = nodes.size() - 1;
  const std::string& root_name = graph.root().name;
  list.html += step_item(
      fmt::format("data-kind=\"seed\" data-node=\"{}\" data-value=\"{}\" data-shown=\"{}\" data-after=\"{}\"", root,
                  format_number(1.0), format_number(1.0, digits),
                  escape_html(fmt::format("{}.grad starts at 1; every other gradient starts at 0.", root_name))),
      fmt::format("{}.grad = 1   (the seed: d{} / d{} = 1)", root_name, root_name, root_name));

  const std::vector<ChainRuleStep> steps = chain_rule_steps(graph, selection.shown, digits);
  std::vector<std::size_t> uses(nodes.size(), 0), received(nodes.size(), 0);
  for (const ChainRuleStep& step : steps) ++uses[step.input];
  std::vector<double> grad(nodes.size(), 0.0);
  for (const ChainRuleStep& step : steps) {
    grad[step.input] += step.contribution;
    // The last contribution shows the gradient backward() left, so the end
    // of the steps is exactly the final state.
    if (++received[step.input] == uses[step.input]) grad[step.input] = nodes[step.input].value.grad();
    const std::string& name = nodes[step.input].name;
    std::string after = fmt::format("{}.grad is now {}", name, format_number(grad[step.input], digits));
    if (uses[step.input] > 1)
      after += fmt::format(": the {} of its {} contributions ({} is used {} times, and each use adds one)",
                           ordinal(received[step.input]), uses[step.input], name, uses[step.input]);
    const Edge& edge = nodes[step.node].inputs[step.edge];
    std::string partner;
    if (edge.partner && selection.shown[*edge.partner]) partner = fmt::format(" data-partner=\"{}\"", *edge.partner);
    list.html += step_item(fmt::format("data-kind=\"backward\" data-node=\"{}\" data-input=\"{}\"{} data-value=\"{}\" "
                                  "data-shown=\"{}\" data-after=\"{}\"",
                                  step.node, step.input, partner, format_number(grad[step.input]),
                                  format_number(grad[step.input], digits), escape_html(after)),
                      step.equation);
    ++list.backward;
  }
  list.html += "</ol>\n";
  return list;
}

// What the layout places: box b shows node drawn[b], or (nullopt, first,
// since it has no inputs) the values left out.
struct Boxes {
  std::vector<std::optional<std::size_t>> drawn;
  LayoutGraph graph;
};

Boxes boxes_to_draw(const Graph& graph, const Selection& selection,
                    const std::vector<std::optional<std::size_t>>& clusters) {
  const auto& nodes = graph.nodes();
  Boxes boxes;
  std::vector<std::size_t> box_of(nodes.size(), 0);
  if (selection.hidden > 0) {
    boxes.drawn.push_back(std::nullopt);
    boxes.graph.boxes.push_back({});
  }
  for (std::size_t k = 0; k < nodes.size(); ++k) {
    if (!selection.shown[k]) continue;
    box_of[k] = boxes.drawn.size();
    boxes.drawn.push_back(k);
    LayoutGraph::Box box{{}, nodes[k].op != Op::leaf, clusters[k]};
    bool linked_to_rest = false;  // one edge from the left-out values is enough
    for (const Edge& edge : nodes[k].inputs) {
      if (selection.shown[edge.input]) box.inputs.push_back(box_of[edge.input]);
      else if (!linked_to_rest) box.inputs.push_back(0), linked_to_rest = true;
    }
    boxes.graph.boxes.push_back(std::move(box));
  }
  return boxes;
}

// A frame behind the members of each cluster, with its name.
std::string cluster_frames(const Boxes& boxes, const Layout& layout,
                           const std::vector<std::optional<std::size_t>>& clusters, const DotOptions& options) {
  std::string svg;
  for (std::size_t c = 0; c < options.clusters.size(); ++c) {
    double left = 1e300, top = 1e300, right = -1e300, bottom = -1e300;
    for (std::size_t b = 0; b < boxes.drawn.size(); ++b) {
      if (!boxes.drawn[b] || clusters[*boxes.drawn[b]] != c) continue;
      const Point centre = layout.boxes[b];
      left = std::min(left, centre.x - Layout::box_width / 2), right = std::max(right, centre.x + Layout::box_width / 2);
      top = std::min(top, centre.y - Layout::box_height / 2), bottom = std::max(bottom, centre.y + Layout::box_height / 2);
      if (boxes.graph.boxes[b].operation) left = std::min(left, layout.operations[b].x - Layout::operation_radius);
    }
    if (left > right) continue;  // no member drawn
    svg += fmt::format(
        "<g class=\"cluster\"><rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" rx=\"8\"/>"
        "<text x=\"{:.1f}\" y=\"{:.1f}\">{}</text></g>\n",
        left - 8, top - 18, right - left + 16, bottom - top + 26, left - 4, top - 6,
        escape_html(shorten(options.clusters[c].name, 40)));
  }
  return svg;
}

// The point a fraction `t` along the last segment of an edge.
Point along_last_segment(const std::vector<Point>& points, double t) {
  const std::size_t n = points.size();
  if (n < 4) return points.back();
  const Point p0 = points[n - 4], p1 = points[n - 3], p2 = points[n - 2], p3 = points[n - 1];
  const double u = 1 - t;
  auto mix = [&](double a, double b, double c, double d) {
    return u * u * u * a + 3 * u * u * t * b + 3 * u * t * t * c + t * t * t * d;
  };
  return {mix(p0.x, p1.x, p2.x, p3.x), mix(p0.y, p1.y, p2.y, p3.y)};
}

// Which input of `node` the value at `from` is, where the order matters
// (a - b): "a", "b", or "a and b" (x - x); empty elsewhere.
std::string input_roles(const GraphNode& node, std::size_t from) {
  std::string roles;
  for (std::size_t e = 0; e < node.inputs.size(); ++e) {
    const std::string_view role = detail::input_role(node.op, e);
    if (!role.empty() && node.inputs[e].input == from) roles += (roles.empty() ? "" : " and ") + std::string(role);
  }
  return roles;
}

// Every edge as a path naming its two ends (node positions, or "more"), so
// that the script can light the edges a step uses; the inputs of a - b,
// a / b and pow(a, b) labelled a and b near their operation.
std::string edge_paths(const Graph& graph, const Boxes& boxes, const Layout& layout) {
  auto end_name = [&](std::size_t box) {
    return boxes.drawn[box] ? fmt::format("{}", *boxes.drawn[box]) : std::string("more");
  };
  std::string svg;
  for (const LayoutEdge& edge : layout.edges) {
    std::string path = fmt::format("M {:.1f} {:.1f}", edge.points[0].x, edge.points[0].y);
    for (std::size_t p = 1; p + 2 < edge.points.size(); p += 3)
      path += fmt::format(" C {:.1f} {:.1f} {:.1f} {:.1f} {:.1f} {:.1f}", edge.points[p].x, edge.points[p].y,
                          edge.points[p + 1].x, edge.points[p + 1].y, edge.points[p + 2].x, edge.points[p + 2].y);
    svg += fmt::format("<path class=\"edge\" data-kind=\"{}\" data-from=\"{}\" data-to=\"{}\" d=\"{}\"/>\n",
                       edge.to_operation ? "input" : "result", end_name(edge.from), end_name(edge.to), path);
    if (edge.to_operation && boxes.drawn[edge.from] && boxes.drawn[edge.to]) {
      const std::string roles = input_roles(graph.nodes()[*boxes.drawn[edge.to]], *boxes.drawn[edge.from]);
      const Point at = along_last_segment(edge.points, 0.6);
      if (!roles.empty())
        svg += fmt::format("<text class=\"role\" x=\"{:.1f}\" y=\"{:.1f}\">{}</text>\n", at.x, at.y - 4, roles);
    }
  }
  return svg;
}

// One value's box (name, data, grad) and its operation's circle, as in the
// final state.
std::string value_box(const GraphNode& node, std::size_t k, Point centre, Point operation, const DotOptions& options,
                      double largest_grad) {
  std::string svg;
  if (node.op != Op::leaf)
    svg += fmt::format(
        "<g class=\"operation\" data-node=\"{0}\"><title>{1}</title><circle cx=\"{2:.1f}\" cy=\"{3:.1f}\" "
        "r=\"{4:.0f}\"/><text x=\"{2:.1f}\" y=\"{5:.1f}\">{6}</text></g>\n",
        k, escape_html(node.operation), operation.x, operation.y, Layout::operation_radius, operation.y + 4,
        escape_html(shorten(node.operation, 6)));
  const double grad = node.value.grad();
  std::string heat;  // the final state's fill: blue for grad > 0, orange for < 0
  if (options.color_by_gradient && options.show_gradients)
    heat = fmt::format(" style=\"--heat: {}\"", signed_colour(std::isfinite(grad) ? grad : 0.0, largest_grad));
  const double first_line = centre.y + (options.show_gradients ? -10 : -4);
  svg += fmt::format(
      "<g class=\"value\" id=\"node-{0}\" data-node=\"{0}\"{1}><title>{2}</title>"
      "<rect class=\"box\" x=\"{3:.1f}\" y=\"{4:.1f}\" width=\"{5:.0f}\" height=\"{6:.0f}\" rx=\"5\"/>"
      "<text class=\"name\" x=\"{7:.1f}\" y=\"{8:.1f}\">{9}</text>"
      "<text class=\"data\" x=\"{7:.1f}\" y=\"{10:.1f}\" data-value=\"{11}\">data {12}</text>",
      k, heat, escape_html(node.name), centre.x - Layout::box_width / 2, centre.y - Layout::box_height / 2,
      Layout::box_width, Layout::box_height, centre.x, first_line, escape_html(shorten(node.name, 18)),
      first_line + 16, format_number(node.value.data()), format_number(node.value.data(), options.digits));
  if (options.show_gradients)
    svg += fmt::format("<text class=\"grad\" x=\"{:.1f}\" y=\"{:.1f}\" data-value=\"{}\">grad {}</text>", centre.x,
                       first_line + 32, format_number(grad), format_number(grad, options.digits));
  return svg + "</g>\n";
}

// What the picture's colours and outlines mean, one row each.
struct LegendRow {
  std::string_view kind;  // "fill", "outline" or "dashed"
  std::string colour;
  std::string_view text;
};
std::vector<LegendRow> legend_rows(const DotOptions& options) {
  std::vector<LegendRow> rows{{"outline", "#6a3d9a", "computed now, or giving its gradient"}};
  if (options.show_gradients) {
    rows.push_back({"outline", "#1b8a3a", "receiving a gradient"});
    rows.push_back({"dashed", "#6a3d9a", "the other factor of a product"});
    if (options.color_by_gradient) {
      rows.push_back({"fill", signed_colour(1.0, 1.0), "at the end: grad > 0 (paler: smaller)"});
      rows.push_back({"fill", signed_colour(-1.0, 1.0), "at the end: grad < 0"});
    }
  }
  return rows;
}
constexpr double legend_line = 18, legend_width = 330;
double legend_height(const DotOptions& options) {
  return legend_line * static_cast<double>(legend_rows(options).size()) + 10;
}

// The legend, a <g class="legend"> below the graph at height `top`.
std::string picture_legend(const DotOptions& options, double top) {
  const std::vector<LegendRow> rows = legend_rows(options);
  std::string svg = fmt::format("<g class=\"legend\"><rect class=\"legend-frame\" x=\"4\" y=\"{:.1f}\" width=\"{:.0f}\" "
                                "height=\"{:.0f}\"/>\n",
                                top, legend_width - 8, legend_height(options) - 2);
  for (std::size_t k = 0; k < rows.size(); ++k) {
    const double y = top + 5 + legend_line * static_cast<double>(k);
    const bool fill = rows[k].kind == "fill";
    svg += fmt::format("<rect x=\"12\" y=\"{:.1f}\" width=\"22\" height=\"12\" rx=\"2\" fill=\"{}\" stroke=\"{}\" "
                       "stroke-width=\"{}\"{}/><text class=\"legend-text\" x=\"42\" y=\"{:.1f}\">{}</text>\n",
                       y + 2, fill ? rows[k].colour : "white", fill ? "#555" : rows[k].colour, fill ? 1 : 3,
                       rows[k].kind == "dashed" ? " stroke-dasharray=\"3 2\"" : "", y + 12, escape_html(rows[k].text));
  }
  return svg + "</g>\n";
}

// The SVG picture in its final state: the legend, cluster frames behind,
// then edges, then boxes (`g.value`, the node's position in data-node) and
// circles.
std::string picture(const Graph& graph, const Selection& selection, const DotOptions& options) {
  const auto clusters = cluster_of_nodes(graph, options);
  const Boxes boxes = boxes_to_draw(graph, selection, clusters);
  const Layout layout = layout_graph(boxes.graph);
  double largest_grad = 0.0;
  for (std::size_t k = 0; k < graph.size(); ++k)
    if (selection.shown[k] && std::isfinite(graph.nodes()[k].value.grad()))
      largest_grad = std::max(largest_grad, std::fabs(graph.nodes()[k].value.grad()));

  const std::string legend = picture_legend(options, layout.height + 8);
  std::string svg = fmt::format(
      "<svg id=\"graph\" class=\"finished\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{0:.0f}\" "
      "height=\"{1:.0f}\" viewBox=\"0 0 {0:.0f} {1:.0f}\" data-layout=\"{2}\">\n"
      "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerUnits=\"userSpaceOnUse\" "
      "markerWidth=\"9\" markerHeight=\"9\" orient=\"auto\"><path d=\"M 0 0 L 10 5 L 0 10 z\"/></marker></defs>\n",
      std::max(layout.width, legend_width), layout.height + 8 + legend_height(options),
      layout.by_graphviz ? "graphviz" : "layered");
  svg += legend;
  svg += cluster_frames(boxes, layout, clusters, options);
  svg += edge_paths(graph, boxes, layout);
  for (std::size_t b = 0; b < boxes.drawn.size(); ++b) {
    const Point centre = layout.boxes[b];
    if (boxes.drawn[b])
      svg += value_box(graph.nodes()[*boxes.drawn[b]], *boxes.drawn[b], centre, layout.operations[b], options,
                       largest_grad);
    else
      svg += fmt::format(
          "<g class=\"more\" id=\"node-more\"><rect class=\"box\" x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.0f}\" "
          "height=\"{:.0f}\" rx=\"5\"/><text x=\"{:.1f}\" y=\"{:.1f}\">... {} more values</text></g>\n",
          centre.x - Layout::box_width / 2, centre.y - Layout::box_height / 2, Layout::box_width, Layout::box_height,
          centre.x, centre.y + 4, selection.hidden);
  }
  return svg + "</svg>\n";
}

// The final state as a table, readable with no script and no picture; the
// script keeps it at the step shown, as the picture is.
std::string values_table(const Graph& graph, const Selection& selection, bool show_gradients, int digits) {
  std::string table = fmt::format(
      "<table id=\"values\">\n<caption id=\"values-caption\">The final state{}.</caption>\n"
      "<tr><th>value</th><th>computed as</th><th>data</th>{}</tr>\n",
      show_gradients ? ", after backward" : "", show_gradients ? "<th>grad</th>" : "");
  for (std::size_t k = 0; k < graph.size(); ++k) {
    if (!selection.shown[k]) continue;
    const GraphNode& node = graph.nodes()[k];
    const std::string how = node.op != Op::leaf ? computation(graph, node)
                            : node.is_input ? "an input" : "a constant";
    table += fmt::format("<tr data-node=\"{}\"><td>{}</td><td>{}</td><td class=\"data\">{}</td>", k,
                         escape_html(node.name), escape_html(how), format_number(node.value.data(), digits));
    if (show_gradients) table += fmt::format("<td class=\"grad\">{}</td>", format_number(node.value.grad(), digits));
    table += "</tr>\n";
  }
  return table + "</table>\n";
}

}  // namespace

std::string to_html(const Value& root, const DotOptions& options, std::string_view title) {
  const Graph graph(root);
  const Selection selection = select_values(graph, options);
  const std::string heading = shorten(title.empty() ? "the graph of " + graph.root().name : std::string(title), 200);
  const StepList steps = steps_list(graph, selection, options.show_gradients, options.digits);

  std::string page = fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<title>backprop: {0}</title>\n<style>\n{1}</style>\n</head>\n<body>\n<header>\n<h1>{0}</h1>\n",
      escape_html(heading), graph_page_style);
  page += fmt::format("<p class=\"summary\">{} values drawn. {} forward steps (each value from its inputs, in the "
                      "order computed){}.</p>\n",
                      graph.size() - selection.hidden, steps.forward,
                      options.show_gradients
                          ? fmt::format(", then the seed and {} backward steps (the chain rule, from the output back)",
                                        steps.backward)
                          : std::string());
  if (!selection.note.empty()) page += fmt::format("<p class=\"note\" id=\"note\">{}</p>\n", escape_html(selection.note));
  page += "</header>\n";
  page += fmt::format(
      "<div id=\"controls\" hidden>\n"
      "<button type=\"button\" id=\"start\" title=\"to the start (Home)\">&#x25C0;&#x25C0; start</button>\n"
      "<button type=\"button\" id=\"previous\" title=\"previous step (left arrow)\">&#x25C0; previous</button>\n"
      "<button type=\"button\" id=\"play\" title=\"play or pause (space)\">&#x25B6; play</button>\n"
      "<button type=\"button\" id=\"next\" title=\"next step (right arrow)\">next &#x25B6;</button>\n"
      "<button type=\"button\" id=\"end\" title=\"to the end (End)\">end &#x25B6;&#x25B6;</button>\n"
      "<button type=\"button\" id=\"fit\" aria-pressed=\"false\" title=\"the whole graph at once, or back to "
      "full size following the step (f)\">fit</button>\n"
      "<span id=\"counter\">step {0} of {0}</span>\n"
      "<span class=\"keys\">keys: &#x2190; &#x2192; space Home End f</span>\n</div>\n",
      steps.forward + (options.show_gradients ? 1 + steps.backward : 0));
  page += "<p id=\"caption\" role=\"status\" aria-live=\"polite\">The final state: every value";
  page += options.show_gradients ? " and its gradient, after backward." : ".";
  page += "</p>\n<div class=\"picture\">\n" + picture(graph, selection, options) + "</div>\n";
  page += "<section class=\"lists\">\n<div>\n<h2>Steps</h2>\n" + steps.html + "</div>\n";
  page += "<div>\n<h2>Values</h2>\n" + values_table(graph, selection, options.show_gradients, options.digits) + "</div>\n</section>\n";
  page += fmt::format("<script>\n{}</script>\n</body>\n</html>\n", graph_page_script);
  return page;
}

}  // namespace backprop
