// backprop-bench: the engine's speed and memory, each as a ratio to a
// hand-written gradient measured in the same run (the machines are shared
// and noisy: absolute times drift, ratios hold).
//
//   W1  the moons training step: the nn library (a linear operation per
//       layer), one weighted_sum per neuron, and binary operations only
//   W2  a 10^6-operation chain with transcendental functions
//   W3  a 10^7-node chain: bytes per node, build/backward/release time
//   W4  microgpt's training step, against a single-purpose scalar tape (bench_microgpt.hpp)
//   W5  a Hessian-vector product of W1's loss, against one gradient (bench_hessian.hpp)
//
// Every workload first checks that the engine and the hand-written code
// give the same gradient; a mismatch exits with status 1. --quick runs tiny
// sizes so the test suite keeps this program working; --json prints one
// object with every figure named, for comparing runs over time.
//
// Peers measured here when the build has them, on the same W1 and W2 code
// (bench_workloads.hpp): ADOL-C (libadolc-dev) and Adept-2 (a local build,
// meson option `adept`); tools/bench_peers.py adds PyTorch.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "autodiff/autodiff.hpp"
#include "nn/io/atomic_file.hpp"
#include "nn/io/io.hpp"
#include "nn/nn.hpp"
#include "nn/show/show.hpp"
#include "tools/bench_hand_written.hpp"
#include "tools/bench_hessian.hpp"
#include "tools/bench_microgpt.hpp"
#include "tools/bench_moons.hpp"
#include "tools/bench_timing.hpp"
#ifdef BACKPROP_HAVE_ADOLC
#include "tools/bench_adolc.hpp"
#endif
#ifdef BACKPROP_HAVE_ADEPT
#include "tools/bench_adept.hpp"
#endif
#include "tools/bench_workloads.hpp"
#include "tools/program.hpp"

using backprop::GraphScope;
using backprop::Tape;
using backprop::Value;
namespace bench = backprop::bench;
namespace nn = backprop::nn;
using bench::json_spread;
using bench::seconds;
using bench::spread;
using bench::Spread;

