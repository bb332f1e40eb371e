// Tests for nn/training_page: the page's structure against a golden file,
// frames captured on the page's grid, every history it refuses, and the
// size of the page the moons example writes by default.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>

#include <fmt/format.h>

#include "nn/show/show.hpp"
#include "support/file_text.hpp"
#include "support/golden.hpp"
#include "support/html_structure.hpp"
#include "support/run_process.hpp"

namespace nn = backprop::nn;
using backprop::testing::html_structure;
using backprop::testing::read_file;
using backprop::testing::ScratchDir;

namespace {

// Two steps of a tiny network's training, with a frame before and after.
struct Run {
  nn::Dataset data = nn::make_moons(12, 0.1, 3);
  nn::MLP model{2, {2, 1}};
  nn::TrainingHistory history;
  nn::TrainingPageOptions options{"tiny <run>", 4};

  Run() {
    auto score = [this](double x, double y) {
      backprop::GraphScope scope;
      const double point[] = {x, y};
      return model(point)[0].data();
    };
    auto capture = [&](std::size_t step) {
      nn::TrainingFrame frame = nn::capture_frame(step, data, score, options.resolution);
      nn::capture_network(frame, model, data);
      history.frames.push_back(std::move(frame));
    };
    capture(0);
    history.losses = {0.9, 0.8, 0.7};  // after 0, 1 and 2 updates
    history.accuracies = {0.5, 0.6, 0.75};
    for (backprop::Value w : model.parameters()) w.set_data(w.data() * 0.5);
    capture(2);
  }
};

}  // namespace

TEST_CASE("the training page has the golden structure", "[training_page]") {
  backprop::GraphScope scope;
  Run run;
  const std::string page = nn::training_page(run.data, run.history, run.options);
  backprop::testing::check_golden(html_structure(page), "html/training.txt");
  CHECK(page.find("<title>tiny &lt;run&gt;</title>") != std::string::npos);
  CHECK(page.find("src=") == std::string::npos);  // self-contained
  CHECK(page.find("href=") == std::string::npos);
}

TEST_CASE("the page shows the last frame without script", "[training_page]") {
  backprop::GraphScope scope;
  Run run;
  const std::string page = nn::training_page(run.data, run.history, run.options);
  CHECK(page.find("<g id=\"boundary\" data-step=\"2\">\n<rect") != std::string::npos);
  CHECK(page.find("step 2 of 2: loss 0.7, accuracy 75.0%") != std::string::npos);
  CHECK(page.find("value=\"1\" step=\"1\"") != std::string::npos);  // the slider at the last of 2 frames
  // One line per weight (2*2 + 2*1) and one circle per neuron (2 + 1).
  std::size_t lines = 0, neurons = 0;
  for (std::size_t at = page.find("class=\"weight\""); at != std::string::npos; at = page.find("class=\"weight\"", at + 1)) ++lines;
  for (std::size_t at = page.find("class=\"neuron\""); at != std::string::npos; at = page.find("class=\"neuron\"", at + 1)) ++neurons;
  CHECK(lines == 6);
  CHECK(neurons == 3);
}

TEST_CASE("a frame samples the score at the centre of each cell of the page's grid", "[training_page]") {
  const nn::Dataset data{{{0.0, 0.0}, {1.0, 1.0}}, {0.0, 1.0}};
  const auto frame = nn::capture_frame(7, data, [](double x, double y) { return x - 2 * y; }, 2);
  CHECK(frame.step == 7);
  REQUIRE(frame.scores.size() == 4);
  // The area is [-0.1, 1.1] on both axes; cell centres at 0.2 and 0.8, rows from the top.
  CHECK(frame.scores[0] == Approx(0.2 - 2 * 0.8));
  CHECK(frame.scores[1] == Approx(0.8 - 2 * 0.8));
  CHECK(frame.scores[2] == Approx(0.2 - 2 * 0.2));
  CHECK(frame.scores[3] == Approx(0.8 - 2 * 0.2));
  CHECK_THROWS_WITH(nn::capture_frame(0, data, [](double, double) { return 0.0; }, 1),
                    "capture_frame: resolution must be in [2, 200], got 1");
}

