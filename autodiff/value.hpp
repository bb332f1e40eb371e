// Value: a scalar that remembers how it was computed.
//
// A Value is a small handle (24 bytes, freely copied) to a node on the
// calling thread's tape (tape.hpp). Each operation below computes its result
// and, right beside it, its local derivative, and records both; backward()
// then fills in grad() for everything the result depends on. The operations
// are inline so that recording one costs a few stores. Printing is in format.hpp.
#pragma once

#include <cmath>
#include <span>
#include <string>
#include <string_view>

#include "autodiff/op.hpp"
#include "autodiff/detail/recorder.hpp"
#include "autodiff/tape.hpp"

namespace backprop {

class Value;
namespace detail {
// A Value for a handle the tape just gave out (the engine's own code).
Value wrap(const Handle& handle);
}  // namespace detail

class Value {
 public:
  // An empty handle, to be assigned later (as in std::vector<Value>(n));
  // using it before that throws std::logic_error.
  Value() = default;
  // Implicit, so that numbers mix with Values: `2 * x + 1`.
  Value(double data) : handle_(detail::this_threads_tape.record_leaf(data)) {}
  Value(double data, std::string_view label);
  // A number fed into a computation (a model's input): a leaf while
  // recording, and under NoGrad a value without a node (no tape memory).
  static Value input(double data) {
    return Value(tape().recording() ? tape().record_leaf(data) : detail::Handle::without_node(data));
  }

  // A computed value's number never changes, so it stays readable after its
  // node is released (the loss after optimizer.step()); a leaf's is read
  // from the tape, where set_data changes it.
  double data() const {
    if (!handle_.is_leaf() && handle_.stamp != detail::Handle::empty_stamp) return handle_.value;
    return tape().data(checked());
  }
  // 0 for a value computed under NoGrad (nothing flows back to it).
  double grad() const { return without_node() ? 0.0 : tape().grad(checked().index()); }
  // Changes the number of a leaf (what an optimizer does to a parameter
  // between steps); values already computed from it are not recomputed, and a
  // computed value's number cannot be changed (std::logic_error). backward()
  // differentiates the computation as it was recorded: an operation that
  // needs this number again during backward() (a product) throws
  // std::logic_error if it was changed after that operation was recorded
  // (as in PyTorch, gradients that pass added before that stay added).
  void set_data(double data) { tape().set_data(checked(), data); }
  void zero_grad() {
    if (!without_node()) tape().zero_grad(checked());
  }

  // An optional name shown by printing, DOT export and explanations.
  std::string label() const;
  void set_label(std::string_view label);

  // Seeds d(this)/d(this) = 1 and applies the chain rule back through the
  // graph. Leaves accumulate gradients across calls until zero_grad();
  // intermediate values show the gradient of the latest pass through them.
  void backward() const {
    if (!without_node()) tape().backward(handle_);
  }

  Op op() const;
  bool is_leaf() const { return op() == Op::leaf; }
  // Position on the tape: creation order, unique while the node lives.
  std::uint32_t id() const { return handle_.index(); }
  const detail::Handle& handle() const { return handle_; }
  // The Value of a handle taken from another Value: throws std::logic_error
  // if it names no live node of this thread's tape, and std::out_of_range
  // if its position is past the end of the tape.
  static Value from_handle(const detail::Handle& handle);

  Value& operator+=(const Value& other);
  Value& operator-=(const Value& other);
  Value& operator*=(const Value& other);
  Value& operator/=(const Value& other);
  Value& operator+=(double c);
  Value& operator-=(double c);
  Value& operator*=(double c);
  Value& operator/=(double c);

 private:
  friend Value detail::wrap(const detail::Handle& handle);
  explicit Value(const detail::Handle& handle) : handle_(handle) {}
  static detail::Recorder& tape() { return detail::this_threads_tape; }
  bool without_node() const { return handle_.stamp == detail::Handle::no_node_stamp; }
  const detail::Handle& checked() const {
    tape().check(handle_);
    return handle_;
  }

