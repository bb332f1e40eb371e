// backprop-bench: the engine's speed and memory, each as a ratio to a
// hand-written gradient measured in the same run (the machines are shared
// and noisy: absolute times drift, ratios hold).
//
//   W1  the moons training step (fused default path, and binary ops only)
//   W2  a 10^6-operation chain with transcendental functions
//   W3  a 10^7-node chain: bytes per node, build/backward/release time
//
// Every workload first checks that the engine and the hand-written code
// give the same gradient; a mismatch exits with status 1. --quick runs tiny
// sizes so the test suite keeps this program working.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "autodiff/autodiff.hpp"
#include "nn/nn.hpp"
#include "tools/bench_hand_written.hpp"
#ifdef BACKPROP_HAVE_ADOLC
#include "tools/bench_adolc.hpp"
#endif
#include "tools/bench_workloads.hpp"

using backprop::GraphScope;
using backprop::Tape;
using backprop::Value;
namespace bench = backprop::bench;
namespace nn = backprop::nn;

namespace {

struct Sizes {
  int repetitions;
  int moons_steps_per_repetition;
  std::size_t chain_blocks;       // W2: 10 operations each
  std::size_t small_deep, large_deep;  // W3 chain lengths
};
constexpr Sizes full{15, 20, 100'000, 1'000'000, 10'000'000};
constexpr Sizes quick{3, 2, 1'000, 10'000, 100'000};

template <typename Work>
double seconds(Work&& work) {
  const auto start = std::chrono::steady_clock::now();
  work();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Median and the 10th..90th percentile range of repeated measurements.
struct Spread {
  double median, low, high;
};
Spread spread(std::vector<double> samples) {
  std::sort(samples.begin(), samples.end());
  auto at = [&](double q) { return samples[static_cast<std::size_t>(q * (samples.size() - 1) + 0.5)]; };
  return {at(0.5), at(0.1), at(0.9)};
}

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

std::string target_note(double ratio, double target) {
  return fmt::format("target <= {:g}x: {}", target, ratio <= target ? "met" : "MISSED");
}

// ---- W3: a long chain --------------------------------------------------------

struct ChainRun {
  double build_ns, backward_ns, release_ns, accounted_bytes, resident_bytes;
};

ChainRun run_deep_chain(std::size_t nodes) {
  Tape& tape = Tape::current();
  const double resident_before = status_kilobytes("VmRSS");
  auto scope = std::make_unique<GraphScope>();
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
  const double accounted = static_cast<double>(tape.bytes_held()) / static_cast<double>(recorded);
  const double resident = (status_kilobytes("VmHWM") - resident_before) * 1024.0 / static_cast<double>(recorded);
  const double release = seconds([&] { scope.reset(); });
  const double n = static_cast<double>(recorded);
  return {build / n * 1e9, backward / n * 1e9, release / n * 1e9, accounted, resident};
}

void report_deep_chain(const Sizes& sizes) {
  // First, while the process is small, so the peak-memory reading is the chain's.
  const ChainRun large = run_deep_chain(sizes.large_deep);
  const ChainRun small = run_deep_chain(sizes.small_deep);
  fmt::print("W3  a chain of {} nodes (x = x * c), then {} for linearity\n", sizes.large_deep, sizes.small_deep);
  fmt::print("    bytes per node: {:.1f} by the engine's accounting, {:.1f} by peak resident memory "
             "(target <= 40: {})\n",
             large.accounted_bytes, large.resident_bytes, large.resident_bytes <= 40.0 ? "met" : "MISSED");
  fmt::print("    ns per node at {:>9}: build {:6.2f}  backward {:6.2f}  release {:6.3f}\n", sizes.large_deep,
             large.build_ns, large.backward_ns, large.release_ns);
  fmt::print("    ns per node at {:>9}: build {:6.2f}  backward {:6.2f}  release {:6.3f}\n", sizes.small_deep,
             small.build_ns, small.backward_ns, small.release_ns);
  fmt::print("    linear in size: (build + backward) per node, large / small = {:.2f}\n\n",
             (large.build_ns + large.backward_ns) / (small.build_ns + small.backward_ns));
}

// ---- W1: the moons training step ------------------------------------------------

void report_moons(const Sizes& sizes) {
  const nn::Dataset dataset = nn::make_moons(100, 0.1, 1);
  bench::MoonsData data;
  data.labels = nn::signed_labels(dataset.targets);
  for (const auto& row : dataset.inputs) data.points.push_back({row[0], row[1]});
  std::vector<std::array<Value, 2>> point_values;  // inputs, recorded once
  std::vector<std::vector<Value>> point_rows;
  for (const auto& p : data.points) {
    point_values.push_back({Value(p[0]), Value(p[1])});
    point_rows.push_back({point_values.back()[0], point_values.back()[1]});
  }
  constexpr double learning_rate = 0.05;

  // Three copies of the same model: the nn library (fused neurons), the same
  // parameters through binary operations only, and plain doubles by hand.
  const nn::MLP fused_model(2, {16, 16, 1}, {.seed = 1});
  const std::vector<Value> fused = fused_model.parameters();
  const nn::MLP binary_model(2, {16, 16, 1}, {.seed = 1});
  const std::vector<Value> binary = binary_model.parameters();
  std::vector<double> by_hand, hand_gradient;
  for (const Value& p : fused) by_hand.push_back(p.data());
  check(fused.size() == bench::moons_parameters, "W1 parameter count");

  auto fused_step = [&] {
    GraphScope scope;
    std::vector<Value> scores;
    scores.reserve(point_rows.size());
    for (const auto& row : point_rows) scores.push_back(fused_model(row)[0]);
    Value loss = nn::hinge_loss(scores, data.labels) + nn::l2_penalty(fused, bench::moons_l2);
    for (Value p : fused) p.zero_grad();
    loss.backward();
    for (Value p : fused) p.set_data(p.data() - learning_rate * p.grad());
    return loss.data();
  };
  auto binary_step = [&] {
    GraphScope scope;
    Value loss = bench::moons_loss(binary, point_values, data.labels);
    for (Value p : binary) p.zero_grad();
    loss.backward();
    for (Value p : binary) p.set_data(p.data() - learning_rate * p.grad());
    return loss.data();
  };
  auto hand_step = [&] {
    const double loss = bench::moons_gradient_by_hand(by_hand, data, hand_gradient);
    for (std::size_t k = 0; k < by_hand.size(); ++k) by_hand[k] -= learning_rate * hand_gradient[k];
    return loss;
  };
#ifdef BACKPROP_HAVE_ADOLC
  std::vector<double> by_adolc = by_hand, adolc_gradient;
  auto adolc_step = [&] {
    const double loss = bench::moons_gradient_by_adolc(by_adolc, data, adolc_gradient);
    for (std::size_t k = 0; k < by_adolc.size(); ++k) by_adolc[k] -= learning_rate * adolc_gradient[k];
    return loss;
  };
  const double adolc_loss = adolc_step();
#endif

  // Same parameters, same step: all three must agree on loss and gradient.
  const double fused_loss = fused_step(), binary_loss = binary_step(), hand_loss = hand_step();
  std::vector<double> fused_grad, binary_grad;
  for (const Value& p : fused) fused_grad.push_back(p.grad());
  for (const Value& p : binary) binary_grad.push_back(p.grad());
  const double grad_difference = std::max(largest_relative_difference(fused_grad, hand_gradient),
                                          largest_relative_difference(binary_grad, hand_gradient));
  check(grad_difference < 1e-9 && std::fabs(fused_loss - hand_loss) < 1e-9 && std::fabs(binary_loss - hand_loss) < 1e-9,
        fmt::format("W1 engine and hand-written gradients differ by {}", grad_difference));
#ifdef BACKPROP_HAVE_ADOLC
  check(largest_relative_difference(adolc_gradient, hand_gradient) < 1e-9 && std::fabs(adolc_loss - hand_loss) < 1e-9,
        "W1 ADOL-C and hand-written gradients");
#endif

  Tape& tape = Tape::current();
  std::size_t fused_nodes = 0, binary_nodes = 0;
  {
    GraphScope scope;
    const std::size_t before = tape.size();
    std::vector<Value> scores;
    for (const auto& row : point_rows) scores.push_back(fused_model(row)[0]);
    (void)(nn::hinge_loss(scores, data.labels) + nn::l2_penalty(fused, bench::moons_l2));
    fused_nodes = tape.size() - before;
  }
  {
    GraphScope scope;
    const std::size_t before = tape.size();
    (void)bench::moons_loss(binary, point_values, data.labels);
    binary_nodes = tape.size() - before;
  }

  std::vector<double> hand_us, fused_us, binary_us, fused_ratio, binary_ratio, adolc_us, adolc_ratio;
  const int steps = sizes.moons_steps_per_repetition;
  auto per_step = [steps](auto& step) {
    return seconds([&] { for (int k = 0; k < steps; ++k) step(); }) / steps * 1e6;
  };
  for (int repetition = 0; repetition < sizes.repetitions; ++repetition) {
    hand_us.push_back(per_step(hand_step));
    fused_us.push_back(per_step(fused_step));
    binary_us.push_back(per_step(binary_step));
    fused_ratio.push_back(fused_us.back() / hand_us.back());
    binary_ratio.push_back(binary_us.back() / hand_us.back());
#ifdef BACKPROP_HAVE_ADOLC
    adolc_us.push_back(per_step(adolc_step));
    adolc_ratio.push_back(adolc_us.back() / hand_us.back());
#endif
  }
  const Spread hand = spread(hand_us), fused_time = spread(fused_us), binary_time = spread(binary_us);
  const Spread fr = spread(fused_ratio), br = spread(binary_ratio);
  fmt::print("W1  moons training step: MLP(2, [16, 16, 1]), 100 points, hinge + 1e-4 L2, forward + backward + SGD\n");
  fmt::print("    {:<34} {:9.1f} us  ({:.1f} .. {:.1f})\n", "hand-written gradient", hand.median, hand.low, hand.high);
  fmt::print("    {:<34} {:9.1f} us  ({:.1f} .. {:.1f})  {:5.2f}x  {:>6} nodes/step  {}\n",
             "engine, fused neurons (default)", fused_time.median, fused_time.low, fused_time.high, fr.median,
             fused_nodes, target_note(fr.median, 5.0));
  fmt::print("    {:<34} {:9.1f} us  ({:.1f} .. {:.1f})  {:5.2f}x  {:>6} nodes/step  {}\n",
             "engine, binary operations only", binary_time.median, binary_time.low, binary_time.high, br.median,
             binary_nodes, target_note(br.median, 12.0));
#ifdef BACKPROP_HAVE_ADOLC
  const Spread adolc_time = spread(adolc_us), ar = spread(adolc_ratio);
  fmt::print("    {:<34} {:9.1f} us  ({:.1f} .. {:.1f})  {:5.2f}x  (peer)\n", "ADOL-C, taped each step",
             adolc_time.median, adolc_time.low, adolc_time.high, ar.median);
#endif
  fmt::print("    ratio spread (p10 .. p90): fused {:.2f} .. {:.2f}, binary {:.2f} .. {:.2f}\n", fr.low, fr.high,
             br.low, br.high);
  fmt::print("    gradients agree with the hand-written ones to {:.1e} (relative)\n\n", grad_difference);
}

// ---- W2: a long chain with transcendental functions -----------------------------

void report_transcendental_chain(const Sizes& sizes) {
  const std::size_t blocks = sizes.chain_blocks;
  const double operations = static_cast<double>(blocks * bench::operations_per_block);
  std::vector<Value> inputs;
  for (double x : bench::chain_inputs) inputs.emplace_back(x);
  std::vector<double> hand_tape;
  std::array<double, 4> hand_gradient{};

  std::vector<double> record_ns, backward_ns, hand_ns, ratio, adolc_ns, adolc_ratio;
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
  }
  const Spread rec = spread(record_ns), back = spread(backward_ns), hand = spread(hand_ns), r = spread(ratio);
  fmt::print("W2  {} operations: blocks of a = s*0.9; b = tanh(a + x[k mod 4]); s = pow(exp(b*0.5), 1.5)*b*0.1 + a + 0.01\n",
             blocks * bench::operations_per_block);
  fmt::print("    {:<34} {:9.2f} ns/op  ({:.2f} .. {:.2f})\n", "hand-written forward + reverse", hand.median, hand.low, hand.high);
  fmt::print("    {:<34} {:9.2f} ns/op  ({:.2f} .. {:.2f})\n", "engine record", rec.median, rec.low, rec.high);
  fmt::print("    {:<34} {:9.2f} ns/op  ({:.2f} .. {:.2f})\n", "engine backward", back.median, back.low, back.high);
  fmt::print("    {:<34} {:9.2f}x       ({:.2f} .. {:.2f})  {}\n", "engine (record + backward) / hand",
             r.median, r.low, r.high, target_note(r.median, 1.2));
#ifdef BACKPROP_HAVE_ADOLC
  const Spread adolc = spread(adolc_ns), ar = spread(adolc_ratio);
  fmt::print("    {:<34} {:9.2f} ns/op  ({:.2f} .. {:.2f})  {:.2f}x  (peer)\n", "ADOL-C, tape + gradient",
             adolc.median, adolc.low, adolc.high, ar.median);
#endif
  fmt::print("\n");
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string_view> arguments(argv + 1, argv + argc);
  bool is_quick = false;
  for (std::string_view argument : arguments) {
    if (argument == "--quick") {
      is_quick = true;
    } else {
      fmt::print(argument == "--help" ? stdout : stderr,
                 "usage: backprop-bench [--quick]\n"
                 "Measures the engine against hand-written gradients (W1 moons step, W2 transcendental\n"
                 "chain, W3 deep chain) and prints medians, spreads and ratios from one run.\n");
      return argument == "--help" ? 0 : 2;
    }
  }
  const Sizes& sizes = is_quick ? quick : full;
  fmt::print("backprop-bench{}: median of {} repetitions, spread p10 .. p90, ratios to hand-written code in this run\n\n",
             is_quick ? " --quick (sizes too small to mean anything; checks only)" : "", sizes.repetitions);
  report_deep_chain(sizes);
  report_moons(sizes);
  report_transcendental_chain(sizes);
  return 0;
}