TEST_CASE("a history the page cannot show is refused with the reason", "[training_page]") {
  backprop::GraphScope scope;
  Run run;
  auto refused = [&](const nn::TrainingHistory& history, const std::string& reason) {
    CHECK_THROWS_WITH(nn::training_page(run.data, history, run.options), "training_page: " + reason);
  };
  nn::TrainingHistory history = run.history;
  history.accuracies.pop_back();
  refused(history, "3 losses but 2 accuracies: give one of each per step");
  history = run.history;
  history.losses.clear(), history.accuracies.clear();
  refused(history, "the history has no steps (no losses)");
  history = run.history;
  history.frames.clear();
  refused(history, "the history has no frames; capture one with capture_frame");
  history = run.history;
  history.frames[1].step = 0;
  refused(history, "frame 1 (step 0) does not come after frame 0 (step 0)");
  history = run.history;
  history.frames[1].step = 3;
  refused(history, "frame 1 is at step 3, past the last step (2: losses[k] is the loss after k updates)");
  history = run.history;
  history.frames[1].scores.pop_back();
  refused(history, "frame 1 has 15 scores, not 4 x 4 = 16 (capture it with the same resolution)");
  history = run.history;
  history.frames[1].layers[0].pop_back();
  refused(history, "frame 1, layer 0: 1 neurons, not 2 as in the first frame");
  history = run.history;
  history.frames[0].layers[1][0].push_back(1.0);
  refused(history, "frame 0, layer 1: a neuron has 4 numbers, not 2 weights and a bias");
  history = run.history;
  history.frames[1].gradients[1][0].pop_back();
  refused(history, "frame 1: its gradients are not shaped as its layers");
  history = run.history;
  history.frames[0].neuron_maps.pop_back();
  refused(history, "frame 0: 1 neuron maps for 2 hidden neurons");
  history = run.history;
  history.frames[0].neuron_maps[1].pop_back();
  refused(history, "frame 0: a neuron map has 255 outputs, not 16 x 16");
  const nn::Dataset three_features{{{1.0, 2.0, 3.0}}, {1.0}};
  CHECK_THROWS_WITH(nn::training_page(three_features, run.history, run.options),
                    "training_page: needs 2 features per sample, got 3 in row 0");
}

TEST_CASE("a run that diverges still gets a page", "[training_page]") {
  backprop::GraphScope scope;
  Run run;
  run.history.losses[2] = std::numeric_limits<double>::infinity();
  run.history.frames[1].scores[0] = std::numeric_limits<double>::quiet_NaN();
  const std::string page = nn::training_page(run.data, run.history, run.options);
  CHECK(page.find("{\"step\":2,\"loss\":null,\"accuracy\":0.75,") != std::string::npos);
  CHECK(page.find("step 2 of 2: loss not finite") != std::string::npos);
}

