// A page that shows backprop happen on one graph: one self-contained HTML
// file (inline CSS, script and SVG; nothing is fetched, it opens from
// file://) with the graph laid out left to right as in the DOT picture, and
// controls that step through the forward pass (each value, in creation
// order, with the operation that produced it) and then the backward pass
// (the seed, then one step per chain-rule term of explain.hpp, worded
// exactly as `backprop explain` words it). Without script the page shows
// the final state: every value and gradient, in the picture and in a table.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "autodiff/show/dot.hpp"
#include "autodiff/value.hpp"

namespace backprop {

// The most values a page draws and steps through; DotOptions::max_nodes
// lowers it. A larger graph is drawn up to the depth from the root that
// fits (as DotOptions::max_depth would), the rest as one box, and the page
// says so: never a page so large that it freezes the browser.
inline constexpr std::size_t html_max_values = 300;
// The most edges among the values drawn (a few nodes may have many inputs).
inline constexpr std::size_t html_max_edges = 1500;

// The page for the graph under `root`, read after root.backward(). Options
// as for to_dot: show_gradients (false: the forward pass only),
// color_by_gradient (shades the final state), max_depth, max_nodes (see
// html_max_values; never throws for size), clusters (drawn as frames).
// `title` heads the page (the expression, say); empty: the root's name.
std::string to_html(const Value& root, const DotOptions& options = {}, std::string_view title = {});

}  // namespace backprop
