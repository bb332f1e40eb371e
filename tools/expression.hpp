// The expression language of the `backprop` tool:
//
//   numbers 2, 0.5, 1e-3   variables [A-Za-z_][A-Za-z0-9_]*   + - * /   unary - and +
//   ^ and ** (right-associative, tighter than unary minus: -x^2 is -(x^2))
//   ( )   the functions named in op.hpp (the rows with a function name), and pow(a, b)
//
// Parsing produces a flat postfix program, so neither evaluation nor
// destruction recurses however long the expression; parsing itself recurses
// only for nesting, which is limited to max_nesting levels.
#pragma once

#include <cstddef>
#include <map>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "autodiff/value.hpp"

namespace backprop::tools {

// A syntax error, with the offset (0-based) in the text where it was found.
class ParseError : public std::runtime_error {
 public:
  ParseError(std::size_t position, const std::string& message)
      : std::runtime_error(message), position_(position) {}
  std::size_t position() const { return position_; }

 private:
  std::size_t position_;
};

// The functions of the language, from op.hpp, space-separated as help
// texts list them: "exp log ... pow".
std::string function_names();

class Expression {
 public:
  static constexpr int max_nesting = 200;

  // Throws ParseError saying what was expected where.
  static Expression parse(std::string_view text);

  // Variable names in order of first appearance.
  const std::vector<std::string>& variables() const { return variables_; }

  // Computes the expression on the engine: each variable is the Value bound
  // to its name (a variable used twice is one node used twice). Constant
  // parts stay plain numbers, so x^2 is pow(x, 2). Throws std::domain_error
  // as the engine does, and std::invalid_argument for an unbound variable.
  Value evaluate(const std::map<std::string, Value>& bindings) const;

  // The same on plain doubles, with no tape: values[k] is the value of
  // variables()[k]. Outside an operation's domain the result is not finite
  // (NaN or an infinity) instead of an error. For finite differences, which
  // evaluate the expression many times and need only the number.
  double evaluate_numbers(std::span<const double> values) const;

 private:
  enum class Code { number, variable, add, subtract, multiply, divide, power, negate, function };
  struct Instruction {
    Code code;
    double number = 0.0;         // Code::number
    std::size_t variable = 0;    // Code::variable: index into variables_
    Op function{};               // Code::function: an operation with a function name (op.hpp)
  };
  class Parser;

  std::vector<Instruction> program_;  // postfix
  std::vector<std::string> variables_;
};

}  // namespace backprop::tools
