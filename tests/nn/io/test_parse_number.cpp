// Tests for nn/parse_number: a whole piece of text as one number, or nothing.
#include <catch2/catch.hpp>

#include "nn/io/parse_number.hpp"

namespace nn = backprop::nn;

TEST_CASE("parse_number reads a whole number and nothing else", "[parse_number]") {
  CHECK(nn::parse_number<double>("1.5e2") == 150.0);
  CHECK(nn::parse_number<double>("-0.25") == -0.25);
  CHECK_FALSE(nn::parse_number<double>("").has_value());
  CHECK_FALSE(nn::parse_number<double>("1.5x").has_value());
  CHECK_FALSE(nn::parse_number<double>(" 1").has_value());
  CHECK_FALSE(nn::parse_number<double>("inf").has_value());
  CHECK_FALSE(nn::parse_number<double>("nan").has_value());
  CHECK_FALSE(nn::parse_number<double>("1e999").has_value());
  CHECK(nn::parse_number<double>("+1.5") == 1.5);
  CHECK(nn::parse_number<double>("+.5e+1") == 5.0);
  CHECK_FALSE(nn::parse_number<double>("+").has_value());
  CHECK_FALSE(nn::parse_number<double>("+-1").has_value());
  CHECK_FALSE(nn::parse_number<double>("++1").has_value());
  CHECK(nn::parse_number<double>("1e-320") == 1e-320);  // subnormal, still a number
  CHECK_FALSE(nn::parse_number<double>("1e-400").has_value());
  CHECK(nn::parse_number<std::size_t>("42") == std::size_t{42});
  CHECK(nn::parse_number<std::size_t>("+42") == std::size_t{42});
  CHECK_FALSE(nn::parse_number<std::size_t>("-1").has_value());
  CHECK_FALSE(nn::parse_number<std::size_t>("4.5").has_value());
}

TEST_CASE("number_problem tells too small and too large from not a number", "[parse_number]") {
  CHECK_THAT(nn::number_problem("1e-400"), Catch::StartsWith("is too small to represent"));
  CHECK_THAT(nn::number_problem("-0.0001e-320"), Catch::StartsWith("is too small to represent"));
  CHECK_THAT(nn::number_problem("1e999"), Catch::StartsWith("is too large to represent"));
  CHECK_THAT(nn::number_problem("123456789e305"), Catch::StartsWith("is too large to represent"));
  CHECK_THAT(nn::number_problem("1e99999999999999999999"), Catch::StartsWith("is too large"));
  CHECK_THAT(nn::number_problem("1e-99999999999999999999"), Catch::StartsWith("is too small"));
  CHECK(nn::number_problem("abc") == "is not a finite number");
  CHECK(nn::number_problem("inf") == "is not a finite number");
  CHECK(nn::number_problem("1e-400x") == "is not a finite number");
}
