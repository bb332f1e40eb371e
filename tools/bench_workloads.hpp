// The benchmark workloads, written once over the scalar type, so the same
// code runs on plain doubles, on the engine's Values, and on a peer's type:
//   W1: micrograd's moons training loss, MLP(2, [16, 16, 1]) from binary
//       operations only (no fused neuron), hinge loss + 1e-4 L2
//   W2: a long chain of blocks with transcendental functions
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <utility>
#include <vector>

namespace backprop::bench {

// MLP(2, [16, 16, 1]) has 337 parameters, stored as nn::MLP orders them:
// layer by layer, neuron by neuron, each neuron's weights then its bias.
inline constexpr std::array<std::size_t, 4> moons_widths{2, 16, 16, 1};
inline constexpr std::size_t moons_widest = 16;
inline constexpr std::size_t moons_parameters = 2 * 16 + 16 + 16 * 16 + 16 + 16 + 1;
inline constexpr double moons_l2 = 1e-4;

struct MoonsData {
  std::vector<std::array<double, 2>> points;
  std::vector<double> labels;  // -1 or +1
};

// For plain doubles; a Value finds backprop::relu by argument-dependent lookup.
inline double relu(double x) { return x > 0.0 ? x : 0.0; }

// The loss of one full-batch step: mean(relu(1 - y * score)) + l2 * sum(p^2),
// each score from the MLP with ReLU hidden layers and a linear output.
// `Scalar` needs + - * and relu(); `inputs[i]` are point i's coordinates.
template <typename Scalar, typename Input>
Scalar moons_loss(const std::vector<Scalar>& parameters, const std::vector<std::array<Input, 2>>& inputs,
                  const std::vector<double>& labels) {
  // Two layers' worth of room, made once: no allocation per point.
  std::array<Scalar, moons_widest> first, second;
  Scalar total = 0.0;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    Scalar* activations = first.data();
    Scalar* outputs = second.data();
    activations[0] = inputs[i][0];
    activations[1] = inputs[i][1];
    std::size_t offset = 0;
    for (std::size_t layer = 1; layer < moons_widths.size(); ++layer) {
      const std::size_t nin = moons_widths[layer - 1], nout = moons_widths[layer];
      for (std::size_t j = 0; j < nout; ++j, offset += nin + 1) {
        Scalar sum = parameters[offset + nin];  // bias, then the weighted inputs in order
        for (std::size_t k = 0; k < nin; ++k) sum = sum + parameters[offset + k] * activations[k];
        outputs[j] = layer + 1 < moons_widths.size() ? relu(sum) : sum;
      }
      std::swap(activations, outputs);
    }
    total = total + relu(1.0 - labels[i] * activations[0]);
  }
  Scalar squares = 0.0;
  for (const Scalar& p : parameters) squares = squares + p * p;
  return total * (1.0 / static_cast<double>(inputs.size())) + moons_l2 * squares;
}

// W2's inputs and its block: a and b are each used twice.
inline constexpr std::array<double, 4> chain_inputs{0.1, -0.2, 0.3, -0.4};
inline constexpr double chain_start = 0.5;
inline constexpr std::size_t operations_per_block = 10;

template <typename Scalar>
Scalar chain_block(const Scalar& s, const Scalar& x) {
  using std::exp, std::pow, std::tanh;
  const Scalar a = s * 0.9;
  const Scalar b = tanh(a + x);
  return pow(exp(b * 0.5), 1.5) * b * 0.1 + a + 0.01;
}

}  // namespace backprop::bench
