// SVG output for plot.hpp: plain text, one element per cell, point and segment.
#include "nn/plot.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include <fmt/format.h>

#include "nn/atomic_file.hpp"

namespace backprop::nn {

namespace {

constexpr int canvas = 480;  // pixels per side
constexpr int margin = 48;   // room for axis labels on the loss curve

}  // namespace

void write_decision_boundary_svg(const std::filesystem::path& path, const Dataset& data,
                                 const std::function<double(double, double)>& score,
                                 int resolution) {
  if (data.features() != 2)
    throw std::invalid_argument(fmt::format(
        "write_decision_boundary_svg: needs 2 features per sample, got {}", data.features()));
  if (resolution < 2 || resolution > 1000)
    throw std::invalid_argument("write_decision_boundary_svg: resolution must be in [2, 1000]");
  double x_low = data.inputs[0][0], x_high = x_low, y_low = data.inputs[0][1], y_high = y_low;
  for (const auto& row : data.inputs) {
    x_low = std::min(x_low, row[0]), x_high = std::max(x_high, row[0]);
    y_low = std::min(y_low, row[1]), y_high = std::max(y_high, row[1]);
  }
  const double pad = 0.1 * std::max({x_high - x_low, y_high - y_low, 1e-9});
  x_low -= pad, x_high += pad, y_low -= pad, y_high += pad;
  auto to_x = [&](double x) { return (x - x_low) / (x_high - x_low) * canvas; };
  auto to_y = [&](double y) { return (y_high - y) / (y_high - y_low) * canvas; };

  std::string svg = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{0}\" "
      "viewBox=\"0 0 {0} {0}\">\n",
      canvas);
  const double cell = static_cast<double>(canvas) / resolution;
  // One rectangle per run of same-class cells along a row keeps the file small.
  for (int row = 0; row < resolution; ++row) {
    const double y = y_high - (row + 0.5) / resolution * (y_high - y_low);
    int run_start = 0;
    bool run_positive = false;
    for (int column = 0; column <= resolution; ++column) {
      const double x = x_low + (column + 0.5) / resolution * (x_high - x_low);
      const bool positive = column < resolution && score(x, y) > 0.0;
      if (column > 0 && (column == resolution || positive != run_positive)) {
        svg += fmt::format("<rect x=\"{:.2f}\" y=\"{:.2f}\" width=\"{:.2f}\" height=\"{:.2f}\" "
                           "fill=\"{}\"/>\n",
                           run_start * cell, row * cell, (column - run_start) * cell + 0.5,
                           cell + 0.5, run_positive ? "#f4c7a1" : "#a9c8ec");
        run_start = column;
      }
      run_positive = positive;
    }
  }
  for (std::size_t i = 0; i < data.size(); ++i) {
    const char* fill = data.targets[i] > 0.0 ? "#d9480f" : "#1c5fb0";
    svg += fmt::format("<circle cx=\"{:.2f}\" cy=\"{:.2f}\" r=\"4\" fill=\"{}\" "
                       "stroke=\"white\" stroke-width=\"1\"/>\n",
                       to_x(data.inputs[i][0]), to_y(data.inputs[i][1]), fill);
  }
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
