// Every example's command line, run as a process: --help on standard
// output with status 0, --version, a usage error in two lines with status 2,
// and output that cannot be written (/dev/full) an error with status 1,
// never a silent success. Each example's own lesson is tested beside it
// (test_microgpt.cpp, the suite's example runs), newton's below.
#include <catch2/catch.hpp>

#include <array>
#include <cmath>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "support/run_process.hpp"

using backprop::testing::Redirect;
using backprop::testing::run_process;
using backprop::testing::ScratchDir;

namespace {

struct Example {
  std::string name, program;
};

const std::vector<Example> examples = {
    {"expression", BACKPROP_EXPRESSION_EXAMPLE}, {"neuron", BACKPROP_NEURON_EXAMPLE},
    {"moons", BACKPROP_MOONS_EXAMPLE},           {"custom_model", BACKPROP_CUSTOM_MODEL_EXAMPLE},
    {"microgpt", BACKPROP_MICROGPT},             {"fit_square", BACKPROP_FIT_SQUARE_EXAMPLE},
    {"newton", BACKPROP_NEWTON_EXAMPLE},
};

// Arguments for a short run that writes its files, if any, into `dir`.
std::vector<std::string> quick_run(const Example& example, const ScratchDir& dir) {
  if (example.name == "moons") return {"--steps", "2", "--out", dir.path().string()};
  if (example.name == "custom_model") return {"--out", dir.path().string()};
  if (example.name == "microgpt") return {"--steps", "2", "--samples", "2"};
  if (example.name == "fit_square") return {"--steps", "5"};
  if (example.name == "newton") return {"--steps", "5"};
  return {};
}

}  // namespace

TEST_CASE("every example prints its help on standard output and exits 0", "[examples]") {
  for (const Example& example : examples) {
    INFO(example.name);
    for (const char* help : {"--help", "-h"}) {
      const auto result = run_process(example.program, {help});
      CHECK(result.status == 0);
      CHECK_THAT(result.out, Catch::StartsWith("usage: " + example.name));
      CHECK(result.err.empty());
    }
    const auto version = run_process(example.program, {"--version"});
    CHECK(version.status == 0);
    CHECK(version.out == example.name + " " BACKPROP_VERSION "\n");
  }
}

TEST_CASE("every example words a usage error in two lines and exits 2", "[examples]") {
  for (const Example& example : examples) {
    INFO(example.name);
    const auto result = run_process(example.program, {"--frobnicate"});
    CHECK(result.status == 2);
    CHECK(result.err == "" + example.name + ": unknown option '--frobnicate'\nRun '" + example.name +
                            " --help' for more information.\n");
    CHECK(result.out.empty());
    const auto stray = run_process(example.program, {"stray"});
    CHECK(stray.status == 2);
    CHECK_THAT(stray.err, Catch::StartsWith(example.name + ": unexpected argument 'stray'\n"));
  }
  CHECK_THAT(run_process(BACKPROP_MOONS_EXAMPLE, {"--stpes", "3"}).err,
             Catch::Contains("unknown option '--stpes' (did you mean '--steps'?)"));
  const auto zero = run_process(BACKPROP_MOONS_EXAMPLE, {"--steps=0"});
  CHECK(zero.status == 2);
  CHECK_THAT(zero.err, Catch::StartsWith("moons: --steps: needs a whole number > 0, got '0'\n"));
}

TEST_CASE("every example exits 1 with a message when its output cannot be written", "[examples]") {
  const Redirect full_stdout{.out = "/dev/full"};
  for (const Example& example : examples) {
    INFO(example.name);
    ScratchDir dir("example-full-" + example.name);
    for (const auto& arguments : {quick_run(example, dir), std::vector<std::string>{"--help"}}) {
      const auto result = run_process(example.program, arguments, full_stdout);
      CHECK(result.status == 1);
      CHECK_THAT(result.err, Catch::StartsWith(example.name + ": "));
      CHECK_THAT(result.err, Catch::Contains("No space left on device"));
    }
    // and the same run, written somewhere it can be, succeeds
    const auto fine = run_process(example.program, quick_run(example, dir));
    INFO(fine.err);
    CHECK(fine.status == 0);
  }
}

TEST_CASE("the tiny engine, which has no options, also exits 1 when its output cannot be written", "[examples]") {
  const auto full = run_process(BACKPROP_TINY_ENGINE_EXAMPLE, {}, Redirect{.out = "/dev/full"});
  CHECK(full.status == 1);
  CHECK_THAT(full.err, Catch::StartsWith("tiny_engine: cannot write the output"));
  const auto fine = run_process(BACKPROP_TINY_ENGINE_EXAMPLE, {});
  CHECK(fine.status == 0);
  CHECK_THAT(fine.out, Catch::Contains("g = 24.7041"));
}

