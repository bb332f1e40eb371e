// Tests for autodiff/format.hpp: fmt and iostream printing of Values.
#include <catch2/catch.hpp>

#include <sstream>

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
