// Tests for nn/model_graph and nn::neuron_clusters: a model drawn as an
// inspector reads it, full and summary, against golden DOT files
// (support/golden.hpp), and the moons model laid out by Graphviz in time and
// at a readable size.
#include <catch2/catch.hpp>

#include <regex>

#include "nn/show/show.hpp"
#include "support/golden.hpp"

using backprop::DotOptions;
using backprop::testing::check_golden_dot;
namespace nn = backprop::nn;

namespace {
const double point[] = {0.5, -1.0};

// The width and height of an SVG picture in points, as Graphviz gives them.
std::pair<double, double> svg_size(const std::string& svg) {
  std::smatch match;
  REQUIRE(std::regex_search(svg, match, std::regex("<svg width=\"(\\d+)pt\" height=\"(\\d+)pt\"")));
  return {std::stod(match[1]), std::stod(match[2])};
}
}  // namespace

TEST_CASE("neuron clusters are named as the neurons' parameters, in their layer's column", "[model_graph]") {
  const nn::MLP model(2, {2, 1});
  const auto clusters = nn::neuron_clusters(model);
  REQUIRE(clusters.size() == 3);
  CHECK(clusters[1].name == "layers.0.neurons.1");
  CHECK(clusters[1].layer == "layers.0");
  CHECK(clusters[2].name == "layers.1.neurons.0");
  CHECK(clusters[2].members.size() == 3);
}

TEST_CASE("MLP(2, [2, 1]) full view: a column per layer, a box per neuron", "[model_graph]") {
  const nn::MLP model(2, {2, 1});
  const std::string dot = nn::model_dot(model, point, {.view = DotOptions::View::full});
  for (const char* part : {"subgraph cluster_layer_0 {\n    label=\"layers.0\";", "label=\"layers.1.neurons.0\";",
                           "[label=\"{ x0 | data 0.5 |", "w.1 -0.7272<br/>"})
    CHECK_THAT(dot, Catch::Contains(part));
  check_golden_dot(dot, "mlp_2_2_1_full.dot");
}

TEST_CASE("a model's graph shows four digits, or every digit when asked", "[model_graph]") {
  const nn::MLP model(2, {2, 1});
  const std::string four = nn::model_dot(model, point, {.view = DotOptions::View::full});
  const std::string every = nn::model_dot(model, point, {.view = DotOptions::View::full, .digits = 0});
  CHECK_THAT(four, Catch::Contains("w.1 -0.7272<br/>"));
  CHECK_THAT(every, Catch::Contains("w.1 -0.7271859272676056<br/>"));
}

TEST_CASE("MLP(2, [2, 1]) summary view: a box per neuron, an edge per weight", "[model_graph]") {
  const nn::MLP model(2, {2, 1});
  const std::string dot = nn::model_dot(model, point);
  CHECK(std::count(dot.begin(), dot.end(), '\n') < 37);  // 29, and 7 of legend
  check_golden_dot(dot, "mlp_2_2_1_summary.dot");
}

TEST_CASE("drawing a model leaves this pass's gradients in it", "[model_graph]") {
  const nn::MLP model(2, {2, 1});
  for (backprop::Value parameter : model.parameters()) parameter.zero_grad();
  nn::model_dot(model, point);
  const double first = model.parameters().back().grad();
  CHECK(first == 1.0);  // d out / d (output bias)
  nn::model_dot(model, point);
  CHECK(model.parameters().back().grad() == first);  // zeroed first: not accumulated
}

TEST_CASE("a model with several outputs is drawn from their sum; inputs can be named", "[model_graph]") {
  const nn::MLP model(2, {3, 2});
  const std::string dot = nn::model_dot(model, point, {.input_names = {"height", "weight"}});
  CHECK_THAT(dot, Catch::Contains("{ sum of outputs | data"));
  CHECK_THAT(dot, Catch::Contains("{ height | data 0.5 |"));
  CHECK_THROWS_WITH(nn::model_dot(model, point, {.input_names = {"height"}}),
                    "model_dot: 2 inputs, but 1 input names");
  CHECK_THROWS_WITH(nn::model_dot(model, std::vector<double>{1.0}), "MLP: expected 2 inputs, got 1");
}

// How long Graphviz takes is measured, not asserted here (`time backprop
// model moons_model.txt --input 0.5,-1 --full -o full.svg`).
TEST_CASE("Graphviz lays out the moons model's full graph at a readable size", "[model_graph]") {
  if (!backprop::can_render()) {
    WARN("not checked: this build has no Graphviz");
    return;
  }
  const nn::MLP model(2, {16, 16, 1});
  const std::string full = nn::model_dot(model, point, {.view = DotOptions::View::full});
  const auto [width, height] = svg_size(backprop::render_dot(full, "svg"));
  INFO("full view " << width << " x " << height << " pt");
  CHECK(height < 2000.0);  // no 4,000-pixel column: 16 neurons at 10-point text
  CHECK(width < 3200.0);
}

TEST_CASE("the moons model's summary fits on one screen", "[model_graph]") {
  if (!backprop::can_render()) {
    WARN("not checked: this build has no Graphviz");
    return;
  }
  const nn::MLP model(2, {16, 16, 1});
  const auto [width, height] = svg_size(backprop::render_dot(nn::model_dot(model, point), "svg"));
  INFO("summary " << width << " x " << height << " pt");
  // 1920 x 1080 pixels at 96 dpi, the size at which a browser shows the SVG
  CHECK(width * 96 / 72 <= 1920);
  CHECK(height * 96 / 72 <= 1080);
}
