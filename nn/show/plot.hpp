// Pictures of training, as standalone SVG files (no library needed to view
// them): a 2-D classifier's decision regions with the data on top, and a
// loss curve. Both are written atomically (atomic_file.hpp).
#pragma once

#include <filesystem>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "nn/dataset.hpp"

namespace backprop::nn {

// `score(x, y) > 0` is class 1. The regions are sampled on a grid of
// `resolution` x `resolution` cells over the data's extent plus a margin;
// points are drawn coloured by their label. Needs 2-feature data.
void write_decision_boundary_svg(const std::filesystem::path& path, const Dataset& data,
                                 const std::function<double(double, double)>& score,
                                 int resolution = 80);

// The loss at each step, as a line on labelled axes.
void write_loss_curve_svg(const std::filesystem::path& path, std::span<const double> losses);

// The pieces of those pictures, for pages that draw them too
// (training_page.hpp).

// The part of the plane a picture of `data` shows: the data's extent plus a
// tenth on each side. Throws std::invalid_argument, naming `caller`, unless
// the data has samples of 2 features.
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

// SVG rectangles for a grid of cells drawn on a `canvas`-pixel square: one
// character of `shades` per cell, row by row from the top, and one
// rectangle per run of equal characters along a row, filled with fill(c).
std::string shaded_grid_svg(std::string_view shades, int resolution, double canvas,
                            const std::function<std::string(char)>& fill);

// One circle per sample, coloured by its label (targets > 0: class 1).
std::string points_svg(const Dataset& data, const PlotArea& area, double canvas);

}  // namespace backprop::nn
