// examples/tiny_engine.hpp against the real engine: the same expressions built
// in both, every value and every gradient compared to 1e-12.
#include <catch2/catch.hpp>

#include <array>
#include <sstream>
#include <string>

#include "autodiff/autodiff.hpp"
#include "examples/tiny_engine.hpp"
#include "support/example_graphs.hpp"
#include "support/file_text.hpp"

using backprop::testing::classic_expression;

namespace {

// A neuron of three inputs, tanh(w.x + b), from binary operations.
template <typename V>
V neuron(std::array<V, 3>& x, std::array<V, 3>& w, V& b) {
  V sum = b;
  for (std::size_t k = 0; k < x.size(); ++k) sum = sum + w[k] * x[k];
  V out = tanh(sum);
  out.backward();
  return out;
}

constexpr double tolerance = 1e-12;

}  // namespace

TEST_CASE("the tiny engine gives the classic expression's value and gradients as the real engine") {
  tiny::Value ta = -4.0, tb = 2.0;
  backprop::Value ra = -4.0, rb = 2.0;
  const tiny::Value tg = classic_expression(ta, tb);
  const backprop::Value rg = classic_expression(ra, rb);
  CHECK(tg.data() == Approx(rg.data()).epsilon(tolerance));
  CHECK(ta.grad() == Approx(ra.grad()).epsilon(tolerance));
  CHECK(tb.grad() == Approx(rb.grad()).epsilon(tolerance));
  // micrograd's README numbers, so the comparison cannot pass on two equal wrong answers.
  CHECK(tg.data() == Approx(24.7041).margin(5e-5));
  CHECK(ta.grad() == Approx(138.8338).margin(5e-5));
  CHECK(tb.grad() == Approx(645.5773).margin(5e-5));
}

TEST_CASE("the tiny engine gives a tanh neuron's output and every gradient as the real engine") {
  const std::array<double, 3> inputs{2.0, 0.0, -1.5}, weights{-3.0, 1.0, 0.25};
  const double bias = 6.8813735870195432;
  std::array<tiny::Value, 3> tx{inputs[0], inputs[1], inputs[2]}, tw{weights[0], weights[1], weights[2]};
  std::array<backprop::Value, 3> rx{inputs[0], inputs[1], inputs[2]}, rw{weights[0], weights[1], weights[2]};
  tiny::Value tb = bias;
  backprop::Value rb = bias;
  const tiny::Value tout = neuron(tx, tw, tb);
  const backprop::Value rout = neuron(rx, rw, rb);
  CHECK(tout.data() == Approx(rout.data()).epsilon(tolerance));
  CHECK(tb.grad() == Approx(rb.grad()).epsilon(tolerance));
  for (std::size_t k = 0; k < inputs.size(); ++k) {
    INFO("input " << k);
    CHECK(tx[k].grad() == Approx(rx[k].grad()).epsilon(tolerance).margin(tolerance));
    CHECK(tw[k].grad() == Approx(rw[k].grad()).epsilon(tolerance).margin(tolerance));
  }
  CHECK(tb.grad() != 0.0);  // the neuron is not saturated: the gradients say something
}

TEST_CASE("the tiny engine sums the contributions of a value used several times") {
  tiny::Value tx = 3.0;
  backprop::Value rx = 3.0;
  tiny::Value ty = tx * tx + tx;  // dy/dx = 2x + 1 = 7
  backprop::Value ry = rx * rx + rx;
  ty.backward();
  ry.backward();
  CHECK(tx.grad() == 7.0);
  CHECK(rx.grad() == 7.0);
}

TEST_CASE("the tiny engine stays readable in one sitting: at most 80 lines of code") {
  // The header holds the whole engine; comments and blank lines do not count.
  const std::string path = std::string(BACKPROP_FIXTURES_DIR) + "/../../examples/tiny_engine.hpp";
  std::istringstream text(backprop::testing::read_file(path));
  int code_lines = 0;
  for (std::string line; std::getline(text, line);) {
    const auto first = line.find_first_not_of(' ');
    if (first != std::string::npos && line.compare(first, 2, "//") != 0) ++code_lines;
  }
  CHECK(code_lines > 40);  // the file was found and read
  CHECK(code_lines <= 80);
}
