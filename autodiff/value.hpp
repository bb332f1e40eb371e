// Value: a scalar that remembers how it was computed.
//
// A Value is a small handle (12 bytes, freely copied) to a node on the
// calling thread's tape (tape.hpp). Arithmetic on Values records new nodes;
// backward() fills in grad() for everything the result depends on.
// Printing is in format.hpp.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "autodiff/op.hpp"
#include "autodiff/tape.hpp"

namespace backprop {

class Value {
 public:
  Value() : Value(0.0) {}
  // Implicit, so that numbers mix with Values: `2 * x + 1`.
  Value(double data) : handle_(Tape::current().record_leaf(data)) {}
  Value(double data, std::string_view label);

  double data() const { return node().data; }
  double grad() const { return node().grad; }
  // Changes the stored number only (what an optimizer does to a parameter
  // between steps); values already computed from it are not recomputed.
  void set_data(double data) { node().data = data; }
  void zero_grad() { node().grad = 0.0; }

  // An optional name shown by printing, DOT export and explanations.
  std::string label() const;
  void set_label(std::string_view label);

  // Seeds d(this)/d(this) = 1 and applies the chain rule back through the
  // graph. Leaves accumulate gradients across calls until zero_grad();
  // intermediate values show the gradient of the latest pass through them.
  void backward() const { Tape::current().backward(handle_); }

  Op op() const { return node().operation(); }
  bool is_leaf() const { return op() == Op::leaf; }
  // Position on the tape: creation order, unique while the node lives.
  std::uint32_t id() const { return handle_.index; }
  NodeHandle handle() const { return handle_; }
  // Rebuilds a Value from a handle (for code that walks the tape).
  static Value from_handle(NodeHandle handle) { return Value(handle); }

  Value& operator+=(const Value& other);
  Value& operator-=(const Value& other);
  Value& operator*=(const Value& other);
  Value& operator/=(const Value& other);

 private:
  explicit Value(NodeHandle handle) : handle_(handle) {}
  Node& node() const { return Tape::current().node(handle_); }

  NodeHandle handle_;
};

// Arithmetic. A plain number may stand on either side; it is kept as a
// constant in the node rather than becoming a node of its own.
Value operator+(const Value& a, const Value& b);
Value operator+(const Value& a, double b);
Value operator+(double a, const Value& b);
Value operator-(const Value& a, const Value& b);
Value operator-(const Value& a, double b);
Value operator-(double a, const Value& b);
Value operator*(const Value& a, const Value& b);
Value operator*(const Value& a, double b);
Value operator*(double a, const Value& b);
Value operator/(const Value& a, const Value& b);  // throws std::domain_error if b == 0
Value operator/(const Value& a, double b);
Value operator/(double a, const Value& b);
Value operator-(const Value& a);

// pow(x, c): x < 0 needs an integer c, and x == 0 a non-negative one.
Value pow(const Value& base, double exponent);
// pow(a, b) with both differentiable: needs a > 0 (d/db = a^b ln a).
Value pow(const Value& base, const Value& exponent);

Value exp(const Value& x);
Value log(const Value& x);   // x > 0
Value sqrt(const Value& x);  // x >= 0
Value tanh(const Value& x);
Value sigmoid(const Value& x);
Value relu(const Value& x);
Value abs(const Value& x);

// bias + sum_k weights[k] * inputs[k], recorded as one node: a neuron's
// pre-activation at a fraction of the cost of 2n binary nodes, with exactly
// the same gradients. Throws std::invalid_argument if the sizes differ.
Value weighted_sum(std::span<const Value> weights, std::span<const Value> inputs,
                   const Value& bias);

}  // namespace backprop
