// Second derivatives in the `backprop` tool, run as a process: eval
// --hessian against the analytic Hessian, gradcheck --order 2 passing and
// failing, explain, dot and html --order 2 on the gradient's own graph, and
// their usage errors (exit status 2).
#include <catch2/catch.hpp>

#include <cmath>

#include "support/run_process.hpp"

using backprop::testing::run_process;
using backprop::testing::tool;

namespace {

// The number after `"key": ` in flat JSON text, from `from` on.
double json_number(const std::string& json, const std::string& key, std::size_t from = 0) {
  const auto at = json.find("\"" + key + "\": ", from);
  REQUIRE(at != std::string::npos);
  return std::stod(json.substr(at + key.size() + 4));
}

}  // namespace

TEST_CASE("eval --hessian prints the Hessian of x*x*y as a table named by the variables", "[cli_second_order]") {
  // f = x^2 y: d2f/dx2 = 2y, d2f/dxdy = 2x, d2f/dy2 = 0; at x=3, y=4: 8, 6, 0
  const auto result = run_process(tool, {"eval", "x*x*y", "x=3", "y=4", "--hessian"});
  INFO(result.out << result.err);
  REQUIRE(result.status == 0);
  CHECK(result.out ==
        "value = 36\n"
        "d/dx = 24\n"
        "d/dy = 9\n"
        "hessian (row a, column b: d2/da db)\n"
        "     x  y\n"
        "  x  8  6\n"
        "  y  6  0\n");
}

TEST_CASE("eval --hessian prints a Hessian that is not finite and exits 1", "[cli_second_order]") {
  // d(x^1.5)/dx = 1.5 x^0.5 is 0 at 0, but its slope 0.75 x^-0.5 is infinite
  const auto result = run_process(tool, {"eval", "x^1.5", "x=0", "--hessian"});
  CHECK(result.status == 1);
  CHECK_THAT(result.out, Catch::EndsWith("  x  inf\n"));
  CHECK(result.err == "backprop eval: not finite: d2/dx dx is inf\n");
  CHECK_THAT(run_process(tool, {"eval", "x^1.5", "x=0", "--hessian", "--json"}).out,
             Catch::Contains("\"hessian\": {\"x\": {\"x\": null}}"));
}

TEST_CASE("eval --hessian --json adds the Hessian by name", "[cli_second_order]") {
  // f = sin(x) * exp(y) at x=0.5, y=-1: the analytic second derivatives
  const double x = 0.5, y = -1.0;
  const auto result = run_process(tool, {"eval", "sin(x) * exp(y)", "x=0.5", "y=-1", "--hessian", "--json"});
  INFO(result.out << result.err);
  REQUIRE(result.status == 0);
  const std::size_t hessian = result.out.find("\"hessian\": ");
  REQUIRE(hessian != std::string::npos);
  const std::size_t row_y = result.out.find("\"y\": {", hessian);
  REQUIRE(row_y != std::string::npos);
  CHECK(json_number(result.out, "x", result.out.find("\"x\": {", hessian) + 1) ==
        Approx(-std::sin(x) * std::exp(y)));
  CHECK(json_number(result.out, "y", result.out.find("\"x\": {", hessian) + 1) == Approx(std::cos(x) * std::exp(y)));
  CHECK(json_number(result.out, "x", row_y + 1) == Approx(std::cos(x) * std::exp(y)));
  CHECK(json_number(result.out, "y", row_y + 1) == Approx(std::sin(x) * std::exp(y)));
}

