// The operations: for each, its value and, right beside it, its local
// derivative (the partial stored in the node for backward()).
// Bad input throws std::domain_error before anything is recorded.
#include "autodiff/value.hpp"

#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

namespace backprop {

namespace {

// What an operation's rule returns: its value and its local derivative(s).
struct Local {
  double data;
  double partial;
};
struct LocalPair {
  double data;
  double partial_a;
  double partial_b;
};

// Records a one-input operation; `rule(x)` gives the value and d/dx. The
// tape is looked up once, and nothing is recorded if the rule throws.
template <typename Rule>
Value unary(Op op, const Value& x, Rule rule, double constant = 0.0) {
  Tape& tape = Tape::current();
  const Local local = rule(tape.node(x.handle()).data);
  return Value::from_handle(tape.record(op, local.data, x.id(), local.partial, constant));
}

// Records a two-input operation; `rule(a, b)` gives the value, d/da and d/db.
template <typename Rule>
Value binary(Op op, const Value& a, const Value& b, Rule rule) {
  Tape& tape = Tape::current();
  const double x = tape.node(a.handle()).data, y = tape.node(b.handle()).data;
  const LocalPair local = rule(x, y);
  return Value::from_handle(
      tape.record(op, local.data, a.id(), local.partial_a, b.id(), local.partial_b));
}

[[noreturn]] void domain_error(std::string_view operation, std::string_view requirement,
                               double got) {
  throw std::domain_error(fmt::format("{}: {}, got {}", operation, requirement, got));
}

// pow(base, c) is real only for base > 0, for base == 0 with c >= 0, and for
// base < 0 with an integer c.
void check_pow(double base, double exponent) {
  if (base == 0.0 && exponent < 0.0)
    throw std::domain_error(
        fmt::format("pow: 0 raised to a negative exponent ({}) is infinite", exponent));
  if (base < 0.0 && std::trunc(exponent) != exponent)
    throw std::domain_error(fmt::format(
        "pow: a negative base ({}) needs an integer exponent, got {}", base, exponent));
}

}  // namespace

Value::Value(double data, std::string_view label) : Value(data) { set_label(label); }

std::string Value::label() const {
  Tape& tape = Tape::current();
  tape.check(handle_);
  const std::string* label = tape.label(handle_.index);
  return label ? *label : std::string();
}

void Value::set_label(std::string_view label) {
  Tape& tape = Tape::current();
  tape.check(handle_);
  tape.set_label(handle_.index, std::string(label));
}

Value& Value::operator+=(const Value& other) { return *this = *this + other; }
Value& Value::operator-=(const Value& other) { return *this = *this - other; }
Value& Value::operator*=(const Value& other) { return *this = *this * other; }
Value& Value::operator/=(const Value& other) { return *this = *this / other; }

// d(a+b)/da = 1, d(a+b)/db = 1
Value operator+(const Value& a, const Value& b) {
  return binary(Op::add, a, b, [](double x, double y) { return LocalPair{x + y, 1.0, 1.0}; });
}
// d(a+c)/da = 1
Value operator+(const Value& a, double c) {
  return unary(Op::add_constant, a, [c](double x) { return Local{x + c, 1.0}; }, c);
}
Value operator+(double c, const Value& a) { return a + c; }

// d(a-b)/da = 1, d(a-b)/db = -1
Value operator-(const Value& a, const Value& b) {
  return binary(Op::sub, a, b, [](double x, double y) { return LocalPair{x - y, 1.0, -1.0}; });
}
Value operator-(const Value& a, double c) { return a + (-c); }  // exact in IEEE arithmetic
Value operator-(double c, const Value& a) { return -a + c; }    // likewise

// d(a*b)/da = b, d(a*b)/db = a
Value operator*(const Value& a, const Value& b) {
  return binary(Op::mul, a, b, [](double x, double y) { return LocalPair{x * y, y, x}; });
}
// d(a*c)/da = c
Value operator*(const Value& a, double c) {
  return unary(Op::mul_constant, a, [c](double x) { return Local{x * c, c}; }, c);
}
Value operator*(double c, const Value& a) { return a * c; }

// d(a/b)/da = 1/b, d(a/b)/db = -a/b^2 = -(a/b)/b
Value operator/(const Value& a, const Value& b) {
  return binary(Op::div, a, b, [](double x, double y) {
    if (y == 0.0) domain_error("division", "divisor must not be 0", y);
    const double quotient = x / y;
    return LocalPair{quotient, 1.0 / y, -quotient / y};
  });
}
// d(a/c)/da = 1/c
Value operator/(const Value& a, double c) {
  if (c == 0.0) domain_error("division", "divisor must not be 0", c);
  return unary(Op::div_by_constant, a, [c](double x) { return Local{x / c, 1.0 / c}; }, c);
}
// d(c/b)/db = -c/b^2 = -(c/b)/b
Value operator/(double c, const Value& b) {
  return unary(Op::constant_div, b, [c](double y) {
    if (y == 0.0) domain_error("division", "divisor must not be 0", y);
    const double quotient = c / y;
    return Local{quotient, -quotient / y};
  }, c);
}

// d(-a)/da = -1
Value operator-(const Value& a) {
  return unary(Op::neg, a, [](double x) { return Local{-x, -1.0}; });
}

// d(x^c)/dx = c * x^(c-1)
Value pow(const Value& base, double exponent) {
  return unary(Op::pow_constant, base, [exponent](double x) {
    check_pow(x, exponent);
    const double result = std::pow(x, exponent);
    // c * x^c / x saves a second pow(); at x == 0 it would divide by zero.
    const double partial = exponent == 0.0 ? 0.0
                           : x != 0.0      ? exponent * result / x
                                           : exponent * std::pow(x, exponent - 1.0);
    return Local{result, partial};
  }, exponent);
}

// d(a^b)/da = b * a^(b-1), d(a^b)/db = a^b * ln(a)
Value pow(const Value& base, const Value& exponent) {
  return binary(Op::pow, base, exponent, [](double a, double b) {
    if (a <= 0.0)
      domain_error("pow", "a base that is differentiated in its exponent must be > 0", a);
    const double result = std::pow(a, b);
    return LocalPair{result, b * result / a, result * std::log(a)};
  });
}

// d(e^x)/dx = e^x
Value exp(const Value& x) {
  return unary(Op::exp, x, [](double v) {
    const double result = std::exp(v);
    return Local{result, result};
  });
}

// d(ln x)/dx = 1/x
Value log(const Value& x) {
  return unary(Op::log, x, [](double v) {
    if (!(v > 0.0)) domain_error("log", "argument must be > 0", v);
    return Local{std::log(v), 1.0 / v};
  });
}

// d(sqrt x)/dx = 1 / (2 sqrt x)
Value sqrt(const Value& x) {
  return unary(Op::sqrt, x, [](double v) {
    if (v < 0.0) domain_error("sqrt", "argument must be >= 0", v);
    const double result = std::sqrt(v);
    return Local{result, 0.5 / result};
  });
}

// d(tanh x)/dx = 1 - tanh(x)^2
Value tanh(const Value& x) {
  return unary(Op::tanh, x, [](double v) {
    const double t = std::tanh(v);
    return Local{t, 1.0 - t * t};
  });
}

// d(sigmoid x)/dx = s (1 - s)
Value sigmoid(const Value& x) {
  return unary(Op::sigmoid, x, [](double v) {
    // Two forms, so that exp() never overflows for large |x|.
    const double s = v >= 0.0 ? 1.0 / (1.0 + std::exp(-v)) : std::exp(v) / (1.0 + std::exp(v));
    return Local{s, s * (1.0 - s)};
  });
}

// d(relu x)/dx = 1 if x > 0 else 0
Value relu(const Value& x) {
  return unary(Op::relu, x, [](double v) { return v > 0.0 ? Local{v, 1.0} : Local{0.0, 0.0}; });
}

// d|x|/dx = sign(x), 0 at 0 (as PyTorch)
Value abs(const Value& x) {
  return unary(Op::abs, x, [](double v) {
    return Local{std::fabs(v), v > 0.0 ? 1.0 : v < 0.0 ? -1.0 : 0.0};
  });
}

// d/dbias = 1, d/dw_k = x_k, d/dx_k = w_k (the partials are read from the
// operands' data during backward, so the node stays 40 bytes)
Value weighted_sum(std::span<const Value> weights, std::span<const Value> inputs,
                   const Value& bias) {
  if (weights.size() != inputs.size())
    throw std::invalid_argument(fmt::format(
        "weighted_sum: expected as many inputs as weights ({}), got {}", weights.size(),
        inputs.size()));
  Tape& tape = Tape::current();
  // First the sum, checking every handle: a bad one throws before anything
  // is recorded.
  double sum = tape.node(bias.handle()).data;
  for (std::size_t k = 0; k < weights.size(); ++k)
    sum += tape.node(weights[k].handle()).data * tape.node(inputs[k].handle()).data;
  // Then the operand list, written straight onto the tape: no allocation per neuron.
  std::uint32_t* operand = tape.start_operands(weights.size());
  *operand++ = bias.id();
  for (std::size_t k = 0; k < weights.size(); ++k) {
    *operand++ = weights[k].id();
    *operand++ = inputs[k].id();
  }
  return Value::from_handle(tape.record_weighted_sum(sum, weights.size()));
}

}  // namespace backprop
