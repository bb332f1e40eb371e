// Pictures of training, as standalone SVG files (no library needed to view
// them): a 2-D classifier's decision regions with the data on top, and a
// loss curve. Both are written atomically (atomic_file.hpp).
#pragma once

#include <filesystem>
#include <functional>
#include <span>

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

}  // namespace backprop::nn
