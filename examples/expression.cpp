// The classic micrograd expression, in C++: build it, call backward(), and
// read how much the result g changes when a or b is nudged.
#include <autodiff/autodiff.hpp>
#include <fmt/core.h>

#include "tools/program.hpp"

using backprop::Value;

namespace {

int show_the_expression() {
  // Two inputs. Each Value records its number on the tape.
  Value a(-4.0, "a");
  Value b(2.0, "b");

  // Every operation records a new node that remembers its inputs and its
  // local derivative (for a*b: d/da = b, d/db = a).
  Value c = a + b;
  Value d = a * b + pow(b, 3);
  c += c + 1;
  c += 1 + c + (-a);
  d += d * 2 + relu(b + a);
  d += 3 * d + relu(b - a);
  Value e = c - d;
  Value f = pow(e, 2);
  Value g = f / 2.0;
  g += 10.0 / f;
  fmt::print("g = {:.4f}\n", g.data());  // 24.7041: the forward pass

  // The backward pass: start from dg/dg = 1 and apply the chain rule through
  // every node in reverse order of creation.
  g.backward();
  fmt::print("dg/da = {:.4f}\n", a.grad());  // 138.8338: g grows ~138.8x as fast as a
  fmt::print("dg/db = {:.4f}\n", b.grad());  // 645.5773
  fmt::print("{:.4f}\n{:.4f}\n", a, b);      // each Value prints its data and grad
  return 0;
}

}  // namespace

// --help, --version, and checked output (tools/program.hpp): an output
// that cannot be written is an error (exit status 1), never a silent success.
int main(int argc, char** argv) {
  backprop::tools::Program program(
      "expression",
      "usage: expression\n\nBuilds micrograd's classic expression, runs backward() and prints g and its\n"
      "gradients.\n");
  return program.run(argc, argv, show_the_expression);
}
