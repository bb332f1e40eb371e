// W1's pieces that backprop-bench (bench.cpp) and backprop-moons-steps
// (moons_steps.cpp) share, so that both run exactly the same step: the moons
// data and its inputs as Values, the engine's two ways of scoring the points
// through an nn::MLP, and one step of plain gradient descent.
#pragma once

#include <array>
#include <cstddef>
#include <span>
#include <vector>

#include "autodiff/autodiff.hpp"
#include "nn/nn.hpp"
#include "tools/bench_workloads.hpp"

namespace backprop::bench {

inline constexpr double moons_learning_rate = 0.05;

// micrograd's 100 moons points with labels -1 and +1, and the points as
// Values, recorded once.
struct MoonsInputs {
  MoonsData data;
  std::vector<std::array<Value, 2>> points;
};
inline MoonsInputs moons_inputs() {
  const nn::Dataset dataset = nn::make_moons(100, 0.1, 1);
  MoonsInputs inputs;
  inputs.data.labels = nn::signed_labels(dataset.targets);
  for (const auto& row : dataset.inputs) {
    inputs.data.points.push_back({row[0], row[1]});
    inputs.points.push_back({Value(row[0]), Value(row[1])});
  }
  return inputs;
}

// The points' scores through the nn library: one linear node per layer.
inline void layer_scores(const nn::MLP& model, std::span<const std::array<Value, 2>> points, std::span<Value> scores) {
  for (std::size_t i = 0; i < points.size(); ++i) model(points[i], scores.subspan(i, 1));
}

// The same through the layers' neurons: one weighted_sum node per neuron.
inline void neuron_scores(const nn::MLP& model, std::span<const std::array<Value, 2>> points, std::span<Value> scores) {
  std::array<Value, moons_widest> first, second;  // two layers' outputs, made once
  for (std::size_t i = 0; i < points.size(); ++i) {
    std::span<const Value> inputs = points[i];
    Value* outputs = first.data();
    for (const nn::Layer& layer : model.layers()) {
      for (std::size_t j = 0; j < layer.outputs(); ++j) outputs[j] = layer.neurons()[j](inputs);
      inputs = std::span<const Value>(outputs, layer.outputs());
      outputs = outputs == first.data() ? second.data() : first.data();
    }
    scores[i] = inputs[0];
  }
}

// The engine's step after recording `loss`, as examples/moons.cpp takes it:
// gradients, then plain gradient descent by the nn library's optimizer
// (an nn::SGD at moons_learning_rate), which updates whole blocks of
// parameters at a time.
inline void engine_descent(const Value& loss, nn::SGD& optimizer) {
  optimizer.zero_grad();
  loss.backward();
  optimizer.step();
}

// A step of plain gradient descent on numbers, for a gradient written out
// by hand or by a peer library: gradient_by(parameters, data, gradient)
// returns the loss and fills the gradient. Returns the loss before the step.
template <typename GradientBy>
double descent_step(GradientBy gradient_by, std::vector<double>& parameters, const MoonsData& data,
                    std::vector<double>& gradient) {
  const double loss = gradient_by(parameters, data, gradient);
  for (std::size_t k = 0; k < parameters.size(); ++k) parameters[k] -= moons_learning_rate * gradient[k];
  return loss;
}

}  // namespace backprop::bench
