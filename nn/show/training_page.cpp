// training_page(): checks the history, draws the last frame as SVG (the page
// without script), and embeds every frame compactly as JSON for the script
// (training_page_assets.hpp): a frame's regions and neuron maps are one
// character per grid cell (a shade), its boundary an SVG path, its weights
// and gradients numbers of four significant digits, so a hundred-step run
// stays far below 2 MB. The curves have at most about one point per pixel
// whatever the number of steps, so the page grows with the frames only.
#include "nn/show/training_page.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <fmt/format.h>
#include <fmt/ranges.h>  // fmt::join

#include "autodiff/show/html_text.hpp"
#include "autodiff/show/sign_colours.hpp"
#include "nn/io/atomic_file.hpp"
#include "nn/show/chart.hpp"
#include "nn/show/plot.hpp"
#include "nn/show/training_page_assets.hpp"

namespace backprop::nn {

namespace {

constexpr double canvas = 360;  // the regions, pixels per side
constexpr double chart_width = 360, chart_height = 196;
constexpr Box chart_plot{56, 28, 290, 120};
constexpr double network_width = 420, neuron_spacing = 30, map_side = 26;
constexpr double legend_line = 18;  // legend_svg's height per entry

// A score as one of eight shades, '0' (surely class 0) to '7' (surely
// class 1), with '4' and up where the score is > 0; 'n' where it is NaN.
char shade(double score) {
  if (std::isnan(score)) return 'n';
  const double sure = std::tanh(score);  // -1 .. 1
  const int level = score > 0.0 ? 4 + std::min(3, static_cast<int>(sure * 4)) : 3 - std::min(3, static_cast<int>(-sure * 4));
  return static_cast<char>('0' + level);
}

// The fill of a shade '0' to '7': orange for class 0, blue for class 1, at
// most a little over half strong so that the points, at full strength,
// stand out.
std::string shade_fill(char c) {
  if (c < '0' || c > '7') return "#cccccc";
  const int level = c - '0';
  return signed_colour(level < 4 ? -(4 - level) / 4.0 : (level - 3) / 4.0, 1.0 / 0.55);
}

// A neuron's output relative to the largest |output| on its map, as one of
// nine shades 'a' (-1, orange) to 'e' (0, white) to 'i' (+1, blue).
std::string neuron_map_shades(const std::vector<double>& outputs) {
  double largest = 0.0;
  for (double y : outputs)
    if (std::isfinite(y)) largest = std::max(largest, std::fabs(y));
  std::string shades;
  for (double y : outputs) {
    const double relative = std::isfinite(y) && largest > 0.0 ? y / largest : 0.0;
    shades += static_cast<char>('e' + std::lround(4 * relative));
  }
  return shades;
}
std::string neuron_shade_fill(char c) { return signed_colour((c - 'e') / 4.0, 1.0); }

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

std::size_t hidden_neurons(const std::vector<LayerWeights>& layers) {
  std::size_t count = 0;
  for (std::size_t l = 0; l + 1 < layers.size(); ++l) count += layers[l].size();
  return count;
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
  const std::size_t last_step = history.losses.size() - 1;
  const std::size_t cells = static_cast<std::size_t>(options.resolution) * options.resolution;
  const auto& shape = history.frames.front().layers;
  for (std::size_t f = 0; f < history.frames.size(); ++f) {
    const TrainingFrame& frame = history.frames[f];
    if (f > 0 && frame.step <= history.frames[f - 1].step)
      refuse(fmt::format("frame {} (step {}) does not come after frame {} (step {})", f, frame.step, f - 1,
                         history.frames[f - 1].step));
    if (frame.step > last_step)
      refuse(fmt::format("frame {} is at step {}, past the last step ({}: losses[k] is the loss after k updates)",
                         f, frame.step, last_step));
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
    if (!frame.gradients.empty()) {
      bool same_shape = frame.gradients.size() == frame.layers.size();
      for (std::size_t l = 0; same_shape && l < frame.layers.size(); ++l) {
        same_shape = frame.gradients[l].size() == frame.layers[l].size();
        for (std::size_t j = 0; same_shape && j < frame.layers[l].size(); ++j)
          same_shape = frame.gradients[l][j].size() == frame.layers[l][j].size();
      }
      if (!same_shape) refuse(fmt::format("frame {}: its gradients are not shaped as its layers", f));
    }
    if (!frame.neuron_maps.empty()) {
      const std::size_t expected = hidden_neurons(frame.layers);
      if (frame.neuron_maps.size() != expected)
        refuse(fmt::format("frame {}: {} neuron maps for {} hidden neurons", f, frame.neuron_maps.size(), expected));
      for (const auto& map : frame.neuron_maps)
        if (map.size() != static_cast<std::size_t>(neuron_map_resolution) * neuron_map_resolution)
          refuse(fmt::format("frame {}: a neuron map has {} outputs, not {} x {}", f, map.size(),
                             neuron_map_resolution, neuron_map_resolution));
    }
  }
  return plot_area(data, "training_page");  // throws unless 2-D
}

// A curve over steps 0 to values.size() - 1 on axes at round numbers, with a
// marker the script moves; the geometry the script needs is in data-
// attributes.
std::string chart_svg(const std::string& id, const std::string& y_label, const std::vector<double>& values,
                      double low, double high, bool percent) {
  Axes axes;
  axes.plot = chart_plot;
  axes.x = nice_ticks(0.0, std::max(1.0, static_cast<double>(values.size() - 1)), 6);
  axes.y = percent ? Ticks{0.0, 1.0, 0.25, {0.0, 0.25, 0.5, 0.75, 1.0}} : nice_ticks(low, high, 5);
  axes.x_label = "step (updates done)", axes.y_label = y_label, axes.title = y_label + " after each step";
  axes.y_percent = percent;
  auto y_at = [&](double v) { return axes.y_at(std::clamp(v, axes.y.low, axes.y.high)); };
  const Box& plot = axes.plot;
  std::string svg = fmt::format(
      "<svg id=\"{0}\" class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{1:.0f}\" height=\"{2:.0f}\" "
      "viewBox=\"0 0 {1:.0f} {2:.0f}\" data-left=\"{3:.1f}\" data-top=\"{4:.1f}\" data-width=\"{5:.1f}\" "
      "data-height=\"{6:.1f}\" data-low=\"{7}\" data-high=\"{8}\" data-last-tick=\"{9}\">\n",
      id, chart_width, chart_height, plot.left, plot.top, plot.width, plot.height, json_number(axes.y.low),
      json_number(axes.y.high), json_number(axes.x.high));
  svg += axes_svg(axes);
  // At most about one point per pixel, so that a long run keeps a small page.
  const std::size_t stride = std::max<std::size_t>(1, values.size() / static_cast<std::size_t>(plot.width));
  svg += "<polyline class=\"curve\" points=\"";
  for (std::size_t k = 0; k < values.size(); k += stride)
    if (std::isfinite(values[k])) svg += fmt::format("{:.1f},{:.1f} ", axes.x_at(static_cast<double>(k)), y_at(values[k]));
  const std::size_t last = values.size() - 1;
  const double last_y = std::isfinite(values[last]) ? y_at(values[last]) : plot.top;
  svg += fmt::format(
      "\"/>\n<line class=\"marker\" x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{0:.1f}\" y2=\"{2:.1f}\"/>"
      "<circle class=\"marker-dot\" cx=\"{0:.1f}\" cy=\"{3:.1f}\" r=\"4\"/>\n</svg>\n",
      axes.x_at(static_cast<double>(last)), plot.top, plot.top + plot.height, last_y);
  return svg;
}

// The regions of the last frame, its boundary, the data and a legend.
std::string regions_svg(const Dataset& data, const PlotArea& area, const std::string& grid, const Contour& contour,
                        int resolution, std::size_t step) {
  const std::vector<LegendEntry> legend{
      {LegendEntry::Mark::circle, class_colour(true), "class 1"},
      {LegendEntry::Mark::circle, class_colour(false), "class 0"},
      {LegendEntry::Mark::square, shade_fill('6'), "score > 0 (paler: near 0)"},
      {LegendEntry::Mark::square, shade_fill('1'), "score < 0"},
      {LegendEntry::Mark::line, "#222", "boundary: score = 0"}};
  const double height = canvas + 12 + legend_line * static_cast<double>(legend.size()) + 8;
  return fmt::format(
      "<svg id=\"regions\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{0:.0f}\" height=\"{1:.0f}\" "
      "viewBox=\"0 0 {0:.0f} {1:.0f}\">\n<g id=\"boundary\" data-step=\"{2}\">\n{3}</g>\n"
      "<path id=\"boundary-line\" d=\"{4}\"/>\n<g id=\"points\">\n{5}</g>\n"
      "<text class=\"plane-label\" x=\"{6:.0f}\" y=\"{7:.0f}\">x1 &#x2192;</text>"
      "<text class=\"plane-label\" x=\"6\" y=\"16\">&#x2191; x2</text>\n{8}</svg>\n",
      canvas, height, step, shaded_grid_svg(grid, resolution, canvas, shade_fill), contour.line,
      points_svg(data, area, Box{0, 0, canvas, canvas}), canvas - 40, canvas - 6,
      legend_svg(0, canvas + 12, canvas, legend));
}

// The name named_parameters() gives parameter `input` (the bias: the last)
// of neuron `neuron` in layer `layer`.
std::string parameter_name(std::size_t layer, std::size_t neuron, std::size_t input, std::size_t inputs) {
  if (input == inputs) return fmt::format("layers.{}.neurons.{}.b", layer, neuron);
  return fmt::format("layers.{}.neurons.{}.w.{}", layer, neuron, input);
}

// The network of the last frame: one line per weight (in the order of the
// frames' "w" arrays, data-name as named_parameters() names it), each
// hidden neuron as the map of its output (in the order of "maps"), the
// output neurons as circles coloured by their bias, and a legend.
std::string network_svg(const TrainingFrame& frame, double weight_scale) {
  const std::vector<LayerWeights>& layers = frame.layers;
  const std::vector<std::size_t> columns = network_columns(layers);
  const std::size_t most = *std::max_element(columns.begin(), columns.end());
  const double plot_height = static_cast<double>(most) * neuron_spacing;
  auto position = [&](std::size_t column, std::size_t row) {
    const double x = 40 + static_cast<double>(column) * (network_width - 80) / static_cast<double>(columns.size() - 1);
    const double y = 24 + (static_cast<double>(row) + 0.5) * plot_height / static_cast<double>(columns[column]);
    return std::pair{x, y};
  };
  const std::vector<LegendEntry> legend{
      {LegendEntry::Mark::line, std::string(positive_colour), "weight > 0 (wider: larger)"},
      {LegendEntry::Mark::line, std::string(negative_colour), "weight < 0"},
      {LegendEntry::Mark::square, neuron_shade_fill('i'), "neuron map: output > 0 (over x1, x2)"},
      {LegendEntry::Mark::square, neuron_shade_fill('e'), "output 0"},
      {LegendEntry::Mark::square, neuron_shade_fill('a'), "output < 0"}};
  const double height = 24 + plot_height + 12 + legend_line * static_cast<double>(legend.size()) + 8;
  std::string svg = fmt::format(
      "<svg id=\"network\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{0:.0f}\" height=\"{1:.0f}\" "
      "viewBox=\"0 0 {0:.0f} {1:.0f}\" data-scale=\"{2}\">\n",
      network_width, height, json_number(weight_scale));
  for (std::size_t l = 0; l < layers.size(); ++l)
    for (std::size_t j = 0; j < layers[l].size(); ++j)
      for (std::size_t i = 0; i + 1 < layers[l][j].size(); ++i) {
        const auto [x1, y1] = position(l, i);
        const auto [x2, y2] = position(l + 1, j);
        const double w = layers[l][j][i], t = std::min(1.0, std::fabs(w) / weight_scale);
        svg += fmt::format("<line class=\"weight\" data-name=\"{}\" x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" "
                           "y2=\"{:.1f}\" stroke=\"{}\" stroke-width=\"{:.2f}\" stroke-opacity=\"{:.2f}\"/>\n",
                           parameter_name(l, j, i, layers[l][j].size() - 1), x1, y1, x2, y2,
                           w >= 0 ? positive_colour : negative_colour, 0.3 + 3.2 * t, 0.25 + 0.7 * t);
      }
  for (std::size_t r = 0; r < 2; ++r) {
    const auto [x, y] = position(0, r);
    svg += fmt::format("<g class=\"input\" tabindex=\"0\" data-name=\"x{0}\"><circle cx=\"{1:.1f}\" cy=\"{2:.1f}\" "
                       "r=\"7\"/><text class=\"plane-label\" x=\"{1:.1f}\" y=\"{3:.1f}\">x{0}</text></g>\n",
                       r + 1, x, y, y - 11);
  }
  std::size_t map = 0;
  for (std::size_t l = 0; l < layers.size(); ++l)
    for (std::size_t j = 0; j < layers[l].size(); ++j) {
      const auto [x, y] = position(l + 1, j);
      const double bias = layers[l][j].back();
      svg += fmt::format("<g class=\"neuron\" tabindex=\"0\" data-name=\"layers.{}.neurons.{}\">", l, j);
      if (l + 1 < layers.size() && !frame.neuron_maps.empty())
        svg += fmt::format("<svg class=\"map\" x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.0f}\" height=\"{:.0f}\" "
                           "viewBox=\"0 0 {} {}\">{}</svg><rect class=\"map-frame\" x=\"{:.1f}\" y=\"{:.1f}\" "
                           "width=\"{:.0f}\" height=\"{:.0f}\"/>",
                           x - map_side / 2, y - map_side / 2, map_side, map_side, neuron_map_resolution,
                           neuron_map_resolution,
                           shaded_grid_svg(neuron_map_shades(frame.neuron_maps[map++]), neuron_map_resolution,
                                           neuron_map_resolution, neuron_shade_fill),
                           x - map_side / 2, y - map_side / 2, map_side, map_side);
      else
        svg += fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"7\" fill=\"{}\"/>", x, y,
                           bias >= 0 ? positive_colour : negative_colour);
      svg += "</g>\n";
    }
  return svg + legend_svg(0, 24 + plot_height + 12, network_width, legend) + "</svg>\n";
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

void capture_network(TrainingFrame& frame, const MLP& model, const Dataset& data) {
  const PlotArea area = plot_area(data, "capture_network");
  if (model.layers().empty() || model.layers().front().inputs() != 2)
    throw std::invalid_argument("capture_network: the model must take 2 inputs");
  frame.layers = layer_weights(model);
  frame.gradients.clear();
  for (const Layer& layer : model.layers()) {
    LayerWeights gradients(layer.outputs());
    for (std::size_t j = 0; j < layer.outputs(); ++j)
      for (const Value& w : layer.weights().row(j)) gradients[j].push_back(w.grad());
    frame.gradients.push_back(std::move(gradients));
  }
  frame.neuron_maps.assign(hidden_neurons(frame.layers), {});
  const int n = neuron_map_resolution;
  for (int row = 0; row < n; ++row)
    for (int column = 0; column < n; ++column) {
      GraphScope scope;  // nothing recorded outlives the point
      NoGrad no_grad;
      std::vector<Value> outputs{Value(area.x_at(column, n)), Value(area.y_at(row, n))};
      std::size_t map = 0;
      for (std::size_t l = 0; l + 1 < model.layers().size(); ++l) {
        outputs = model.layers()[l](outputs);
        for (const Value& output : outputs) frame.neuron_maps[map++].push_back(output.data());
      }
    }
}

std::string training_page(const Dataset& data, const TrainingHistory& history, const TrainingPageOptions& options) {
  const PlotArea area = check(data, history, options);
  const TrainingFrame& last = history.frames.back();
  const bool has_network = !last.layers.empty();
  const std::size_t steps = history.losses.size() - 1;  // updates done at the end
  const Box region_box{0, 0, canvas, canvas};

  double weight_scale = 1e-12;  // the largest weight of any frame: widths compare across frames
  for (const TrainingFrame& frame : history.frames)
    for (const LayerWeights& layer : frame.layers)
      for (const auto& neuron : layer)
        for (std::size_t i = 0; i + 1 < neuron.size(); ++i)
          if (std::isfinite(neuron[i])) weight_scale = std::max(weight_scale, std::fabs(neuron[i]));

  std::vector<std::string> palette, map_palette;
  for (char c = '0'; c <= '7'; ++c) palette.push_back(shade_fill(c));
  for (char c = 'a'; c <= 'i'; ++c) map_palette.push_back(neuron_shade_fill(c));
  std::string json = fmt::format(
      "{{\"steps\":{},\"resolution\":{},\"map_resolution\":{},\"palette\":[\"{}\"],\"map_palette\":[\"{}\"],"
      "\"no_shade\":\"{}\",\"positive\":\"{}\",\"negative\":\"{}\",\n\"frames\":[\n",
      steps, options.resolution, neuron_map_resolution, fmt::join(palette, "\",\""), fmt::join(map_palette, "\",\""),
      shade_fill('n'), positive_colour, negative_colour);
  std::vector<std::string> grids;
  Contour last_contour;
  for (std::size_t f = 0; f < history.frames.size(); ++f) {
    const TrainingFrame& frame = history.frames[f];
    std::string grid;
    for (double score : frame.scores) grid += shade(score);
    std::vector<double> weights, biases, weight_gradients, bias_gradients;
    for (const LayerWeights& layer : frame.layers)
      for (const auto& neuron : layer) {
        weights.insert(weights.end(), neuron.begin(), neuron.end() - 1);
        biases.push_back(neuron.back());
      }
    for (const LayerWeights& layer : frame.gradients)
      for (const auto& neuron : layer) {
        weight_gradients.insert(weight_gradients.end(), neuron.begin(), neuron.end() - 1);
        bias_gradients.push_back(neuron.back());
      }
    std::vector<std::string> maps;
    for (const auto& map : frame.neuron_maps) maps.push_back(neuron_map_shades(map));
    const Contour contour = zero_contour(frame.scores, options.resolution, region_box);
    json += fmt::format(
        "{{\"step\":{},\"loss\":{},\"accuracy\":{},\"grid\":\"{}\",\"line\":\"{}\",\"w\":{},\"b\":{},\"gw\":{},"
        "\"gb\":{},\"maps\":[{}]}}{}\n",
        frame.step, json_number(history.losses[frame.step]), json_number(history.accuracies[frame.step]), grid,
        contour.line, json_numbers(weights), json_numbers(biases), json_numbers(weight_gradients),
        json_numbers(bias_gradients), maps.empty() ? "" : "\"" + fmt::format("{}", fmt::join(maps, "\",\"")) + "\"",
        f + 1 < history.frames.size() ? "," : "");
    grids.push_back(std::move(grid));
    if (f + 1 == history.frames.size()) last_contour = contour;
  }
  json += "]}";

  std::string page = fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<title>{0}</title>\n<style>\n{1}</style>\n</head>\n<body>\n<h1>{0}</h1>\n"
      "<p class=\"summary\">{2} training steps (step k: after k updates); {3} frames of the decision regions "
      "(blue: class 1, orange: class 0, paler where the score is near 0){4}.</p>\n",
      escape_html(options.title), training_page_style, steps, history.frames.size(),
      has_network ? "; the network's weights drawn blue when positive, orange when negative, wider when larger, "
                    "and each hidden neuron as a map of its output over the plane"
                  : "");
  page += fmt::format(
      "<div id=\"controls\" hidden>\n<button type=\"button\" id=\"play\">&#x25B6; play</button>\n"
      "<input type=\"range\" id=\"frame\" min=\"0\" max=\"{0}\" value=\"{0}\" step=\"1\" aria-label=\"frame\">\n"
      "</div>\n<p id=\"frame-label\" aria-live=\"polite\">step {1} of {2}: loss {3}, accuracy {4:.1f}%</p>\n",
      history.frames.size() - 1, last.step, steps, shown_number(history.losses[last.step]),
      100 * history.accuracies[last.step]);
  page += "<div class=\"panels\">\n<figure>\n";
  page += regions_svg(data, area, grids.back(), last_contour, options.resolution, last.step);
  page += "<figcaption>decision regions and the data</figcaption>\n</figure>\n";
  if (has_network)
    page += "<figure>\n" + network_svg(last, weight_scale) +
            "<figcaption>the network: point at a weight or a neuron, or focus a neuron (Tab) and name its "
            "weights with &#x2191; &#x2193;</figcaption>\n"
            "<p id=\"network-info\" aria-live=\"polite\">Point at a weight or a neuron to see its name, value "
            "and gradient.</p>\n</figure>\n";
  double lowest_loss = 0.0, highest_loss = 1e-12;  // over the finite losses: a diverging run still draws
  for (double loss : history.losses)
    if (std::isfinite(loss)) lowest_loss = std::min(lowest_loss, loss), highest_loss = std::max(highest_loss, loss);
  page += "<figure class=\"charts\">\n" + chart_svg("loss", "loss", history.losses, lowest_loss, highest_loss, false) +
          chart_svg("accuracy", "accuracy", history.accuracies, 0.0, 1.0, true) +
          "<figcaption>the marker is at the frame's step</figcaption>\n</figure>\n</div>\n";
  page += fmt::format(
      "<table id=\"final\">\n<caption>the end of training</caption>\n<tr><th>steps</th><td>{}</td></tr>\n"
      "<tr><th>loss at step 0</th><td>{}</td></tr>\n<tr><th>loss at step {}</th><td>{}</td></tr>\n"
      "<tr><th>accuracy at step {}</th><td>{:.1f}%</td></tr>\n</table>\n",
      steps, shown_number(history.losses.front()), steps, shown_number(history.losses.back()), steps,
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
