// SVG output for plot.hpp: the checks on the data, marching squares for the
// boundary, and the two pictures drawn on chart.hpp's axes.
#include "nn/show/plot.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include <fmt/format.h>

#include "autodiff/show/sign_colours.hpp"
#include "nn/io/atomic_file.hpp"

namespace backprop::nn {

namespace {

constexpr double plot_left = 64, plot_top = 44;  // room for the y-axis label and the title
constexpr double largest_side = 420;             // pixels of the longer side of the boundary plot
constexpr double legend_width = 190;

std::string svg_start(double width, double height) {
  return fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0:.0f}\" height=\"{1:.0f}\" viewBox=\"0 0 {0:.0f} "
      "{1:.0f}\" font-family=\"sans-serif\" font-size=\"12\">\n<rect width=\"{0:.0f}\" height=\"{1:.0f}\" "
      "fill=\"white\"/>\n",
      width, height);
}

}  // namespace

std::string class_colour(bool class_1) { return std::string(class_1 ? positive_colour : negative_colour); }
std::string region_colour(bool class_1) { return signed_colour(class_1 ? 1.0 : -1.0, 3.5); }

PlotArea plot_area(const Dataset& data, std::string_view caller) {
  auto refuse = [&](const std::string& problem) {
    throw std::invalid_argument(fmt::format("{}: {}", caller, problem));
  };
  if (data.size() == 0) refuse("the data has no samples");
  if (data.targets.size() != data.size())
    refuse(fmt::format("{} targets for {} rows: give one target per row", data.targets.size(), data.size()));
  for (std::size_t row = 0; row < data.size(); ++row) {
    if (data.inputs[row].size() != 2)
      refuse(fmt::format("needs 2 features per sample, got {} in row {}", data.inputs[row].size(), row));
    for (std::size_t feature = 0; feature < 2; ++feature)
      if (!std::isfinite(data.inputs[row][feature]))
        refuse(fmt::format("row {}: feature x{} is {}, not a finite number", row, feature + 1,
                           data.inputs[row][feature]));
    if (!std::isfinite(data.targets[row]))
      refuse(fmt::format("row {}: the target is {}, not a finite number", row, data.targets[row]));
  }
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

Contour zero_contour(std::span<const double> scores, int resolution, const Box& box) {
  const int n = resolution;
  if (n < 2 || scores.size() != static_cast<std::size_t>(n) * n)
    throw std::invalid_argument(fmt::format("zero_contour: {} scores are not a {} x {} grid", scores.size(), n, n));
  // Where grid point i sits along a side of `size` pixels from `start`.
  auto along = [n](int i, double start, double size) {
    return i == 0 ? start : i == n - 1 ? start + size : start + (i + 0.5) * size / n;
  };
  auto score = [&](int row, int column) { return scores[static_cast<std::size_t>(row) * n + column]; };
  struct Point {
    double x, y;
  };
  auto point = [&](int row, int column) { return Point{along(column, box.left, box.width), along(row, box.top, box.height)}; };
  // Where the score is 0 between two neighbouring grid points, one > 0.
  auto crossing = [&](int r0, int c0, int r1, int c1) {
    const double s0 = score(r0, c0), s1 = score(r1, c1);
    const double t = std::isfinite(s0) && std::isfinite(s1) ? std::clamp(s0 / (s0 - s1), 0.0, 1.0) : 0.5;
    const Point a = point(r0, c0), b = point(r1, c1);
    return Point{a.x + t * (b.x - a.x), a.y + t * (b.y - a.y)};
  };
  Contour contour;
  auto move = [](char command, Point p) { return fmt::format("{}{:.1f} {:.1f} ", command, p.x, p.y); };
  for (int row = 0; row + 1 < n; ++row) {
    int run = -1;  // the first column of a run of squares wholly > 0, drawn as one rectangle
    auto end_run = [&](int column) {
      if (run < 0) return;
      const Point from = point(row, run), to = point(row + 1, column);
      contour.region += move('M', from) + move('L', {to.x, from.y}) + move('L', to) + move('L', {from.x, to.y}) + "Z ";
      run = -1;
    };
    for (int column = 0; column + 1 < n; ++column) {
      // The square's corners clockwise from the top left.
      const int rows[4] = {row, row, row + 1, row + 1}, columns[4] = {column, column + 1, column + 1, column};
      bool inside[4];
      int count = 0;
      for (int k = 0; k < 4; ++k) count += inside[k] = score(rows[k], columns[k]) > 0.0;
      if (count == 4) {
        if (run < 0) run = column;
        continue;
      }
      end_run(column);
      if (count == 0) continue;
      std::string polygon;
      std::vector<Point> crossings;
      for (int k = 0; k < 4; ++k) {
        const int next = (k + 1) % 4;
        if (inside[k]) polygon += move(polygon.empty() ? 'M' : 'L', point(rows[k], columns[k]));
        if (inside[k] != inside[next]) {
          crossings.push_back(crossing(rows[k], columns[k], rows[next], columns[next]));
          polygon += move(polygon.empty() ? 'M' : 'L', crossings.back());
        }
      }
      contour.region += polygon + "Z ";
      // Two crossings: one segment. Four (a saddle, joined through the
      // middle as the region is): the segments that leave the corners > 0.
      const std::size_t first = crossings.size() == 4 && !inside[0] ? 1 : 0;
      for (std::size_t k = 0; k < crossings.size(); k += 2)
        contour.line += move('M', crossings[(first + k) % crossings.size()]) +
                        move('L', crossings[(first + k + 1) % crossings.size()]);
    }
    end_run(n - 1);
  }
  return contour;
}

std::string points_svg(const Dataset& data, const PlotArea& area, const Box& box) {
  plot_area(data, "points_svg");  // refuses ragged rows and missing targets before reading them
  std::string svg;
  for (std::size_t i = 0; i < data.size(); ++i)
    svg += fmt::format("<circle cx=\"{:.2f}\" cy=\"{:.2f}\" r=\"4\" fill=\"{}\" stroke=\"white\" stroke-width=\"1\"/>\n",
                       box.left + (data.inputs[i][0] - area.x_low) / (area.x_high - area.x_low) * box.width,
                       box.top + (area.y_high - data.inputs[i][1]) / (area.y_high - area.y_low) * box.height,
                       class_colour(data.targets[i] > 0.0));
  return svg;
}

void write_decision_boundary_svg(const std::filesystem::path& path, const Dataset& data,
                                 const std::function<double(double, double)>& score, int resolution,
                                 std::string_view title) {
  const PlotArea data_area = plot_area(data, "write_decision_boundary_svg");
  if (resolution < 2 || resolution > 1000)
    throw std::invalid_argument("write_decision_boundary_svg: resolution must be in [2, 1000]");
  // The axes end at round numbers, and one unit is as long across as up.
  Axes axes;
  axes.x = nice_ticks(data_area.x_low, data_area.x_high, 6);
  axes.y = nice_ticks(data_area.y_low, data_area.y_high, 6);
  const double unit = largest_side / std::max(axes.x.high - axes.x.low, axes.y.high - axes.y.low);
  axes.plot = {plot_left, plot_top, (axes.x.high - axes.x.low) * unit, (axes.y.high - axes.y.low) * unit};
  axes.x_label = "x1", axes.y_label = "x2", axes.title = std::string(title);
  axes.grid = false;  // the regions are the background
  const PlotArea area{axes.x.low, axes.x.high, axes.y.low, axes.y.high};
  const Contour contour = zero_contour(grid_scores(area, resolution, score), resolution, axes.plot);

  const Box& plot = axes.plot;
  std::string svg = svg_start(plot.left + plot.width + legend_width + 28, plot.top + plot.height + 48);
  svg += fmt::format("<rect class=\"region-0\" x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"{}\"/>\n",
                     plot.left, plot.top, plot.width, plot.height, region_colour(false));
  svg += fmt::format("<path class=\"region-1\" fill=\"{}\" d=\"{}\"/>\n", region_colour(true), contour.region);
  svg += fmt::format("<path class=\"boundary\" fill=\"none\" stroke=\"#333\" stroke-width=\"2\" "
                     "stroke-linecap=\"round\" d=\"{}\"/>\n", contour.line);
  svg += points_svg(data, area, plot);
  svg += axes_svg(axes);
  svg += legend_svg(plot.left + plot.width + 16, plot.top, legend_width,
                    {{LegendEntry::Mark::circle, class_colour(true), "class 1 (label 1)"},
                     {LegendEntry::Mark::circle, class_colour(false), "class 0 (label 0)"},
                     {LegendEntry::Mark::square, region_colour(true), "score > 0: predicted 1"},
                     {LegendEntry::Mark::square, region_colour(false), "score < 0: predicted 0"},
                     {LegendEntry::Mark::line, "#333", "boundary: score = 0"}});
  svg += "</svg>\n";
  write_file_atomically(path, svg);
}

void write_loss_curve_svg(const std::filesystem::path& path, std::span<const double> losses, std::string_view title) {
  if (losses.empty()) throw std::invalid_argument("write_loss_curve_svg: no losses to plot");
  for (std::size_t step = 0; step < losses.size(); ++step)
    if (!std::isfinite(losses[step]))
      throw std::invalid_argument(
          fmt::format("write_loss_curve_svg: the loss at step {} is {}, not a finite number", step, losses[step]));
  const auto [lowest, highest] = std::minmax_element(losses.begin(), losses.end());
  Axes axes;
  axes.plot = {plot_left, plot_top, 460, 280};
  axes.x = nice_ticks(0.0, std::max(1.0, static_cast<double>(losses.size() - 1)), 6);
  axes.y = nice_ticks(std::min(0.0, *lowest), *highest, 6);
  axes.x_label = "step (updates done)", axes.y_label = "loss", axes.title = std::string(title);

  const Box& plot = axes.plot;
  std::string svg = svg_start(plot.left + plot.width + 20, plot.top + plot.height + 48);
  svg += axes_svg(axes);
  svg += fmt::format("<polyline class=\"curve\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\" points=\"",
                     positive_colour);
  for (std::size_t step = 0; step < losses.size(); ++step)
    svg += fmt::format("{:.2f},{:.2f} ", axes.x_at(static_cast<double>(step)), axes.y_at(losses[step]));
  svg += "\"/>\n";
  svg += legend_svg(plot.left + plot.width - 170, plot.top + 8, 162,
                    {{LegendEntry::Mark::line, std::string(positive_colour), "loss after k updates"}});
  svg += "</svg>\n";
  write_file_atomically(path, svg);
}

}  // namespace backprop::nn
