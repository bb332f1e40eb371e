// Embedding: a table of learned vectors, one row per token (or position);
// looking a row up records nothing, since the row's Values are the
// parameters themselves.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "autodiff/linear.hpp"
#include "nn/module.hpp"
#include "nn/random.hpp"

namespace backprop::nn {

class Embedding : public Module {
 public:
  // `count` rows of `width` entries from a Gaussian with mean 0 and `stddev`.
  Embedding(std::size_t count, std::size_t width, double stddev, Random& random);
  // These rows: row r is the vector of entry r.
  explicit Embedding(Matrix table);

  // Row `index`. Throws std::out_of_range if index >= count().
  std::span<const Value> operator()(std::size_t index) const;

  std::vector<Value> parameters() const override { return entries_; }
  // "weight.r.c", as PyTorch names an Embedding's table.
  std::vector<NamedParameter> named_parameters() const override;
  std::string architecture() const override;

  const Matrix& table() const { return table_; }
  std::size_t count() const { return table_.rows(); }
  std::size_t width() const { return table_.cols(); }

 private:
  Matrix table_;
  std::vector<Value> entries_;  // the table's Values, row by row, so a lookup is a span
};

}  // namespace backprop::nn
