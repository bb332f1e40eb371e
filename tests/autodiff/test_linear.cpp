// Tests for autodiff/linear: Matrix, and linear() against a weighted_sum
// per row (the values and gradients it must reproduce), its size
// errors, NoGrad, released handles, and backward passes that start at one
// row of a layer. PyTorch fixtures for linear() are in test_operations.
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "autodiff/autodiff.hpp"

using backprop::Activation;
using backprop::Bias;
using backprop::Matrix;
using backprop::Value;

namespace {

const std::vector<double> weight_numbers{0.5, -1.5, 0.25,  // row 0: two weights, then the bias
                                         2.0, 0.75, -0.5,  // row 1
                                         -1.0, 1.25, 0.1};  // row 2

// The gradients of out0 + 2 out1 - out2 with respect to every weight, then every input.
std::vector<double> gradients(const std::vector<Value>& outputs, const std::vector<Value>& weights,
                              const std::vector<Value>& inputs) {
  Value total = outputs[0] + outputs[1] * 2.0 - outputs[2];
  total.backward();
  std::vector<double> grads;
  for (const Value& w : weights) grads.push_back(w.grad());
  for (const Value& x : inputs) grads.push_back(x.grad());
  return grads;
}

}  // namespace

TEST_CASE("linear's sums are a weighted_sum's bit for bit, whatever the layer's shape", "[linear]") {
  // Wide layers take other paths through the row sums (eight rows and four
  // inputs at a time, then what is left); each must add the same products
  // in the same order. Numbers with many digits, so that another order or
  // a fused multiply-add shows in the last bit.
  const std::size_t rows = GENERATE(1, 4, 7, 8, 9, 16, 17, 27, 64);
  const std::size_t count = GENERATE(1, 3, 4, 5, 8, 16, 19);
  const Bias bias = GENERATE(Bias::none, Bias::last_column);
  const std::size_t cols = count + (bias == Bias::last_column ? 1 : 0);
  backprop::GraphScope scope;
  std::vector<double> numbers(rows * cols);
  for (std::size_t k = 0; k < numbers.size(); ++k) numbers[k] = std::sin(1.0 + 0.37 * static_cast<double>(k)) / 3.0;
  const Matrix weights(rows, cols, numbers);
  std::vector<Value> inputs;
  for (std::size_t k = 0; k < count; ++k) inputs.emplace_back(std::cos(0.5 + 0.71 * static_cast<double>(k)) * 1.7);
  const std::vector<Value> outputs = linear(weights, inputs, bias);
  REQUIRE(outputs.size() == rows);
  for (std::size_t row = 0; row < rows; ++row) {
    std::vector<Value> row_weights;
    for (std::size_t k = 0; k < count; ++k) row_weights.push_back(weights(row, k));
    const Value expected =
        bias == Bias::last_column ? weighted_sum(row_weights, inputs, weights(row, count)) : dot(row_weights, inputs);
    INFO(rows << " rows, " << count << " inputs, row " << row);
    CHECK(outputs[row].data() == expected.data());
  }
}

