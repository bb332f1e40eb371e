// backprop-moons-steps: runs W1's moons step (bench.cpp) a given number of
// times, one phase of it on one engine, and prints what one step records.
// tools/instructions_per_node.sh runs it under callgrind at two step counts
// and divides the difference: instructions per recorded node, per phase.
// It measures nothing itself and checks no gradient (backprop-bench does).
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "autodiff/autodiff.hpp"
#include "nn/nn.hpp"
#ifdef BACKPROP_HAVE_ADEPT
#include "tools/bench_adept.hpp"
#endif
#include "tools/bench_moons.hpp"
#include "tools/program.hpp"

using backprop::GraphScope;
using backprop::Tape;
using backprop::Value;
namespace bench = backprop::bench;
namespace nn = backprop::nn;

namespace {

constexpr std::string_view help = R"(usage: backprop-moons-steps PATH PHASE [--steps N]

Runs N (default 1) of backprop-bench's W1 moons steps and prints what one
step records, as "COUNT UNIT" lines. For instruction counts under callgrind
(tools/instructions_per_node.sh); it times and checks nothing.
  PATH   layers   the engine through the nn library (one linear node per layer)
         neurons  the engine with one weighted_sum node per neuron
         binary   the engine from binary operations only (bench_workloads.hpp)
         adept    Adept-2 on the binary operations (when built with -Dadept)
  PHASE  record   the forward pass, recorded (and, on the engine, released)
         step     record, backward, and the gradient-descent update
)";

// The engine's loss on `model`, by one of its three paths, as bench.cpp's
// W1 computes it; `scores` is room for the points' scores, made once.
Value engine_loss(std::string_view path, const nn::MLP& model, const std::vector<Value>& parameters,
                  const bench::MoonsInputs& moons, std::vector<Value>& scores) {
  if (path == "binary") return bench::moons_loss(parameters, moons.points, moons.data.labels);
  if (path == "layers") bench::layer_scores(model, moons.points, scores);
  else bench::neuron_scores(model, moons.points, scores);
  return nn::hinge_loss(scores, moons.data.labels) + nn::l2_penalty(parameters, bench::moons_l2);
}

void run_engine(std::string_view path, bool whole_step, std::size_t steps) {
  const bench::MoonsInputs moons = bench::moons_inputs();
  const nn::MLP model(2, {16, 16, 1}, {.seed = 1});
  const std::vector<Value> parameters = model.parameters();
  std::vector<Value> scores(moons.points.size());
  nn::SGD optimizer(parameters, bench::moons_learning_rate);
  std::size_t nodes = 0;
  for (std::size_t step = 0; step < steps; ++step) {
    GraphScope scope;
    const std::size_t before = Tape::current().size();
    const Value loss = engine_loss(path, model, parameters, moons, scores);
    nodes = Tape::current().size() - before;
    if (whole_step) bench::engine_descent(loss, optimizer);
  }
  fmt::print("{} nodes\n", nodes);
}

#ifdef BACKPROP_HAVE_ADEPT
void run_adept(bool whole_step, std::size_t steps) {
  const bench::MoonsInputs moons = bench::moons_inputs();
  std::vector<double> parameters, gradient;
  for (const Value& p : nn::MLP(2, {16, 16, 1}, {.seed = 1}).parameters()) parameters.push_back(p.data());
  for (std::size_t step = 0; step < steps; ++step) {
    if (whole_step) (void)bench::descent_step(bench::moons_gradient_by_adept, parameters, moons.data, gradient);
    else (void)bench::moons_loss_recorded_by_adept(parameters, moons.data);
  }
  const bench::AdeptRecording recording = bench::adept_last_recording();
  fmt::print("{} statements\n{} operations\n", recording.statements, recording.operations);
}
#endif

}  // namespace

int main(int argc, char** argv) {
  backprop::tools::Program program("backprop-moons-steps", std::string(help));
  std::string path, phase;
  std::size_t steps = 1;
  program.argument("PATH", path).argument("PHASE", phase).number("--steps", steps, "a whole number >= 0");
  return program.run(argc, argv, [&] {
    if (phase != "record" && phase != "step")
      return program.usage_error(fmt::format("PHASE must be record or step, got '{}'", phase));
    const bool whole_step = phase == "step";
    if (path == "layers" || path == "neurons" || path == "binary") {
      run_engine(path, whole_step, steps);
      return 0;
    }
#ifdef BACKPROP_HAVE_ADEPT
    if (path == "adept") {
      run_adept(whole_step, steps);
      return 0;
    }
#else
    if (path == "adept")
      return program.usage_error("built without Adept-2: configure with -Dadept=PREFIX "
                                 "(see tools/bench_peers.py --adept)");
#endif
    return program.usage_error(fmt::format("PATH must be layers, neurons, binary or adept, got '{}'", path));
  });
}
