// explain() and chain_rule_steps(): the forward table, the order, and one
// equation per gradient contribution, worded from each operation's row in
// op.hpp with the local derivatives the engine recorded.
#include "autodiff/show/explain.hpp"

#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>  // fmt::join

#include "autodiff/graph.hpp"
#include "autodiff/format.hpp"

namespace backprop {

namespace {

// The local derivative along input `k` of `node`, in words: its row's
// wording in op.hpp with the names of the values involved.
std::string local_derivative(const Graph& graph, std::size_t position, std::size_t k) {
  const auto& nodes = graph.nodes();
  const GraphNode& node = nodes[position];
  const Edge& edge = node.inputs[k];
  const auto& wording = info(node.op).derivative;
  // Many-input operations word a bias [0] and a product [1]; the others
  // word input k.
  const std::string_view text = arity(node.op) == many_inputs ? wording[edge.partner ? 1 : 0] : wording[k];
  const std::string& a = nodes[node.inputs[0].input].name;
  const std::string& b = node.inputs.size() > 1 ? nodes[node.inputs[1].input].name : a;
  return fmt::format(fmt::runtime(text), fmt::arg("a", a), fmt::arg("b", b), fmt::arg("self", node.name),
                     fmt::arg("c", fmt::format("{}", node.constant)),
                     fmt::arg("partner", edge.partner ? nodes[*edge.partner].name : std::string()));
}

}  // namespace

std::vector<ChainRuleStep> chain_rule_steps(const Graph& graph, const std::vector<bool>& shown, int digits) {
  auto number = [digits](double x) { return format_number(x, digits); };
  const auto& nodes = graph.nodes();
  std::vector<ChainRuleStep> steps;
  for (std::size_t position = nodes.size(); position-- > 0;) {
    if (!shown[position]) continue;
    const GraphNode& node = nodes[position];
    const double grad = node.value.grad();
    for (std::size_t k = 0; k < node.inputs.size(); ++k) {
      const Edge& edge = node.inputs[k];
      if (!shown[edge.input]) continue;
      ChainRuleStep step{edge.input, position, k, local_derivative(graph, position, k), edge.partial, grad,
                         edge.partial * grad, {}};
      step.equation = fmt::format("{}.grad += {} * {}.grad = {} * {} = {}", nodes[edge.input].name,
                                  step.derivative, node.name, number(step.partial), number(grad),
                                  number(step.contribution));
      steps.push_back(std::move(step));
    }
  }
  return steps;
}

std::vector<ChainRuleStep> chain_rule_steps(const Graph& graph, int digits) {
  return chain_rule_steps(graph, std::vector<bool>(graph.size(), true), digits);
}

std::string explain(const Value& root, int digits) {
  auto number = [digits](double x) { return format_number(x, digits); };
  const Graph graph(root);
  const auto& nodes = graph.nodes();
  auto input_names = [&](const GraphNode& node) {
    std::vector<std::string> names;
    for (const Edge& edge : node.inputs) names.push_back(nodes[edge.input].name);
    return names;
  };

  std::string text = "forward pass (each value from its inputs, in the order computed)\n";
  text += fmt::format("  {:<8} {:<12} {:<20} {}\n", "node", "operation", "inputs", "value");
  for (const GraphNode& node : nodes) {
    const std::string operation = node.op != Op::leaf ? node.operation : node.is_input ? "input" : "constant";
    text += fmt::format("  {:<8} {:<12} {:<20} {}\n", node.name, operation,
                        fmt::format("{}", fmt::join(input_names(node), ", ")), number(node.value.data()));
  }

  text += "\ntopological order (every value after the values it is computed from)\n  ";
  std::vector<std::string> ordered;
  for (const GraphNode& node : nodes) ordered.push_back(node.name);
  text += fmt::format("{}\n", fmt::join(ordered, ", "));

  const std::string& root_name = graph.root().name;
  text += "\nbackward pass (chain rule: input.grad += local derivative * node.grad, from the output back)\n";
  text += fmt::format("  {}.grad = 1   (the seed: d{} / d{} = 1)\n", root_name, root_name, root_name);
  for (const ChainRuleStep& step : chain_rule_steps(graph, digits)) text += "  " + step.equation + "\n";

  text += "\ngradients (how much the output moves per unit change of each input)\n";
  for (const GraphNode& node : nodes)
    if (node.is_input)
      text += fmt::format("  d{} / d{} = {}\n", root_name, node.name, number(node.value.grad()));
  return text;
}

}  // namespace backprop