TEST_CASE("linear's gradients are the row-by-row sums bit for bit, whatever the layer's shape", "[linear]") {
  // Backward takes sixteen inputs at a time through all the rows, then one
  // row at a time for the inputs left. Either way a weight's gradient is
  // g_r * x_k, and an input's is its rows' shares added in row order
  // (rows whose gradient is 0 pass nothing on): written out here.
  const std::size_t rows = GENERATE(1, 3, 16, 27, 64);
  const std::size_t count = GENERATE(1, 15, 16, 17, 32, 35, 64);
  const Bias bias = GENERATE(Bias::none, Bias::last_column);
  const std::size_t cols = count + (bias == Bias::last_column ? 1 : 0);
  backprop::GraphScope scope;
  std::vector<double> numbers(rows * cols), x(count), g(rows);
  for (std::size_t k = 0; k < numbers.size(); ++k) numbers[k] = std::sin(1.0 + 0.37 * static_cast<double>(k)) / 3.0;
  for (std::size_t k = 0; k < count; ++k) x[k] = std::cos(0.5 + 0.71 * static_cast<double>(k)) * 1.7;
  for (std::size_t r = 0; r < rows; ++r) g[r] = r % 5 == 3 ? 0.0 : std::sin(2.0 + 1.3 * static_cast<double>(r));
  const Matrix weights(rows, cols, numbers);
  const std::vector<Value> inputs(x.begin(), x.end());
  const std::vector<Value> outputs = linear(weights, inputs, bias);
  const std::vector<Value> row_gradients(g.begin(), g.end());
  dot(row_gradients, outputs).backward();  // each row's gradient is exactly g[r]
  for (std::size_t k = 0; k < count; ++k) {
    double expected = 0.0;
    for (std::size_t r = 0; r < rows; ++r)
      if (g[r] != 0.0) expected += g[r] * numbers[r * cols + k];
    INFO(rows << " rows, " << count << " inputs, input " << k);
    CHECK(inputs[k].grad() == expected);
  }
  for (std::size_t r = 0; r < rows; ++r)
    for (std::size_t c = 0; c < cols; ++c) {
      INFO(rows << " rows, " << count << " inputs, weight " << r << ", " << c);
      CHECK(weights(r, c).grad() == (c < count ? g[r] * x[c] : g[r]));
    }
}

TEST_CASE("linear gives the values and gradients of a weighted_sum per row", "[linear]") {
  for (const Activation activation : {Activation::linear, Activation::relu, Activation::tanh, Activation::sigmoid}) {
    backprop::GraphScope scope;
    const Matrix weights(3, 3, weight_numbers);
    const std::vector<Value> inputs{Value(0.8), Value(-1.2) * 1.5};  // one leaf, one computed input
    const std::vector<Value> outputs = linear(weights, inputs, Bias::last_column, activation);
    const std::vector<double> layer = gradients(outputs, weights.values(), inputs);

    const std::vector<Value> same_weights(weight_numbers.begin(), weight_numbers.end());
    const std::vector<Value> same_inputs{Value(0.8), Value(-1.2) * 1.5};
    std::vector<Value> per_row;
    for (std::size_t row = 0; row < 3; ++row) {
      const std::vector<Value> w{same_weights[3 * row], same_weights[3 * row + 1]};
      const Value sum = weighted_sum(w, same_inputs, same_weights[3 * row + 2]);
      per_row.push_back(activation == Activation::relu      ? relu(sum)
                        : activation == Activation::tanh    ? tanh(sum)
                        : activation == Activation::sigmoid ? sigmoid(sum)
                                                            : sum);
    }
    for (std::size_t row = 0; row < 3; ++row) CHECK(outputs[row].data() == per_row[row].data());
    // The same numbers for the weights; an input's gradient is summed over
    // the rows before it is added, so it may differ in the last bit.
    const std::vector<double> expected = gradients(per_row, same_weights, same_inputs);
    for (std::size_t k = 0; k < 9; ++k) CHECK(layer[k] == expected[k]);
    for (std::size_t k = 9; k < expected.size(); ++k) CHECK(layer[k] == Approx(expected[k]).epsilon(1e-15));
  }
}

TEST_CASE("a Matrix holds its values row by row and checks its shape", "[linear]") {
  const Matrix m(2, 3, std::vector<double>{1, 2, 3, 4, 5, 6});
  CHECK(m.rows() == 2);
  CHECK(m.cols() == 3);
  CHECK(m(1, 0).data() == 4.0);
  CHECK(m(0, 2).is_leaf());
  CHECK(m.row(1).back().data() == 6.0);
  CHECK(m.values().size() == 6);
  CHECK(m(1, 2).id() == m(0, 0).id() + 5);  // consecutive on the tape
  CHECK_THROWS_WITH(m(2, 0), "Matrix: (2, 0) is outside a 2 x 3 matrix");
  CHECK_THROWS_WITH(Matrix(2, 2, std::vector<double>{1, 2, 3}), "Matrix: 2 x 2 needs 4 values, got 3");
  CHECK(Matrix().values().empty());
}

