// Tests for tools/expression: the grammar (precedence, associativity,
// constants), variables as shared nodes, and parse errors with positions.
#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <iterator>
#include <string>
#include <limits>

#include "autodiff/autodiff.hpp"
#include "tools/expression.hpp"

using backprop::Value;
using backprop::tools::Expression;
using backprop::tools::ParseError;

namespace {
double evaluate(const std::string& text, double x = 2.0) {
  backprop::GraphScope scope;
  return Expression::parse(text).evaluate({{"x", Value(x)}}).data();
}

std::size_t error_position(const std::string& text) {
  try {
    Expression::parse(text);
  } catch (const ParseError& error) {
    return error.position();
  }
  FAIL("no parse error for " << text);
  return 0;
}
}  // namespace

TEST_CASE("operators bind as in mathematics", "[expression]") {
  CHECK(evaluate("1 + 2 * 3") == 7);
  CHECK(evaluate("(1 + 2) * 3") == 9);
  CHECK(evaluate("8 / 4 / 2") == 1);    // left-associative
  CHECK(evaluate("10 - 4 - 3") == 3);
  CHECK(evaluate("2 ^ 3 ^ 2") == 512);  // right-associative
  CHECK(evaluate("2 ** 3 ** 2") == 512);
  CHECK(evaluate("-x^2") == -4);        // -(x^2)
  CHECK(evaluate("(-x)^2") == 4);
  CHECK(evaluate("2^-1") == 0.5);
  CHECK(evaluate("x*-3") == -6);
  CHECK(evaluate("--x") == 2);
  CHECK(evaluate("+x") == 2);         // unary plus, as a number may be written +2
  CHECK(evaluate("x*+3 - +2^2") == 2);
  CHECK(evaluate("1.5e1 + .5 + 2.") == 17.5);
  CHECK(evaluate("pow(x, 3) + exp(0) + log(1) + sqrt(4) + abs(-1) + relu(-5) + tanh(0)") == 12);
  CHECK(evaluate("sigmoid(0)") == 0.5);
}

TEST_CASE("a negative base with an integer power works (x^2 is pow(x, 2))", "[expression]") {
  CHECK(evaluate("x^2", -3.0) == 9);
  CHECK(evaluate("x^-1", -2.0) == -0.5);
}

TEST_CASE("a constant exponent takes any base its real power allows", "[expression]") {
  CHECK(evaluate("(-2)^2") == 4);
  CHECK(evaluate("0^2") == 0);
  CHECK(evaluate("pow(0, 0)") == 1);
  CHECK(evaluate("(-1)^3") == -1);
  CHECK(evaluate("pow(-2, 2)") == 4);
  CHECK(evaluate("x*(-2)^2") == 8);
  CHECK(evaluate("x^(1+1)", -3.0) == 9);  // an exponent computed from constants is constant too
  CHECK(evaluate("(-x)^2^1") == 4);
  CHECK_THROWS_WITH(evaluate("pow(0, -1)"), "pow: 0 raised to a negative exponent (-1) is infinite");
  CHECK_THROWS_WITH(evaluate("pow(-2, 0.5)"), "pow: a negative base (-2) needs an integer exponent, got 0.5");
  // differentiated in its exponent, the base must stay positive
  CHECK_THROWS_WITH(evaluate("(-2)^x"), "pow: a base that is differentiated in its exponent must be > 0, got -2");
}

TEST_CASE("a variable used twice is one node used twice", "[expression]") {
  backprop::GraphScope scope;
  const Expression expression = Expression::parse("x*x + x");
  CHECK(expression.variables() == std::vector<std::string>{"x"});
  Value x = 3.0;
  expression.evaluate({{"x", x}}).backward();
  CHECK(x.grad() == 7.0);  // 2x + 1
}

TEST_CASE("variables are listed in order of first appearance", "[expression]") {
  CHECK(Expression::parse("b + a*b + _c1").variables() == std::vector<std::string>{"b", "a", "_c1"});
}

TEST_CASE("an unbound variable is named", "[expression]") {
  CHECK_THROWS_WITH(Expression::parse("x + y").evaluate({{"x", Value(1.0)}}),
                    "no value for variable 'y'; pass y=NUMBER");
}

TEST_CASE("constant parts report domain errors as the engine does", "[expression]") {
  CHECK_THROWS_WITH(evaluate("1/0"), "division: divisor must not be 0, got 0");
  CHECK_THROWS_WITH(evaluate("log(-1)"), "log: argument must be > 0, got -1");
}