namespace {

struct Sizes {
  int repetitions;
  int moons_steps_per_repetition;
  std::size_t chain_blocks;            // W2: 10 operations each
  std::size_t small_deep, large_deep;  // W3 chain lengths
};
constexpr Sizes full{15, 20, 100'000, 1'000'000, 10'000'000};
constexpr Sizes quick{3, 2, 1'000, 10'000, 100'000};

// The targets this engine is held to (ratios to hand-written code).
constexpr double w1_layer_target = 3.5, w1_neuron_target = 10.0, w1_binary_target = 18.0;
constexpr double w2_target = 1.5;
constexpr double w3_bytes_target = 40.0, w3_ns_target = 5.0;

double largest_relative_difference(const std::vector<double>& a, const std::vector<double>& b) {
  double worst = 0.0;
  for (std::size_t k = 0; k < a.size(); ++k)
    worst = std::max(worst, std::fabs(a[k] - b[k]) / std::max({1.0, std::fabs(a[k]), std::fabs(b[k])}));
  return worst;
}

// Kilobytes from /proc/self/status ("VmRSS" now, "VmHWM" the peak so far).
double status_kilobytes(std::string_view field) {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);)
    if (line.starts_with(field)) return std::stod(line.substr(field.size() + 1));
  return 0.0;
}

void check(bool ok, const std::string& what) {
  if (!ok) {
    fmt::print(stderr, "backprop-bench: check failed: {}\n", what);
    std::exit(1);
  }
}

std::string met(bool ok) { return ok ? "met" : "MISSED"; }

// W1's binary path and Adept-2 record the same scalar operations (Adept
// folds each assignment's expression into one statement): the text output
// says which of the two is faster.
constexpr std::string_view binary_name = "engine, binary operations only";
constexpr std::string_view adept_name = "Adept-2, recorded each step";

// ---- W1: the moons training step ------------------------------------------------

// One way of computing the step, timed against the hand-written one.
struct Variant {
  std::string name;
  Spread micros, ratio;
  std::size_t nodes = 0;
  std::optional<double> target;
};

struct MoonsFigures {
  Spread hand_micros;
  std::vector<Variant> variants;  // layer, weighted_sum, binary, then ADOL-C and Adept-2 if built
  double gradient_difference;
};

MoonsFigures run_moons(const Sizes& sizes) {
  const bench::MoonsInputs moons = bench::moons_inputs();
  const bench::MoonsData& data = moons.data;
  const std::vector<std::array<Value, 2>>& points = moons.points;

  // The same model three times over (same seed, same weights), and as plain doubles.
  const nn::MLP layer_model(2, {16, 16, 1}, {.seed = 1});
  const nn::MLP neuron_model(2, {16, 16, 1}, {.seed = 1});
  const nn::MLP binary_model(2, {16, 16, 1}, {.seed = 1});
  std::vector<double> by_hand, hand_gradient;
  for (const Value& p : layer_model.parameters()) by_hand.push_back(p.data());
  check(by_hand.size() == bench::moons_parameters, "W1 parameter count");

  // The scores of all points: one linear node per layer, or one
  // weighted_sum node per neuron.
  std::vector<Value> scores(points.size());
  auto layer_scores = [&] { bench::layer_scores(layer_model, points, scores); };
  auto neuron_scores = [&] { bench::neuron_scores(neuron_model, points, scores); };
  // One training step on the engine: the loss recorded in a scope, backward,
  // then plain gradient descent, as the hand-written step does.
  auto engine_step = [](std::vector<Value> parameters, auto loss_of) {
    return [optimizer = nn::SGD(parameters, bench::moons_learning_rate), parameters, loss_of]() mutable {
      GraphScope scope;
      const Value loss = loss_of(parameters);
      bench::engine_descent(loss, optimizer);
      return loss.data();
    };
  };
  auto mlp_loss = [&](auto& forward) {
    return [&forward, &data, &scores](const std::vector<Value>& parameters) {
      forward();
      return nn::hinge_loss(scores, data.labels) + nn::l2_penalty(parameters, bench::moons_l2);
    };
  };
  auto layer_step = engine_step(layer_model.parameters(), mlp_loss(layer_scores));
  auto neuron_step = engine_step(neuron_model.parameters(), mlp_loss(neuron_scores));
  const std::vector<Value> binary_parameters = binary_model.parameters();
  auto binary_step = engine_step(binary_parameters, [&points, &data](const std::vector<Value>& parameters) {
    return bench::moons_loss(parameters, points, data.labels);
  });
  auto hand_step = [&] { return bench::descent_step(bench::moons_gradient_by_hand, by_hand, data, hand_gradient); };

  // Same parameters, same step: every way must agree on loss and gradient.
  MoonsFigures figures{};
  [[maybe_unused]] const std::vector<double> initial = by_hand;
  const double hand_loss = hand_step();
  auto agree = [&](const std::string& name, double loss, const std::vector<double>& gradient) {
    const double difference = largest_relative_difference(gradient, hand_gradient);
    check(difference < 1e-9 && std::fabs(loss - hand_loss) < 1e-9,
          fmt::format("W1 {} and hand-written gradients differ by {}", name, difference));
    figures.gradient_difference = std::max(figures.gradient_difference, difference);
  };
  auto gradient_of = [](const nn::MLP& model) {
    std::vector<double> gradient;
    for (const Value& p : model.parameters()) gradient.push_back(p.grad());
    return gradient;
  };
  const double layer_loss = layer_step(), neuron_loss = neuron_step(), binary_loss = binary_step();
  agree("layer", layer_loss, gradient_of(layer_model));
  agree("weighted_sum", neuron_loss, gradient_of(neuron_model));
  agree("binary", binary_loss, gradient_of(binary_model));
#ifdef BACKPROP_HAVE_ADOLC
  std::vector<double> by_adolc = initial, adolc_gradient;
  auto adolc_step = [&] { return bench::descent_step(bench::moons_gradient_by_adolc, by_adolc, data, adolc_gradient); };
  const double adolc_loss = adolc_step();
  agree("ADOL-C", adolc_loss, adolc_gradient);
#endif
#ifdef BACKPROP_HAVE_ADEPT
  std::vector<double> by_adept = initial, adept_gradient;
  auto adept_step = [&] { return bench::descent_step(bench::moons_gradient_by_adept, by_adept, data, adept_gradient); };
  const double adept_loss = adept_step();
  agree("Adept-2", adept_loss, adept_gradient);
#endif

  // Nodes per step, counted on the tape.
  Tape& tape = Tape::current();
  auto nodes_of = [&](auto&& record) {
    GraphScope scope;
    const std::size_t before = tape.size();
    record();
    return tape.size() - before;
  };
  const std::size_t layer_nodes = nodes_of([&] {
    layer_scores();
    (void)(nn::hinge_loss(scores, data.labels) + nn::l2_penalty(layer_model.parameters(), bench::moons_l2));
  });
  const std::size_t neuron_nodes = nodes_of([&] {
    neuron_scores();
    (void)(nn::hinge_loss(scores, data.labels) + nn::l2_penalty(neuron_model.parameters(), bench::moons_l2));
  });
  const std::size_t binary_nodes = nodes_of([&] { (void)bench::moons_loss(binary_parameters, points, data.labels); });

  const int steps = sizes.moons_steps_per_repetition;
  auto per_step = [steps](auto& step) {
    return seconds([&] { for (int k = 0; k < steps; ++k) step(); }) / steps * 1e6;
  };
  struct Samples {
    std::vector<double> micros, ratio;
  };
  std::vector<double> hand_micros;
  std::vector<Samples> samples(5);
  for (int repetition = 0; repetition < sizes.repetitions; ++repetition) {
    hand_micros.push_back(per_step(hand_step));
    auto sample = [&](Samples& into, auto& step) {
      into.micros.push_back(per_step(step));
      into.ratio.push_back(into.micros.back() / hand_micros.back());
    };
    sample(samples[0], layer_step);
    sample(samples[1], neuron_step);
    sample(samples[2], binary_step);
#ifdef BACKPROP_HAVE_ADOLC
    sample(samples[3], adolc_step);
#endif
#ifdef BACKPROP_HAVE_ADEPT
    sample(samples[4], adept_step);
#endif
  }
  figures.hand_micros = spread(hand_micros);
  auto variant = [&](std::string name, const Samples& s, std::size_t nodes, std::optional<double> target) {
    figures.variants.push_back({std::move(name), spread(s.micros), spread(s.ratio), nodes, target});
  };
  variant("engine, nn layers (default)", samples[0], layer_nodes, w1_layer_target);
  variant("engine, weighted_sum per neuron", samples[1], neuron_nodes, w1_neuron_target);
  variant(std::string(binary_name), samples[2], binary_nodes, w1_binary_target);
#ifdef BACKPROP_HAVE_ADOLC
  variant("ADOL-C, taped each step", samples[3], 0, std::nullopt);
#endif
#ifdef BACKPROP_HAVE_ADEPT
  variant(std::string(adept_name), samples[4], 0, std::nullopt);
#endif
  return figures;
}

// ---- W2: a long chain with transcendental functions -----------------------------

struct ChainFigures {
  std::size_t operations;
  Spread hand_ns, record_ns, backward_ns, ratio;
  std::optional<Spread> adolc_ns, adolc_ratio, adept_ns, adept_ratio;
};

ChainFigures run_transcendental_chain(const Sizes& sizes) {
  const std::size_t blocks = sizes.chain_blocks;
  const double operations = static_cast<double>(blocks * bench::operations_per_block);
  std::vector<Value> inputs;
  for (double x : bench::chain_inputs) inputs.emplace_back(x);
  std::vector<double> hand_tape;
  std::array<double, 4> hand_gradient{};

  std::vector<double> record_ns, backward_ns, hand_ns, ratio, adolc_ns, adolc_ratio, adept_ns, adept_ratio;
  for (int repetition = 0; repetition < sizes.repetitions; ++repetition) {
    const double hand_seconds = seconds([&] { bench::chain_gradient_by_hand(blocks, hand_gradient, hand_tape); });
    for (Value& x : inputs) x.zero_grad();
    GraphScope scope;
    Value s = bench::chain_start;
    const double record = seconds([&] {
      for (std::size_t k = 0; k < blocks; ++k) s = bench::chain_block(s, inputs[k % 4]);
    });
    const double backward = seconds([&] { s.backward(); });
    std::vector<double> engine_gradient, hand(hand_gradient.begin(), hand_gradient.end());
    for (const Value& x : inputs) engine_gradient.push_back(x.grad());
    check(largest_relative_difference(engine_gradient, hand) < 1e-9, "W2 engine and hand-written gradients");
    record_ns.push_back(record / operations * 1e9);
    backward_ns.push_back(backward / operations * 1e9);
    hand_ns.push_back(hand_seconds / operations * 1e9);
    ratio.push_back((record + backward) / hand_seconds);
#ifdef BACKPROP_HAVE_ADOLC
    std::array<double, 4> adolc_gradient{};
    const double adolc_seconds = seconds([&] { bench::chain_gradient_by_adolc(blocks, adolc_gradient); });
    check(largest_relative_difference(std::vector<double>(adolc_gradient.begin(), adolc_gradient.end()), hand) < 1e-9,
          "W2 ADOL-C and hand-written gradients");
    adolc_ns.push_back(adolc_seconds / operations * 1e9);
    adolc_ratio.push_back(adolc_seconds / hand_seconds);
#endif
#ifdef BACKPROP_HAVE_ADEPT
    std::array<double, 4> adept_gradient{};
    const double adept_seconds = seconds([&] { bench::chain_gradient_by_adept(blocks, adept_gradient); });
    check(largest_relative_difference(std::vector<double>(adept_gradient.begin(), adept_gradient.end()), hand) < 1e-9,
          "W2 Adept-2 and hand-written gradients");
    adept_ns.push_back(adept_seconds / operations * 1e9);
    adept_ratio.push_back(adept_seconds / hand_seconds);
#endif
  }
  ChainFigures figures{blocks * bench::operations_per_block, spread(hand_ns), spread(record_ns),
                       spread(backward_ns), spread(ratio), std::nullopt, std::nullopt, std::nullopt, std::nullopt};
  if (!adolc_ns.empty()) {
    figures.adolc_ns = spread(adolc_ns);
    figures.adolc_ratio = spread(adolc_ratio);
  }
  if (!adept_ns.empty()) {
    figures.adept_ns = spread(adept_ns);
    figures.adept_ratio = spread(adept_ratio);
  }
  return figures;
}

// ---- W3: a long chain --------------------------------------------------------

struct ChainRun {
  std::size_t nodes;
  double build_ns, backward_ns, release_ns;
};
struct DeepFigures {
  ChainRun large, small;  // the large one on fresh memory, the small one on memory the large one left
  double accounted_bytes, resident_bytes;
};

ChainRun run_chain(std::size_t nodes, double* accounted_bytes) {
  Tape& tape = Tape::current();
  std::optional<GraphScope> scope(std::in_place);
  const std::size_t first = tape.size();
  Value x = 1.0;
  Value chain = x;
  const double build = seconds([&] {
    for (std::size_t k = 1; k < nodes; ++k) chain = chain * 0.9999999;
  });
  const std::size_t recorded = tape.size() - first;
  const double backward = seconds([&] { chain.backward(); });
  check(std::fabs(x.grad() / std::pow(0.9999999, static_cast<double>(nodes - 1)) - 1.0) < 1e-9,
        "W3 chain gradient");
  if (accounted_bytes) *accounted_bytes = static_cast<double>(tape.bytes_held()) / static_cast<double>(recorded);
  const double release = seconds([&] { scope.reset(); });
  const double n = static_cast<double>(recorded);
  return {recorded, build / n * 1e9, backward / n * 1e9, release / n * 1e9};
}

// On a thread of its own: a new tape in fresh memory, so the peak resident
// memory it adds is the chain's, whatever ran before.
DeepFigures run_deep_chain(const Sizes& sizes) {
  DeepFigures figures{};
  std::thread([&] {
    const double resident_before = status_kilobytes("VmRSS");
    figures.large = run_chain(sizes.large_deep, &figures.accounted_bytes);
    figures.resident_bytes =
        std::max(0.0, status_kilobytes("VmHWM") - resident_before) * 1024.0 / static_cast<double>(figures.large.nodes);
    figures.small = run_chain(sizes.small_deep, nullptr);
  }).join();
  return figures;
}

// ---- Output ------------------------------------------------------------------

// "the engine's <what> is faster than Adept-2 in this run: 0.81x its time"
// from the two medians; or, without Adept, how to measure it.
void print_against_adept(std::string_view what, double engine_median, std::optional<double> adept_median) {
  if (!adept_median) {
    fmt::print("    Adept-2 not built: configure with -Dadept=PREFIX of a local Adept-2 build, "
               "or run tools/bench_peers.py --adept ADEPT_SOURCE\n");
    return;
  }
  const double ratio = engine_median / *adept_median;
  fmt::print("    the engine's {} {} Adept-2 in this run: {:.2f}x its time (medians)\n", what,
             ratio < 1.0 ? "is faster than" : "is not faster than", ratio);
}

void print_text(const Sizes& sizes, bool is_quick, const MoonsFigures& w1, const ChainFigures& w2,
                const DeepFigures& w3) {
  fmt::print("backprop-bench{}: median of {} repetitions, spread p10 .. p90, ratios to hand-written code in this run\n\n",
             is_quick ? " --quick (sizes too small to mean anything; checks only)" : "", sizes.repetitions);
  fmt::print("W1  moons training step: MLP(2, [16, 16, 1]), 100 points, hinge + 1e-4 L2, forward + backward + SGD\n");
  fmt::print("    {:<34} {:9.1f} us  ({:.1f} .. {:.1f})\n", "hand-written gradient", w1.hand_micros.median,
             w1.hand_micros.low, w1.hand_micros.high);
  for (const Variant& v : w1.variants) {
    fmt::print("    {:<34} {:9.1f} us  ({:.1f} .. {:.1f})  {:6.2f}x ({:.2f} .. {:.2f})", v.name, v.micros.median,
               v.micros.low, v.micros.high, v.ratio.median, v.ratio.low, v.ratio.high);
    if (v.target)
      fmt::print("  {:>6} nodes/step  target <= {:g}x: {}\n", v.nodes, *v.target, met(v.ratio.median <= *v.target));
    else
      fmt::print("  (peer)\n");
  }
  auto named = [&](std::string_view name) -> const Variant* {
    for (const Variant& v : w1.variants)
      if (v.name == name) return &v;
    return nullptr;
  };
  const Variant* adept = named(adept_name);
  print_against_adept("binary path", named(binary_name)->micros.median,
                      adept ? std::optional(adept->micros.median) : std::nullopt);
  fmt::print("    gradients agree with the hand-written ones to {:.1e} (relative)\n\n", w1.gradient_difference);

  fmt::print("W2  {} operations: blocks of a = s*0.9; b = tanh(a + x[k mod 4]); s = pow(exp(b*0.5), 1.5)*b*0.1 + a + 0.01\n",
             w2.operations);
  auto row = [](std::string_view name, const Spread& s) {
    fmt::print("    {:<34} {:9.2f} ns/op  ({:.2f} .. {:.2f})\n", name, s.median, s.low, s.high);
  };
  row("hand-written forward + reverse", w2.hand_ns);
  row("engine record", w2.record_ns);
  row("engine backward", w2.backward_ns);
  fmt::print("    {:<34} {:9.2f}x       ({:.2f} .. {:.2f})  target <= {:g}x: {}\n", "engine (record + backward) / hand",
             w2.ratio.median, w2.ratio.low, w2.ratio.high, w2_target, met(w2.ratio.median <= w2_target));
  if (w2.adolc_ns)
    fmt::print("    {:<34} {:9.2f} ns/op  ({:.2f} .. {:.2f})  {:.2f}x  (peer)\n", "ADOL-C, tape + gradient",
               w2.adolc_ns->median, w2.adolc_ns->low, w2.adolc_ns->high, w2.adolc_ratio->median);
  if (w2.adept_ns) {
    fmt::print("    {:<34} {:9.2f} ns/op  ({:.2f} .. {:.2f})  {:.2f}x  (peer)\n", "Adept-2, recording + adjoint",
               w2.adept_ns->median, w2.adept_ns->low, w2.adept_ns->high, w2.adept_ratio->median);
    print_against_adept("record + backward", w2.record_ns.median + w2.backward_ns.median, w2.adept_ns->median);
  }
  fmt::print("\n");

  fmt::print("W3  a chain of {} nodes (x = x * c) on a new thread's tape, then {} on the memory it left\n",
             w3.large.nodes, w3.small.nodes);
  fmt::print("    bytes per node: {:.1f} by the engine's accounting, {:.1f} by peak resident memory "
             "(target <= {:g}: {})\n",
             w3.accounted_bytes, w3.resident_bytes, w3_bytes_target, met(w3.resident_bytes <= w3_bytes_target));
  for (const ChainRun* run : {&w3.large, &w3.small})
    fmt::print("    ns per node at {:>9}: build {:6.2f}  backward {:6.2f}  release {:6.3f}\n", run->nodes,
               run->build_ns, run->backward_ns, run->release_ns);
  fmt::print("    build and backward under {:g} ns per node at {}: build {}, backward {} (the first build "
             "includes the kernel's page faults of fresh memory)\n",
             w3_ns_target, w3.large.nodes, met(w3.large.build_ns < w3_ns_target),
             met(w3.large.backward_ns < w3_ns_target));
  fmt::print("    linear in size: (build + backward) per node, large / small = {:.2f}\n",
             (w3.large.build_ns + w3.large.backward_ns) / (w3.small.build_ns + w3.small.backward_ns));
}

std::string to_json(const Sizes& sizes, bool is_quick, const MoonsFigures& w1, const ChainFigures& w2,
                    const DeepFigures& w3, const std::string& w4, const std::string& w5) {
  std::string variants;
  for (const Variant& v : w1.variants) {
    if (!variants.empty()) variants += ",\n";
    variants += fmt::format(R"(      {{"name": "{}", "us_per_step": {}, "ratio": {}, "nodes_per_step": {})", v.name,
                            json_spread(v.micros), json_spread(v.ratio), v.nodes);
    if (v.target) variants += fmt::format(R"(, "target": {:g}, "met": {})", *v.target, v.ratio.median <= *v.target);
    variants += "}";
  }
  auto peer = [](const std::optional<Spread>& ns, const std::optional<Spread>& ratio) -> std::string {
    if (!ns) return "null";
    return fmt::format(R"({{"ns_per_op": {}, "ratio": {}}})", json_spread(*ns), json_spread(*ratio));
  };
  auto run = [](const ChainRun& r) {
    return fmt::format(R"({{"nodes": {}, "build_ns_per_node": {:.6g}, "backward_ns_per_node": {:.6g}, "release_ns_per_node": {:.6g}}})",
                       r.nodes, r.build_ns, r.backward_ns, r.release_ns);
  };
  return fmt::format(R"({{
  "benchmark": "backprop-bench",
  "quick": {},
  "repetitions": {},
  "w1": {{
    "hand_us_per_step": {},
    "variants": [
{}
    ],
    "gradient_difference": {:.3g}
  }},
  "w2": {{
    "operations": {},
    "hand_ns_per_op": {},
    "record_ns_per_op": {},
    "backward_ns_per_op": {},
    "ratio": {},
    "target": {:g},
    "met": {},
    "adolc": {},
    "adept": {}
  }},
  "w3": {{
    "large": {},
    "small": {},
    "bytes_per_node_accounted": {:.4g},
    "bytes_per_node_resident": {:.4g},
    "bytes_target": {:g},
    "bytes_met": {},
    "ns_target": {:g},
    "build_met": {},
    "backward_met": {}
  }},
  "w4": {},
  "w5": {}
}}
)",
             is_quick, sizes.repetitions, json_spread(w1.hand_micros), variants, w1.gradient_difference,
             w2.operations, json_spread(w2.hand_ns), json_spread(w2.record_ns), json_spread(w2.backward_ns),
             json_spread(w2.ratio), w2_target, w2.ratio.median <= w2_target, peer(w2.adolc_ns, w2.adolc_ratio),
             peer(w2.adept_ns, w2.adept_ratio), run(w3.large), run(w3.small),
             w3.accounted_bytes, w3.resident_bytes, w3_bytes_target, w3.resident_bytes <= w3_bytes_target, w3_ns_target,
             w3.large.build_ns < w3_ns_target, w3.large.backward_ns < w3_ns_target, w4, w5);
}


