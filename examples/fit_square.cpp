// y = x^2 learned by an MLP, in the loop a PyTorch user writes: forward,
// zero_grad, backward, step, print. No GraphScope: each step() releases the
// step before it, so memory stays flat however long it trains.
#include <autodiff/autodiff.hpp>
#include <fmt/core.h>
#include <nn/nn.hpp>

#include "tools/program.hpp"

namespace nn = backprop::nn;
using backprop::Value;

int fit(std::size_t steps) {
  const nn::MLP model(1, {16, 16, 1}, {.hidden = nn::Activation::tanh});
  nn::SGD optimizer(model.parameters(), 0.05);
  for (std::size_t step = 1; step <= steps; ++step) {
    Value loss = 0.0;
    for (double x = -1.0; x <= 1.0; x += 0.25) loss += pow(model({x})[0] - x * x, 2) / 9.0;
    optimizer.zero_grad();
    loss.backward();
    optimizer.step();
    if (step % (steps / 5) == 0) fmt::print("step {:4}  loss {:.6f}\n", step, loss.data());
  }
  fmt::print("model(0.5) = {:.4f} (0.25 wanted)\n", model({0.5})[0].data());
  return 0;
}

int main(int argc, char** argv) {
  backprop::tools::Program program("fit_square", "usage: fit_square [--steps N]\n\nFits y = x^2 on [-1, 1] with an MLP(1, [16, 16, 1]) and SGD.\n");
  std::size_t steps = 1000;
  program.number("--steps", steps, "a whole number >= 5", +[](std::size_t n) { return n >= 5; });
  return program.run(argc, argv, [&] { return fit(steps); });
}
