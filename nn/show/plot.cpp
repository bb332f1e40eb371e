// SVG output for plot.hpp: plain text, one element per cell, point and segment.
#include "nn/show/plot.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include <fmt/format.h>

#include "nn/io/atomic_file.hpp"

namespace backprop::nn {

namespace {

constexpr int canvas = 480;  // pixels per side
constexpr int margin = 48;   // room for axis labels on the loss curve

}  // namespace

PlotArea plot_area(const Dataset& data, std::string_view caller) {
  if (data.size() == 0) throw std::invalid_argument(fmt::format("{}: the data has no samples", caller));
  if (data.features() != 2)
    throw std::invalid_argument(fmt::format("{}: needs 2 features per sample, got {}", caller, data.features()));
  PlotArea area{data.inputs[0][0], data.inputs[0][0], data.inputs[0][1], data.inputs[0][1]};
  for (const auto& row : data.inputs) {
    area.x_low = std::min(area.x_low, row[0]), area.x_high = std::max(area.x_high, row[0]);
    area.y_low = std::min(area.y_low, row[1]), area.y_high = std::max(area.y_high, row[1]);
  }
  const double pad = 0.1 * std::max({area.x_high - area.x_low, area.y_high - area.y_low, 1e-9});
  area.x_low -= pad, area.x_high += pad, area.y_low -= pad, area.y_high += pad;
  return area;
}

double PlotArea::x_at(int column, int resolution) const {
  return x_low + (column + 0.5) / resolution * (x_high - x_low);
}

double PlotArea::y_at(int row, int resolution) const {
  return y_high - (row + 0.5) / resolution * (y_high - y_low);
}

std::string shaded_grid_svg(std::string_view shades, int resolution, double canvas,
                            const std::function<std::string(char)>& fill) {
  const double cell = canvas / resolution;
  std::string svg;
  for (int row = 0; row < resolution; ++row) {
    const std::string_view line = shades.substr(static_cast<std::size_t>(row) * resolution, resolution);
    for (std::size_t start = 0, end = 0; start < line.size(); start = end) {
      while (end < line.size() && line[end] == line[start]) ++end;
      // Half a pixel of overlap, so that no seam shows between rectangles.
      svg += fmt::format("<rect x=\"{:.2f}\" y=\"{:.2f}\" width=\"{:.2f}\" height=\"{:.2f}\" fill=\"{}\"/>\n",
                         start * cell, row * cell, (end - start) * cell + 0.5, cell + 0.5, fill(line[start]));
    }
  }
  return svg;
}

std::vector<double> grid_scores(const PlotArea& area, int resolution,
                                const std::function<double(double, double)>& score) {
  std::vector<double> scores;
  scores.reserve(static_cast<std::size_t>(resolution) * resolution);
  for (int row = 0; row < resolution; ++row)
    for (int column = 0; column < resolution; ++column)
      scores.push_back(score(area.x_at(column, resolution), area.y_at(row, resolution)));
  return scores;
}

std::string points_svg(const Dataset& data, const PlotArea& area, double canvas) {
  std::string svg;
  for (std::size_t i = 0; i < data.size(); ++i)
    svg += fmt::format("<circle cx=\"{:.2f}\" cy=\"{:.2f}\" r=\"4\" fill=\"{}\" stroke=\"white\" stroke-width=\"1\"/>\n",
                       (data.inputs[i][0] - area.x_low) / (area.x_high - area.x_low) * canvas,
                       (area.y_high - data.inputs[i][1]) / (area.y_high - area.y_low) * canvas,
                       data.targets[i] > 0.0 ? "#d9480f" : "#1c5fb0");
  return svg;
}

void write_decision_boundary_svg(const std::filesystem::path& path, const Dataset& data,
                                 const std::function<double(double, double)>& score,
                                 int resolution) {
  const PlotArea area = plot_area(data, "write_decision_boundary_svg");
  if (resolution < 2 || resolution > 1000)
    throw std::invalid_argument("write_decision_boundary_svg: resolution must be in [2, 1000]");
  std::string classes;  // '1' where the score says class 1
  for (const double cell : grid_scores(area, resolution, score)) classes += cell > 0.0 ? '1' : '0';
  std::string svg = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{0}\" "
      "viewBox=\"0 0 {0} {0}\">\n",
      canvas);
  svg += shaded_grid_svg(classes, resolution, canvas, [](char c) { return c == '1' ? "#f4c7a1" : "#a9c8ec"; });
  svg += points_svg(data, area, canvas);
  svg += "</svg>\n";
  write_file_atomically(path, svg);
}

void write_loss_curve_svg(const std::filesystem::path& path, std::span<const double> losses) {
  if (losses.empty()) throw std::invalid_argument("write_loss_curve_svg: no losses to plot");
  const double highest = *std::max_element(losses.begin(), losses.end());
  const double lowest = std::min(0.0, *std::min_element(losses.begin(), losses.end()));
  const double span = std::max(highest - lowest, 1e-12);
  const int width = canvas - 2 * margin;
  auto to_x = [&](std::size_t step) {
    return margin + (losses.size() == 1 ? 0.0 : static_cast<double>(step) / (losses.size() - 1) * width);
  };
  auto to_y = [&](double loss) { return margin + (highest - loss) / span * width; };

  std::string svg = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{0}\" "
      "viewBox=\"0 0 {0} {0}\" font-family=\"sans-serif\" font-size=\"12\">\n"
      "<rect width=\"{0}\" height=\"{0}\" fill=\"white\"/>\n"
      "<line x1=\"{1}\" y1=\"{2}\" x2=\"{2}\" y2=\"{2}\" stroke=\"black\"/>\n"
      "<line x1=\"{1}\" y1=\"{1}\" x2=\"{1}\" y2=\"{2}\" stroke=\"black\"/>\n"
      "<text x=\"{3}\" y=\"{4}\" text-anchor=\"middle\">step</text>\n"
      "<text x=\"{1}\" y=\"{5}\" text-anchor=\"middle\">loss</text>\n"
      "<text x=\"{6}\" y=\"{1}\" text-anchor=\"end\">{7:.3g}</text>\n"
      "<text x=\"{6}\" y=\"{2}\" text-anchor=\"end\">{8:.3g}</text>\n"
      "<text x=\"{2}\" y=\"{9}\" text-anchor=\"end\">{10}</text>\n",
      canvas, margin, canvas - margin, canvas / 2, canvas - 12, margin - 12, margin - 4, highest,
      lowest, canvas - margin + 16, losses.size() - 1);
  svg += "<polyline fill=\"none\" stroke=\"#d9480f\" stroke-width=\"2\" points=\"";
  for (std::size_t step = 0; step < losses.size(); ++step)
    svg += fmt::format("{:.2f},{:.2f} ", to_x(step), to_y(losses[step]));
  svg += "\"/>\n</svg>\n";
  write_file_atomically(path, svg);
}

}  // namespace backprop::nn
