// Tests for autodiff/format.hpp: fmt and iostream printing of Values, and
// format_number(), the number format of explain, DOT and the pages.
#include <catch2/catch.hpp>

#include <limits>
#include <sstream>
#include <string>

#include "autodiff/autodiff.hpp"

using backprop::Value;

TEST_CASE("a value prints its data and grad", "[format]") {
  Value x = 2.5;
  Value y = x * 4;
  y.backward();
  CHECK(fmt::format("{}", x) == "Value(data=2.5, grad=4)");
  CHECK(fmt::format("{:.3f}", y) == "Value(data=10.000, grad=1.000)");
}

TEST_CASE("a labelled value prints its label", "[format]") {
  Value a(-4.0, "a");
  CHECK(fmt::format("{}", a) == "Value(a, data=-4, grad=0)");
}

TEST_CASE("operator<< prints the same text as fmt", "[format]") {
  Value x = 0.125;
  std::ostringstream stream;
  stream << x;
  CHECK(stream.str() == fmt::format("{}", x));
}

TEST_CASE("format_number prints every digit by default, the shortest text that reads back", "[format]") {
  CHECK(backprop::format_number(0.1 + 0.2) == "0.30000000000000004");
  CHECK(std::stod(backprop::format_number(1.0 / 3.0)) == 1.0 / 3.0);
  CHECK(backprop::format_number(2.0) == "2");
  CHECK(backprop::format_number(-1.5e-300) == "-1.5e-300");
  CHECK(backprop::format_number(-std::numeric_limits<double>::quiet_NaN()) == "nan");
  CHECK(backprop::format_number(-std::numeric_limits<double>::infinity()) == "-inf");
}

TEST_CASE("format_number with digits rounds to that many significant digits", "[format]") {
  CHECK(backprop::format_number(1.0 / 3.0, 4) == "0.3333");
  CHECK(backprop::format_number(0.7071067811865477, 6) == "0.707107");
  CHECK(backprop::format_number(0.4999999999999998, 6) == "0.5");
  CHECK(backprop::format_number(123456.0, 2) == "1.2e+05");
  CHECK(backprop::format_number(-std::numeric_limits<double>::quiet_NaN(), 3) == "nan");
}