TEST_CASE("gradcheck --order 2 passes on smooth expressions, one line per pair", "[cli_second_order]") {
  const auto result = run_process(tool, {"gradcheck", "x*x*y + tanh(x*y)", "x=0.3", "y=-0.7", "--order", "2"});
  INFO(result.out << result.err);
  CHECK(result.status == 0);
  CHECK_THAT(result.out, Catch::StartsWith("variables    "));
  for (const char* pair : {"\nx, x ", "\nx, y ", "\ny, x ", "\ny, y "}) CHECK_THAT(result.out, Catch::Contains(pair));
  CHECK_THAT(result.out, Catch::EndsWith("<= tolerance 1e-06: ok\n"));
  // a constant second derivative and a domain edge nearby both pass
  CHECK(run_process(tool, {"gradcheck", "x^3 + log(y)", "x=2", "y=1e-3", "--order=2"}).status == 0);
}

TEST_CASE("gradcheck --order 2 fails as the first-order check does", "[cli_second_order]") {
  // no finite difference matches to 1e-300: the check reports it and exits 1
  const auto strict = run_process(tool, {"gradcheck", "exp(x)", "x=1", "--order", "2", "--tolerance", "1e-300"});
  CHECK(strict.status == 1);
  CHECK_THAT(strict.out, Catch::EndsWith("> tolerance 1e-300: FAILED\n"));
  // relu's gradient jumps at 0: the second derivative is not there
  const auto kink = run_process(tool, {"gradcheck", "relu(x) * x", "x=0", "--order", "2"});
  INFO(kink.out);
  CHECK(kink.status == 1);
  CHECK_THAT(kink.out, Catch::Contains("not differentiable at this point"));
  CHECK_THAT(kink.out, Catch::EndsWith("1 of 1 second derivatives not differentiable at this point: FAILED\n"));
}

TEST_CASE("explain --order 2 walks the chain rule over the recorded first backward pass", "[cli_second_order]") {
  // f = x*x*y: df/dx = 2xy, recorded from the first pass; d(df/dx)/dx = 2y, d(df/dx)/dy = 2x
  const auto result = run_process(tool, {"explain", "x*x*y", "x=3", "y=4", "--order", "2"});
  INFO(result.out << result.err);
  REQUIRE(result.status == 0);
  CHECK_THAT(result.out, Catch::Contains("the first backward pass, recorded"));
  // df/dx = y*x + y*x, one dot product of values the forward pass made
  CHECK_THAT(result.out, Catch::Contains("  from the forward pass of f:          x, y\n"
                                         "  recorded by the first backward pass: n1\n"));
  CHECK_THAT(result.out, Catch::Contains("the chain rule over the chain rule"));
  CHECK_THAT(result.out, Catch::Contains("  n1       a.b          y, x, y, x           24\n"));
  CHECK_THAT(result.out, Catch::Contains("  x.grad += y.data * n1.grad = 4 * 1 = 4\n"));
  CHECK_THAT(result.out, Catch::EndsWith("second derivatives (row x of the Hessian; `backprop eval --hessian` "
                                         "prints all of it)\n  d2f / dx dx = 8\n  d2f / dx dy = 6\n"));
  const auto by_y = run_process(tool, {"explain", "x*x*y", "x=3", "y=4", "--order", "2", "--wrt", "y"});
  REQUIRE(by_y.status == 0);
  CHECK_THAT(by_y.out, Catch::EndsWith("  d2f / dy dx = 6\n  d2f / dy dy = 0\n"));
}

TEST_CASE("explain --order 2 shows a local derivative of the first pass differentiated", "[cli_second_order]") {
  // d tanh(x*w)/dx = (1 - tanh(x*w)^2) * w: the first pass wrote tanh's local
  // derivative with values (n3 = n2*n2, n4 = -n3, n5 = n4 + 1), times w
  const auto result = run_process(tool, {"explain", "tanh(x*w)", "x=0.5", "w=2", "--order", "2"});
  INFO(result.out << result.err);
  REQUIRE(result.status == 0);
  CHECK_THAT(result.out, Catch::Contains("  from the forward pass of f:          x, w, n1, n2\n"
                                         "  recorded by the first backward pass: n3, n4, n5, n6\n"));
  CHECK_THAT(result.out, Catch::Contains("  n3       *            n2, n2 "));
  CHECK_THAT(result.out, Catch::Contains("  n1.grad += (1 - n2.data^2) * n2.grad = "));
  // d2/dx2 tanh(xw) = -2 w^2 tanh(xw) (1 - tanh(xw)^2)
  const double t = std::tanh(1.0), second = -2.0 * 4.0 * t * (1.0 - t * t);
  const auto at = result.out.find("  d2f / dx dx = ");
  REQUIRE(at != std::string::npos);
  CHECK(std::stod(result.out.substr(at + 16)) == Approx(second));
}

