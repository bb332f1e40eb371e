// The shared parts of charts (chart.hpp): nice-number ticks, axes, legends.
#include "nn/show/chart.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

#include "autodiff/show/html_text.hpp"

namespace backprop::nn {

namespace {

// The round number (1, 2, 5 or 10 times a power of ten) nearest `x`.
double nice_number(double x) {
  const double power = std::pow(10.0, std::floor(std::log10(x)));
  const double fraction = x / power;
  return power * (fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10);
}

}  // namespace

Ticks nice_ticks(double low, double high, int count) {
  if (!std::isfinite(low) || !std::isfinite(high))
    throw std::invalid_argument(fmt::format("nice_ticks: the range [{}, {}] is not finite", low, high));
  if (low > high) std::swap(low, high);
  if (high - low < 1e-12 * std::max(1.0, std::fabs(high))) {  // one value: a unit around it
    const double pad = std::max(0.5, 0.1 * std::fabs(low));
    low -= pad, high += pad;
  }
  count = std::max(2, count);
  Ticks ticks;
  ticks.step = nice_number((high - low) / (count - 1));
  ticks.low = std::floor(low / ticks.step + 1e-9) * ticks.step;
  ticks.high = std::ceil(high / ticks.step - 1e-9) * ticks.step;
  const auto steps = static_cast<long>(std::lround((ticks.high - ticks.low) / ticks.step));
  for (long k = 0; k <= steps; ++k) ticks.values.push_back(ticks.low + static_cast<double>(k) * ticks.step);
  return ticks;
}

std::string tick_label(double value, double step) {
  const int decimals = std::max(0, -static_cast<int>(std::floor(std::log10(step) + 1e-9)));
  if (std::fabs(value) < step * 1e-6) value = 0.0;  // never "-0"
  return fmt::format("{:.{}f}", value, decimals);
}

double Axes::x_at(double x) const { return plot.left + (x - this->x.low) / (this->x.high - this->x.low) * plot.width; }

double Axes::y_at(double y) const {
  return plot.top + (this->y.high - y) / (this->y.high - this->y.low) * plot.height;
}

std::string axes_svg(const Axes& axes) {
  const Box& plot = axes.plot;
  const double bottom = plot.top + plot.height, right = plot.left + plot.width;
  std::string svg = "<g class=\"axes\" font-family=\"sans-serif\" font-size=\"11\" fill=\"#333\">\n";
  for (double x : axes.x.values) {
    const double at = axes.x_at(x);
    if (axes.grid)
      svg += fmt::format("<line x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{0:.1f}\" y2=\"{2:.1f}\" stroke=\"#e3e3e3\"/>",
                         at, plot.top, bottom);
    svg += fmt::format("<line x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{0:.1f}\" y2=\"{2:.1f}\" stroke=\"#333\"/>"
                       "<text x=\"{0:.1f}\" y=\"{3:.1f}\" text-anchor=\"middle\">{4}</text>\n",
                       at, bottom, bottom + 4, bottom + 15, tick_label(x, axes.x.step));
  }
  for (double y : axes.y.values) {
    const double at = axes.y_at(y);
    if (axes.grid)
      svg += fmt::format("<line x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{2:.1f}\" y2=\"{1:.1f}\" stroke=\"#e3e3e3\"/>",
                         plot.left, at, right);
    const std::string label = axes.y_percent ? tick_label(100 * y, 100 * axes.y.step) + "%" : tick_label(y, axes.y.step);
    svg += fmt::format("<line x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{2:.1f}\" y2=\"{1:.1f}\" stroke=\"#333\"/>"
                       "<text x=\"{3:.1f}\" y=\"{4:.1f}\" text-anchor=\"end\">{5}</text>\n",
                       plot.left - 4, at, plot.left, plot.left - 6, at + 4, label);
  }
  svg += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"none\" stroke=\"#333\"/>\n",
                     plot.left, plot.top, plot.width, plot.height);
  svg += fmt::format("<text class=\"x-label\" x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">{}</text>\n",
                     plot.left + plot.width / 2, bottom + 30, escape_html(axes.x_label));
  svg += fmt::format("<text class=\"y-label\" transform=\"translate({:.1f} {:.1f}) rotate(-90)\" "
                     "text-anchor=\"middle\">{}</text>\n",
                     plot.left - 38, plot.top + plot.height / 2, escape_html(axes.y_label));
  if (!axes.title.empty())
    svg += fmt::format("<text class=\"title\" x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\" font-size=\"14\" "
                       "font-weight=\"bold\">{}</text>\n",
                       plot.left + plot.width / 2, plot.top - 12, escape_html(axes.title));
  return svg + "</g>\n";
}

std::string legend_svg(double left, double top, double width, const std::vector<LegendEntry>& entries) {
  constexpr double line = 18;
  std::string svg = fmt::format(
      "<g class=\"legend\" font-family=\"sans-serif\" font-size=\"11\" fill=\"#333\">\n"
      "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"white\" fill-opacity=\"0.9\" "
      "stroke=\"#bbb\" rx=\"3\"/>\n",
      left, top, width, line * static_cast<double>(entries.size()) + 8);
  for (std::size_t k = 0; k < entries.size(); ++k) {
    const LegendEntry& entry = entries[k];
    const double x = left + 8, y = top + 4 + line * (static_cast<double>(k) + 0.5);
    switch (entry.mark) {
      case LegendEntry::Mark::square:
        svg += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"12\" height=\"12\" fill=\"{}\" stroke=\"#999\"/>",
                           x, y - 6, entry.colour);
        break;
      case LegendEntry::Mark::circle:
        svg += fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"4.5\" fill=\"{}\" stroke=\"white\"/>", x + 6, y,
                           entry.colour);
        break;
      case LegendEntry::Mark::line:
        svg += fmt::format("<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"{}\" "
                           "stroke-width=\"2.5\"/>", x, y, x + 12, y, entry.colour);
        break;
    }
    svg += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\">{}</text>\n", x + 18, y + 4, escape_html(entry.text));
  }
  return svg + "</g>\n";
}

}  // namespace backprop::nn
