// Newton's method with the engine's exact Hessian, against gradient descent,
// on Rosenbrock's banana-shaped valley f(x, y) = (1 - x)^2 + 100 (y - x^2)^2
// from the classic start (-1.2, 1). The minimum is f(1, 1) = 0.
#include <autodiff/autodiff.hpp>
#include <fmt/core.h>

#include <array>
#include <cmath>
#include <string_view>
#include <vector>

#include "tools/program.hpp"

using backprop::Value;

namespace {

constexpr std::string_view usage = R"(usage: newton [--steps N] [--learning-rate R]

Minimises Rosenbrock's function f(x, y) = (1 - x)^2 + 100 (y - x^2)^2 from
(-1.2, 1) twice: by Newton's method, each step solving H d = -g with the exact
Hessian H from the engine, and by gradient descent, each step going -R g.
Each stops when |g| < 1e-8; Newton needs a handful of steps, gradient descent
crawls along the curved valley for tens of thousands.

options:
  --steps N          gradient descent's cap on steps (default 100000)
  --learning-rate R  gradient descent's step size (default 0.001; above about
                     0.002 it overshoots the steep walls)
)";

constexpr double tolerance = 1e-8;         // stop when |grad f| falls below this
constexpr std::size_t newton_cap = 100;    // Newton needs far fewer
constexpr double start_x = -1.2, start_y = 1.0;

Value rosenbrock(const Value& x, const Value& y) { return pow(1.0 - x, 2) + 100.0 * pow(y - x * x, 2); }

// One row of the table: where we are, how high, and how steep.
void print_row(std::size_t step, const Value& x, const Value& y, double f, const std::vector<Value>& g) {
  fmt::print("{:>6}  {:>13.10f}  {:>13.10f}  {:>10.3e}  {:>10.3e}\n", step, x.data(), y.data(), f,
             std::hypot(g[0].data(), g[1].data()));
}

void print_header(std::string_view title) {
  fmt::print("{}\n  step              x              y           f      |grad|\n", title);
}

// The gradient descent table shows steps 0, 1, 10, 100, ... and the last.
bool is_power_of_ten(std::size_t n) {
  while (n % 10 == 0 && n > 1) n /= 10;
  return n == 1;
}

void print_result(std::string_view method, bool converged, std::size_t steps, const Value& x, const Value& y) {
  if (converged)
    fmt::print("{}: |grad| < {:.0e} after {} steps, at ({:.10f}, {:.10f})\n\n", method, tolerance, steps,
               x.data(), y.data());
  else
    fmt::print("{}: not converged after {} steps, at ({:.10f}, {:.10f})\n\n", method, steps, x.data(), y.data());
}

// Solves the 2x2 system H d = -g by Cramer's rule: d = -H^-1 g, with
// H^-1 = [h11 -h01; -h10 h00] / det. On this path H stays positive definite
// (det > 0, h00 > 0), so d points downhill; where it is not, d can point
// uphill, and practical methods damp H first (docs/engine.md).
std::array<double, 2> newton_direction(const std::vector<std::vector<double>>& h, const std::vector<Value>& g) {
  const double det = h[0][0] * h[1][1] - h[0][1] * h[1][0];
  return {-(h[1][1] * g[0].data() - h[0][1] * g[1].data()) / det,
          -(h[0][0] * g[1].data() - h[1][0] * g[0].data()) / det};
}

void newton() {
  Value x(start_x, "x"), y(start_y, "y");  // leaves, made outside every step's scope
  print_header("Newton's method (exact Hessian from the engine):");
  for (std::size_t step = 0; step <= newton_cap; ++step) {
    const backprop::GraphScope scope;  // this step's graph is released at the end of the step
    const Value f = rosenbrock(x, y);
    const std::vector<Value> g = backprop::grad(f, {x, y});  // numbers; no .grad() changes
    print_row(step, x, y, f.data(), g);
    if (std::hypot(g[0].data(), g[1].data()) < tolerance) {
      print_result("Newton", true, step, x, y);
      return;
    }
    // H: one gradient recorded with create_graph, then one backward per row.
    // A full Newton step jumps to the minimum of the quadratic that matches
    // f's value, slope and curvature here. Far from the minimum that
    // quadratic can be a poor guess (step 2 below lands much higher up the
    // wall); near it, the number of correct digits doubles every step.
    const std::array<double, 2> d = newton_direction(backprop::hessian(f, {x, y}), g);
    x.set_data(x.data() + d[0]);
    y.set_data(y.data() + d[1]);
  }
  print_result("Newton", false, newton_cap, x, y);
}

void gradient_descent(std::size_t cap, double learning_rate) {
  Value x(start_x, "x"), y(start_y, "y");
  print_header(fmt::format("Gradient descent (learning rate {}):", learning_rate));
  for (std::size_t step = 0;; ++step) {
    const backprop::GraphScope scope;
    const Value f = rosenbrock(x, y);
    const std::vector<Value> g = backprop::grad(f, {x, y});
    const double norm = std::hypot(g[0].data(), g[1].data());
    const bool converged = norm < tolerance;
    if (!std::isfinite(norm)) {
      fmt::print("gradient descent: diverged at step {}: the learning rate is too large for the valley's walls\n\n",
                 step);
      return;
    }
    if (step == 0 || is_power_of_ten(step) || converged || step == cap) print_row(step, x, y, f.data(), g);
    if (converged || step == cap) {
      print_result("gradient descent", converged, step, x, y);
      return;
    }
    // The valley floor curves gently, while its walls are steep: a step
    // small enough not to bounce off the walls barely moves along the floor.
    x.set_data(x.data() - learning_rate * g[0].data());
    y.set_data(y.data() - learning_rate * g[1].data());
  }
}

}  // namespace

// The command line (tools/program.hpp: --help, --version, usage errors)
// and checked output.
int main(int argc, char** argv) {
  backprop::tools::Program program("newton", std::string(usage));
  std::size_t steps = 100000;
  double learning_rate = 0.001;
  program.number("--steps", steps, "a whole number > 0", +[](std::size_t n) { return n > 0; })
      .number("--learning-rate", learning_rate, "a number > 0", +[](double r) { return r > 0; });
  return program.run(argc, argv, [&] {
    fmt::print("Rosenbrock's f(x, y) = (1 - x)^2 + 100 (y - x^2)^2 from ({}, {}); its minimum is f(1, 1) = 0\n\n",
               start_x, start_y);
    newton();
    gradient_descent(steps, learning_rate);
    return 0;
  });
}
