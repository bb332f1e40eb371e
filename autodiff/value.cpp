// The operations: for each, its value and, right beside it, its local
// derivative (the partial stored in the node for backward()).
// Bad input throws std::domain_error before anything is recorded.
#include "autodiff/value.hpp"

#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

namespace backprop {

namespace {

Value unary(Op op, const Value& x, double data, double partial, double constant = 0.0) {
  return Value::from_handle(Tape::current().record(op, data, x.id(), partial, constant));
}

Value binary(Op op, const Value& a, const Value& b, double data, double partial_a,
             double partial_b) {
  return Value::from_handle(
      Tape::current().record(op, data, a.id(), partial_a, b.id(), partial_b));
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
  return binary(Op::add, a, b, a.data() + b.data(), 1.0, 1.0);
}
// d(a+c)/da = 1
Value operator+(const Value& a, double c) {
  return unary(Op::add_constant, a, a.data() + c, 1.0, c);
}
Value operator+(double c, const Value& a) { return a + c; }

// d(a-b)/da = 1, d(a-b)/db = -1
Value operator-(const Value& a, const Value& b) {
  return binary(Op::sub, a, b, a.data() - b.data(), 1.0, -1.0);
}
Value operator-(const Value& a, double c) { return a + (-c); }  // exact in IEEE arithmetic
Value operator-(double c, const Value& a) { return -a + c; }    // likewise

// d(a*b)/da = b, d(a*b)/db = a
Value operator*(const Value& a, const Value& b) {
  const double x = a.data(), y = b.data();
  return binary(Op::mul, a, b, x * y, y, x);
}
// d(a*c)/da = c
Value operator*(const Value& a, double c) {
  return unary(Op::mul_constant, a, a.data() * c, c, c);
}
Value operator*(double c, const Value& a) { return a * c; }

// d(a/b)/da = 1/b, d(a/b)/db = -a/b^2 = -(a/b)/b
Value operator/(const Value& a, const Value& b) {
  const double y = b.data();
  if (y == 0.0) domain_error("division", "divisor must not be 0", y);
  const double quotient = a.data() / y;
  return binary(Op::div, a, b, quotient, 1.0 / y, -quotient / y);
}
// d(a/c)/da = 1/c
Value operator/(const Value& a, double c) {
  if (c == 0.0) domain_error("division", "divisor must not be 0", c);
  return unary(Op::div_by_constant, a, a.data() / c, 1.0 / c, c);
}
// d(c/b)/db = -c/b^2 = -(c/b)/b
Value operator/(double c, const Value& b) {
  const double y = b.data();
  if (y == 0.0) domain_error("division", "divisor must not be 0", y);
  const double quotient = c / y;
  return unary(Op::constant_div, b, quotient, -quotient / y, c);
}

// d(-a)/da = -1
Value operator-(const Value& a) { return unary(Op::neg, a, -a.data(), -1.0); }

// d(x^c)/dx = c * x^(c-1)
Value pow(const Value& base, double exponent) {
  const double x = base.data();
  check_pow(x, exponent);
  const double result = std::pow(x, exponent);
  // c * x^c / x saves a second pow(); at x == 0 it would divide by zero.
  const double partial = exponent == 0.0 ? 0.0
                         : x != 0.0      ? exponent * result / x
                                         : exponent * std::pow(x, exponent - 1.0);
  return unary(Op::pow_constant, base, result, partial, exponent);
}

// d(a^b)/da = b * a^(b-1), d(a^b)/db = a^b * ln(a)
Value pow(const Value& base, const Value& exponent) {
  const double a = base.data(), b = exponent.data();
  if (a <= 0.0)
    domain_error("pow", "a base that is differentiated in its exponent must be > 0", a);
  const double result = std::pow(a, b);
  return binary(Op::pow, base, exponent, result, b * result / a, result * std::log(a));
}

// d(e^x)/dx = e^x
Value exp(const Value& x) {
  const double result = std::exp(x.data());
  return unary(Op::exp, x, result, result);
}

// d(ln x)/dx = 1/x
Value log(const Value& x) {
  const double v = x.data();
  if (!(v > 0.0)) domain_error("log", "argument must be > 0", v);
  return unary(Op::log, x, std::log(v), 1.0 / v);
}

// d(sqrt x)/dx = 1 / (2 sqrt x)
Value sqrt(const Value& x) {
  const double v = x.data();
  if (v < 0.0) domain_error("sqrt", "argument must be >= 0", v);
  const double result = std::sqrt(v);
  return unary(Op::sqrt, x, result, 0.5 / result);
}

// d(tanh x)/dx = 1 - tanh(x)^2
Value tanh(const Value& x) {
  const double t = std::tanh(x.data());
  return unary(Op::tanh, x, t, 1.0 - t * t);
}

// d(sigmoid x)/dx = s (1 - s)
Value sigmoid(const Value& x) {
  const double v = x.data();
  // Two forms, so that exp() never overflows for large |x|.
  const double s = v >= 0.0 ? 1.0 / (1.0 + std::exp(-v)) : std::exp(v) / (1.0 + std::exp(v));
  return unary(Op::sigmoid, x, s, s * (1.0 - s));
}

// d(relu x)/dx = 1 if x > 0 else 0
Value relu(const Value& x) {
  const double v = x.data();
  return unary(Op::relu, x, v > 0.0 ? v : 0.0, v > 0.0 ? 1.0 : 0.0);
}

// d|x|/dx = sign(x), 0 at 0 (as PyTorch)
Value abs(const Value& x) {
  const double v = x.data();
  return unary(Op::abs, x, std::fabs(v), v > 0.0 ? 1.0 : v < 0.0 ? -1.0 : 0.0);
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
  // Reused per thread so that recording a neuron does not allocate.
  thread_local std::vector<std::uint32_t> operands;
  operands.clear();
  double sum = tape.node(bias.handle()).data;
  operands.push_back(bias.id());
  for (std::size_t k = 0; k < weights.size(); ++k) {
    sum += tape.node(weights[k].handle()).data * tape.node(inputs[k].handle()).data;
    operands.push_back(weights[k].id());
    operands.push_back(inputs[k].id());
  }
  return Value::from_handle(tape.record_weighted_sum(sum, operands));
}

}  // namespace backprop
