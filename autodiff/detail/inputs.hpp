// The inputs of one recorded node and the local derivative along each: the
// one place that reads an operation's operands back from the tape.
// backward() sends gradients along these edges; graph.hpp shows them.
#pragma once

#include <array>
#include <cstdint>

#include "autodiff/detail/recorder.hpp"

namespace backprop::detail {

// Each Op's backward rule, by number: a compact copy of operations[]' rule
// column (one byte per Op), so the sweep's lookups stay in one cache line.
inline constexpr auto rules = [] {
  std::array<Rule, std::size_t{1} << NodeWord::op_bits> rule{};
  for (const OperationInfo& operation : operations) rule[static_cast<std::size_t>(operation.op)] = operation.rule;
  return rule;
}();
inline Rule rule_of(Op op) { return rules[static_cast<std::size_t>(op)]; }

// "This partial is not another node's data."
inline constexpr std::uint32_t no_partner = ~std::uint32_t{0};

// A linear layer's operand list, as linear.cpp writes it:
// [first weight, rows, cols, has_bias, input 0, input 1, ...]. Row r's
// weights are the `cols` leaves from first weight + r * cols, its bias last.
struct LinearLayer {
  static constexpr std::uint32_t header = 4;
  std::uint32_t weights, rows, cols, has_bias;
  const std::uint32_t* inputs;

  std::uint32_t input_count() const { return cols - has_bias; }
  // The first output of the layer that output `index` (of meta word `meta`) belongs to, and its row.
  static std::uint32_t head_of(std::uint32_t index, std::uint64_t meta) {
    return NodeWord::op(meta) == Op::linear ? index : NodeWord::first(meta);
  }
  static std::uint32_t row_of(std::uint64_t meta) { return NodeWord::op(meta) == Op::linear ? 0 : NodeWord::second(meta); }
  static LinearLayer at(const Recorder& tape, std::uint32_t head) {
    const std::uint32_t* operand = tape.operands(NodeWord::first(tape.word(head)));
    return {operand[0], operand[1], operand[2], operand[3], operand + header};
  }
};

// Calls f(input, partial, partner) for each input of the node at `index`
// (whose meta word is `meta`), in the order the operation lists them; for a
// product, `partner` is the node whose data the partial is. A linear output
// shows the inputs of its own row: bias, then (weight, input) pairs.
template <typename F>
inline void for_each_input(const Recorder& tape, std::uint32_t index, std::uint64_t meta, F&& f) {
  const Op op = NodeWord::op(meta);
  const Rule rule = rule_of(op);
  const std::uint32_t a = NodeWord::first(meta), b = NodeWord::second(meta);
  // Most frequent first: an if chain measured faster than a jump table here.
  if (rule == Rule::unary) {
    f(a, tape.partial(index, 0), no_partner);
  } else if (rule == Rule::binary_product) {
    f(a, tape.data(b), b);
    f(b, tape.data(a), a);
  } else if (rule == Rule::binary_sum) {
    f(a, 1.0, no_partner);
    f(b, 1.0, no_partner);
  } else if (rule == Rule::unary_one) {
    f(a, 1.0, no_partner);
  } else if (rule == Rule::binary) {
    f(a, tape.partial(index, 0), no_partner);
    f(b, tape.partial(index, 1), no_partner);
  } else if (rule == Rule::products) {
    // weighted_sum: [bias, w0, x0, w1, x1, ...]; dot: [a0, b0, a1, b1, ...]
    const std::uint32_t* operand = tape.operands(a);
    if (op == Op::weighted_sum) f(*operand++, 1.0, no_partner);
    for (std::uint32_t pair = 0; pair < b; ++pair, operand += 2) {
      f(operand[0], tape.data(operand[1]), operand[1]);
      f(operand[1], tape.data(operand[0]), operand[0]);
    }
  } else if (op == Op::linear || op == Op::linear_row) {
    const LinearLayer layer = LinearLayer::at(tape, LinearLayer::head_of(index, meta));
    const std::uint32_t row = LinearLayer::row_of(meta);
    const std::uint32_t first = layer.weights + row * layer.cols, inputs = layer.input_count();
    if (layer.has_bias) f(first + inputs, 1.0, no_partner);
    for (std::uint32_t k = 0; k < inputs; ++k) {
      f(first + k, tape.data(layer.inputs[k]), layer.inputs[k]);
      f(layer.inputs[k], tape.data(first + k), first + k);
    }
  }
}

template <typename F>
inline void for_each_input(const Recorder& tape, std::uint32_t index, F&& f) {
  for_each_input(tape, index, tape.word(index), f);
}

}  // namespace backprop::detail
