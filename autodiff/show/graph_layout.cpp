// layout_graph(): Graphviz's `dot` places the boxes when the build has it
// (read back from its "plain" output, which gives centres and edge splines
// in inches); layered_layout() is the fallback and needs nothing.
#include "autodiff/show/graph_layout.hpp"

#include <algorithm>
#include <map>
#include <numeric>
#include <sstream>
#include <string>
#include <utility>

#include <fmt/format.h>

#include "autodiff/show/render.hpp"

namespace backprop {

namespace {

constexpr double margin = 20, column_gap = Layout::box_width + 100, row_gap = Layout::box_height + 24;
constexpr double points_per_inch = 72;

// Graphviz's time grows fast with long edges: each is laid out as a chain
// of virtual nodes, one per rank it crosses, and crossings are minimised
// over all of them (a value used by every step of a 150-step chain took
// minutes). Beyond these sizes the layered layout, which takes milliseconds
// at any size, is used instead.
constexpr std::size_t graphviz_most_boxes = 200, graphviz_most_ranks_crossed = 800;

// A cubic from `from` to `to` that leaves and arrives horizontally.
std::vector<Point> horizontal_curve(Point from, Point to) {
  const double pull = std::max(20.0, (to.x - from.x) / 2);
  return {from, {from.x + pull, from.y}, {to.x - pull, to.y}, to};
}

// Edges drawn the same way for either layout: each input's box to the
// operation circle, then the circle to its box.
void add_curved_edges(const LayoutGraph& graph, Layout& layout) {
  const double half = Layout::box_width / 2, radius = Layout::operation_radius;
  for (std::size_t k = 0; k < graph.boxes.size(); ++k)
    for (std::size_t input : graph.boxes[k].inputs) {
      const Point from{layout.boxes[input].x + half, layout.boxes[input].y};
      const Point to = graph.boxes[k].operation ? Point{layout.operations[k].x - radius, layout.operations[k].y}
                                                : Point{layout.boxes[k].x - half, layout.boxes[k].y};
      layout.edges.push_back({input, k, graph.boxes[k].operation, horizontal_curve(from, to)});
    }
  for (std::size_t k = 0; k < graph.boxes.size(); ++k)
    if (graph.boxes[k].operation)
      layout.edges.push_back({k, k, false,
                              horizontal_curve({layout.operations[k].x + radius, layout.operations[k].y},
                                               {layout.boxes[k].x - half, layout.boxes[k].y})});
}

// Each box's column: after all its inputs (the longest path from a box
// with no inputs), then moved right up to its first use, so that an input
// such as a bias sits beside the sum that reads it rather than far left
// with the other leaves.
std::vector<std::size_t> columns_of(const LayoutGraph& graph) {
  const std::size_t count = graph.boxes.size();
  std::vector<std::size_t> column(count, 0);
  for (std::size_t k = 0; k < count; ++k)
    for (std::size_t input : graph.boxes[k].inputs) column[k] = std::max(column[k], column[input] + 1);
  constexpr std::size_t unused = ~std::size_t{0};
  std::vector<std::size_t> first_use(count, unused);  // the smallest column of a box that reads it
  for (std::size_t k = count; k-- > 0;) {
    if (first_use[k] != unused) column[k] = first_use[k] - 1;
    for (std::size_t input : graph.boxes[k].inputs) first_use[input] = std::min(first_use[input], column[k]);
  }
  return column;
}

#ifdef BACKPROP_HAVE_GRAPHVIZ
// Whether Graphviz lays `graph` out quickly: few boxes, and edges that
// cross few ranks in all (two ranks per column: a box and its circle).
bool quick_for_graphviz(const LayoutGraph& graph) {
  if (graph.boxes.size() > graphviz_most_boxes) return false;
  const std::vector<std::size_t> column = columns_of(graph);
  std::size_t ranks_crossed = 0;
  for (std::size_t k = 0; k < graph.boxes.size(); ++k)
    for (std::size_t input : graph.boxes[k].inputs) ranks_crossed += 2 * (column[k] - column[input]);
  return ranks_crossed <= graphviz_most_ranks_crossed;
}

// The graph as DOT with boxes of the sizes this layout draws: b<k> for box
// k, o<k> for its operation circle, one subgraph per cluster.
std::string layout_dot(const LayoutGraph& graph) {
  std::string dot = fmt::format(
      "digraph layout {{\n  rankdir=LR; nodesep=0.3; ranksep=0.45; nslimit=20; mclimit=0.5;\n"
      "  node [label=\"\", fixedsize=true, shape=box, width={:.4f}, height={:.4f}];\n",
      Layout::box_width / points_per_inch, Layout::box_height / points_per_inch);
  std::map<std::size_t, std::string> clusters;
  for (std::size_t k = 0; k < graph.boxes.size(); ++k) {
    const std::string line = fmt::format("  b{};\n", k);
    if (graph.boxes[k].cluster) clusters[*graph.boxes[k].cluster] += line;
    else dot += line;
  }
  for (const auto& [cluster, members] : clusters)
    dot += fmt::format("  subgraph cluster_{} {{\n{}  }}\n", cluster, members);
  const double diameter = 2 * Layout::operation_radius / points_per_inch;
  for (std::size_t k = 0; k < graph.boxes.size(); ++k) {
    if (!graph.boxes[k].operation) {
      for (std::size_t input : graph.boxes[k].inputs) dot += fmt::format("  b{} -> b{};\n", input, k);
      continue;
    }
    dot += fmt::format("  o{0} [shape=circle, width={1:.4f}, height={1:.4f}];\n  o{0} -> b{0};\n", k, diameter);
    for (std::size_t input : graph.boxes[k].inputs) dot += fmt::format("  b{} -> o{};\n", input, k);
  }
  return dot + "}\n";
}

// Reads Graphviz's "plain" output: `graph scale width height`, then
// `node name x y ...` and `edge tail head n x1 y1 ... xn yn ...`, in inches
// with y upwards. Returns nothing if a line is not as expected.
std::optional<Layout> read_plain(const std::string& plain, const LayoutGraph& graph) {
  Layout layout;
  layout.boxes.resize(graph.boxes.size());
  layout.operations.resize(graph.boxes.size());
  std::vector<bool> placed(graph.boxes.size(), false);
  std::map<std::pair<std::string, std::string>, std::vector<std::vector<Point>>> splines;
  double height = 0;
  std::istringstream lines(plain);
  for (std::string line; std::getline(lines, line);) {
    std::istringstream fields(line);
    std::string kind;
    fields >> kind;
    if (kind == "graph") {
      double scale = 0, width = 0;
      if (!(fields >> scale >> width >> height)) return std::nullopt;
      layout.width = width * points_per_inch + 2 * margin;
      layout.height = height * points_per_inch + 2 * margin;
    } else if (kind == "node") {
      std::string name;
      double x = 0, y = 0;
      if (!(fields >> name >> x >> y) || name.size() < 2) return std::nullopt;
      const Point centre{margin + x * points_per_inch, margin + (height - y) * points_per_inch};
      const std::size_t k = std::stoul(name.substr(1));
      if (k >= graph.boxes.size()) return std::nullopt;
      if (name[0] == 'b') layout.boxes[k] = centre, placed[k] = true;
      else layout.operations[k] = centre;
    } else if (kind == "edge") {
      std::string tail, head;
      std::size_t count = 0;
      if (!(fields >> tail >> head >> count)) return std::nullopt;
      std::vector<Point> points(count);
      for (Point& point : points) {
        if (!(fields >> point.x >> point.y)) return std::nullopt;
        point = {margin + point.x * points_per_inch, margin + (height - point.y) * points_per_inch};
      }
      splines[{tail, head}].push_back(std::move(points));
    }
  }
  if (std::find(placed.begin(), placed.end(), false) != placed.end()) return std::nullopt;
  // Edges in the order the caller expects; each use of an input (x * x has
  // two) takes the next spline Graphviz drew between the pair.
  auto take = [&](const std::string& tail, const std::string& head) -> std::optional<std::vector<Point>> {
    auto& drawn = splines[{tail, head}];
    if (drawn.empty() || drawn.front().size() < 4 || (drawn.front().size() - 1) % 3 != 0) return std::nullopt;
    std::vector<Point> points = std::move(drawn.front());
    drawn.erase(drawn.begin());
    return points;
  };
  for (std::size_t k = 0; k < graph.boxes.size(); ++k)
    for (std::size_t input : graph.boxes[k].inputs) {
      auto points = take(fmt::format("b{}", input), fmt::format("{}{}", graph.boxes[k].operation ? 'o' : 'b', k));
      if (!points) return std::nullopt;
      layout.edges.push_back({input, k, graph.boxes[k].operation, std::move(*points)});
    }
  for (std::size_t k = 0; k < graph.boxes.size(); ++k)
    if (graph.boxes[k].operation) {
      auto points = take(fmt::format("o{}", k), fmt::format("b{}", k));
      if (!points) return std::nullopt;
      layout.edges.push_back({k, k, false, std::move(*points)});
    }
  layout.by_graphviz = true;
  return layout;
}
#endif

}  // namespace

Layout layered_layout(const LayoutGraph& graph) {
  const std::size_t count = graph.boxes.size();
  const std::vector<std::size_t> column = columns_of(graph);
  const std::size_t columns = count == 0 ? 0 : *std::max_element(column.begin(), column.end()) + 1;
  std::vector<std::vector<std::size_t>> members(columns);  // boxes of each column, top to bottom
  for (std::size_t k = 0; k < count; ++k) members[column[k]].push_back(k);
  std::vector<std::vector<std::size_t>> uses(count);
  for (std::size_t k = 0; k < count; ++k)
    for (std::size_t input : graph.boxes[k].inputs) uses[input].push_back(k);

  std::vector<double> row(count, 0.0);
  auto number_rows = [&](const std::vector<std::size_t>& boxes) {
    for (std::size_t r = 0; r < boxes.size(); ++r) row[boxes[r]] = static_cast<double>(r);
  };
  for (const auto& boxes : members) number_rows(boxes);
  // Sorts one column by the mean row of each box's neighbours (inputs or
  // uses), keeping the members of a cluster together at their own mean.
  auto reorder = [&](std::vector<std::size_t>& boxes, bool by_inputs) {
    std::vector<double> key(count, 0.0);
    for (std::size_t k : boxes) {
      const auto& neighbours = by_inputs ? graph.boxes[k].inputs : uses[k];
      key[k] = neighbours.empty() ? row[k]
                                  : std::accumulate(neighbours.begin(), neighbours.end(), 0.0,
                                                    [&](double sum, std::size_t n) { return sum + row[n]; }) /
                                        static_cast<double>(neighbours.size());
    }
    std::map<std::size_t, std::pair<double, std::size_t>> cluster_key;  // cluster -> (sum, count)
    for (std::size_t k : boxes)
      if (const auto cluster = graph.boxes[k].cluster) {
        auto& [sum, members_seen] = cluster_key[*cluster];
        sum += key[k], ++members_seen;
      }
    auto group_key = [&](std::size_t k) {
      const auto cluster = graph.boxes[k].cluster;
      if (!cluster) return key[k];
      const auto& [sum, members_seen] = cluster_key[*cluster];
      return sum / static_cast<double>(members_seen);
    };
    std::stable_sort(boxes.begin(), boxes.end(), [&](std::size_t a, std::size_t b) {
      const double group_a = group_key(a), group_b = group_key(b);
      if (group_a != group_b) return group_a < group_b;
      if (graph.boxes[a].cluster != graph.boxes[b].cluster) return graph.boxes[a].cluster < graph.boxes[b].cluster;
      return key[a] < key[b];
    });
    number_rows(boxes);
  };
  for (int sweep = 0; sweep < 2; ++sweep) {
    for (std::size_t c = 1; c < columns; ++c) reorder(members[c], true);
    for (std::size_t c = columns; c-- > 0;) reorder(members[c], false);
  }

  std::size_t tallest = 0;
  for (const auto& boxes : members) tallest = std::max(tallest, boxes.size());
  Layout layout;
  layout.boxes.resize(count);
  layout.operations.resize(count);
  for (std::size_t c = 0; c < columns; ++c) {
    // Columns are centred on the tallest one.
    const double offset = (static_cast<double>(tallest - members[c].size()) / 2) * row_gap;
    for (std::size_t r = 0; r < members[c].size(); ++r) {
      const std::size_t k = members[c][r];
      layout.boxes[k] = {margin + Layout::box_width / 2 + static_cast<double>(c) * column_gap + column_gap - Layout::box_width,
                         margin + Layout::box_height / 2 + offset + static_cast<double>(r) * row_gap};
      layout.operations[k] = {layout.boxes[k].x - Layout::box_width / 2 - 50, layout.boxes[k].y};
    }
  }
  layout.width = 2 * margin + static_cast<double>(columns) * column_gap;
  layout.height = 2 * margin + static_cast<double>(tallest) * row_gap;
  add_curved_edges(graph, layout);
  return layout;
}

Layout layout_graph(const LayoutGraph& graph) {
#ifdef BACKPROP_HAVE_GRAPHVIZ
  try {
    if (quick_for_graphviz(graph))
      if (auto layout = read_plain(render_dot(layout_dot(graph), "plain"), graph)) return *std::move(layout);
  } catch (const std::exception&) {
    // Graphviz refused or failed: the layered layout always works.
  }
#endif
  return layered_layout(graph);
}

}  // namespace backprop
