// Pictures of training, as standalone SVG files (no library needed to view
// them): a 2-D classifier's decision regions with the data on top, and a
// loss curve, each with axes at round numbers, axis labels, a title and a
// legend (chart.hpp). Both are written atomically (atomic_file.hpp). Colours
// follow sign_colours.hpp: blue is class 1 (score > 0), orange class 0.
#pragma once

#include <filesystem>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "nn/dataset.hpp"
#include "nn/show/chart.hpp"

namespace backprop::nn {

// `score(x1, x2) > 0` is class 1. The score is sampled on a grid of
// `resolution` x `resolution` points over the plot, and the boundary
// (score = 0) is drawn as a smooth line through the grid (marching
// squares); points are drawn coloured by their label. Throws
// std::invalid_argument for data plot_area() refuses.
void write_decision_boundary_svg(const std::filesystem::path& path, const Dataset& data,
                                 const std::function<double(double, double)>& score, int resolution = 80,
                                 std::string_view title = "Decision regions of the trained model");

// losses[k] is the loss after k updates (steps 0 to losses.size() - 1), as
// a line on axes with gridlines. Throws std::invalid_argument, naming the
// step, if a loss is NaN or infinite.
void write_loss_curve_svg(const std::filesystem::path& path, std::span<const double> losses,
                          std::string_view title = "Loss during training");

// The pieces of those pictures, for pages that draw them too
// (training_page.hpp).

// The part of the plane a picture of `data` shows: the data's extent plus a
// tenth on each side. Throws std::invalid_argument, naming `caller` and the
// row, unless the data has samples of 2 finite features each and one finite
// target per sample.
struct PlotArea {
  double x_low, x_high, y_low, y_high;
  // The centre of a cell of a resolution x resolution grid over the area,
  // rows counted from the top.
  double x_at(int column, int resolution) const;
  double y_at(int row, int resolution) const;
};
PlotArea plot_area(const Dataset& data, std::string_view caller);

// score(x, y) at the centre of every cell of a resolution x resolution grid
// over `area`, row by row from the top.
std::vector<double> grid_scores(const PlotArea& area, int resolution,
                                const std::function<double(double, double)>& score);

// The line where grid `scores` (as grid_scores gives them) crosses 0, and
// the region where they are > 0, as SVG path data over `box` (each score at
// its cell's centre; the outermost ones on the box's edges, so that the
// region fills the box). Marching squares: each square of four neighbouring
// scores is cut where the score, read linearly between two corners, is 0.
// NaN counts as not > 0.
struct Contour {
  std::string line;    // "M x y L x y " segments; empty if the scores never cross 0
  std::string region;  // closed polygons, to fill
};
Contour zero_contour(std::span<const double> scores, int resolution, const Box& box);

// SVG rectangles for a grid of cells drawn on a `canvas`-pixel square: one
// character of `shades` per cell, row by row from the top, and one
// rectangle per run of equal characters along a row, filled with fill(c).
std::string shaded_grid_svg(std::string_view shades, int resolution, double canvas,
                            const std::function<std::string(char)>& fill);

// One circle per sample over `box` (which shows `area`), coloured by its
// label (targets > 0: class 1).
std::string points_svg(const Dataset& data, const PlotArea& area, const Box& box);

// The colours of the classes' points and regions.
std::string class_colour(bool class_1);
std::string region_colour(bool class_1);

}  // namespace backprop::nn