namespace {

// newton's reference: Rosenbrock's derivatives written out by hand,
// f = (1-x)^2 + 100 (y-x^2)^2, g = (-2(1-x) - 400x(y-x^2), 200(y-x^2)),
// H = [[2 - 400y + 1200x^2, -400x], [-400x, 200]], and the same iterations.
struct Point {
  double x, y;
};

std::array<double, 2> rosenbrock_gradient(Point p) {
  return {-2 * (1 - p.x) - 400 * p.x * (p.y - p.x * p.x), 200 * (p.y - p.x * p.x)};
}

// Newton's points from (-1.2, 1) until |g| < 1e-8.
std::vector<Point> newton_reference() {
  std::vector<Point> points{{-1.2, 1.0}};
  while (points.size() < 100) {
    const Point p = points.back();
    const std::array<double, 2> g = rosenbrock_gradient(p);
    if (std::hypot(g[0], g[1]) < 1e-8) break;
    const double a = 2 - 400 * p.y + 1200 * p.x * p.x, b = -400 * p.x, d = 200, det = a * d - b * b;
    points.push_back({p.x - (d * g[0] - b * g[1]) / det, p.y - (a * g[1] - b * g[0]) / det});
  }
  return points;
}

// Gradient descent's steps of 0.001 g from (-1.2, 1) until |g| < 1e-8.
std::size_t gradient_descent_reference_steps() {
  Point p{-1.2, 1.0};
  for (std::size_t steps = 0;; ++steps) {
    const std::array<double, 2> g = rosenbrock_gradient(p);
    if (std::hypot(g[0], g[1]) < 1e-8) return steps;
    p = {p.x - 0.001 * g[0], p.y - 0.001 * g[1]};
  }
}

// The start of the example's row for `step` at `p`.
std::string row_start(std::size_t step, Point p) {
  return fmt::format("{:>6}  {:>13.10f}  {:>13.10f}  ", step, p.x, p.y);
}

}  // namespace

TEST_CASE("newton: Newton's method reaches (1, 1) in 6 steps, where gradient descent has not converged",
          "[examples]") {
  const std::vector<Point> newton = newton_reference();
  REQUIRE(newton.size() == 7);  // the start and 6 steps
  const auto run = run_process(BACKPROP_NEWTON_EXAMPLE, {"--steps", "6"});
  INFO(run.err);
  REQUIRE(run.status == 0);
  for (std::size_t step = 0; step < newton.size(); ++step)
    CHECK_THAT(run.out, Catch::Contains(row_start(step, newton[step])));
  // The second step climbs the wall (f from 4.7 to 1412) before converging.
  CHECK_THAT(run.out, Catch::Contains("     2   0.7631148712  -3.1750338547   1.412e+03   1.371e+03\n"));
  CHECK_THAT(run.out, Catch::Contains("     6   1.0000000000   1.0000000000   3.433e-20   8.286e-09\n"
                                      "Newton: |grad| < 1e-08 after 6 steps, at (1.0000000000, 1.0000000000)\n"));
  // Six gradient descent steps of 0.001 g: still far up the valley.
  CHECK_THAT(run.out,
             Catch::Contains("gradient descent: not converged after 6 steps, at (-1.0245327492, 1.0576458722)\n"));
}

TEST_CASE("newton: gradient descent takes 43605 steps to |grad| < 1e-8, and diverges with too large a rate",
          "[examples]") {
  REQUIRE(gradient_descent_reference_steps() == 43605);
  const auto run = run_process(BACKPROP_NEWTON_EXAMPLE, {});
  REQUIRE(run.status == 0);
  CHECK_THAT(run.out, Catch::Contains("  1000   0.3272627748   0.1040128004   4.535e-01   1.126e+00\n"));
  CHECK_THAT(run.out, Catch::Contains(
                          " 43605   0.9999999888   0.9999999776   1.252e-16   9.999e-09\n"
                          "gradient descent: |grad| < 1e-08 after 43605 steps, at (0.9999999888, 0.9999999776)\n"));
  const auto too_fast = run_process(BACKPROP_NEWTON_EXAMPLE, {"--learning-rate", "0.01"});
  REQUIRE(too_fast.status == 0);
  CHECK_THAT(too_fast.out, Catch::EndsWith("     1   0.9560000000   1.8800000000   9.333e+01   4.170e+02\n"
                                           "gradient descent: diverged at step 7: the learning rate is too large "
                                           "for the valley's walls\n\n"));
  const auto zero = run_process(BACKPROP_NEWTON_EXAMPLE, {"--learning-rate=0"});
  CHECK(zero.status == 2);
  CHECK_THAT(zero.err, Catch::StartsWith("newton: --learning-rate: needs a number > 0, got '0'\n"));
}