  detail::Handle handle_;
};
static_assert(sizeof(Value) == 24);

BACKPROP_INLINE Value detail::wrap(const detail::Handle& handle) { return Value(handle); }

namespace detail {
// One past the highest position of `values` that have a node: what a step
// boundary must keep (Tape::end_step, the optimizers).
inline std::uint32_t end_of(std::span<const Value> values) {
  std::uint32_t end = 0;
  for (const Value& value : values)
    if (value.handle().has_node() && value.id() + 1 > end) end = value.id() + 1;
  return end;
}
}  // namespace detail

namespace detail {

// weighted_sum() the slow way only, every handle through tape.use(), for a
// caller whose fast way already met one that is not live (NoGrad inputs):
// weighted_sum() would try the fast way again and leave it by an exception.
Value resolved_weighted_sum(std::span<const Value> weights, std::span<const Value> inputs, const Value& bias);

[[noreturn]] void domain_error(std::string_view operation, std::string_view requirement, double got);
[[noreturn]] void pow_domain_error(double base, double exponent);

// Records a one-input operation; `rule(x)` returns {value, d value / dx}.
// Nothing is recorded if the input is invalid or the rule throws.
template <typename Rule>
BACKPROP_INLINE Value unary(Op op, const Value& x, Rule rule) {
  Recorder& tape = this_threads_tape;
  const Handle input = tape.use(x.handle());
  const auto [data, partial] = rule(tape.data(input));
  return detail::wrap(tape.record(op, data, input, partial));
}

// The same for an operation that keeps a constant for display.
template <typename Rule>
BACKPROP_INLINE Value unary(Op op, const Value& x, double constant, Rule rule) {
  Recorder& tape = this_threads_tape;
  const Handle input = tape.use(x.handle());
  const auto [data, partial] = rule(tape.data(input));
  return detail::wrap(tape.record(op, data, input, partial, constant));
}

// A one-input function whose row in op.hpp computes it: checks the domain,
// then records the row's value and local derivative.
// (The rows' function pointers are constants the optimizer folds; they are
// not compared in constant expressions, which sanitized builds refuse.)
template <Op op>
BACKPROP_INLINE Value apply(const Value& x) {
  return unary(op, x, [](double v) {
    if (info(op).domain.holds != nullptr && !info(op).domain.holds(v))
      domain_error(info(op).name, info(op).domain.requirement, v);
    return info(op).local(v);
  });
}

}  // namespace detail

// ---- Arithmetic. A plain number may stand on either side; it is kept as a
// constant in the node rather than becoming a node of its own.

// d(a+b)/da = 1, d(a+b)/db = 1: nothing to store
BACKPROP_INLINE Value operator+(const Value& a, const Value& b) {
  detail::Recorder& tape = detail::this_threads_tape;
  const detail::Handle x = tape.use(a.handle()), y = tape.use(b.handle());
  return detail::wrap(tape.record(Op::add, tape.data(x) + tape.data(y), x, y));
}
// d(a*b)/da = b, d(a*b)/db = a: backward reads them from the inputs' data
BACKPROP_INLINE Value operator*(const Value& a, const Value& b) {
  detail::Recorder& tape = detail::this_threads_tape;
  const detail::Handle x = tape.use(a.handle()), y = tape.use(b.handle());
  return detail::wrap(tape.record(Op::mul, tape.data(x) * tape.data(y), x, y));
}
// d(a-b)/da = 1, d(a-b)/db = -1
BACKPROP_INLINE Value operator-(const Value& a, const Value& b) {
  detail::Recorder& tape = detail::this_threads_tape;
  const detail::Handle x = tape.use(a.handle()), y = tape.use(b.handle());
  return detail::wrap(
      tape.record(Op::sub, tape.data(x) - tape.data(y), x, 1.0, y, -1.0));
}
// d(a/b)/da = 1/b, d(a/b)/db = -a/b^2 = -(a/b)/b
BACKPROP_INLINE Value operator/(const Value& a, const Value& b) {
  detail::Recorder& tape = detail::this_threads_tape;
  const detail::Handle x = tape.use(a.handle()), y = tape.use(b.handle());
  const double divisor = tape.data(y);
  if (divisor == 0.0) detail::domain_error("division", "divisor must not be 0", divisor);
  const double quotient = tape.data(x) / divisor;
  return detail::wrap(tape.record(Op::div, quotient, x, 1.0 / divisor, y, -quotient / divisor));
}

// d(a+c)/da = 1 (c is kept where the partial would be)
BACKPROP_INLINE Value operator+(const Value& a, double c) {
  return detail::unary(Op::add_constant, a, [c](double x) { return rules::Local{x + c, c}; });
}
BACKPROP_INLINE Value operator+(double c, const Value& a) { return a + c; }
BACKPROP_INLINE Value operator-(const Value& a, double c) { return a + (-c); }  // exact in IEEE arithmetic
// d(a*c)/da = c (the partial is the constant)
BACKPROP_INLINE Value operator*(const Value& a, double c) {
  return detail::unary(Op::mul_constant, a, [c](double x) { return rules::Local{x * c, c}; });
}
BACKPROP_INLINE Value operator*(double c, const Value& a) { return a * c; }
// d(a/c)/da = 1/c
BACKPROP_INLINE Value operator/(const Value& a, double c) {
  if (c == 0.0) detail::domain_error("division", "divisor must not be 0", c);
  return detail::unary(Op::div_by_constant, a, c, [c](double x) { return rules::Local{x / c, 1.0 / c}; });
}
// d(c/b)/db = -c/b^2 = -(c/b)/b
BACKPROP_INLINE Value operator/(double c, const Value& b) {
  return detail::unary(Op::constant_div, b, c, [c](double y) {
    if (y == 0.0) detail::domain_error("division", "divisor must not be 0", y);
    const double quotient = c / y;
    return rules::Local{quotient, -quotient / y};
  });
}
BACKPROP_INLINE Value operator-(const Value& a) { return detail::apply<Op::neg>(a); }
BACKPROP_INLINE Value operator-(double c, const Value& a) { return -a + c; }  // exact, like a - c

namespace detail {
// x^c and d(x^c)/dx = c * x^(c-1), with no domain check (pow's own checks
// first; a gradient's graph (grad.hpp) takes the derivative of x^c as it is).
BACKPROP_INLINE rules::Local power_rule(double x, double exponent) {
  const double result = std::pow(x, exponent);
  // c * x^c / x saves a second pow() while x^c is a normal number; where
  // x^c underflows or overflows (x = 1e-200, c = 2) only c * x^(c-1) is right.
  const double partial = exponent == 0.0                             ? 0.0
                         : std::isnormal(result) && std::isnormal(x) ? exponent * result / x
                                                                     : exponent * std::pow(x, exponent - 1.0);
  return rules::Local{result, partial};
}
}  // namespace detail

// d(x^c)/dx = c * x^(c-1). x < 0 needs an integer c, and x == 0 a non-negative one.
BACKPROP_INLINE Value pow(const Value& base, double exponent) {
  return detail::unary(Op::pow_constant, base, exponent, [exponent](double x) {
    if ((x == 0.0 && exponent < 0.0) || (x < 0.0 && std::trunc(exponent) != exponent))
      detail::pow_domain_error(x, exponent);
    return detail::power_rule(x, exponent);
  });
}
// d(a^b)/da = b * a^(b-1), d(a^b)/db = a^b * ln(a): needs a > 0
BACKPROP_INLINE Value pow(const Value& base, const Value& exponent) {
  detail::Recorder& tape = detail::this_threads_tape;
  const detail::Handle x = tape.use(base.handle()), y = tape.use(exponent.handle());
  const double a = tape.data(x), b = tape.data(y);
  if (!(a > 0.0)) detail::domain_error("pow", "a base that is differentiated in its exponent must be > 0", a);
  const double result = std::pow(a, b);
  // As in pow(x, c): b * a^b / a only while a^b is a normal number.
  const double partial_a = std::isnormal(result) && std::isnormal(a) ? b * result / a : b * std::pow(a, b - 1.0);
  return detail::wrap(
      tape.record(Op::pow, result, x, partial_a, y, result * std::log(a)));
}

// The one-input functions: each row of op.hpp computes its value and local
// derivative, and says where it is defined (a domain error otherwise).
BACKPROP_INLINE Value exp(const Value& x) { return detail::apply<Op::exp>(x); }
BACKPROP_INLINE Value log(const Value& x) { return detail::apply<Op::log>(x); }  // needs x > 0
BACKPROP_INLINE Value tanh(const Value& x) { return detail::apply<Op::tanh>(x); }
BACKPROP_INLINE Value sigmoid(const Value& x) { return detail::apply<Op::sigmoid>(x); }
BACKPROP_INLINE Value relu(const Value& x) { return detail::apply<Op::relu>(x); }
BACKPROP_INLINE Value sqrt(const Value& x) { return detail::apply<Op::sqrt>(x); }  // needs x >= 0
BACKPROP_INLINE Value abs(const Value& x) { return detail::apply<Op::abs>(x); }
BACKPROP_INLINE Value sin(const Value& x) { return detail::apply<Op::sin>(x); }
BACKPROP_INLINE Value cos(const Value& x) { return detail::apply<Op::cos>(x); }
// Any of them by its Op (the tool's expressions name functions at run
// time); std::invalid_argument for an Op that is not such a function.
Value apply(Op function, const Value& x);

// bias + sum_k weights[k] * inputs[k], recorded as one node: a neuron's
// pre-activation at a fraction of the cost of 2n binary nodes, with exactly
// the same gradients. Throws std::invalid_argument if the sizes differ.
Value weighted_sum(std::span<const Value> weights, std::span<const Value> inputs, const Value& bias);
// sum_k a[k] * b[k] as one node (attention's q.k, a bias-free row). Throws
// std::invalid_argument if the sizes differ; the sum of nothing is 0.
Value dot(std::span<const Value> a, std::span<const Value> b);

BACKPROP_INLINE Value& Value::operator+=(const Value& other) { return *this = *this + other; }
BACKPROP_INLINE Value& Value::operator-=(const Value& other) { return *this = *this - other; }
BACKPROP_INLINE Value& Value::operator*=(const Value& other) { return *this = *this * other; }
BACKPROP_INLINE Value& Value::operator/=(const Value& other) { return *this = *this / other; }
BACKPROP_INLINE Value& Value::operator+=(double c) { return *this = *this + c; }
BACKPROP_INLINE Value& Value::operator-=(double c) { return *this = *this - c; }
BACKPROP_INLINE Value& Value::operator*=(double c) { return *this = *this * c; }
BACKPROP_INLINE Value& Value::operator/=(double c) { return *this = *this / c; }

}  // namespace backprop