TEST_CASE("linear says which size is wrong", "[linear]") {
  const Matrix weights(3, 3, weight_numbers);
  const std::vector<Value> two{1.0, 2.0}, three{1.0, 2.0, 3.0};
  std::vector<Value> outputs(3), too_few(2);
  CHECK_THROWS_WITH(linear(weights, three, outputs, Bias::last_column),
                    "linear: a 3 x 3 weight matrix with a bias column takes 2 inputs, got 3");
  CHECK_THROWS_WITH(linear(weights, two, outputs, Bias::none), "linear: a 3 x 3 weight matrix takes 3 inputs, got 2");
  CHECK_THROWS_WITH(linear(weights, two, too_few, Bias::last_column),
                    "linear: 3 rows give 3 outputs, got room for 2");
}

TEST_CASE("a rows x 0 matrix takes no inputs and gives 0, as dot() of two empty lists", "[linear]") {
  const Matrix empty_rows(3, 0, std::vector<double>{});
  const std::vector<Value> none;
  const std::vector<Value> outputs = linear(empty_rows, none);
  REQUIRE(outputs.size() == 3);
  for (const Value& output : outputs) CHECK(output.data() == 0.0);
  CHECK(dot(none, none).data() == 0.0);  // the same rule
  CHECK(linear(empty_rows, none, Bias::none, Activation::sigmoid)[2].data() == 0.5);
  Value total = outputs[0] + outputs[1];
  total.backward();
  CHECK(outputs[0].grad() == 1.0);
  CHECK_THROWS_WITH(linear(empty_rows, none, Bias::last_column),
                    "linear: a 3 x 0 weight matrix has no column for the bias");
  const std::vector<Value> one{1.0};
  CHECK_THROWS_WITH(linear(empty_rows, one), "linear: a 3 x 0 weight matrix takes 0 inputs, got 1");
}

TEST_CASE("linear under NoGrad computes constants and takes no tape memory", "[linear]") {
  const Matrix weights(3, 3, weight_numbers);
  const std::vector<Value> inputs{0.8, -1.8};
  backprop::Tape& tape = backprop::Tape::current();
  const std::size_t size = tape.size(), operands = tape.operands_size();
  std::vector<Value> outputs;
  {
    backprop::NoGrad no_grad;
    outputs = linear(weights, inputs, Bias::last_column, Activation::relu);
    outputs = linear(weights, std::vector<Value>{outputs[0], outputs[1]}, Bias::last_column, Activation::tanh);  // fed on
  }
  CHECK(tape.size() == size);
  CHECK(tape.operands_size() == operands);
  for (const Value& output : outputs) CHECK(output.is_leaf());
  const std::vector<Value> recorded = linear(weights, inputs, Bias::last_column, Activation::relu);
  CHECK(recorded[1].data() == std::max(0.0, 2.0 * 0.8 + 0.75 * -1.8 - 0.5));
  const std::vector<Value> fed_on = linear(weights, std::vector<Value>{recorded[0], recorded[1]}, Bias::last_column, Activation::tanh);
  for (std::size_t k = 0; k < 3; ++k) CHECK(outputs[k].data() == fed_on[k].data());
}