TEST_CASE("the moons example writes its training page, under 2 MB by default", "[training_page]") {
  ScratchDir dir("moons-page");
  const auto result = backprop::testing::run_process(BACKPROP_MOONS_EXAMPLE, {"--out", dir.path().string()});
  INFO(result.err);
  REQUIRE(result.status == 0);
  const std::string page = read_file(dir / "moons_training.html");
  CHECK(page.size() < 2'000'000);
  CHECK(page.size() > 100'000);  // 51 frames of 40 x 40 cells and 337 numbers each
  std::size_t frames = 0;
  for (std::size_t at = page.find("{\"step\":"); at != std::string::npos; at = page.find("{\"step\":", at + 1)) ++frames;
  CHECK(frames == 51);  // before training, then every 2 of the 100 steps
  CHECK(page.find("step 100 of 100") != std::string::npos);
}

TEST_CASE("a long run's page grows with its frames, not its steps", "[training_page]") {
  backprop::GraphScope scope;
  Run run;
  run.history.losses.assign(1'000'001, 0.5);
  run.history.accuracies.assign(1'000'001, 0.75);
  run.history.frames[1].step = 1'000'000;
  const std::string page = nn::training_page(run.data, run.history, run.options);
  CHECK(page.size() < 60'000);
  CHECK(page.find("step 1000000 of 1000000: loss 0.5, accuracy 75.0%") != std::string::npos);
}

TEST_CASE("the network panel names each weight as named_parameters() does", "[training_page]") {
  backprop::GraphScope scope;
  Run run;
  const std::string page = nn::training_page(run.data, run.history, run.options);
  std::vector<std::string> expected;  // the weights, without the biases, in the page's order
  for (const auto& parameter : run.model.named_parameters())
    if (!parameter.name.ends_with(".b")) expected.push_back(parameter.name);
  std::vector<std::string> named;
  const std::string marker = "class=\"weight\" data-name=\"";
  for (std::size_t at = page.find(marker); at != std::string::npos; at = page.find(marker, at + 1)) {
    const std::size_t start = at + marker.size();
    named.push_back(page.substr(start, page.find('"', start) - start));
  }
  CHECK(named == expected);
  CHECK(page.find("<g class=\"neuron\" tabindex=\"0\" data-name=\"layers.0.neurons.1\">") != std::string::npos);
}

TEST_CASE("a frame holds each hidden neuron's output over the plane, and the gradients", "[training_page]") {
  backprop::GraphScope scope;
  nn::MLP model(2, {3, 1}, {.seed = 5});
  const nn::Dataset data{{{0.0, 0.0}, {1.0, 1.0}}, {0.0, 1.0}};
  nn::TrainingFrame frame;
  backprop::Value out = model(std::vector<double>{0.5, 0.5})[0];
  out.backward();
  nn::capture_network(frame, model, data);
  REQUIRE(frame.neuron_maps.size() == 3);  // the hidden neurons only
  const nn::Layer& hidden = model.layers()[0];
  // The first cell's centre, as the page's grids place it: top left.
  const nn::PlotArea area = nn::plot_area(data, "test");
  const double x = area.x_at(0, nn::neuron_map_resolution), y = area.y_at(0, nn::neuron_map_resolution);
  for (std::size_t j = 0; j < 3; ++j) {
    REQUIRE(frame.neuron_maps[j].size() == nn::neuron_map_resolution * nn::neuron_map_resolution);
    const auto w = hidden.weights().row(j);
    const double sum = w[0].data() * x + w[1].data() * y + w[2].data();
    CHECK(frame.neuron_maps[j][0] == Approx(std::max(0.0, sum)));  // relu
    CHECK(frame.gradients[0][j][0] == hidden.weights().row(j)[0].grad());
  }
}

TEST_CASE("one step numbering: the terminal, the loss curve and the page agree on step k", "[training_page]") {
  ScratchDir dir("moons-steps");
  const auto result = backprop::testing::run_process(BACKPROP_MOONS_EXAMPLE, {"--steps", "20", "--out", dir.path().string()});
  INFO(result.err);
  REQUIRE(result.status == 0);
  // The terminal: "step  10/20  loss 0.123456  accuracy  85.0%", steps 0, 10 and 20.
  const auto at = result.out.find("step  10/20  loss ");
  REQUIRE(at != std::string::npos);
  const double terminal_loss = std::stod(result.out.substr(at + 18, 8));
  CHECK(result.out.find("step   0/20") != std::string::npos);
  CHECK(result.out.find("step  20/20") != std::string::npos);
  // The page: frame at step 10 has the same loss (4 digits), and the last frame is step 20.
  const std::string page = read_file(dir / "moons_training.html");
  const auto frame = page.find("{\"step\":10,\"loss\":");
  REQUIRE(frame != std::string::npos);
  CHECK(std::stod(page.substr(frame + 18, 10)) == Approx(terminal_loss).epsilon(1e-3));
  const auto last_loss = result.out.find("step  20/20  loss ");
  REQUIRE(last_loss != std::string::npos);
  CHECK(page.find(fmt::format("step 20 of 20: loss {:.4g}", std::stod(result.out.substr(last_loss + 18, 8)))) !=
        std::string::npos);
  // The curve: 21 points (steps 0 to 20), the x axis ending at 20.
  const std::string curve = read_file(dir / "moons_loss.svg");
  const auto points = curve.find("class=\"curve\"");
  REQUIRE(points != std::string::npos);
  const std::string polyline = curve.substr(points, curve.find("\"/>", points) - points);
  CHECK(std::count(polyline.begin(), polyline.end(), ',') == 21);
  CHECK(curve.find("text-anchor=\"middle\">20</text>") != std::string::npos);
}
