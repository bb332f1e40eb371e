// Graph: an explicit-stack walk from the root (no recursion), then one
// GraphNode per value with its edges, read through for_each_input.
#include "autodiff/graph.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "autodiff/detail/inputs.hpp"

namespace backprop {

namespace {

// "+ 1", "* 2", "/ 4", "2 /", "^ 3": the symbol with the constant on its side.
std::string operation_label(Op op, double constant, bool linear_without_bias) {
  if (linear_without_bias) return "w.x";
  const std::string_view symbol = op_symbol(op);
  if (!has_constant(op)) return std::string(symbol);
  if (op == Op::constant_div) return fmt::format("{} {}", constant, symbol);
  return fmt::format("{} {}", symbol, constant);
}

}  // namespace

Graph::Graph(const Value& root) {
  const detail::Recorder& tape = detail::Recorder::current();
  tape.check(root.handle());
  std::vector<bool> seen(std::size_t{root.id()} + 1, false);
  std::vector<std::uint32_t> pending{root.id()}, order;
  seen[root.id()] = true;
  while (!pending.empty()) {
    const std::uint32_t index = pending.back();
    pending.pop_back();
    order.push_back(index);
    detail::for_each_input(tape, index, [&](std::uint32_t input, double, std::uint32_t) {
      if (!seen[input]) {
        seen[input] = true;
        pending.push_back(input);
      }
    });
  }
  std::sort(order.begin(), order.end());  // creation order: inputs first
  tape_positions_ = order;
  const auto position = [this](std::uint32_t index) { return *nodes_position(index); };  // an input is always there

  nodes_.reserve(order.size());
  std::size_t computed = 0, constants = 0;
  for (const std::uint32_t index : order) {
    GraphNode node{detail::wrap(tape.handle_at(index)), {}, detail::NodeWord::op(tape.word(index)), 0.0, {}, {}};
    const std::string* label = tape.label(index);
    node.is_input = node.op == Op::leaf && label && !label->empty();
    node.name = label && !label->empty()      ? *label
                : node.op == Op::leaf ? fmt::format("k{}", ++constants)
                                      : fmt::format("n{}", ++computed);
    bool linear_without_bias = false;
    node.op = shown_op(node.op);  // every output of a layer reads the same
    if (node.op == Op::linear) {
      const std::uint32_t head = detail::LinearLayer::head_of(index, tape.word(index));
      linear_without_bias = detail::LinearLayer::at(tape, head).has_bias == 0;
    }
    switch (info(node.op).constant) {
      case ConstantSlot::local_a: node.constant = tape.partial(index, 0); break;
      case ConstantSlot::local_b: node.constant = tape.partial(index, 1); break;
      case ConstantSlot::none: break;
    }
    node.operation = operation_label(node.op, node.constant, linear_without_bias);
    detail::for_each_input(tape, index, [&](std::uint32_t input, double partial, std::uint32_t partner) {
      std::optional<std::size_t> partner_position;
      if (partner != detail::no_partner) partner_position = position(partner);
      node.inputs.push_back({position(input), partial, partner_position});
    });
    nodes_.push_back(std::move(node));
  }
}

std::optional<std::size_t> Graph::nodes_position(std::uint32_t index) const {
  const auto found = std::lower_bound(tape_positions_.begin(), tape_positions_.end(), index);
  if (found == tape_positions_.end() || *found != index) return std::nullopt;
  return static_cast<std::size_t>(found - tape_positions_.begin());
}

std::optional<std::size_t> Graph::position_of(const Value& value) const {
  const std::optional<std::size_t> position = nodes_position(value.id());
  if (!position || nodes_[*position].value.handle().stamp != value.handle().stamp) return std::nullopt;
  return position;
}

std::vector<std::size_t> Graph::depths_from_root() const {
  constexpr std::size_t unreached = ~std::size_t{0};
  std::vector<std::size_t> depth(size(), unreached);
  std::vector<std::size_t> frontier{size() - 1};
  depth.back() = 0;
  for (std::size_t level = 1; !frontier.empty(); ++level) {  // breadth first
    std::vector<std::size_t> next;
    for (std::size_t node : frontier)
      for (const Edge& edge : nodes_[node].inputs)
        if (depth[edge.input] == unreached) {
          depth[edge.input] = level;
          next.push_back(edge.input);
        }
    frontier = std::move(next);
  }
  return depth;
}

}  // namespace backprop
