// The lecture's single neuron: o = tanh(x1*w1 + x2*w2 + b), and what
// backward() tells us about it, one chain-rule step at a time.
#include <autodiff/autodiff.hpp>
#include <fmt/core.h>

#include "tools/program.hpp"

using backprop::Value;

namespace {

int show_the_neuron() {
  // Inputs x1, x2; weights w1, w2; bias b (chosen so that n comes out 0.8814).
  Value x1(2.0, "x1"), x2(0.0, "x2");
  Value w1(-3.0, "w1"), w2(1.0, "w2");
  Value b(6.8813735870195432, "b");

  // The forward pass, one operation per line, as on the blackboard.
  Value x1w1 = x1 * w1;          // -6
  Value x2w2 = x2 * w2;          //  0
  Value x1w1x2w2 = x1w1 + x2w2;  // -6
  Value n = x1w1x2w2 + b;        //  0.8814: the neuron's weighted sum
  Value o = tanh(n);             //  0.7071: its output
  fmt::print("o = {:.4f}\n", o.data());

  // The backward pass. By hand, from the output back:
  //   do/do = 1
  //   do/dn = 1 - tanh(n)^2 = 1 - 0.7071^2 = 0.5
  //   a '+' passes its gradient to both inputs unchanged: d/db = d/d(x1w1) = d/d(x2w2) = 0.5
  //   a '*' sends each input the other input times its gradient:
  //     do/dw1 = x1 * 0.5 = 1,   do/dx1 = w1 * 0.5 = -1.5
  //     do/dw2 = x2 * 0.5 = 0,   do/dx2 = w2 * 0.5 = 0.5
  o.backward();
  for (const Value* v : {&n, &b, &x1, &w1, &x2, &w2})
    fmt::print("{}: grad {:.4f}\n", v == &n ? "n" : v->label(), v->grad());
  return 0;
}

}  // namespace

// --help, --version, and checked output (tools/program.hpp): an output
// that cannot be written is an error (exit status 1), never a silent success.
int main(int argc, char** argv) {
  backprop::tools::Program program(
      "neuron",
      "usage: neuron\n\nThe lecture's neuron o = tanh(x1*w1 + x2*w2 + b): its output and the gradient\n"
      "backward() gives each input, weight and the bias.\n");
  return program.run(argc, argv, show_the_neuron);
}
