// What every chart the project draws shares (plot.hpp's SVG files, the
// training page's curves): ticks at round numbers (Heckbert's "nice
// numbers"), axes with gridlines, tick labels, axis labels and a title, and a
// legend. Plain SVG text; the charts themselves are drawn by their callers.
#pragma once

#include <string>
#include <vector>

namespace backprop::nn {

// Ticks at round numbers (1, 2 or 5 times a power of ten apart) from `low`
// to `high`, which are multiples of `step` and cover the range asked for.
struct Ticks {
  double low = 0.0, high = 1.0, step = 1.0;
  std::vector<double> values;  // low, low + step, ..., high
};
// About `count` ticks (at least 2) covering [low, high]; an empty range is
// widened around its value. Both ends must be finite.
Ticks nice_ticks(double low, double high, int count = 5);
// A tick's text, with as many decimals as the step needs ("0.5", "-1", "20").
std::string tick_label(double value, double step);

// A rectangle of a picture, in pixels.
struct Box {
  double left = 0.0, top = 0.0, width = 0.0, height = 0.0;
};

struct Axes {
  Box plot;                   // where the data is drawn
  Ticks x, y;                 // the ranges shown are [x.low, x.high] and [y.low, y.high]
  std::string x_label, y_label, title;
  bool grid = true;           // a light line at every tick across the plot
  bool y_percent = false;     // y tick labels as percentages of 1 ("50%")
  double x_at(double x) const;  // pixel column of x
  double y_at(double y) const;  // pixel row of y
};
// The frame, gridlines, ticks and their labels, the axis labels and the
// title, as one <g class="axes">.
std::string axes_svg(const Axes& axes);

// One line of a legend: a square (a region), a circle (a point) or a line
// (a curve or a boundary) of `colour`, then its words.
struct LegendEntry {
  enum class Mark { square, circle, line };
  Mark mark;
  std::string colour;
  std::string text;
};
// A <g class="legend"> with its top left at (left, top), one entry a line,
// on a white box; `width` in pixels.
std::string legend_svg(double left, double top, double width, const std::vector<LegendEntry>& entries);

}  // namespace backprop::nn