constexpr std::string_view usage = R"(usage: backprop-bench [--quick] [--json | --json-to FILE]

Measures the engine against hand-written gradients (W1 moons step, W2 transcendental
chain, W3 deep chain; W4, microgpt's step, against a scalar tape written for it;
W5, a Hessian-vector product of W1's loss, against one gradient)
and prints medians, spreads and ratios from one run.
  --json          print the figures as one JSON object instead of the table
  --json-to FILE  print the table and write the JSON object to FILE
  --quick         tiny sizes: checks that everything runs, measures nothing
  --version       print the version
)";

struct Options {
  bool is_quick = false, as_json = false;
  std::string json_file;
};

int run(const Options& options) {
  const Sizes& sizes = options.is_quick ? quick : full;
  const MoonsFigures w1 = run_moons(sizes);
  const ChainFigures w2 = run_transcendental_chain(sizes);
  const DeepFigures w3 = run_deep_chain(sizes);
  bench::MicrogptFigures w4;
  bench::HessianFigures w5;
  try {
    w4 = bench::run_microgpt(BACKPROP_NAMES, sizes.repetitions, options.is_quick ? 2 : 100);
    w5 = bench::run_hessian(sizes.repetitions, sizes.moons_steps_per_repetition);
  } catch (const std::exception& error) {
    check(false, error.what());
  }
  const std::string json =
      to_json(sizes, options.is_quick, w1, w2, w3, bench::microgpt_json(w4), bench::hessian_json(w5));
  if (options.as_json) {
    fmt::print("{}", json);
  } else {
    print_text(sizes, options.is_quick, w1, w2, w3);
    fmt::print("\n{}", bench::microgpt_text(w4));
    fmt::print("\n{}", bench::hessian_text(w5));
  }
  if (!options.json_file.empty()) nn::write_file_atomically(options.json_file, json);
  return 0;
}

}  // namespace

// The command line (tools/program.hpp); every write is checked, and a
// failure is reported as "backprop-bench: ..." with exit status 1.
int main(int argc, char** argv) {
  backprop::tools::Program program("backprop-bench", std::string(usage));
  Options options;
  program.flag("--quick", options.is_quick).flag("--json", options.as_json).output("--json-to", options.json_file);
  return program.run(argc, argv, [&] { return run(options); });
}
