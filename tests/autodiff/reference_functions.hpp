// The functions named in fixtures/autodiff_ops.txt, written with the engine.
// make_autodiff_fixtures.py writes the same functions for PyTorch; a name
// here must compute exactly what the name there computes.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "autodiff/autodiff.hpp"

namespace backprop::testing {

using Function = std::function<Value(const std::vector<Value>&)>;

inline Value deep_recurrence(const std::vector<Value>& v) {
  Value x = v[0];
  for (int step = 0; step < 20; ++step) x = tanh(x * v[1] + v[2]) + 0.5 * x;
  return x;
}

inline const std::map<std::string, Function>& reference_functions() {
  using V = const std::vector<Value>&;
  static const std::map<std::string, Function> functions = {
      {"add", [](V v) { return v[0] + v[1]; }},
      {"sub", [](V v) { return v[0] - v[1]; }},
      {"mul", [](V v) { return v[0] * v[1]; }},
      {"div", [](V v) { return v[0] / v[1]; }},
      {"pow", [](V v) { return pow(v[0], v[1]); }},
      {"add_number_right", [](V v) { return v[0] + 3.5; }},
      {"add_number_left", [](V v) { return 3.5 + v[0]; }},
      {"sub_number_right", [](V v) { return v[0] - 3.5; }},
      {"sub_number_left", [](V v) { return 3.5 - v[0]; }},
      {"mul_number_right", [](V v) { return v[0] * -2.5; }},
      {"mul_number_left", [](V v) { return -2.5 * v[0]; }},
      {"div_number_right", [](V v) { return v[0] / 3.0; }},
      {"div_number_left", [](V v) { return 3.0 / v[0]; }},
      {"pow_number", [](V v) { return pow(v[0], 2.5); }},
      {"pow_integer_negative_base", [](V v) { return pow(v[0], 3.0); }},
      {"pow_negative_exponent", [](V v) { return pow(v[0], -1.5); }},
      {"pow_number_base", [](V v) { return pow(2.0, v[0]); }},
      {"neg", [](V v) { return -v[0]; }},
      {"exp", [](V v) { return exp(v[0]); }},
      {"log", [](V v) { return log(v[0]); }},
      {"sqrt", [](V v) { return sqrt(v[0]); }},
      {"tanh", [](V v) { return tanh(v[0]); }},
      {"sigmoid", [](V v) { return sigmoid(v[0]); }},
      {"relu", [](V v) { return relu(v[0]); }},
      {"abs", [](V v) { return abs(v[0]); }},
      {"weighted_sum",
       [](V v) {
         const std::vector<Value> weights{v[1], v[3], v[5]}, inputs{v[2], v[4], v[6]};
         return weighted_sum(weights, inputs, v[0]);
       }},
      {"square_by_self_product", [](V v) { return v[0] * v[0]; }},
      {"shared_subexpression",
       [](V v) {
         Value t = v[0] * v[1];
         Value u = t + v[0];
         return (t * u + tanh(u)) / (1.0 + t * t);
       }},
      {"neuron", [](V v) { return tanh(v[0] * v[1] + v[2] * v[3] + v[4]); }},
      {"mixed", [](V v) { return tanh(v[0] * v[1] + v[2]) * exp(-v[0]) / (1.0 + v[1] * v[1]); }},
      {"softplus_and_norm",
       [](V v) {
         return sigmoid(v[0]) * log(1.0 + exp(v[1])) - sqrt(v[0] * v[0] + v[2] * v[2]);
       }},
      {"power_tower",
       [](V v) { return pow(abs(v[0]) + 1.0, v[1]) + relu(v[0] - v[2]) * v[0]; }},
      {"deep_recurrence", deep_recurrence},
  };
  return functions;
}

}  // namespace backprop::testing