TEST_CASE("dot --order 2 draws the gradient's graph with the values of EXPR it reads", "[cli_second_order]") {
  const auto first = run_process(tool, {"dot", "x*x*y", "x=3", "y=4"});
  const auto second = run_process(tool, {"dot", "x*x*y", "x=3", "y=4", "--order", "2"});
  INFO(second.out << second.err);
  REQUIRE(second.status == 0);
  CHECK_THAT(second.out, Catch::StartsWith("digraph"));
  // the gradient 2xy = 24 is the root, whose own gradient is 1; x's and y's
  // gradients are now second derivatives: 8 and 6
  CHECK_THAT(second.out, Catch::Contains("{ n1 | data 24 | grad 1 }"));
  CHECK_THAT(second.out, Catch::Contains("[shape=circle, label=\"a.b\"]"));
  CHECK_THAT(second.out, Catch::Contains("x | data 3 | grad 8"));
  CHECK_THAT(second.out, Catch::Contains("y | data 4 | grad 6"));
  CHECK(second.out != first.out);
}

TEST_CASE("html --order 2 steps through the gradient's graph", "[cli_second_order]") {
  const auto result = run_process(tool, {"html", "x*x*y", "x=3", "y=4", "--order", "2"});
  INFO(result.err);
  REQUIRE(result.status == 0);
  CHECK_THAT(result.out, Catch::Contains("<h1>d/dx of x*x*y</h1>"));
  // its forward pass is the recorded first backward pass, df/dx = y*x + y*x
  CHECK_THAT(result.out, Catch::Contains(">n1 = y*x + y*x = 24</li>"));
  // and its backward pass ends on x.grad = d2f/dx2 = 2y = 8
  CHECK_THAT(result.out, Catch::Contains("data-value=\"8\" data-shown=\"8\" data-after=\"x.grad is now 8"));
}

TEST_CASE("second derivatives refuse what they cannot do, with exit status 2", "[cli_second_order]") {
  struct Case {
    std::vector<std::string> arguments;
    std::string message;
  };
  const std::vector<Case> cases = {
      {{"gradcheck", "x", "x=1", "--order", "3"}, "--order: needs 1 or 2 (first or second derivatives), got '3'"},
      {{"explain", "x", "x=1", "--order", "0"}, "--order: needs 1 or 2"},
      {{"eval", "2*3", "--hessian"}, "--hessian: EXPR has no variables, so there are no second derivatives"},
      {{"dot", "2*3", "--order", "2"}, "--order 2: EXPR has no variables"},
      {{"gradcheck", "2*3", "--order", "2"}, "--order 2: EXPR has no variables"},
      {{"explain", "x*y", "x=1", "y=2", "--order", "2", "--wrt", "z"},
       "--wrt: 'z' is not a variable of EXPR; its variables are x, y"},
      {{"explain", "x*y", "x=1", "y=2", "--wrt", "y"}, "--wrt names the first derivative that --order 2"},
      {{"eval", "x", "x=1", "--order", "2"}, "unknown option '--order'"},
  };
  for (const Case& c : cases) {
    const auto result = run_process(tool, c.arguments);
    INFO(c.arguments[0] << " " << c.arguments[1] << "\n" << result.err);
    CHECK(result.status == 2);
    CHECK_THAT(result.err, Catch::Contains(c.message));
    CHECK(result.out.empty());
  }
}
