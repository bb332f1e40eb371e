// Tests for autodiff/explain as a unit: the text it writes for small graphs,
// line by line (the tool's own test runs it on the lecture's neuron).
#include <catch2/catch.hpp>

#include "autodiff/show/show.hpp"

using backprop::Value;
using backprop::explain;

TEST_CASE("explain names inputs, constants and computed values", "[explain]") {
  backprop::GraphScope scope;
  const Value x(3.0, "x");
  const Value y = x * Value(2.0) + x;
  y.backward();
  const std::string text = explain(y);
  CHECK_THAT(text, Catch::Contains("  x        input                             3\n"));
  CHECK_THAT(text, Catch::Contains("  k1       constant                          2\n"));
  CHECK_THAT(text, Catch::Contains("  n1       *            x, k1                6\n"));
  CHECK_THAT(text, Catch::Contains("  n2       +            n1, x                9\n"));
  CHECK_THAT(text, Catch::Contains("\n  x, k1, n1, n2\n"));
  CHECK_THAT(text, Catch::Contains("  n2.grad = 1   (the seed: dn2 / dn2 = 1)\n"));
  CHECK_THAT(text, Catch::Contains("  x.grad += k1.data * n1.grad = 2 * 1 = 2\n"));
  CHECK_THAT(text, Catch::Contains("  x.grad += 1 * n2.grad = 1 * 1 = 1\n"));
  CHECK_THAT(text, Catch::EndsWith("gradients (how much the output moves per unit change of each input)\n"
                                   "  dn2 / dx = 3\n"));
}

TEST_CASE("explain writes each local derivative as its rule", "[explain]") {
  backprop::GraphScope scope;
  const Value x(0.5, "x");
  const Value y = pow(x, 3.0) + exp(x) + log(x) + sqrt(x) + sigmoid(x) + relu(x) + abs(x);
  y.backward();
  const std::string text = explain(y);
  for (const char* rule : {"3 * x.data^(3 - 1)", "* n2.grad", "1 / x.data", "0.5 / n", "(1 - n",
                           "(x.data > 0 ? 1 : 0)", "sign(x.data)"})
    CHECK_THAT(text, Catch::Contains(rule));
}
