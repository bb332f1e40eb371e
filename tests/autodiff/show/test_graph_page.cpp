// Tests for autodiff/html: the page's structure against golden files (not
// its pixels: tests/fixtures/html/), its steps against explain's, the final
// state written without script, escaping, and graphs too large to step
// through. BACKPROP_UPDATE_GOLDEN=1 rewrites the golden files.
#include <catch2/catch.hpp>

#include <regex>

#include <fmt/format.h>

#include "autodiff/show/show.hpp"
#include "support/example_graphs.hpp"
#include "support/file_text.hpp"
#include "support/golden.hpp"
#include "support/html_structure.hpp"

using backprop::DotOptions;
using backprop::Value;
using backprop::testing::lecture_neuron;
using backprop::testing::html_structure;

namespace {

void check_golden_structure(const std::string& page, const std::string& name) {
  backprop::testing::check_golden(html_structure(page), "html/" + name);
}

std::size_t count(const std::string& text, const std::string& part) {
  std::size_t found = 0;
  for (std::size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++found;
  return found;
}

}  // namespace

TEST_CASE("the neuron's page has the golden structure", "[html]") {
  backprop::GraphScope scope;
  check_golden_structure(to_html(lecture_neuron(), {}, "tanh(x1*w1 + x2*w2 + b)"), "neuron.txt");
}

TEST_CASE("a value used three times and a zero gradient have the golden structure", "[html]") {
  backprop::GraphScope scope;
  Value x(3.0, "x"), y(-1.0, "y");
  Value square = x * x;
  Value f = square + relu(y) * x;  // relu at -1: y gets gradient 0
  f.backward();
  const std::string page = to_html(f);
  check_golden_structure(page, "shared.txt");
  CHECK(page.find("data-after=\"x.grad is now 6: the 3rd of its 3 contributions (x is used 3 times, and each "
                  "use adds one)\"") != std::string::npos);
  CHECK(page.find("<text class=\"grad\" x=") != std::string::npos);
  CHECK(page.find("data-value=\"0\">grad 0</text>") != std::string::npos);  // y
}

TEST_CASE("every chain-rule step appears worded exactly as explain words it, in its order", "[html]") {
  backprop::GraphScope scope;
  const Value o = lecture_neuron();
  const std::string page = to_html(o);
  const backprop::Graph graph(o);
  std::size_t after = page.find("<ol id=\"steps\">");
  for (const auto& step : backprop::chain_rule_steps(graph)) {
    const std::size_t at = page.find(">" + step.equation + "</li>", after);
    INFO(step.equation);
    REQUIRE(at != std::string::npos);
    CHECK(backprop::explain(o).find(step.equation) != std::string::npos);
    after = at;
  }
  CHECK(page.find("n5.grad = 1   (the seed: dn5 / dn5 = 1)") != std::string::npos);
  CHECK(count(page, "data-kind=\"forward\"") == graph.size());
  CHECK(count(page, "data-kind=\"backward\"") == backprop::chain_rule_steps(graph).size());
}

TEST_CASE("an input used twice by one node marks each use's own partner", "[html]") {
  backprop::GraphScope scope;
  Value x(2.0, "x"), w1(3.0, "w1"), w2(5.0, "w2"), b(1.0, "b");
  const std::vector<Value> weights{w1, w2}, inputs{x, x};
  Value f = weighted_sum(weights, inputs, b);
  f.backward();
  const backprop::Graph graph(f);
  const std::string page = to_html(f);
  // x's two steps, in order: through w1, then through w2.
  const std::size_t first = page.find("x.grad += w1.data * n1.grad");
  const std::size_t second = page.find("x.grad += w2.data * n1.grad");
  REQUIRE(first != std::string::npos);
  REQUIRE(second != std::string::npos);
  auto partner_before = [&](std::size_t at) {
    const std::size_t item = page.rfind("<li", at);
    const std::size_t mark = page.find("data-partner=\"", item);
    return mark < at ? page.substr(mark + 14, page.find('"', mark + 14) - mark - 14) : std::string();
  };
  auto position_of = [&](const std::string& name) {
    for (std::size_t k = 0; k < graph.size(); ++k)
      if (graph.nodes()[k].name == name) return std::to_string(k);
    return std::string("none");
  };
  CHECK(partner_before(first) == position_of("w1"));
  CHECK(partner_before(second) == position_of("w2"));
}

TEST_CASE("the final state is written into the page, readable without script", "[html]") {
  backprop::GraphScope scope;
  const Value o = lecture_neuron();
  const std::string page = to_html(o);
  const backprop::Graph graph(o);
  for (const auto& node : graph.nodes()) {
    INFO(node.name);
    // every digit by default: the shortest text that reads back to the same double
    const std::string data = fmt::format("{}", node.value.data()), grad = fmt::format("{}", node.value.grad());
    CHECK(page.find(fmt::format("data-value=\"{}\">data {}</text>", node.value.data(), data)) != std::string::npos);
    CHECK(page.find(fmt::format("data-value=\"{}\">grad {}</text>", node.value.grad(), grad)) != std::string::npos);
    CHECK(page.find(fmt::format("<td class=\"data\">{}</td><td class=\"grad\">{}</td></tr>", data, grad)) !=
          std::string::npos);
  }
  CHECK(page.find("<p id=\"caption\" role=\"status\" aria-live=\"polite\">The final state") != std::string::npos);
  CHECK(page.find("<div id=\"controls\" hidden>") != std::string::npos);  // the script shows them
}

TEST_CASE("the page fetches nothing: no external script, style, image or link", "[html]") {
  backprop::GraphScope scope;
  const std::string page = to_html(lecture_neuron());
  CHECK(page.find("src=") == std::string::npos);
  CHECK(page.find("href=") == std::string::npos);
  CHECK(page.find("@import") == std::string::npos);
  CHECK(page.find("http://www.w3.org/2000/svg") != std::string::npos);  // a namespace, not a fetch
  CHECK(count(page, "http") == count(page, "http://www.w3.org/2000/svg"));
}

TEST_CASE("labels with markup characters are escaped everywhere", "[html]") {
  backprop::GraphScope scope;
  Value a(2.0, "<script>alert(1)</script>"), b(3.0, "b&\"c'");
  Value f = a * b;
  f.backward();
  const std::string page = to_html(f, {}, "</title><b>");
  CHECK(page.find("<script>alert") == std::string::npos);
  CHECK(page.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
  CHECK(page.find("b&amp;&quot;c&#39;") != std::string::npos);
  CHECK(page.find("</title><b>") == std::string::npos);
  CHECK(page.find("&lt;/title&gt;&lt;b&gt;") != std::string::npos);
  CHECK(count(page, "<script>") == 1);  // the page's own
}

TEST_CASE("a depth limit draws the values near the output and says what is left out", "[html]") {
  backprop::GraphScope scope;
  DotOptions options;
  options.max_depth = 2;
  const std::string page = to_html(lecture_neuron(), options);
  check_golden_structure(page, "neuron_depth2.txt");
  CHECK(page.find("... 6 more values") != std::string::npos);  // as to_dot: all but n5, n4, n3, b
  CHECK(page.find("Drawn to a depth of 2") != std::string::npos);
  CHECK(count(page, "data-kind=\"backward\"") == 3);  // n5 -> n4, n4 -> n3, n4 -> b
}

TEST_CASE("a graph too large to step through is drawn near the output with a note", "[html]") {
  backprop::GraphScope scope;
  Value x(1.0, "x");
  Value sum = x;
  for (int k = 0; k < 20000; ++k) sum = sum + x * 0.5;
  sum.backward();
  const std::string page = to_html(sum);
  CHECK(page.size() < 1'000'000);  // never a multi-megabyte page
  CHECK(page.find("This graph has 40001 values, more than one page steps through") != std::string::npos);
  CHECK(count(page, "data-kind=\"forward\"") <= backprop::html_max_values);
  CHECK(page.find("class=\"more\"") != std::string::npos);
}

TEST_CASE("a node with very many inputs is limited by edges as well as values", "[html]") {
  backprop::GraphScope scope;
  std::vector<Value> weights, inputs;
  for (int k = 0; k < 2000; ++k) weights.emplace_back(0.5), inputs.emplace_back(1.0);
  Value out = tanh(weighted_sum(weights, inputs, Value(0.0)));
  out.backward();
  const std::string page = to_html(out);
  CHECK(page.find("more than one page steps through") != std::string::npos);
  CHECK(count(page, "<path class=\"edge\"") <= backprop::html_max_edges + backprop::html_max_values);
  CHECK(page.size() < 1'000'000);  // never a multi-megabyte page
}

TEST_CASE("max_nodes lowers the page's limit", "[html]") {
  backprop::GraphScope scope;
  DotOptions options;
  options.max_nodes = 4;
  const std::string page = to_html(lecture_neuron(), options);
  CHECK(page.find("more than one page steps through (at most 4 values") != std::string::npos);
  CHECK(count(page, "data-kind=\"forward\"") == 4);  // n5, n4, n3 and b: depth 3 would make 6
}

TEST_CASE("without gradients the page steps through the forward pass only", "[html]") {
  backprop::GraphScope scope;
  DotOptions options;
  options.show_gradients = false;
  const std::string page = to_html(lecture_neuron(), options);
  CHECK(count(page, "data-kind=\"seed\"") == 0);
  CHECK(count(page, "data-kind=\"backward\"") == 0);
  CHECK(count(page, "class=\"grad\"") == 0);
  CHECK(page.find("<th>grad</th>") == std::string::npos);
}

TEST_CASE("colouring by gradient shades the final state", "[html]") {
  backprop::GraphScope scope;
  DotOptions options;
  options.color_by_gradient = true;
  const std::string page = to_html(lecture_neuron(), options);
  CHECK(page.find("id=\"node-0\" data-node=\"0\" style=\"--heat: #e8710a\"") != std::string::npos);  // x1, grad -1.5
  CHECK(page.find("id=\"node-3\" data-node=\"3\" style=\"--heat: #ffffff\"") != std::string::npos);  // w2, grad 0
  CHECK(page.find(">at the end: grad &gt; 0 (paler: smaller)</text>") != std::string::npos);  // the legend
  CHECK(to_html(lecture_neuron()).find("grad &gt; 0") == std::string::npos);  // no fill, not in the legend
}

TEST_CASE("clusters are drawn as frames around their members", "[html]") {
  backprop::GraphScope scope;
  const backprop::testing::ReluNeuron neuron;
  DotOptions options;
  options.clusters.push_back({"neuron <0>", neuron.parameters()});
  const std::string page = to_html(neuron.out, options);
  CHECK(count(page, "<g class=\"cluster\">") == 1);
  CHECK(page.find("neuron &lt;0&gt;</text>") != std::string::npos);
  CHECK(page.find("= k5 + k1*k3 + k2*k4 =") != std::string::npos);  // the weighted sum, term by term
}

TEST_CASE("non-finite values are printed as explain prints them", "[html]") {
  backprop::GraphScope scope;
  Value x(0.0, "x");
  Value f = sqrt(x);
  f.backward();
  const std::string page = to_html(f);
  CHECK(page.find("data-value=\"inf\">grad inf</text>") != std::string::npos);
}

TEST_CASE("the picture names the inputs of a - b and has a legend of its outlines", "[html]") {
  backprop::GraphScope scope;
  Value x(5.0, "x"), y(2.0, "y");
  const std::string page = to_html(y - x);
  CHECK(count(page, "<text class=\"role\"") == 2);
  CHECK(page.find(">a</text>") != std::string::npos);
  CHECK(page.find(">b</text>") != std::string::npos);
  CHECK(count(to_html(x - x), ">a and b</text>") == 2);  // one value as both inputs: both edges say so
  CHECK(count(to_html(x * y), "<text class=\"role\"") == 0);
  CHECK(page.find("<g class=\"legend\">") != std::string::npos);
  CHECK(page.find(">receiving a gradient</text>") != std::string::npos);
}

TEST_CASE("the page has a fit control and says the table shows the final state", "[html]") {
  backprop::GraphScope scope;
  const std::string page = to_html(lecture_neuron());
  CHECK(page.find("<button type=\"button\" id=\"fit\" aria-pressed=\"false\"") != std::string::npos);
  CHECK(page.find("<caption id=\"values-caption\">The final state, after backward.</caption>") != std::string::npos);
  CHECK(page.find("<td class=\"grad\">") != std::string::npos);  // the cells the script keeps at the step
  CHECK(page.find("role=\"status\" aria-live=\"polite\"") != std::string::npos);
  CHECK(page.find("blur()") == std::string::npos);  // buttons keep the focus
}
