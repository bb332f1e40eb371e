// A dense layer as one recorded operation.
//
// Matrix: rows x cols parameters recorded as consecutive leaves, so that one
// position addresses a whole layer's weights. linear(): out_r = sum_c W(r, c)
// * x_c for every row r at once (plus W(r, last column) with
// Bias::last_column), recorded as one node per output and differentiated as
// one piece, with the gradients a weighted_sum per row would have, and an
// optional activation per output. Graph tools show each output as that
// row's weighted sum (and its activation).
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "autodiff/value.hpp"

namespace backprop {

// Whether the matrix's last column is a bias added to each output.
enum class Bias { none, last_column };
// What a layer applies to each output (recorded as a node per output, as
// relu(x) would record it, without going through a Value per output).
enum class Activation { relu, tanh, sigmoid, linear };

class Matrix {
 public:
  Matrix() = default;  // 0 x 0
  // rows x cols leaves holding `values`, row by row. Throws
  // std::invalid_argument unless values.size() == rows * cols.
  Matrix(std::size_t rows, std::size_t cols, std::span<const double> values);

  std::size_t rows() const { return rows_; }
  std::size_t cols() const { return cols_; }
  std::size_t size() const { return rows_ * cols_; }
  // The entry at (row, col); throws std::out_of_range outside the matrix.
  Value operator()(std::size_t row, std::size_t col) const;
  // Every entry, row by row (the order of `values` in the constructor).
  std::vector<Value> values() const;
  std::vector<Value> row(std::size_t row) const;

 private:
  friend void linear(const Matrix&, std::span<const Value>, std::span<Value>, Bias, Activation);
  Value entry(std::size_t position) const;

  detail::Handle first_;
  std::size_t rows_ = 0, cols_ = 0;
};

// Fills outputs[r] with row r of W times `inputs` (plus its bias), passed
// through `activation`. Throws std::invalid_argument if the sizes do not
// fit: W needs inputs.size() columns (one more with a bias) and
// outputs.size() rows. A sum of nothing is 0 throughout the engine (dot()
// of two empty lists is 0, weighted_sum() of none is its bias): a rows x 0
// matrix takes no inputs and gives each output the activation of 0.
void linear(const Matrix& weights, std::span<const Value> inputs, std::span<Value> outputs,
            Bias bias = Bias::none, Activation activation = Activation::linear);
std::vector<Value> linear(const Matrix& weights, std::span<const Value> inputs, Bias bias = Bias::none,
                          Activation activation = Activation::linear);

}  // namespace backprop
