// training_page(): checks the history, draws the last frame as SVG (the page
// without script), and embeds every frame compactly as JSON for the script
// (training_page_assets.hpp): a frame's regions are one character per grid
// cell (a shade from strong class 0 to strong class 1), its weights numbers
// of four significant digits, so a hundred-step run stays far below 2 MB.
// The curves have at most about one point per pixel whatever the number of
// steps, so the page grows with the frames only.
#include "nn/show/training_page.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <fmt/format.h>
#include <fmt/ranges.h>  // fmt::join

#include "autodiff/show/html_text.hpp"
#include "nn/io/atomic_file.hpp"
#include "nn/show/plot.hpp"
#include "nn/show/training_page_assets.hpp"

namespace backprop::nn {

namespace {

constexpr double canvas = 360;  // the regions and the network, pixels per side
constexpr double chart_width = 360, chart_height = 170;
constexpr double chart_left = 48, chart_right = 12, chart_top = 12, chart_bottom = 30;

// A score as one of eight shades, '0' (surely class 0) to '7' (surely
// class 1), with '4' and up where the score is > 0; 'n' where it is NaN.
char shade(double score) {
  if (std::isnan(score)) return 'n';
  const double sure = std::tanh(score);  // -1 .. 1
  const int level = score > 0.0 ? 4 + std::min(3, static_cast<int>(sure * 4)) : 3 - std::min(3, static_cast<int>(-sure * 4));
  return static_cast<char>('0' + level);
}

// The fills of the shades '0' to '7'; the script reads them from the page.
constexpr const char* shade_fills[] = {"#7fa8dc", "#98b9e3", "#b3cbea", "#d3e1f3",
                                       "#f9dcc6", "#f4c7a1", "#eeab7a", "#e88f55"};
constexpr const char* no_shade_fill = "#cccccc";
// Weights and biases: orange when positive, blue when negative.
constexpr const char* positive_colour = "#d9480f";
constexpr const char* negative_colour = "#1c5fb0";

std::string shade_fill(char c) { return c >= '0' && c <= '7' ? shade_fills[c - '0'] : no_shade_fill; }

// Numbers in the embedded JSON: short, and null where JSON has no number.
std::string json_number(double x) { return std::isfinite(x) ? fmt::format("{:.4g}", x) : "null"; }

// Numbers for people to read on the page.
std::string shown_number(double x) { return std::isfinite(x) ? fmt::format("{:.4g}", x) : "not finite"; }

std::string json_numbers(const std::vector<double>& values) {
  std::string text = "[";
  for (std::size_t k = 0; k < values.size(); ++k) text += (k ? "," : "") + json_number(values[k]);
  return text + "]";
}

// Neurons per column of the network picture: 2 inputs, then each layer.
std::vector<std::size_t> network_columns(const std::vector<LayerWeights>& layers) {
  std::vector<std::size_t> columns{2};
  for (const LayerWeights& layer : layers) columns.push_back(layer.size());
  return columns;
}

// Throws unless the page can be drawn; gives the area it shows.
PlotArea check(const Dataset& data, const TrainingHistory& history, const TrainingPageOptions& options) {
  auto refuse = [](const std::string& problem) { throw std::invalid_argument("training_page: " + problem); };
  if (options.resolution < 2 || options.resolution > 200)
    refuse(fmt::format("resolution must be in [2, 200], got {}", options.resolution));
  if (history.losses.empty()) refuse("the history has no steps (no losses)");
  if (history.losses.size() != history.accuracies.size())
    refuse(fmt::format("{} losses but {} accuracies: give one of each per step", history.losses.size(),
                       history.accuracies.size()));
  if (history.frames.empty()) refuse("the history has no frames; capture one with capture_frame");
  const std::size_t cells = static_cast<std::size_t>(options.resolution) * options.resolution;
  const auto& shape = history.frames.front().layers;
  for (std::size_t f = 0; f < history.frames.size(); ++f) {
    const TrainingFrame& frame = history.frames[f];
    if (f > 0 && frame.step <= history.frames[f - 1].step)
      refuse(fmt::format("frame {} (step {}) does not come after frame {} (step {})", f, frame.step, f - 1,
                         history.frames[f - 1].step));
    if (frame.step > history.losses.size())
      refuse(fmt::format("frame {} is at step {}, past the last step ({})", f, frame.step, history.losses.size()));
    if (frame.scores.size() != cells)
      refuse(fmt::format("frame {} has {} scores, not {} x {} = {} (capture it with the same resolution)", f,
                         frame.scores.size(), options.resolution, options.resolution, cells));
    if (frame.layers.size() != shape.size()) refuse(fmt::format("frame {} has another number of layers", f));
    std::size_t inputs = 2;
    for (std::size_t l = 0; l < frame.layers.size(); ++l) {
      if (frame.layers[l].size() != shape[l].size() || frame.layers[l].empty())
        refuse(fmt::format("frame {}, layer {}: {} neurons, not {} as in the first frame", f, l,
                           frame.layers[l].size(), shape[l].size()));
      for (const auto& neuron : frame.layers[l])
        if (neuron.size() != inputs + 1)
          refuse(fmt::format("frame {}, layer {}: a neuron has {} numbers, not {} weights and a bias", f, l,
                             neuron.size(), inputs));
      inputs = frame.layers[l].size();
    }
  }
  return plot_area(data, "training_page");  // throws unless 2-D
}

// A curve on labelled axes with a marker the script moves; the geometry
// the script needs is in data- attributes.
std::string chart_svg(const std::string& id, const std::string& title, const std::vector<double>& values,
                      double low, double high, bool percent) {
  const double plot_width = chart_width - chart_left - chart_right;
  const double plot_height = chart_height - chart_top - chart_bottom;
  const double span = std::max(high - low, 1e-12);
  auto x_at = [&](std::size_t k) {
    return chart_left + (values.size() == 1 ? 0.0 : static_cast<double>(k) / (values.size() - 1) * plot_width);
  };
  auto y_at = [&](double v) { return chart_top + (high - std::clamp(v, low, high)) / span * plot_height; };
  auto axis_label = [&](double v) { return percent ? fmt::format("{:.0f}%", 100 * v) : fmt::format("{:.3g}", v); };
  std::string svg = fmt::format(
      "<svg id=\"{0}\" class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{1:.0f}\" height=\"{2:.0f}\" "
      "viewBox=\"0 0 {1:.0f} {2:.0f}\" data-left=\"{3:.1f}\" data-top=\"{4:.1f}\" data-width=\"{5:.1f}\" "
      "data-height=\"{6:.1f}\" data-low=\"{7}\" data-high=\"{8}\">\n"
      "<line class=\"axis\" x1=\"{3:.1f}\" y1=\"{9:.1f}\" x2=\"{10:.1f}\" y2=\"{9:.1f}\"/>"
      "<line class=\"axis\" x1=\"{3:.1f}\" y1=\"{4:.1f}\" x2=\"{3:.1f}\" y2=\"{9:.1f}\"/>\n"
      "<text class=\"axis-label\" x=\"{11:.1f}\" y=\"{12:.1f}\">{13}</text>"
      "<text class=\"axis-value\" x=\"{14:.1f}\" y=\"{15:.1f}\">{16}</text>"
      "<text class=\"axis-value\" x=\"{14:.1f}\" y=\"{9:.1f}\">{17}</text>"
      "<text class=\"axis-step\" x=\"{10:.1f}\" y=\"{18:.1f}\">{19}</text>\n",
      id, chart_width, chart_height, chart_left, chart_top, plot_width, plot_height, json_number(low),
      json_number(high), chart_top + plot_height, chart_left + plot_width, chart_left + plot_width / 2,
      chart_height - 6, escape_html(title), chart_left - 4, chart_top + 8, axis_label(high), axis_label(low),
      chart_top + plot_height + 14, values.size());
  // At most about one point per pixel, so that a long run keeps a small page.
  const std::size_t stride = std::max<std::size_t>(1, values.size() / static_cast<std::size_t>(plot_width));
  svg += "<polyline class=\"curve\" points=\"";
  for (std::size_t k = 0; k < values.size(); k += stride)
    if (std::isfinite(values[k])) svg += fmt::format("{:.1f},{:.1f} ", x_at(k), y_at(values[k]));
  const std::size_t last = values.size() - 1;
  const double last_y = std::isfinite(values[last]) ? y_at(values[last]) : chart_top;
  svg += fmt::format(
      "\"/>\n<line class=\"marker\" x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{0:.1f}\" y2=\"{2:.1f}\"/>"
      "<circle class=\"marker-dot\" cx=\"{0:.1f}\" cy=\"{3:.1f}\" r=\"4\"/>\n</svg>\n",
      x_at(last), chart_top, chart_top + plot_height, last_y);
  return svg;
}

// The network of the last frame: one line per weight (in the order of the
// frames' "w" arrays), one circle per neuron (biases in "b").
std::string network_svg(const std::vector<LayerWeights>& layers, double weight_scale) {
  const std::vector<std::size_t> columns = network_columns(layers);
  auto position = [&](std::size_t column, std::size_t row) {
    const double x = 30 + static_cast<double>(column) * (canvas - 60) / static_cast<double>(columns.size() - 1);
    const double y = 20 + (static_cast<double>(row) + 0.5) * (canvas - 40) / static_cast<double>(columns[column]);
    return std::pair{x, y};
  };
  auto colour = [](double w) { return w >= 0 ? positive_colour : negative_colour; };
  std::string svg = fmt::format(
      "<svg id=\"network\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{0:.0f}\" height=\"{0:.0f}\" "
      "viewBox=\"0 0 {0:.0f} {0:.0f}\" data-scale=\"{1}\">\n",
      canvas, json_number(weight_scale));
  for (std::size_t l = 0; l < layers.size(); ++l)
    for (std::size_t j = 0; j < layers[l].size(); ++j)
      for (std::size_t i = 0; i + 1 < layers[l][j].size(); ++i) {
        const auto [x1, y1] = position(l, i);
        const auto [x2, y2] = position(l + 1, j);
        const double w = layers[l][j][i], t = std::min(1.0, std::fabs(w) / weight_scale);
        svg += fmt::format("<line class=\"weight\" x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" "
                           "stroke=\"{}\" stroke-width=\"{:.2f}\" stroke-opacity=\"{:.2f}\"/>\n",
                           x1, y1, x2, y2, colour(w), 0.3 + 3.2 * t, 0.25 + 0.7 * t);
      }
  for (std::size_t c = 0; c < columns.size(); ++c)
    for (std::size_t r = 0; r < columns[c]; ++r) {
      const auto [x, y] = position(c, r);
      const bool input = c == 0;
      const double bias = input ? 0.0 : layers[c - 1][r].back();
      svg += fmt::format("<circle class=\"{}\" cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"6\" fill=\"{}\"/>\n",
                         input ? "input" : "neuron", x, y, input ? "#666" : colour(bias));
    }
  return svg + "<text class=\"axis-label\" x=\"30\" y=\"14\">x, y</text>"
               "<text class=\"axis-label\" x=\"330\" y=\"14\">score</text>\n</svg>\n";
}

}  // namespace

TrainingFrame capture_frame(std::size_t step, const Dataset& data, const std::function<double(double, double)>& score,
                            int resolution) {
  const PlotArea area = plot_area(data, "capture_frame");
  if (resolution < 2 || resolution > 200)
    throw std::invalid_argument(fmt::format("capture_frame: resolution must be in [2, 200], got {}", resolution));
  TrainingFrame frame;
  frame.step = step;
  frame.scores = grid_scores(area, resolution, score);
  return frame;
}

std::vector<LayerWeights> layer_weights(const MLP& model) {
  std::vector<LayerWeights> layers;
  for (const Layer& layer : model.layers()) {
    LayerWeights weights(layer.outputs());
    for (std::size_t j = 0; j < layer.outputs(); ++j)
      for (const Value& w : layer.weights().row(j)) weights[j].push_back(w.data());
    layers.push_back(std::move(weights));
  }
  return layers;
}

std::string training_page(const Dataset& data, const TrainingHistory& history, const TrainingPageOptions& options) {
  const PlotArea area = check(data, history, options);
  const TrainingFrame& last = history.frames.back();
  const bool has_network = !last.layers.empty();
  const std::size_t steps = history.losses.size();

  double weight_scale = 1e-12;  // the largest weight of any frame: widths compare across frames
  for (const TrainingFrame& frame : history.frames)
    for (const LayerWeights& layer : frame.layers)
      for (const auto& neuron : layer)
        for (std::size_t i = 0; i + 1 < neuron.size(); ++i)
          if (std::isfinite(neuron[i])) weight_scale = std::max(weight_scale, std::fabs(neuron[i]));

  std::string json = fmt::format(
      "{{\"steps\":{},\"resolution\":{},\"palette\":[\"{}\"],\"no_shade\":\"{}\",\"positive\":\"{}\",\"negative\":\"{}\",\n"
      "\"frames\":[\n",
      steps, options.resolution, fmt::join(shade_fills, "\",\""), no_shade_fill, positive_colour, negative_colour);
  std::vector<std::string> grids;
  for (std::size_t f = 0; f < history.frames.size(); ++f) {
    const TrainingFrame& frame = history.frames[f];
    std::string grid;
    for (double score : frame.scores) grid += shade(score);
    std::vector<double> weights, biases;
    for (const LayerWeights& layer : frame.layers)
      for (const auto& neuron : layer) {
        weights.insert(weights.end(), neuron.begin(), neuron.end() - 1);
        biases.push_back(neuron.back());
      }
    // The loss and accuracy the markers show: at the frame's step, or the
    // last step's for a frame after it.
    const std::size_t point = std::min(frame.step, steps - 1);
    json += fmt::format("{{\"step\":{},\"loss\":{},\"accuracy\":{},\"grid\":\"{}\",\"w\":{},\"b\":{}}}{}\n",
                        frame.step, json_number(history.losses[point]), json_number(history.accuracies[point]), grid,
                        json_numbers(weights), json_numbers(biases), f + 1 < history.frames.size() ? "," : "");
    grids.push_back(std::move(grid));
  }
  json += "]}";

  const std::size_t last_index = std::min(last.step, steps - 1);  // the curve point of the last frame
  std::string page = fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<title>{0}</title>\n<style>\n{1}</style>\n</head>\n<body>\n<h1>{0}</h1>\n"
      "<p class=\"summary\">{2} training steps; {3} frames of the decision regions (orange: class 1, blue: "
      "class 0, paler where the score is near 0){4}.</p>\n",
      escape_html(options.title), training_page_style, steps, history.frames.size(),
      has_network ? "; the network's weights drawn orange when positive, blue when negative, wider when larger"
                  : "");
  page += fmt::format(
      "<div id=\"controls\" hidden>\n<button type=\"button\" id=\"play\">&#x25B6; play</button>\n"
      "<input type=\"range\" id=\"frame\" min=\"0\" max=\"{0}\" value=\"{0}\" step=\"1\" aria-label=\"frame\">\n"
      "</div>\n<p id=\"frame-label\">after {1} steps: loss {2}, accuracy {3:.1f}%</p>\n",
      history.frames.size() - 1, last.step, shown_number(history.losses[last_index]),
      100 * history.accuracies[last_index]);
  page += "<div class=\"panels\">\n<figure>\n";
  page += fmt::format(
      "<svg id=\"regions\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{0:.0f}\" height=\"{0:.0f}\" "
      "viewBox=\"0 0 {0:.0f} {0:.0f}\">\n<g id=\"boundary\" data-step=\"{1}\">\n{2}</g>\n<g id=\"points\">\n{3}</g>\n"
      "</svg>\n<figcaption>decision regions and the data</figcaption>\n</figure>\n",
      canvas, last.step, shaded_grid_svg(grids.back(), options.resolution, canvas, shade_fill),
      points_svg(data, area, canvas));
  if (has_network)
    page += "<figure>\n" + network_svg(last.layers, weight_scale) + "<figcaption>the network</figcaption>\n</figure>\n";
  double lowest_loss = 0.0, highest_loss = 1e-12;  // over the finite losses: a diverging run still draws
  for (double loss : history.losses)
    if (std::isfinite(loss)) lowest_loss = std::min(lowest_loss, loss), highest_loss = std::max(highest_loss, loss);
  page += "<figure class=\"charts\">\n" + chart_svg("loss", "loss", history.losses, lowest_loss, highest_loss, false) +
          chart_svg("accuracy", "accuracy", history.accuracies, 0.0, 1.0, true) +
          "<figcaption>loss and accuracy per step; the marker is at the frame's step</figcaption>\n</figure>\n</div>\n";
  page += fmt::format(
      "<table id=\"final\">\n<tr><th>steps</th><td>{}</td></tr>\n<tr><th>first loss</th><td>{}</td></tr>\n"
      "<tr><th>last loss</th><td>{}</td></tr>\n<tr><th>last accuracy</th><td>{:.1f}%</td></tr>\n</table>\n",
      steps, shown_number(history.losses.front()), shown_number(history.losses.back()),
      100 * history.accuracies.back());
  page += fmt::format("<script type=\"application/json\" id=\"training-data\">\n{}\n</script>\n", json);
  page += fmt::format("<script>\n{}</script>\n</body>\n</html>\n", training_page_script);
  return page;
}

void write_training_page(const std::filesystem::path& path, const Dataset& data, const TrainingHistory& history,
                         const TrainingPageOptions& options) {
  write_file_atomically(path, training_page(data, history, options));
}

}  // namespace backprop::nn
