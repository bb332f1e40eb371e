// The operations the engine records, described once. One row of
// `operations` per operation says how it is shown (name, symbol, the tool's
// function name), what it reads (its inputs and any constant), how
// backward() sends a gradient through it, and its local derivative as
// `explain` words it. A one-input function's row also computes it: its value
// and local derivative for a number (`local`) and where it is defined
// (`domain`), so adding sin is one row here, its Op and a one-line function
// in value.hpp. Operators (+ - * /, pow) and the many-input operations
// compute in value.hpp, value.cpp and linear.cpp.
#pragma once

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace backprop {

enum class Op : std::uint8_t {
  leaf,  // an input or parameter: nothing flows further back
  // two Value inputs
  add, sub, mul, div, pow,
  // one Value input
  neg, exp, log, tanh, sigmoid, relu, sqrt, abs, sin, cos,
  // one Value input and a constant number
  add_constant, mul_constant, div_by_constant, constant_div, pow_constant,
  // many inputs: bias + sum of w_k * x_k, sum of a_k * b_k, a layer's outputs
  weighted_sum, dot, linear,
  // the second and later outputs of one linear layer (shown as `linear`:
  // backward handles the whole layer at its first output)
  linear_row,
};

// How backward() sends a node's gradient g to its inputs.
enum class Rule : std::uint8_t {
  none,          // a leaf, or a row handled by its layer's first output
  unary,         // g * local_a to the input
  unary_one,     // g to the input (x + c)
  binary,        // g * local_a and g * local_b
  binary_sum,    // g to both (a + b)
  binary_product,// g * b.data to a, g * a.data to b (a * b: nothing stored)
  products,      // bias and pairs: g to the bias, g * x_k to w_k, g * w_k to x_k
  linear,        // the whole layer: weights, biases and inputs at once
};

// Where an operation with a constant keeps it: in the slot of the local
// derivative it does not need (x + c keeps c where d/da would be).
enum class ConstantSlot : std::uint8_t { none, local_a, local_b };

inline constexpr int many_inputs = -1;

namespace rules {
// What a one-input operation computes for a number: its result and the
// local derivative d result / d input (the number backward() multiplies
// the result's gradient by).
struct Local {
  double data, partial;
};
}  // namespace rules

// Where a one-input function is defined: `holds(x)` is false where it is
// not, and `requirement` says so in an error ("argument must be > 0").
struct Domain {
  bool (*holds)(double) = nullptr;  // nullptr: defined everywhere
  std::string_view requirement = {};
};

struct OperationInfo {
  Op op;
  std::string_view name;      // as in fixtures and tests: "mul_constant"
  std::string_view symbol;    // as in graphs: "*", "tanh", "w.x+b"
  std::string_view function;  // as in the tool's expressions ("" for operators)
  int inputs;                 // 0, 1, 2 or many_inputs
  Rule rule;
  ConstantSlot constant;
  // d(node)/d(input) as explain words it: {a} and {b} are the inputs' names,
  // {self} the node's, {c} the constant, {partner} the other factor of a
  // product. Many-input operations: [0] for a bias, [1] for a product.
  std::array<std::string_view, 2> derivative;
  // One-input functions only: value and local derivative, and the domain.
  rules::Local (*local)(double) = nullptr;
  Domain domain = {};
};

inline constexpr OperationInfo operations[] = {
    {Op::leaf, "leaf", "", "", 0, Rule::none, ConstantSlot::none, {"", ""}},
    {Op::add, "add", "+", "", 2, Rule::binary_sum, ConstantSlot::none, {"1", "1"}},
    {Op::sub, "sub", "-", "", 2, Rule::binary, ConstantSlot::none, {"1", "-1"}},
    {Op::mul, "mul", "*", "", 2, Rule::binary_product, ConstantSlot::none, {"{b}.data", "{a}.data"}},
    {Op::div, "div", "/", "", 2, Rule::binary, ConstantSlot::none,
     {"1 / {b}.data", "-{a}.data / {b}.data^2"}},
    {Op::pow, "pow", "^", "pow", 2, Rule::binary, ConstantSlot::none,
     {"{b}.data * {a}.data^({b}.data - 1)", "{self}.data * ln({a}.data)"}},
    // d(-x)/dx = -1
    {Op::neg, "neg", "neg", "", 1, Rule::unary, ConstantSlot::none, {"-1", ""},
     [](double x) { return rules::Local{-x, -1.0}; }},
    // d(e^x)/dx = e^x
    {Op::exp, "exp", "exp", "exp", 1, Rule::unary, ConstantSlot::none, {"{self}.data", ""},
     [](double x) {
       const double result = std::exp(x);
       return rules::Local{result, result};
     }},
    // d(ln x)/dx = 1/x
    {Op::log, "log", "log", "log", 1, Rule::unary, ConstantSlot::none, {"1 / {a}.data", ""},
     [](double x) { return rules::Local{std::log(x), 1.0 / x}; },
     {[](double x) { return x > 0.0; }, "argument must be > 0"}},
    // d(tanh x)/dx = 1 - tanh(x)^2
    {Op::tanh, "tanh", "tanh", "tanh", 1, Rule::unary, ConstantSlot::none, {"(1 - {self}.data^2)", ""},
     [](double x) {
       const double t = std::tanh(x);
       return rules::Local{t, 1.0 - t * t};
     }},
    // d(sigmoid x)/dx = s (1 - s); two forms, so that exp() never overflows
    {Op::sigmoid, "sigmoid", "sigmoid", "sigmoid", 1, Rule::unary, ConstantSlot::none,
     {"{self}.data * (1 - {self}.data)", ""},
     [](double x) {
       const double s = x >= 0.0 ? 1.0 / (1.0 + std::exp(-x)) : std::exp(x) / (1.0 + std::exp(x));
       return rules::Local{s, s * (1.0 - s)};
     }},
    // d(relu x)/dx = 1 if x > 0 else 0; NaN stays NaN, value and derivative (PyTorch 1.13 gives the
    // value NaN too, but the derivative 1)
    {Op::relu, "relu", "relu", "relu", 1, Rule::unary, ConstantSlot::none, {"({a}.data > 0 ? 1 : 0)", ""},
     [](double x) {
       return x > 0.0 ? rules::Local{x, 1.0} : x <= 0.0 ? rules::Local{0.0, 0.0} : rules::Local{x, x};
     }},
    // d(sqrt x)/dx = 1 / (2 sqrt x)
    {Op::sqrt, "sqrt", "sqrt", "sqrt", 1, Rule::unary, ConstantSlot::none, {"0.5 / {self}.data", ""},
     [](double x) {
       const double result = std::sqrt(x);
       return rules::Local{result, 0.5 / result};
     },
     {[](double x) { return !(x < 0.0); }, "argument must be >= 0"}},
    // d|x|/dx = sign(x), 0 at 0 (as PyTorch), NaN at NaN
    {Op::abs, "abs", "abs", "abs", 1, Rule::unary, ConstantSlot::none, {"sign({a}.data)", ""},
     [](double x) { return rules::Local{std::fabs(x), x > 0.0 ? 1.0 : x < 0.0 ? -1.0 : x == 0.0 ? 0.0 : x}; }},
    // d(sin x)/dx = cos x
    {Op::sin, "sin", "sin", "sin", 1, Rule::unary, ConstantSlot::none, {"cos({a}.data)", ""},
     [](double x) { return rules::Local{std::sin(x), std::cos(x)}; }},
    // d(cos x)/dx = -sin x
    {Op::cos, "cos", "cos", "cos", 1, Rule::unary, ConstantSlot::none, {"-sin({a}.data)", ""},
     [](double x) { return rules::Local{std::cos(x), -std::sin(x)}; }},
    {Op::add_constant, "add_constant", "+", "", 1, Rule::unary_one, ConstantSlot::local_a, {"1", ""}},
    {Op::mul_constant, "mul_constant", "*", "", 1, Rule::unary, ConstantSlot::local_a, {"{c}", ""}},
    {Op::div_by_constant, "div_by_constant", "/", "", 1, Rule::unary, ConstantSlot::local_b, {"1 / {c}", ""}},
    {Op::constant_div, "constant_div", "/", "", 1, Rule::unary, ConstantSlot::local_b,
     {"-{c} / {a}.data^2", ""}},
    {Op::pow_constant, "pow_constant", "^", "", 1, Rule::unary, ConstantSlot::local_b,
     {"{c} * {a}.data^({c} - 1)", ""}},
    {Op::weighted_sum, "weighted_sum", "w.x+b", "", many_inputs, Rule::products, ConstantSlot::none,
     {"1", "{partner}.data"}},
    {Op::dot, "dot", "a.b", "", many_inputs, Rule::products, ConstantSlot::none, {"1", "{partner}.data"}},
    {Op::linear, "linear", "w.x+b", "", many_inputs, Rule::linear, ConstantSlot::none,
     {"1", "{partner}.data"}},
    {Op::linear_row, "linear_row", "w.x+b", "", many_inputs, Rule::none, ConstantSlot::none,
     {"1", "{partner}.data"}},
};

inline constexpr std::size_t operation_count = std::size(operations);

constexpr const OperationInfo& info(Op op) { return operations[static_cast<std::size_t>(op)]; }

// The table is indexed by Op: each row must sit at its operation's position.
static_assert([] {
  for (std::size_t k = 0; k < operation_count; ++k)
    if (static_cast<std::size_t>(operations[k].op) != k) return false;
  return true;
}());
static_assert(static_cast<std::size_t>(Op::linear_row) + 1 == operation_count,
              "every Op needs a row in `operations`");

// The short name shown in graphs and explanations.
constexpr std::string_view op_symbol(Op op) { return info(op).symbol; }
constexpr int arity(Op op) { return info(op).inputs; }
constexpr bool has_constant(Op op) { return info(op).constant != ConstantSlot::none; }
// The operation a user sees: every output of a layer is a `linear` (the
// tape marks all but the first `linear_row`, pointing back to the first).
constexpr Op shown_op(Op op) { return op == Op::linear_row ? Op::linear : op; }

}  // namespace backprop
