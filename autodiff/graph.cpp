// topological_order() and inputs_of(): an explicit-stack walk, no recursion.
#include "autodiff/graph.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace backprop {

std::vector<Edge> inputs_of(std::uint32_t index) {
  const Tape& tape = Tape::current();
  const Node& node = tape.at(index);
  switch (arity(node.operation())) {
    case 0: return {};
    case 1: return {{static_cast<std::uint32_t>(node.first_input), node.partial[0]}};
    case 2:
      return {{static_cast<std::uint32_t>(node.first_input), node.partial[0]},
              {static_cast<std::uint32_t>(node.second_input), node.partial[1]}};
    default: break;
  }
  // weighted_sum: bias, then (weight, input) pairs; d/dw = x, d/dx = w
  const std::uint32_t* operand = tape.operands(node);
  std::vector<Edge> edges{{operand[0], 1.0}};
  for (std::size_t pair = 0; pair < node.second_input; ++pair) {
    const std::uint32_t weight = operand[1 + 2 * pair], input = operand[2 + 2 * pair];
    edges.push_back({weight, tape.at(input).data});
    edges.push_back({input, tape.at(weight).data});
  }
  return edges;
}

std::string operation_label(std::uint32_t index) {
  const Node& node = Tape::current().at(index);
  const Op op = node.operation();
  const std::string_view symbol = op_symbol(op);
  if (!has_constant(op)) return std::string(symbol);
  const double constant = node.partial[1];
  if (op == Op::constant_div) return fmt::format("{} {}", constant, symbol);
  return fmt::format("{} {}", symbol, constant);
}

std::vector<std::uint32_t> topological_order(const Value& root) {
  Tape::current().check(root.handle());
  std::vector<bool> seen(root.id() + 1, false);
  std::vector<std::uint32_t> pending{root.id()}, order;
  seen[root.id()] = true;
  while (!pending.empty()) {
    const std::uint32_t index = pending.back();
    pending.pop_back();
    order.push_back(index);
    for (const Edge& edge : inputs_of(index)) {
      if (!seen[edge.input]) {
        seen[edge.input] = true;
        pending.push_back(edge.input);
      }
    }
  }
  std::sort(order.begin(), order.end());  // creation order: inputs first
  return order;
}

}  // namespace backprop
