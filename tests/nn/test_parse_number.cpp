// Tests for nn/parse_number: a whole piece of text as one number, or nothing.
#include <catch2/catch.hpp>

#include "nn/parse_number.hpp"

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
  CHECK(nn::parse_number<std::size_t>("42") == std::size_t{42});
  CHECK_FALSE(nn::parse_number<std::size_t>("-1").has_value());
  CHECK_FALSE(nn::parse_number<std::size_t>("4.5").has_value());
}
