// hessian_table() and explain_second_order(): see second_order.hpp.
#include "tools/second_order.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>  // fmt::join

#include "autodiff/format.hpp"
#include "autodiff/graph.hpp"
#include "autodiff/show/explain.hpp"

namespace backprop::tools {

std::string hessian_table(const std::vector<std::string>& names, const std::vector<std::vector<double>>& hessian,
                          int digits) {
  // Every column as wide as the widest name or number, so the table lines up.
  std::size_t name_width = 0, width = 0;
  for (const std::string& name : names) name_width = std::max(name_width, name.size());
  std::vector<std::vector<std::string>> cells;
  for (const std::vector<double>& row : hessian) {
    std::vector<std::string>& texts = cells.emplace_back();
    for (double entry : row) width = std::max(width, texts.emplace_back(format_number(entry, digits)).size());
  }
  width = std::max(width, name_width);
  std::string text = fmt::format("hessian (row a, column b: d2/da db)\n  {:<{}}", "", name_width);
  for (const std::string& name : names) text += fmt::format("  {:>{}}", name, width);
  for (std::size_t row = 0; row < names.size(); ++row) {
    text += fmt::format("\n  {:<{}}", names[row], name_width);
    for (const std::string& cell : cells[row]) text += fmt::format("  {:>{}}", cell, width);
  }
  return text + "\n";
}

std::string explain_second_order(const Value& output, const Value& gradient, const std::string& wrt,
                                 const std::vector<std::string>& names,
                                 const std::map<std::string, Value>& variables, int digits) {
  // Nodes recorded after the output can only be the first backward pass's:
  // the tape records in creation order.
  const Graph graph(gradient);
  std::vector<std::string> forward, recorded;
  for (const GraphNode& node : graph.nodes())
    (node.value.id() <= output.id() ? forward : recorded).push_back(node.name);
  const std::string first = fmt::format("df/d{}", wrt), root = graph.root().name;
  std::string text = fmt::format(
      "second order: the first backward pass, recorded, then differentiated again (f is EXPR)\n\n"
      "grad() with create_graph computed {first} with Values: each chain-rule step\n"
      "input.grad += local derivative * node.grad of the first backward pass became\n"
      "operations on the graph, so {first} is a value, {root}, with a graph of its own:\n"
      "  from the forward pass of f:          {forward}\n"
      "  recorded by the first backward pass: {recorded}\n"
      "That graph is explained below like any other. Its forward pass is the first\n"
      "backward pass, replayed; its backward pass (the chain rule over the chain rule)\n"
      "gives v.grad = d({first}) / dv for every value v, so that for an input,\n"
      "v.grad = d2f / d{wrt} dv.\n\n",
      fmt::arg("first", first), fmt::arg("root", root), fmt::arg("wrt", wrt),
      fmt::arg("forward", forward.empty() ? "none" : fmt::format("{}", fmt::join(forward, ", "))),
      fmt::arg("recorded", recorded.empty() ? fmt::format("none: {} is {}, which the forward pass computed", first, root)
                                            : fmt::format("{}", fmt::join(recorded, ", "))));
  text += explain(gradient, digits);
  text += fmt::format("\nsecond derivatives (row {} of the Hessian; `backprop eval --hessian` prints all of it)\n", wrt);
  for (const std::string& name : names)
    text += fmt::format("  d2f / d{} d{} = {}\n", wrt, name, format_number(variables.at(name).grad(), digits));
  return text;
}

}  // namespace backprop::tools