TEST_CASE("parse errors give the position of the problem", "[expression]") {
  CHECK(error_position("x + * 2") == 4);
  CHECK(error_position("(x + 1") == 6);
  CHECK(error_position("x 2") == 2);
  CHECK(error_position("foo(1)") == 0);
  CHECK(error_position("x + $") == 4);
  CHECK(error_position("1.2.3") == 3);
  CHECK_THROWS_WITH(Expression::parse("tanh()"), "tanh takes 1 argument, got 0");
  CHECK_THROWS_WITH(Expression::parse("pow(1, 2, 3)"), "pow takes 2 arguments, got 3");
  CHECK_THROWS_WITH(Expression::parse("x 2"), "expected an operator or the end, got '2'");
  CHECK_THROWS_WITH(Expression::parse("   "), "expected an expression, got nothing");
  CHECK_THROWS_WITH(Expression::parse("."), "'.' is not a number");
}

TEST_CASE("nesting is limited, length is not", "[expression]") {
  const int limit = Expression::max_nesting;
  CHECK(evaluate(std::string(limit, '(') + "x" + std::string(limit, ')')) == 2);
  CHECK_THROWS_WITH(Expression::parse(std::string(limit + 1, '(') + "x" + std::string(limit + 1, ')')),
                    "the expression nests deeper than 200 levels");
  CHECK_THROWS_AS(Expression::parse(std::string(100000, '-') + "x"), ParseError);
  CHECK_THROWS_AS(Expression::parse("x" + std::string(100000, '^') ), ParseError);
  std::string chain = "x";
  for (int k = 0; k < 200000; ++k) chain += "*1";
  CHECK(evaluate(chain) == 2);
}

// Speed is measured, not asserted: with the quadratic lookup this took 24 s,
// now a fraction of a second (`time backprop eval @sum.txt ...`).
TEST_CASE("an expression of 100,000 variables parses, each variable found once", "[expression]") {
  std::string sum = "v0";
  for (int k = 1; k < 100000; ++k) sum += " + v" + std::to_string(k) + " * v" + std::to_string(k / 2);
  const Expression expression = Expression::parse(sum);
  REQUIRE(expression.variables().size() == 100000);
  CHECK(expression.variables()[99999] == "v99999");
  CHECK(expression.variables()[4] == "v4");
}

TEST_CASE("evaluating on plain numbers gives the engine's value", "[expression]") {
  for (const char* text : {"tanh(x*1.5 + 2) * sigmoid(-x) - relu(x - 3)", "pow(x, 3) / (1 + abs(x)) - x^-2",
                           "exp(-x) + log(x) * sqrt(x)", "sigmoid(-800 * x) + sigmoid(800 * x)", "(-2)^2 * x"}) {
    const Expression expression = Expression::parse(text);
    for (double x : {0.25, 2.0, 7.5}) {
      INFO(text << " at " << x);
      const double values[] = {x};
      CHECK(expression.evaluate_numbers(values) == Approx(evaluate(text, x)).epsilon(1e-15));
    }
  }
}

TEST_CASE("evaluating on plain numbers gives a non-finite number outside the domain", "[expression]") {
  const double minus_one[] = {-1.0}, zero[] = {0.0};
  CHECK(std::isnan(Expression::parse("sqrt(x)").evaluate_numbers(minus_one)));
  CHECK(std::isnan(Expression::parse("log(x)").evaluate_numbers(minus_one)));
  CHECK(std::isinf(Expression::parse("log(x)").evaluate_numbers(zero)));
  CHECK(std::isinf(Expression::parse("1/x").evaluate_numbers(zero)));
  CHECK(std::isnan(Expression::parse("x^0.5").evaluate_numbers(minus_one)));
  const double not_a_number[] = {std::numeric_limits<double>::quiet_NaN()};
  CHECK(std::isnan(Expression::parse("relu(x)").evaluate_numbers(not_a_number)));
}

TEST_CASE("the language has every function of the operation table, and the fixtures use each", "[expression]") {
  std::ifstream file(BACKPROP_FIXTURES_DIR "/tool_eval.txt");
  const std::string fixtures((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  REQUIRE_FALSE(fixtures.empty());
  for (const backprop::OperationInfo& row : backprop::operations) {
    if (row.function.empty()) continue;
    const std::string call = std::string(row.function) + "(";
    INFO(row.function);
    CHECK(backprop::tools::function_names().find(std::string(row.function)) != std::string::npos);
    CHECK_NOTHROW(Expression::parse(call + (row.inputs == 2 ? "x, 2)" : "x)")));
    CHECK(fixtures.find(call) != std::string::npos);
  }
}
