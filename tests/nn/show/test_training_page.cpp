// Tests for nn/training_page: the page's structure against a golden file,
// frames captured on the page's grid, every history it refuses, and the
// size of the page the moons example writes by default.
#include <catch2/catch.hpp>

#include <filesystem>

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
      frame.layers = nn::layer_weights(model);
      history.frames.push_back(std::move(frame));
    };
    capture(0);
    history.losses = {0.9, 0.7};
    history.accuracies = {0.5, 0.75};
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
  CHECK(page.find("after 2 steps: loss 0.7, accuracy 75.0%") != std::string::npos);
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
  refused(history, "2 losses but 1 accuracies: give one of each per step");
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
  refused(history, "frame 1 is at step 3, past the last step (2)");
  history = run.history;
  history.frames[1].scores.pop_back();
  refused(history, "frame 1 has 15 scores, not 4 x 4 = 16 (capture it with the same resolution)");
  history = run.history;
  history.frames[1].layers[0].pop_back();
  refused(history, "frame 1, layer 0: 1 neurons, not 2 as in the first frame");
  history = run.history;
  history.frames[0].layers[1][0].push_back(1.0);
  refused(history, "frame 0, layer 1: a neuron has 4 numbers, not 2 weights and a bias");
  const nn::Dataset three_features{{{1.0, 2.0, 3.0}}, {1.0}};
  CHECK_THROWS_WITH(nn::training_page(three_features, run.history, run.options),
                    "training_page: needs 2 features per sample, got 3");
}

TEST_CASE("a run that diverges still gets a page", "[training_page]") {
  backprop::GraphScope scope;
  Run run;
  run.history.losses[1] = std::numeric_limits<double>::infinity();
  run.history.frames[1].scores[0] = std::numeric_limits<double>::quiet_NaN();
  const std::string page = nn::training_page(run.data, run.history, run.options);
  CHECK(page.find("{\"step\":2,\"loss\":null,\"accuracy\":0.75,") != std::string::npos);
  CHECK(page.find("after 2 steps: loss not finite") != std::string::npos);
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
  CHECK(page.find("after 100 steps") != std::string::npos);
}

TEST_CASE("a long run's page grows with its frames, not its steps", "[training_page]") {
  backprop::GraphScope scope;
  Run run;
  run.history.losses.assign(1'000'000, 0.5);
  run.history.accuracies.assign(1'000'000, 0.75);
  run.history.frames[1].step = 1'000'000;
  const std::string page = nn::training_page(run.data, run.history, run.options);
  CHECK(page.size() < 60'000);
  CHECK(page.find("after 1000000 steps: loss 0.5, accuracy 75.0%") != std::string::npos);
}
