// Matrix and linear(): recording a layer's outputs with one operand list
// (the layout is in inputs.hpp, which reads it back).
#include "autodiff/linear.hpp"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>

#include "autodiff/detail/inputs.hpp"
#include "autodiff/detail/wide.hpp"

namespace backprop {

Matrix::Matrix(std::size_t rows, std::size_t cols, std::span<const double> values)
    : rows_(rows), cols_(cols) {
  if (cols != 0 && rows > detail::Recorder::max_nodes / cols)
    throw std::invalid_argument(fmt::format("Matrix: {} x {} entries do not fit on a tape", rows, cols));
  if (values.size() != rows * cols)
    throw std::invalid_argument(
        fmt::format("Matrix: {} x {} needs {} values, got {}", rows, cols, rows * cols, values.size()));
  if (!values.empty()) first_ = detail::this_threads_tape.record_leaves(values);
}

Value Matrix::entry(std::size_t position) const {
  detail::this_threads_tape.check(first_);
  const auto index = static_cast<std::uint32_t>(first_.index() + position);
  return detail::wrap({detail::this_threads_tape.data(index), first_.stamp, index, 1});
}

Value Matrix::operator()(std::size_t row, std::size_t col) const {
  if (row >= rows_ || col >= cols_)
    throw std::out_of_range(
        fmt::format("Matrix: ({}, {}) is outside a {} x {} matrix", row, col, rows_, cols_));
  return entry(row * cols_ + col);
}

std::vector<Value> Matrix::values() const {
  std::vector<Value> all;
  all.reserve(size());
  for (std::size_t k = 0; k < size(); ++k) all.push_back(entry(k));
  return all;
}

std::vector<Value> Matrix::row(std::size_t row) const {
  std::vector<Value> entries;
  entries.reserve(cols_);
  for (std::size_t col = 0; col < cols_; ++col) entries.push_back((*this)(row, col));
  return entries;
}

namespace {

// relu and friends over a run of fresh nodes: one node each, as relu(x)
// records, without the check and handle of a Value per output.
template <Op op>
detail::Handle activate_run(detail::Recorder& tape, const detail::Handle& first_input, std::size_t count) {
  constexpr auto rule = info(op).local;
  const detail::Recorder::Run run = tape.start_run(count);
  const double* const inputs = tape.data_array() + first_input.index();
  for (std::size_t k = 0; k < count; ++k) {
    const rules::Local local = rule(inputs[k]);
    run.data[k] = local.data;
    run.partial[k] = local.partial;
  }
  return tape.record_unary_run(op, first_input.index(), count);
}

using detail::Four;

// Entry j of four rows `cols` apart, one row to a lane.
[[gnu::always_inline]] inline void down(Four& to, const double* rows, std::size_t cols, std::size_t j) {
  to = Four{rows[j], rows[cols + j], rows[2 * cols + j], rows[3 * cols + j]};
}
// Adds entries k .. k + 3 of four rows times x[k] .. x[k + 3] to their rows'
// sums, in that order: the four rows' four entries are read as four rows
// and turned around in registers, one column to a vector.
[[gnu::always_inline]] inline void add_four_columns(Four& sum, const double* rows, std::size_t cols, const double* x) {
  Four r[4];
  for (std::size_t j = 0; j < 4; ++j) detail::load(r[j], rows + j * cols);
  // (__builtin_shufflevector, in GCC 12 and clang: lanes 0-3 are the first
  // vector's, 4-7 the second's.)
  const Four t0 = __builtin_shufflevector(r[0], r[1], 0, 4, 2, 6), t1 = __builtin_shufflevector(r[0], r[1], 1, 5, 3, 7);
  const Four t2 = __builtin_shufflevector(r[2], r[3], 0, 4, 2, 6), t3 = __builtin_shufflevector(r[2], r[3], 1, 5, 3, 7);
  sum += __builtin_shufflevector(t0, t2, 0, 1, 4, 5) * x[0];  // column k: row j's entry k in lane j
  sum += __builtin_shufflevector(t1, t3, 0, 1, 4, 5) * x[1];
  sum += __builtin_shufflevector(t0, t2, 2, 3, 6, 7) * x[2];
  sum += __builtin_shufflevector(t1, t3, 2, 3, 6, 7) * x[3];
}

// Each row's sum is the bias, then the products in order (as weighted_sum
// adds them): every path below adds the same products in the same order.
// Eight rows at a time where there are four inputs or more, a lane of a
// vector per row: eight chains of additions overlap, where one row alone
// would wait on each addition. Then four rows at a time, then one.
BACKPROP_WIDE void row_sums(const double* __restrict w, std::size_t rows, std::size_t cols, bool has_bias,
                            const double* __restrict x, std::size_t count, double* __restrict sums) {
  std::size_t row = 0;
  for (; row + 8 <= rows && count >= 4; row += 8) {
    const double* const top = w + row * cols;
    const double* const bottom = top + 4 * cols;
    Four high{}, low{}, column{};
    if (has_bias) down(high, top, cols, count), down(low, bottom, cols, count);
    std::size_t k = 0;
    for (; k + 4 <= count; k += 4) {
      add_four_columns(high, top + k, cols, x + k);
      add_four_columns(low, bottom + k, cols, x + k);
    }
    for (; k < count; ++k) {
      down(column, top, cols, k);
      high += column * x[k];
      down(column, bottom, cols, k);
      low += column * x[k];
    }
    for (std::size_t j = 0; j < 4; ++j) sums[row + j] = high[j], sums[row + 4 + j] = low[j];
  }
  for (; row + 4 <= rows; row += 4) {
    const double *w0 = w + row * cols, *w1 = w0 + cols, *w2 = w1 + cols, *w3 = w2 + cols;
    double s0 = has_bias ? w0[count] : 0.0, s1 = has_bias ? w1[count] : 0.0;
    double s2 = has_bias ? w2[count] : 0.0, s3 = has_bias ? w3[count] : 0.0;
    for (std::size_t k = 0; k < count; ++k) {
      s0 += w0[k] * x[k];
      s1 += w1[k] * x[k];
      s2 += w2[k] * x[k];
      s3 += w3[k] * x[k];
    }
    sums[row] = s0, sums[row + 1] = s1, sums[row + 2] = s2, sums[row + 3] = s3;
  }
  for (; row < rows; ++row) {
    const double* const wr = w + row * cols;
    double sum = has_bias ? wr[count] : 0.0;
    for (std::size_t k = 0; k < count; ++k) sum += wr[k] * x[k];
    sums[row] = sum;
  }
}

Value activated(const Value& x, Activation activation) {
  switch (activation) {
    case Activation::relu: return relu(x);
    case Activation::tanh: return tanh(x);
    case Activation::sigmoid: return sigmoid(x);
    case Activation::linear: break;
  }
  return x;
}

}  // namespace

void linear(const Matrix& weights, std::span<const Value> inputs, std::span<Value> outputs, Bias bias,
            Activation activation) {
  const std::size_t has_bias = bias == Bias::last_column ? 1 : 0, count = inputs.size();
  if (has_bias && weights.cols() == 0)
    throw std::invalid_argument(fmt::format("linear: a {} x 0 weight matrix has no column for the bias",
                                            weights.rows()));
  if (weights.cols() != count + has_bias)
    throw std::invalid_argument(fmt::format(
        "linear: a {} x {} weight matrix{} takes {} inputs, got {}", weights.rows(), weights.cols(),
        has_bias ? " with a bias column" : "", weights.cols() - std::min(weights.cols(), has_bias), count));
  if (outputs.size() != weights.rows())
    throw std::invalid_argument(
        fmt::format("linear: {} rows give {} outputs, got room for {}", weights.rows(), weights.rows(),
                    outputs.size()));
  if (weights.rows() == 0) return;
  if (weights.cols() == 0) {  // no inputs: each row's sum is empty, so 0 (as dot() of two empty lists)
    for (Value& output : outputs) output = activated(Value(0.0), activation);
    return;
  }

  detail::Recorder& tape = detail::this_threads_tape;
  tape.check(weights.first_);
  using detail::LinearLayer;
  const std::size_t rows = weights.rows(), cols = weights.cols();
  std::uint32_t* const operand = tape.operand_space(LinearLayer::header + count);
  double* const x = tape.scratch(count);
  for (std::size_t k = 0; k < count; ++k) {
    const detail::Handle input = tape.use(inputs[k].handle());
    x[k] = tape.data(input);
    operand[LinearLayer::header + k] = input.index();
  }
  // Every handle is valid: from here on nothing throws before recording.
  double* const sums = tape.start_run(rows).data;
  row_sums(tape.data_array() + weights.first_.index(), rows, cols, has_bias != 0, x, count, sums);
  operand[0] = weights.first_.index();
  operand[1] = static_cast<std::uint32_t>(rows);
  operand[2] = static_cast<std::uint32_t>(cols);
  operand[3] = static_cast<std::uint32_t>(has_bias);
  detail::Handle first = tape.record_rows(rows, LinearLayer::header + count);
  switch (activation) {  // a call per activation, so that its rule is inlined
    case Activation::relu: first = activate_run<Op::relu>(tape, first, rows); break;
    case Activation::tanh: first = activate_run<Op::tanh>(tape, first, rows); break;
    case Activation::sigmoid: first = activate_run<Op::sigmoid>(tape, first, rows); break;
    case Activation::linear: break;
  }
  const double* const values = tape.data_array() + first.index();
  for (std::size_t row = 0; row < rows; ++row)
    outputs[row] = detail::wrap({values[row], first.stamp, first.index() + static_cast<std::uint32_t>(row), first.is_leaf()});
}

std::vector<Value> linear(const Matrix& weights, std::span<const Value> inputs, Bias bias,
                          Activation activation) {
  std::vector<Value> outputs(weights.rows());
  linear(weights, inputs, outputs, bias, activation);
  return outputs;
}

}  // namespace backprop
