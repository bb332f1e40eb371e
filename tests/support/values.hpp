// Between Values and plain numbers, for tests that compare with fixtures.
#pragma once

#include <span>
#include <vector>

#include "autodiff/value.hpp"
#include "support/fixture_cases.hpp"

namespace backprop::testing {

inline std::vector<double> data_of(std::span<const Value> values) {
  std::vector<double> numbers;
  for (const Value& value : values) numbers.push_back(value.data());
  return numbers;
}

inline std::vector<double> grads_of(std::span<const Value> values) {
  std::vector<double> numbers;
  for (const Value& value : values) numbers.push_back(value.grad());
  return numbers;
}

// A leaf per number.
inline std::vector<Value> leaves(const std::vector<double>& numbers) { return {numbers.begin(), numbers.end()}; }

// sum_i c_i * out_i, as one node: the scalar the fixtures differentiate a
// vector-valued piece through.
inline Value weighted_total(std::span<const Value> out, const std::vector<double>& c) {
  const std::vector<Value> weights = leaves(c);
  return dot(out, weights);
}

// A vector-valued piece (rmsnorm, softmax, ...) on a fixture case's
// "input": how far its outputs are from "output", and the gradients of
// sum c_i out_i from "grad", relative (see largest_relative_difference).
struct Differences {
  double output, grad;
};
template <typename Piece>
Differences compare_with_fixture(const FixtureCase& c, Piece piece) {
  const std::vector<Value> input = leaves(c.numbers("input"));
  const std::vector<Value> output = piece(input);
  weighted_total(output, c.numbers("c")).backward();
  return {largest_relative_difference(data_of(output), c.numbers("output")),
          largest_relative_difference(grads_of(input), c.numbers("grad"))};
}

}  // namespace backprop::testing
