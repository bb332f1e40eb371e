// The nonlinearities a neuron can apply to its weighted sum (the engine's
// Activation, which a linear layer applies as it records).
#pragma once

#include <optional>
#include <string_view>

#include "autodiff/linear.hpp"
#include "autodiff/value.hpp"

namespace backprop::nn {

using backprop::Activation;

inline Value activate(Activation activation, const Value& x) {
  switch (activation) {
    case Activation::relu: return relu(x);
    case Activation::tanh: return tanh(x);
    case Activation::sigmoid: return sigmoid(x);
    case Activation::linear: return x;
  }
  return x;
}

constexpr std::string_view activation_name(Activation activation) {
  switch (activation) {
    case Activation::relu: return "relu";
    case Activation::tanh: return "tanh";
    case Activation::sigmoid: return "sigmoid";
    case Activation::linear: return "linear";
  }
  return "?";
}

// The activation activation_name() calls `name`; nothing for another word.
constexpr std::optional<Activation> activation_named(std::string_view name) {
  for (Activation activation : {Activation::relu, Activation::tanh, Activation::sigmoid, Activation::linear})
    if (activation_name(activation) == name) return activation;
  return std::nullopt;
}

// How initial weights are drawn.
enum class Init {
  uniform,  // uniform(-1, 1), as micrograd does
  scaled,   // uniform(-1, 1) / sqrt(nin): keeps activations in range in deeper nets
};

}  // namespace backprop::nn
