// Parsing (recursive descent into a postfix program) and evaluation (a loop
// over that program with a stack of operands).
#include "tools/expression.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <optional>
#include <unordered_map>
#include <variant>

#include <fmt/format.h>

#include "autodiff/tape.hpp"
#include "nn/io/parse_number.hpp"

namespace backprop::tools {

namespace {

// The functions of the language: the operations with a function name.
const OperationInfo* find_function(std::string_view name) {
  for (const OperationInfo& operation : operations)
    if (!operation.function.empty() && operation.function == name) return &operation;
  return nullptr;
}


}  // namespace

std::string function_names() {
  std::string names;
  for (const OperationInfo& operation : operations)
    if (!operation.function.empty()) names += (names.empty() ? "" : " ") + std::string(operation.function);
  return names;
}

class Expression::Parser {
 public:
  Parser(std::string_view text, Expression& out) : text_(text), out_(out) {}

  void parse_all() {
    skip_space();
    if (at_end()) throw ParseError(position_, "expected an expression, got nothing");
    parse_sum();
    if (!at_end())
      throw ParseError(position_, fmt::format("expected an operator or the end, got '{}'", text_[position_]));
  }

 private:
  // sum := product (('+' | '-') product)*
  void parse_sum() {
    parse_product();
    while (peek('+') || peek('-')) {
      const Code code = text_[position_] == '+' ? Code::add : Code::subtract;
      advance(1);
      parse_product();
      emit({code});
    }
  }

  // product := unary (('*' | '/') unary)*      ('**' is power, not product)
  void parse_product() {
    parse_unary();
    while ((peek('*') && !peek("**")) || peek('/')) {
      const Code code = text_[position_] == '*' ? Code::multiply : Code::divide;
      advance(1);
      parse_unary();
      emit({code});
    }
  }

  // unary := '-' unary | '+' unary | power
  void parse_unary() {
    if (peek('+')) {  // +x is x: nothing to emit
      const Nesting nesting(*this);
      advance(1);
      parse_unary();
      return;
    }
    if (peek('-')) {
      const Nesting nesting(*this);
      advance(1);
      parse_unary();
      emit({Code::negate});
      return;
    }
    parse_power();
  }

  // power := primary (('^' | '**') unary)?     right-associative through unary
  void parse_power() {
    parse_primary();
    if (peek('^') || peek("**")) {
      const Nesting nesting(*this);
      advance(peek('^') ? 1 : 2);
      parse_unary();
      emit({Code::power});
    }
  }

  // primary := number | name | name '(' arguments ')' | '(' sum ')'
  void parse_primary() {
    if (at_end()) throw ParseError(position_, "expected a number, a variable, a function or '(', got the end");
    const char c = text_[position_];
    if (c == '(') {
      const Nesting nesting(*this);
      advance(1);
      parse_sum();
      expect(')');
      return;
    }
    if (std::isdigit(static_cast<unsigned char>(c)) || c == '.') return parse_number();
    if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') return parse_name();
    throw ParseError(position_,
                     fmt::format("expected a number, a variable, a function or '(', got '{}'", c));
  }

  void parse_number() {
    const std::size_t start = position_;
    auto digits = [&] {
      while (position_ < text_.size() && std::isdigit(static_cast<unsigned char>(text_[position_]))) ++position_;
    };
    digits();
    if (position_ < text_.size() && text_[position_] == '.') ++position_, digits();
    if (position_ < text_.size() && (text_[position_] == 'e' || text_[position_] == 'E')) {
      std::size_t exponent = position_ + 1;
      if (exponent < text_.size() && (text_[exponent] == '+' || text_[exponent] == '-')) ++exponent;
      if (exponent < text_.size() && std::isdigit(static_cast<unsigned char>(text_[exponent]))) {
        position_ = exponent;
        digits();
      }
    }
    const std::string_view literal = text_.substr(start, position_ - start);
    double number = 0.0;
    const auto [end, error] = std::from_chars(literal.data(), literal.data() + literal.size(), number);
    if (literal == "." || error == std::errc::invalid_argument || end != literal.data() + literal.size())
      throw ParseError(start, fmt::format("'{}' is not a number", literal));
    if (error == std::errc::result_out_of_range || !std::isfinite(number))
      throw ParseError(start, fmt::format("the number {} {}", literal, nn::number_problem(literal)));
    emit({Code::number, number});
    skip_space();
  }

