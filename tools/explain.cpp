// explain(): prints the forward table, the order, and one equation per
// gradient contribution, worded from each operation's row in op.hpp and
// using the local derivatives the engine recorded.
#include "tools/explain.hpp"

#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>  // fmt::join

#include "autodiff/graph.hpp"
#include "tools/number_text.hpp"

namespace backprop::tools {

namespace {

std::string number(double x) { return fmt::format("{:.6g}", printable(x)); }

// The local derivative along input `k` of `node`, in words: the row's
// wording with the names of the values involved.
std::string local_derivative(const Graph& graph, std::size_t position, std::size_t k,
                             const std::vector<std::string>& name) {
  const GraphNode& node = graph.nodes()[position];
  const Edge& edge = node.inputs[k];
  const auto& wording = info(node.op).derivative;
  // Many-input operations word a bias [0] and a product [1]; the others
  // word input k.
  const std::string_view text = arity(node.op) == many_inputs ? wording[edge.partner ? 1 : 0] : wording[k];
  const std::string& a = name[node.inputs[0].input];
  const std::string& b = node.inputs.size() > 1 ? name[node.inputs[1].input] : a;
  return fmt::format(fmt::runtime(text), fmt::arg("a", a), fmt::arg("b", b), fmt::arg("self", name[position]),
                     fmt::arg("c", fmt::format("{}", node.constant)),
                     fmt::arg("partner", edge.partner ? name[*edge.partner] : std::string()));
}

}  // namespace

std::string explain(const Value& root) {
  const Graph graph(root);
  const auto& nodes = graph.nodes();

  // Names: labels where given, n1, n2, ... for computed values, k1, ... for
  // unlabelled leaves (constants).
  std::vector<std::string> name(nodes.size());
  std::size_t computed = 0, constants = 0;
  for (std::size_t k = 0; k < nodes.size(); ++k) {
    const std::string label = nodes[k].value.label();
    if (!label.empty()) name[k] = label;
    else if (nodes[k].op == Op::leaf) name[k] = fmt::format("k{}", ++constants);
    else name[k] = fmt::format("n{}", ++computed);
  }
  auto input_names = [&](const GraphNode& node) {
    std::vector<std::string> names;
    for (const Edge& edge : node.inputs) names.push_back(name[edge.input]);
    return names;
  };

  std::string text = "forward pass (each value from its inputs, in the order computed)\n";
  text += fmt::format("  {:<8} {:<12} {:<20} {}\n", "node", "operation", "inputs", "value");
  for (std::size_t k = 0; k < nodes.size(); ++k) {
    const GraphNode& node = nodes[k];
    const std::string operation = node.op != Op::leaf               ? node.operation
                                  : !node.value.label().empty() ? "input"
                                                                  : "constant";
    text += fmt::format("  {:<8} {:<12} {:<20} {}\n", name[k], operation,
                        fmt::format("{}", fmt::join(input_names(node), ", ")), number(node.value.data()));
  }

  text += "\ntopological order (every value after the values it is computed from)\n  ";
  text += fmt::format("{}\n", fmt::join(name, ", "));

  const std::string& root_name = name.back();
  text += "\nbackward pass (chain rule: input.grad += local derivative * node.grad, from the output back)\n";
  text += fmt::format("  {}.grad = 1   (the seed: d{} / d{} = 1)\n", root_name, root_name, root_name);
  for (std::size_t position = nodes.size(); position-- > 0;) {
    const GraphNode& node = nodes[position];
    const double grad = node.value.grad();
    for (std::size_t k = 0; k < node.inputs.size(); ++k) {
      const Edge& edge = node.inputs[k];
      text += fmt::format("  {}.grad += {} * {}.grad = {} * {} = {}\n", name[edge.input],
                          local_derivative(graph, position, k, name), name[position], number(edge.partial),
                          number(grad), number(edge.partial * grad));
    }
  }

  text += "\ngradients (how much the output moves per unit change of each input)\n";
  for (std::size_t k = 0; k < nodes.size(); ++k)
    if (nodes[k].op == Op::leaf && !nodes[k].value.label().empty())
      text += fmt::format("  d{} / d{} = {}\n", root_name, name[k], number(nodes[k].value.grad()));
  return text;
}

}  // namespace backprop::tools
