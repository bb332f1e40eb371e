// The operations the engine can record, and what display code needs to know
// about each: its symbol and how many inputs it has. The arithmetic of each
// operation (value and local derivative) lives in value.cpp.
#pragma once

#include <cstdint>
#include <string_view>

namespace backprop {

enum class Op : std::uint8_t {
  leaf,  // an input or parameter: nothing flows further back
  // two Value inputs
  add, sub, mul, div, pow,
  // one Value input
  neg, exp, log, tanh, sigmoid, relu, sqrt, abs,
  // one Value input and a constant number, kept in the node for display
  add_constant, mul_constant, div_by_constant, constant_div, pow_constant,
  // bias + sum of weight*input over many inputs: one node for a neuron
  weighted_sum,
};

inline constexpr int many_inputs = -1;

// How many Value inputs an operation reads (many_inputs for weighted_sum).
// A table, because backward() asks once per node.
constexpr int arity(Op op) {
  constexpr signed char inputs[] = {
      0,                        // leaf
      2, 2, 2, 2, 2,            // add sub mul div pow
      1, 1, 1, 1, 1, 1, 1, 1,   // neg exp log tanh sigmoid relu sqrt abs
      1, 1, 1, 1, 1,            // the constant operations
      many_inputs,              // weighted_sum
  };
  static_assert(sizeof inputs == static_cast<int>(Op::weighted_sum) + 1);
  return inputs[static_cast<int>(op)];
}

// True for operations whose node keeps a constant operand (x + c, x * c, ...).
constexpr bool has_constant(Op op) {
  return op >= Op::add_constant && op <= Op::pow_constant;
}

// The short name shown in graphs and explanations: "+", "*", "tanh", ...
constexpr std::string_view op_symbol(Op op) {
  switch (op) {
    case Op::leaf: return "";
    case Op::add: case Op::add_constant: return "+";
    case Op::sub: return "-";
    case Op::mul: case Op::mul_constant: return "*";
    case Op::div: case Op::div_by_constant: case Op::constant_div: return "/";
    case Op::pow: case Op::pow_constant: return "^";
    case Op::neg: return "neg";
    case Op::exp: return "exp";
    case Op::log: return "log";
    case Op::tanh: return "tanh";
    case Op::sigmoid: return "sigmoid";
    case Op::relu: return "relu";
    case Op::sqrt: return "sqrt";
    case Op::abs: return "abs";
    case Op::weighted_sum: return "w.x+b";
  }
  return "?";
}

}  // namespace backprop