TEST_CASE("linear with a released matrix or input throws and records nothing", "[linear]") {
  backprop::Tape& tape = backprop::Tape::current();
  Matrix released_weights;
  Value released_input;
  {
    backprop::GraphScope scope;
    released_weights = Matrix(3, 3, weight_numbers);
    released_input = Value(1.0) * 2.0;
  }
  const Matrix weights(3, 3, weight_numbers);
  const std::vector<Value> good{0.5, 0.5}, bad{Value(0.5), released_input};
  std::vector<Value> outputs(3);
  const std::size_t nodes = tape.size(), operands = tape.operands_size();
  CHECK_THROWS_WITH(linear(released_weights, good, outputs, Bias::last_column), Catch::Contains("was released"));
  CHECK_THROWS_WITH(linear(weights, bad, outputs, Bias::last_column), Catch::Contains("was released"));
  CHECK(tape.size() == nodes);
  CHECK(tape.operands_size() == operands);
}

TEST_CASE("backward may start at any row of a layer, and run twice", "[linear]") {
  backprop::GraphScope scope;
  const Matrix weights(3, 3, weight_numbers);
  const std::vector<Value> inputs{Value(0.8), Value(-1.2) * 1.5};
  const std::vector<Value> outputs = linear(weights, inputs, Bias::last_column, Activation::tanh);
  // Row 1 alone (its layer starts below it), then row 2, then row 1 again:
  // each pass gives that row's gradient only, and leaves accumulate.
  outputs[1].backward();
  const double w10 = weights(1, 0).grad();
  CHECK(w10 == Approx((1 - outputs[1].data() * outputs[1].data()) * 0.8));
  CHECK(weights(0, 0).grad() == 0.0);
  outputs[2].backward();
  CHECK(weights(1, 0).grad() == w10);  // row 1 did not take part
  CHECK(weights(2, 1).grad() == Approx((1 - outputs[2].data() * outputs[2].data()) * -1.8));
  outputs[1].backward();
  CHECK(weights(1, 0).grad() == 2 * w10);
  CHECK(weights(2, 1).grad() == Approx((1 - outputs[2].data() * outputs[2].data()) * -1.8));
}

TEST_CASE("a layer none of whose rows has gradient passes only 0 on, as a weighted_sum", "[linear]") {
  // A first pass leaves the computed input a gradient; a second pass that
  // reaches the layer only with gradient 0 goes through the input all the
  // same, so the input shows this pass's gradient, 0, whether the layer is
  // one node or a weighted_sum (the input is older than the pass).
  auto input_grad_after_flat_pass = [](bool as_layer) {
    backprop::GraphScope scope;
    const Matrix weights(3, 3, weight_numbers);
    Value x = 0.8;
    const std::vector<Value> inputs{x * 2.0, Value(-1.2)};
    (inputs[0] * 5.0).backward();  // inputs[0].grad: 5
    Value out;
    if (as_layer) {
      out = linear(weights, inputs, Bias::last_column, Activation::linear)[1];
    } else {
      const std::vector<Value> row{weights(1, 0), weights(1, 1)};
      out = weighted_sum(row, inputs, weights(1, 2));
    }
    Value flat = out * 0.0;
    flat.backward();  // out.grad: 0
    return inputs[0].grad();
  };
  CHECK(input_grad_after_flat_pass(false) == 0.0);
  CHECK(input_grad_after_flat_pass(true) == 0.0);
}

TEST_CASE("a layer refuses a backward pass after a weight or input was changed by set_data", "[linear]") {
  // The first row unused and rows 1 and 2 used: the sweep may go from row 2
  // straight to the layer's first output, past row 1, whose changed weight
  // must be found all the same, as for a weighted_sum.
  backprop::GraphScope scope;
  const Matrix weights(3, 3, weight_numbers);
  Value x = 0.8;
  const std::vector<Value> outputs = linear(weights, std::vector<Value>{x, Value(-1.2)}, Bias::last_column);
  const Value y = outputs[1] * 3.0 + outputs[2] * 2.0;
  weights(1, 0).set_data(0.5);
  CHECK_THROWS_WITH(y.backward(), Catch::Contains("was changed by set_data after"));
  x.set_data(0.1);
  CHECK_THROWS_WITH((outputs[2] * 2.0).backward(), Catch::Contains("was changed by set_data after"));
}
