// The functions named in fixtures/autodiff_ops.txt, written with the engine,
// and the file's cases (the points each is checked at).
// make_autodiff_fixtures.py writes the same functions for PyTorch; a name
// here must compute exactly what the name there computes.
#pragma once

#include <algorithm>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <span>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "autodiff/autodiff.hpp"

namespace backprop::testing {

// A function of the fixture's inputs. A function that differentiates
// values it makes itself (a Matrix's leaves, from the inputs' numbers) puts
// their handles in place of the inputs, so gradients are read from them.
using Function = std::function<Value(std::vector<Value>&)>;

inline Value deep_recurrence(std::vector<Value>& v) {
  Value x = v[0];
  for (int step = 0; step < 20; ++step) x = tanh(x * v[1] + v[2]) + 0.5 * x;
  return x;
}

// A linear layer: the first rows * cols inputs become the weight Matrix (row
// by row), the rest its inputs; the outputs are combined with `combine`.
inline Function linear_case(std::size_t rows, std::size_t cols, Bias bias, Activation activation,
                            std::vector<double> combine) {
  return [=](std::vector<Value>& v) {
    std::vector<double> numbers;
    for (std::size_t k = 0; k < rows * cols; ++k) numbers.push_back(v[k].data());
    const Matrix weights(rows, cols, numbers);
    const std::vector<Value> entries = weights.values();
    std::copy(entries.begin(), entries.end(), v.begin());
    const std::vector<Value> inputs(v.begin() + static_cast<std::ptrdiff_t>(rows * cols), v.end());
    const std::vector<Value> outputs = linear(weights, inputs, bias, activation);
    Value result = outputs[0] * combine[0];
    for (std::size_t r = 1; r < rows; ++r) result = result + outputs[r] * combine[r];
    return result;
  };
}

inline const std::map<std::string, Function>& reference_functions() {
  using V = std::vector<Value>&;
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
      {"sin", [](V v) { return sin(v[0]); }},
      {"cos", [](V v) { return cos(v[0]); }},
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
      {"dot",
       [](V v) {
         const std::vector<Value> a{v[0], v[2], v[4]}, b{v[1], v[3], v[5]};
         return dot(a, b);
       }},
      {"dot_with_itself", [](V v) { return dot(std::span<const Value>(v), std::span<const Value>(v)); }},
      {"linear_bias_relu", linear_case(3, 3, Bias::last_column, Activation::relu, {1.0, -2.0, 0.5})},
      {"linear_no_bias_tanh", linear_case(2, 3, Bias::none, Activation::tanh, {1.5, -1.0})},
      {"linear_bias_sigmoid", linear_case(2, 4, Bias::last_column, Activation::sigmoid, {1.0, 1.0})},
      {"linear_plain", linear_case(2, 2, Bias::none, Activation::linear, {0.5, 2.0})},
  };
  return functions;
}

// One line of fixtures/autodiff_ops.txt: a function's name, the point,
// PyTorch's value and gradient there.
struct OperationFixture {
  std::string name;
  std::vector<double> inputs;
  double value;
  std::vector<double> grads;
};

inline std::vector<OperationFixture> load_fixtures() {
  std::ifstream file(BACKPROP_FIXTURES_DIR "/autodiff_ops.txt");
  REQUIRE(file.good());
  std::vector<OperationFixture> fixtures;
  std::string line;
  while (std::getline(file, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    OperationFixture fixture;
    std::size_t count = 0;
    fields >> fixture.name >> count;
    fixture.inputs.resize(count);
    fixture.grads.resize(count);
    for (double& x : fixture.inputs) fields >> x;
    fields >> fixture.value;
    for (double& g : fixture.grads) fields >> g;
    REQUIRE_FALSE(fields.fail());
    fixtures.push_back(fixture);
  }
  return fixtures;
}

}  // namespace backprop::testing