  void parse_name() {
    const std::size_t start = position_;
    while (position_ < text_.size() &&
           (std::isalnum(static_cast<unsigned char>(text_[position_])) || text_[position_] == '_'))
      ++position_;
    const std::string name(text_.substr(start, position_ - start));
    skip_space();
    if (!peek('(')) {
      // A hash lookup, so that parsing stays linear in the number of variables.
      const auto [entry, added] = variable_index_.try_emplace(name, out_.variables_.size());
      if (added) out_.variables_.push_back(name);
      emit({Code::variable, 0.0, entry->second});
      return;
    }
    const OperationInfo* known = find_function(name);
    if (known == nullptr)
      throw ParseError(start, fmt::format("unknown function '{}'; known: {}", name, function_names()));
    const Nesting nesting(*this);
    advance(1);  // '('
    int arguments = 0;
    if (!peek(')')) {
      parse_sum();
      ++arguments;
      while (peek(',')) {
        advance(1);
        parse_sum();
        ++arguments;
      }
    }
    if (arguments != known->inputs)
      throw ParseError(start, fmt::format("{} takes {} argument{}, got {}", name, known->inputs,
                                          known->inputs == 1 ? "" : "s", arguments));
    expect(')');
    emit({Code::function, 0.0, 0, known->op});
  }

  // Counts one level of nesting for as long as it lives.
  struct Nesting {
    explicit Nesting(Parser& parser) : parser(parser) {
      if (++parser.depth_ > max_nesting)
        throw ParseError(parser.position_,
                         fmt::format("the expression nests deeper than {} levels", max_nesting));
    }
    ~Nesting() { --parser.depth_; }
    Parser& parser;
  };

  bool at_end() const { return position_ >= text_.size(); }
  bool peek(char c) const { return !at_end() && text_[position_] == c; }
  bool peek(std::string_view s) const { return text_.substr(position_, s.size()) == s; }
  void advance(std::size_t n) {
    position_ += n;
    skip_space();
  }
  void skip_space() {
    while (!at_end() && std::isspace(static_cast<unsigned char>(text_[position_]))) ++position_;
  }
  void expect(char c) {
    if (!peek(c))
      throw ParseError(position_, at_end() ? fmt::format("expected '{}', got the end", c)
                                           : fmt::format("expected '{}', got '{}'", c, text_[position_]));
    advance(1);
  }
  void emit(Instruction instruction) { out_.program_.push_back(instruction); }

