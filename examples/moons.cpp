// micrograd's demo: a small MLP learns to separate two interleaving moons.
//
// Each step is the whole story of how a network learns: a forward pass over
// all 100 points, a loss (how wrong the scores are), a backward pass (how
// each parameter should change to reduce it) and an update. Every few steps
// a frame of the decision regions and the weights is kept for a page that
// replays the training (moons_training.html).
//
//   moons [--steps N] [--seed S] [--out DIR]
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <string_view>
#include <vector>

#include <autodiff/autodiff.hpp>
#include <nn/io/io.hpp>
#include <nn/nn.hpp>
#include <nn/show/show.hpp>

#include "tools/program.hpp"

using backprop::Value;
namespace nn = backprop::nn;

namespace {

struct Options {
  std::size_t steps = 100;
  std::uint64_t seed = 1;
  std::filesystem::path out = ".";
};

constexpr std::string_view usage = R"(usage: moons [--steps N] [--seed S] [--out DIR]

Trains an MLP(2, [16, 16, 1]) to separate two interleaving moons, then
writes DIR/moons_boundary.svg, moons_loss.svg, moons_training.html (a page
that replays the training) and moons_model.txt (the trained model).
  --steps N  training steps (default 100)
  --seed S   seeds the data and the initial weights (default 1)
  --out DIR  where to write the files (default: the current directory)
  --version  print the version
)";

// The whole example, once the command line is read.
int train(const Options& options) {
  // 100 points in two classes, labelled -1 and +1 for the max-margin loss.
  const nn::Dataset data = nn::make_moons(100, 0.1, options.seed);
  const std::vector<double> labels = nn::signed_labels(data.targets);
  // The points become Values once, before training: they are inputs, not parameters.
  std::vector<std::vector<Value>> points;
  for (const auto& row : data.inputs) points.emplace_back(row.begin(), row.end());

  // 2 inputs -> 16 ReLU -> 16 ReLU -> 1 linear score: 337 parameters.
  const nn::MLP model(2, {16, 16, 1}, {.seed = options.seed});
  const std::vector<Value> parameters = model.parameters();
  // micrograd's schedule: the learning rate falls from 1.0 to 0.1.
  const double steps = static_cast<double>(options.steps);
  nn::SGD optimizer(parameters, [steps](std::size_t k) { return 1.0 - 0.9 * k / steps; });

  // The model's score for one point, computed without recording anything.
  auto score = [&model](double x, double y) {
    backprop::GraphScope scope;
    backprop::NoGrad no_grad;
    const double point[] = {x, y};
    return model(point)[0].data();
  };
  // The training page keeps about 50 frames: the regions and the network now.
  const std::size_t frame_every = std::max<std::size_t>(1, options.steps / 50);
  nn::TrainingHistory history;
  auto capture = [&](std::size_t updates_done) {
    nn::TrainingFrame frame = nn::capture_frame(updates_done, data, score);
    nn::capture_network(frame, model, data);
    history.frames.push_back(std::move(frame));
  };

  nn::Progress progress(options.steps);  // a live line on a terminal
  double accuracy = 0.0;
  // "Step k" is the model after k updates, in the terminal and every
  // picture: each pass measures it (loss, accuracy, gradients), records it,
  // then makes update k + 1. The last pass, step N, only measures, so that
  // the pictures end on the trained model.
  for (std::size_t step = 0; step <= options.steps; ++step) {
    backprop::GraphScope scope;  // this step's graph is released when the step ends

    // Forward: a score per point; its sign is the predicted class.
    std::vector<Value> scores;
    for (const auto& point : points) scores.push_back(model(point)[0]);
    // Loss: the max-margin loss plus a little L2 to keep weights small.
    Value loss = nn::hinge_loss(scores, labels) + nn::l2_penalty(parameters, 1e-4);
    accuracy = nn::binary_accuracy(scores, labels);

    // Backward: d loss / d parameter for all 337 parameters at once.
    optimizer.zero_grad();
    loss.backward();

    history.losses.push_back(loss.data());
    history.accuracies.push_back(accuracy);
    if (step % frame_every == 0 || step == options.steps) capture(step);
    progress.update(step, loss.data());
    if (step % 10 == 0 || step == options.steps)  // over the live line, which the next step redraws
      progress.print(fmt::format("step {:3}/{}  loss {:.6f}  accuracy {:5.1f}%\n", step, options.steps,
                                 loss.data(), 100 * accuracy));
    if (step == options.steps) break;
    // Update: a small step against the gradient.
    optimizer.step();
  }

  // Pictures: the regions the model assigns to each class, the loss curve,
  // and the page that replays the training.
  std::filesystem::create_directories(options.out);
  const auto boundary = options.out / "moons_boundary.svg";
  const auto curve = options.out / "moons_loss.svg";
  const auto trained = options.out / "moons_model.txt";
  nn::write_decision_boundary_svg(boundary, data, score);
  const auto page = options.out / "moons_training.html";
  nn::write_loss_curve_svg(curve, history.losses);
  nn::write_training_page(page, data, history, {.title = "Two moons: an MLP(2, [16, 16, 1]) learns to separate them"});
  // The trained model, for `backprop model moons_model.txt --input 0.5,-1 -o moons.svg`.
  nn::save(model, trained);
  fmt::print("final accuracy {:.1f}%\nwrote {}, {}, {} and {}\n", 100 * accuracy, boundary.string(),
             curve.string(), page.string(), trained.string());
  return 0;
}

}  // namespace

// The command line (tools/program.hpp: --help, --version, usage errors)
// and checked output: a file or standard output that cannot be written
// is reported as "moons: ..." with exit status 1.
int main(int argc, char** argv) {
  backprop::tools::Program program("moons", std::string(usage));
  Options options;
  std::string out = options.out.string();
  program.number("--steps", options.steps, "a whole number > 0", +[](std::size_t n) { return n > 0; })
      .number("--seed", options.seed, "a whole number")
      .option("--out", out);
  return program.run(argc, argv, [&] {
    options.out = out;
    return train(options);
  });
}
