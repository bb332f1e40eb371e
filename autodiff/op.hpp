// The operations the engine records, described once: one row of `operations`
// per operation says how it is shown (name, symbol, the tool's function name),
// what it reads (its inputs and any constant), how backward() sends a gradient
// through it, and its local derivatives as `explain` words them. The
// arithmetic itself (value and local derivative) sits in value.hpp, one
// function per operation.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace backprop {

enum class Op : std::uint8_t {
  leaf,  // an input or parameter: nothing flows further back
  // two Value inputs
  add, sub, mul, div, pow,
  // one Value input
  neg, exp, log, tanh, sigmoid, relu, sqrt, abs,
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
  unary,         // g * partial[0] to the input
  unary_one,     // g to the input (x + c)
  binary,        // g * partial[0] and g * partial[1]
  binary_sum,    // g to both (a + b)
  binary_product,// g * b.data to a, g * a.data to b (a * b: nothing stored)
  products,      // bias and pairs: g to the bias, g * x_k to w_k, g * w_k to x_k
  linear,        // the whole layer: weights, biases and inputs at once
};

// Where an operation with a constant keeps it (x + c keeps c in partial[0],
// which it does not otherwise need).
enum class ConstantSlot : std::uint8_t { none, partial0, partial1 };

inline constexpr int many_inputs = -1;

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
    {Op::neg, "neg", "neg", "", 1, Rule::unary, ConstantSlot::none, {"-1", ""}},
    {Op::exp, "exp", "exp", "exp", 1, Rule::unary, ConstantSlot::none, {"{self}.data", ""}},
    {Op::log, "log", "log", "log", 1, Rule::unary, ConstantSlot::none, {"1 / {a}.data", ""}},
    {Op::tanh, "tanh", "tanh", "tanh", 1, Rule::unary, ConstantSlot::none, {"(1 - {self}.data^2)", ""}},
    {Op::sigmoid, "sigmoid", "sigmoid", "sigmoid", 1, Rule::unary, ConstantSlot::none,
     {"{self}.data * (1 - {self}.data)", ""}},
    {Op::relu, "relu", "relu", "relu", 1, Rule::unary, ConstantSlot::none, {"({a}.data > 0 ? 1 : 0)", ""}},
    {Op::sqrt, "sqrt", "sqrt", "sqrt", 1, Rule::unary, ConstantSlot::none, {"0.5 / {self}.data", ""}},
    {Op::abs, "abs", "abs", "abs", 1, Rule::unary, ConstantSlot::none, {"sign({a}.data)", ""}},
    {Op::add_constant, "add_constant", "+", "", 1, Rule::unary_one, ConstantSlot::partial0, {"1", ""}},
    {Op::mul_constant, "mul_constant", "*", "", 1, Rule::unary, ConstantSlot::partial0, {"{c}", ""}},
    {Op::div_by_constant, "div_by_constant", "/", "", 1, Rule::unary, ConstantSlot::partial1, {"1 / {c}", ""}},
    {Op::constant_div, "constant_div", "/", "", 1, Rule::unary, ConstantSlot::partial1,
     {"-{c} / {a}.data^2", ""}},
    {Op::pow_constant, "pow_constant", "^", "", 1, Rule::unary, ConstantSlot::partial1,
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