  std::string_view text_;
  Expression& out_;
  std::unordered_map<std::string, std::size_t> variable_index_;  // name -> index in out_.variables_
  std::size_t position_ = 0;
  int depth_ = 0;
};

Expression Expression::parse(std::string_view text) {
  Expression expression;
  Parser(text, expression).parse_all();
  return expression;
}

namespace {

// A constant stays a number until it meets a Value, so that the engine's
// number overloads (x^2 as pow(x, 2), x*3 as one node) are used.
using Operand = std::variant<double, Value>;

Value as_value(const Operand& operand) {
  return std::visit([](const auto& x) { return Value(x); }, operand);
}

// Applies `operation` to operands; if all are constants the result is a
// constant too, computed on the engine (unrecorded) so domain errors match.
template <typename Operation, typename... Operands>
Operand compute(Operation operation, const Operands&... operands) {
  if ((std::holds_alternative<double>(operands) && ...)) {
    NoGrad unrecorded;
    GraphScope released;
    return operation(as_value(operands)...).data();
  }
  return std::visit([&](const auto&... x) -> Operand { return operation(x...); }, operands...);
}

// base ^ exponent. A constant exponent (a part with no variable in it) goes
// through pow(Value, double), which takes every base its real power allows:
// (-2)^2, 0^2, 0^0. Only an exponent that is differentiated needs base > 0.
Operand power(const Operand& base, const Operand& exponent) {
  if (const double* constant = std::get_if<double>(&exponent))
    return compute([constant = *constant](const Value& b) { return pow(b, constant); }, base);
  return pow(as_value(base), std::get<Value>(exponent));
}

}  // namespace

Value Expression::evaluate(const std::map<std::string, Value>& bindings) const {
  std::vector<Value> variables;
  for (const std::string& name : variables_) {
    const auto bound = bindings.find(name);
    if (bound == bindings.end())
      throw std::invalid_argument(fmt::format("no value for variable '{}'; pass {}=NUMBER", name, name));
    variables.push_back(bound->second);
  }
  std::vector<Operand> stack;
  auto pop = [&stack] {
    Operand top = std::move(stack.back());
    stack.pop_back();
    return top;
  };
  for (const Instruction& instruction : program_) {
    switch (instruction.code) {
      case Code::number: stack.emplace_back(instruction.number); break;
      case Code::variable: stack.emplace_back(variables[instruction.variable]); break;
      case Code::negate: {
        const Operand x = pop();
        stack.push_back(std::holds_alternative<double>(x) ? Operand(-std::get<double>(x))
                                                          : Operand(-std::get<Value>(x)));
        break;
      }
      case Code::function: {
        const Operand x = pop();
        if (instruction.function == Op::pow)
          stack.push_back(power(pop(), x));
        else
          stack.push_back(compute([op = instruction.function](const Value& v) { return apply(op, v); }, x));
        break;
      }
      case Code::power: {
        const Operand exponent = pop();
        stack.push_back(power(pop(), exponent));
        break;
      }
      default: {
        const Operand right = pop(), left = pop();
        auto binary = [code = instruction.code](const auto& a, const auto& b) -> Value {
          switch (code) {
            case Code::add: return a + b;
            case Code::subtract: return a - b;
            case Code::multiply: return a * b;
            default: return a / b;
          }
        };
        // Two numbers: compute on Values so the engine's domain checks apply.
        if (std::holds_alternative<double>(left) && std::holds_alternative<double>(right))
          stack.push_back(compute([&](const Value& a, const Value& b) { return binary(a, b); }, left, right));
        else
          stack.push_back(std::visit([&](const auto& a, const auto& b) -> Operand { return binary(a, b); },
                                     left, right));
      }
    }
  }
  return as_value(stack.back());
}

double Expression::evaluate_numbers(std::span<const double> values) const {
  // The engine's forward rules on doubles; where the engine throws a domain
  // error, floating point gives NaN or an infinity, which is what callers test.
  std::vector<double> stack;
  stack.reserve(program_.size());
  for (const Instruction& instruction : program_) {
    const bool binary = instruction.code == Code::add || instruction.code == Code::subtract ||
                        instruction.code == Code::multiply || instruction.code == Code::divide ||
                        instruction.code == Code::power ||
                        (instruction.code == Code::function && instruction.function == Op::pow);
    if (binary) {
      const double right = stack.back();
      stack.pop_back();
      double& left = stack.back();
      switch (instruction.code) {
        case Code::add: left += right; break;
        case Code::subtract: left -= right; break;
        case Code::multiply: left *= right; break;
        case Code::divide: left /= right; break;
        default: left = std::pow(left, right); break;  // ^ and pow(a, b)
      }
      continue;
    }
    if (instruction.code == Code::number || instruction.code == Code::variable) {
      stack.push_back(instruction.code == Code::number ? instruction.number : values[instruction.variable]);
      continue;
    }
    double& x = stack.back();
    if (instruction.code == Code::negate) {
      x = -x;
      continue;
    }
    x = info(instruction.function).local(x).data;  // its row in op.hpp
  }
  return stack.back();
}

}  // namespace backprop::tools
