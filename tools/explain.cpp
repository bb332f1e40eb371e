// explain(): prints the forward table, the order, and one equation per
// gradient contribution, using the local derivatives the engine stored.
#include "tools/explain.hpp"

#include <unordered_map>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>  // fmt::join

#include "autodiff/graph.hpp"
#include "tools/number_text.hpp"

namespace backprop::tools {

namespace {

std::string number(double x) { return fmt::format("{:.6g}", printable(x)); }

// The local derivative of node `n` with respect to its input number `k`,
// written with the names of the values involved (`a`, `b` inputs, `n` the
// node itself), e.g. "w.data" for the x in n = x * w.
std::string local_derivative(const Node& node, std::size_t k, const std::vector<std::string>& inputs,
                             const std::string& self) {
  const std::string& a = inputs[0];
  const std::string& b = inputs.size() > 1 ? inputs[1] : inputs[0];
  const std::string c = fmt::format("{}", node.partial[1]);
  switch (node.operation()) {
    case Op::add: case Op::add_constant: return "1";
    case Op::sub: return k == 0 ? "1" : "-1";
    case Op::mul: return k == 0 ? b + ".data" : a + ".data";
    case Op::div: return k == 0 ? fmt::format("1 / {}.data", b) : fmt::format("-{}.data / {}.data^2", a, b);
    case Op::pow:
      return k == 0 ? fmt::format("{0}.data * {1}.data^({0}.data - 1)", b, a)
                    : fmt::format("{}.data * ln({}.data)", self, a);
    case Op::neg: return "-1";
    case Op::exp: return self + ".data";
    case Op::log: return fmt::format("1 / {}.data", a);
    case Op::tanh: return fmt::format("(1 - {}.data^2)", self);
    case Op::sigmoid: return fmt::format("{0}.data * (1 - {0}.data)", self);
    case Op::relu: return fmt::format("({}.data > 0 ? 1 : 0)", a);
    case Op::sqrt: return fmt::format("0.5 / {}.data", self);
    case Op::abs: return fmt::format("sign({}.data)", a);
    case Op::mul_constant: return c;
    case Op::div_by_constant: return fmt::format("1 / {}", c);
    case Op::constant_div: return fmt::format("-{} / {}.data^2", c, a);
    case Op::pow_constant: return fmt::format("{0} * {1}.data^({0} - 1)", c, a);
    case Op::weighted_sum:
      // inputs: bias, w0, x0, w1, x1, ...: d/dbias = 1, d/dw = x, d/dx = w
      if (k == 0) return "1";
      return (k % 2 == 1 ? inputs[k + 1] : inputs[k - 1]) + ".data";
    case Op::leaf: break;
  }
  return "?";
}

}  // namespace

std::string explain(const Value& root) {
  const Tape& tape = Tape::current();
  const std::vector<std::uint32_t> order = topological_order(root);

  // Names: labels where given, n1, n2, ... for computed values, k1, ... for
  // unlabelled leaves (constants).
  std::unordered_map<std::uint32_t, std::string> name;
  std::size_t computed = 0, constants = 0;
  for (std::uint32_t index : order) {
    const std::string* label = tape.label(index);
    if (label && !label->empty()) name[index] = *label;
    else if (tape.at(index).operation() == Op::leaf) name[index] = fmt::format("k{}", ++constants);
    else name[index] = fmt::format("n{}", ++computed);
  }
  auto input_names = [&](std::uint32_t index) {
    std::vector<std::string> names;
    for (const Edge& edge : inputs_of(index)) names.push_back(name.at(edge.input));
    return names;
  };

  std::string text = "forward pass (each value from its inputs, in the order computed)\n";
  text += fmt::format("  {:<8} {:<12} {:<20} {}\n", "node", "operation", "inputs", "value");
  for (std::uint32_t index : order) {
    const Node& node = tape.at(index);
    const std::string* label = tape.label(index);
    const std::string operation = node.operation() != Op::leaf ? operation_label(index)
                                  : label && !label->empty()    ? "input"
                                                                : "constant";
    text += fmt::format("  {:<8} {:<12} {:<20} {}\n", name[index], operation,
                        fmt::format("{}", fmt::join(input_names(index), ", ")), number(node.data));
  }

  text += "\ntopological order (every value after the values it is computed from)\n  ";
  std::vector<std::string> ordered;
  for (std::uint32_t index : order) ordered.push_back(name[index]);
  text += fmt::format("{}\n", fmt::join(ordered, ", "));

  const std::string& root_name = name[root.id()];
  text += "\nbackward pass (chain rule: input.grad += local derivative * node.grad, from the output back)\n";
  text += fmt::format("  {}.grad = 1   (the seed: d{} / d{} = 1)\n", root_name, root_name, root_name);
  for (auto it = order.rbegin(); it != order.rend(); ++it) {
    const Node& node = tape.at(*it);
    if (node.operation() == Op::leaf) continue;
    const std::vector<std::string> inputs = input_names(*it);
    const std::vector<Edge> edges = inputs_of(*it);
    for (std::size_t k = 0; k < edges.size(); ++k) {
      text += fmt::format("  {}.grad += {} * {}.grad = {} * {} = {}\n", name[edges[k].input],
                          local_derivative(node, k, inputs, name[*it]), name[*it],
                          number(edges[k].partial), number(node.grad),
                          number(edges[k].partial * node.grad));
    }
  }

  text += "\ngradients (how much the output moves per unit change of each input)\n";
  for (std::uint32_t index : order) {
    const std::string* label = tape.label(index);
    if (tape.at(index).operation() == Op::leaf && label && !label->empty())
      text += fmt::format("  d{} / d{} = {}\n", root_name, name[index], number(tape.at(index).grad));
  }
  return text;
}

}  // namespace backprop::tools
