// What both views of to_dot() draw with (dot.cpp: every value;
// dot_summary.cpp: a box per cluster): which values are shown and under what
// id, what each cluster holds, and the text of a value's record. Internal to
// the engine; not installed.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "autodiff/show/dot.hpp"
#include "autodiff/graph.hpp"

namespace backprop::detail {

// Escapes text for a quoted DOT string; in a record label the characters
// that give records their structure are escaped too.
std::string dot_escape(std::string_view text, bool record);
// White for no gradient, blue (> 0) or orange (< 0) at full strength for the
// largest |grad| (sign_colours.hpp).
std::string gradient_color(double grad, double largest);

// What input k of an operation is called where the order matters (a - b,
// a / b, pow(a, b)): "a" or "b"; empty for operations whose inputs can be
// swapped, so that pictures label only the edges that need it.
std::string_view input_role(Op op, std::size_t k);

// A legend for a DOT picture: one row per colour with its meaning, as a
// dashed box labelled "legend". Each entry is a colour and its words.
struct LegendRow {
  std::string colour;
  std::string text;
};
std::string dot_legend(const std::vector<LegendRow>& rows);
// The rows that explain gradient fills (DotOptions::color_by_gradient).
std::vector<LegendRow> gradient_legend(std::string_view what);

// The values drawn after max_depth, numbered v0, v1, ... in creation order
// so that the text does not depend on where on the tape the graph sits.
struct ShownValues {
  ShownValues(const Graph& graph, const DotOptions& options);

  std::vector<bool> shown;
  std::vector<std::size_t> id;  // for shown values: n in "vn"
  std::size_t hidden = 0;       // how many the "... N more values" node stands for
  double largest_grad = 0.0;    // over the shown values, for gradient colours
};

// What one cluster holds in a graph, as positions in Graph::nodes().
struct ClusterParts {
  std::vector<std::size_t> parameters;  // its leaf members, in the order given
  std::vector<std::size_t> sums;        // its weighted sums (a neuron applied once has one)
  std::vector<std::size_t> outputs;     // for each sum, its activation, or the sum itself
  std::vector<std::size_t> nodes;       // every value in it, in creation order
};

// The clusters of DotOptions as they fall in one graph (see DotOptions::Cluster).
class GraphClusters {
 public:
  GraphClusters(const Graph& graph, const std::vector<DotOptions::Cluster>& clusters);

  std::optional<std::size_t> cluster_of(std::size_t node) const { return cluster_of_[node]; }
  // A leaf member, drawn as a cell of its cluster's parameter table.
  bool is_parameter(std::size_t node) const { return is_parameter_[node]; }
  const ClusterParts& parts(std::size_t cluster) const { return parts_[cluster]; }
  std::size_t size() const { return parts_.size(); }

  // The clusters grouped by layer for drawing: each entry's clusters in the
  // order given, the layers in order of first appearance; clusters without
  // a layer form entries of their own with an empty name.
  struct Column {
    std::string layer;
    std::vector<std::size_t> clusters;
  };
  const std::vector<Column>& columns() const { return columns_; }

 private:
  std::vector<std::optional<std::size_t>> cluster_of_;
  std::vector<bool> is_parameter_;
  std::vector<ClusterParts> parts_;
  std::vector<Column> columns_;
};

// A cluster's name for a part of it: "w.1" for "layers.0.neurons.3.w.1" in
// cluster "layers.0.neurons.3"; other names unchanged.
std::string_view name_within(std::string_view name, std::string_view cluster);

// `  vN [label="{ name | data 1.0000 | grad 0.5000 }"];` and its newline:
// the fields side by side, or `stacked` one above the other (narrower,
// inside a neuron's box).
std::string value_record(const Graph& graph, std::size_t node, const ShownValues& values, const DotOptions& options,
                         bool stacked = false);
// `  vN_op [shape=circle, label="tanh"];` and its newline.
std::string operation_circle(const Graph& graph, std::size_t node, const ShownValues& values);

// The boxes of one column inside a box named after their layer (unchanged
// if the layer has no name or the column nothing to show).
std::string layer_box(std::size_t column, std::string_view layer, const std::string& boxes);

// The first lines of every DOT text to_dot() writes.
inline constexpr std::string_view dot_header =
    "digraph backprop {\n  rankdir=LR;\n  node [shape=record, fontname=\"Helvetica\"];\n";

// The summary view of to_dot() (dot_summary.cpp).
std::string summary_dot(const Graph& graph, const ShownValues& values, const GraphClusters& clusters,
                        const DotOptions& options);

}  // namespace backprop::detail
