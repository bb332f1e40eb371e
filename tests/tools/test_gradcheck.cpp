// Tests for tools/gradcheck: the difference quotient on smooth functions,
// near poles, at kinks and at the edges of domains, the choice of
// variables to check, and the gradient second derivatives are checked with.
#include <catch2/catch.hpp>

#include <cmath>

#include "tools/gradcheck.hpp"

using backprop::tools::finite_difference;
using backprop::tools::variables_to_check;
using Kind = backprop::tools::FiniteDifference::Kind;

namespace {
backprop::tools::FiniteDifference slope_of(double (*f)(double), double x) {
  return finite_difference(f, x, f(x), 1e-6, 1e-6);
}
}  // namespace

TEST_CASE("a smooth function gets a central difference", "[gradcheck]") {
  const auto cube = slope_of([](double x) { return x * x * x; }, 2.0);
  CHECK(cube.kind == Kind::central);
  CHECK(cube.slope == Approx(12.0).epsilon(1e-8));
  const auto exponential = slope_of([](double x) { return std::exp(x); }, 30.0);
  CHECK(exponential.kind == Kind::central);
  CHECK(exponential.slope == Approx(std::exp(30.0)).epsilon(1e-7));
}

TEST_CASE("near a pole the step shrinks instead of crossing it", "[gradcheck]") {
  const auto reciprocal = slope_of([](double x) { return 1.0 / x; }, 1e-7);
  CHECK(reciprocal.kind == Kind::central);
  CHECK(reciprocal.slope == Approx(-1e14).epsilon(1e-6));
  const auto shifted = slope_of([](double x) { return 1.0 / (x - 1.0); }, 1.0 + 1e-5);
  CHECK(shifted.slope == Approx(-1e10).epsilon(1e-5));
}

TEST_CASE("a kink is named with the slope on each side", "[gradcheck]") {
  const auto relu = slope_of([](double x) { return x > 0.0 ? x : 0.0; }, 0.0);
  CHECK(relu.kind == Kind::kink);
  CHECK(relu.left == 0.0);
  CHECK(relu.right == Approx(1.0));
  const auto absolute = slope_of([](double x) { return std::fabs(x); }, 0.0);
  CHECK(absolute.kind == Kind::kink);
  CHECK(absolute.left == Approx(-1.0));
  CHECK(absolute.right == Approx(1.0));
  // beside the kink, closer than the first step: still a plain slope
  CHECK(slope_of([](double x) { return std::fabs(x); }, -3e-7).slope == Approx(-1.0));
}

TEST_CASE("at the edge of a domain the difference is one-sided", "[gradcheck]") {
  const auto power = slope_of([](double x) { return std::pow(x, 1.5); }, 0.0);
  CHECK(power.kind == Kind::right_only);
  CHECK(std::fabs(power.slope) < 1e-6);
  const auto mirrored = slope_of([](double x) { return std::pow(-x, 1.5) + 2.0 * x; }, 0.0);
  CHECK(mirrored.kind == Kind::left_only);
  CHECK(mirrored.slope == Approx(2.0).epsilon(1e-6));
  const auto nowhere = slope_of([](double x) { return std::sqrt(x) + std::sqrt(-x); }, 0.0);
  CHECK(nowhere.kind == Kind::undefined);
}

TEST_CASE("many variables are sampled evenly, first and last included", "[gradcheck]") {
  CHECK(variables_to_check(3, 1000) == std::vector<std::size_t>{0, 1, 2});
  CHECK(variables_to_check(0, 1000).empty());
  CHECK(variables_to_check(10, 4) == std::vector<std::size_t>{0, 3, 6, 9});
  CHECK(variables_to_check(5, 1) == std::vector<std::size_t>{0});
  const auto sample = variables_to_check(18000, 1000);
  REQUIRE(sample.size() == 1000);
  CHECK(sample.front() == 0);
  CHECK(sample.back() == 17999);
  CHECK(std::adjacent_find(sample.begin(), sample.end(), std::greater_equal<>()) == sample.end());
}

TEST_CASE("the gradient at a moved point is the engine's, NaN outside the domain", "[gradcheck]") {
  const auto expression = backprop::tools::Expression::parse("x*x*y + log(y)");
  const std::vector<double> point{3.0, 4.0};
  CHECK(backprop::tools::gradient_at(expression, point) == std::vector<double>{24.0, 9.25});
  const std::vector<double> outside{3.0, -1.0};
  for (double entry : backprop::tools::gradient_at(expression, outside)) CHECK(std::isnan(entry));
}
