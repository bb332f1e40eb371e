// Tests for grad(), hessian() and hessian_vector_product()
// (autodiff/grad.hpp): plain gradients leave every .grad() alone; gradients
// with create_graph are Values that differentiate again, checked against
// closed forms and, for every function of the operation fixtures, against
// central differences of the plain gradient (gradgradcheck); edges (relu's
// kink, NaN, sqrt at 0), inputs the output does not reach, errors, scopes
// and a deep chain.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <tuple>
#include <vector>

#include "autodiff/autodiff.hpp"
#include "autodiff/graph.hpp"
#include "reference_functions.hpp"
#include "support/values.hpp"

using backprop::GradOptions;
using backprop::Value;

namespace {

constexpr GradOptions create_graph{.create_graph = true};

bool close(double got, double expected, double tolerance) {
  return std::fabs(got - expected) <= tolerance * std::max(1.0, std::fabs(expected));
}

// The plain gradient of `function` at `point`.
std::vector<double> gradient_at(const backprop::testing::Function& function, const std::vector<double>& point) {
  backprop::GraphScope scope;
  std::vector<Value> inputs(point.begin(), point.end());
  const Value output = function(inputs);
  std::vector<double> gradient;
  for (const Value& entry : backprop::grad(output, inputs)) gradient.push_back(entry.data());
  return gradient;
}

}  // namespace

TEST_CASE("grad gives backward's gradient and leaves every grad() alone", "[grad]") {
  Value x(1.5, "x"), y(-0.5, "y");
  x.zero_grad();
  Value t = tanh(x * y);
  Value f = t * x + exp(y);
  f.backward();
  const double x_grad = x.grad(), y_grad = y.grad(), t_grad = t.grad();
  const std::vector<Value> g = backprop::grad(f, {x, y, t});
  CHECK(g[0].data() == x_grad);
  CHECK(g[1].data() == y_grad);
  CHECK(g[2].data() == t_grad);  // through an intermediate: d f / d t
  // Nothing accumulated, nothing cleared: as torch.autograd.grad.
  CHECK(x.grad() == x_grad);
  CHECK(y.grad() == y_grad);
  CHECK(t.grad() == t_grad);
  // Plain results are numbers: leaves, not recorded from the graph.
  CHECK(g[0].is_leaf());
}

TEST_CASE("gradients with create_graph are Values of the graph", "[grad]") {
  Value x(3.0, "x");
  const Value f = x * x * x;  // f' = 3x^2, f'' = 6x, f''' = 6, f'''' = 0
  const Value d1 = backprop::grad(f, {x}, create_graph)[0];
  CHECK(d1.data() == 27.0);
  CHECK_FALSE(d1.is_leaf());
  const Value d2 = backprop::grad(d1, {x}, create_graph)[0];
  CHECK(d2.data() == 18.0);
  const Value d3 = backprop::grad(d2, {x}, create_graph)[0];
  CHECK(d3.data() == 6.0);
  CHECK(backprop::grad(d3, {x}, create_graph)[0].data() == 0.0);
  // The derivative's own graph reads the original x.
  const backprop::Graph graph(d1);
  CHECK(graph.position_of(x).has_value());
  // And backward() runs through it like any Value.
  x.zero_grad();
  d1.backward();
  CHECK(x.grad() == 18.0);
}

TEST_CASE("sin differentiates round to itself", "[grad]") {
  Value x = 0.7;
  Value d = sin(x);
  const double expected[] = {std::cos(0.7), -std::sin(0.7), -std::cos(0.7), std::sin(0.7)};
  for (const double e : expected) {
    d = backprop::grad(d, {x}, create_graph)[0];
    CHECK(close(d.data(), e, 1e-15));
  }
}

TEST_CASE("second derivatives of every fixture function match differences of the gradient", "[grad]") {
  // gradgradcheck: row i of the Hessian against (grad(p + h e_i) - grad(p - h e_i)) / 2h.
  std::size_t checked = 0;
  for (const auto& fixture : backprop::testing::load_fixtures()) {
    const auto& function = backprop::testing::reference_functions().at(fixture.name);
    std::vector<std::vector<double>> hessian;
    {
      backprop::GraphScope scope;
      std::vector<Value> inputs(fixture.inputs.begin(), fixture.inputs.end());
      const Value output = function(inputs);
      hessian = backprop::hessian(output, inputs);
    }
    for (std::size_t i = 0; i < fixture.inputs.size(); ++i) {
      // relu and abs have no second derivative at their kink.
      if (fixture.inputs[i] == 0.0) continue;
      const double step = 1e-5 * std::max(1.0, std::fabs(fixture.inputs[i]));
      std::vector<double> above = fixture.inputs, below = fixture.inputs;
      above[i] += step;
      below[i] -= step;
      const std::vector<double> up = gradient_at(function, above), down = gradient_at(function, below);
      for (std::size_t j = 0; j < fixture.inputs.size(); ++j) {
        const double numeric = (up[j] - down[j]) / (2 * step);
        INFO(fixture.name << " d2/dx" << i << "dx" << j << ": engine " << hessian[i][j] << ", differences "
                          << numeric);
        CHECK(close(hessian[i][j], numeric, 1e-5));
        ++checked;
      }
    }
  }
  CHECK(checked > 1000);
}

TEST_CASE("the Hessian of a product of Values is their cross term", "[grad]") {
  Value x = 2.0, y = -3.0;
  const auto h = backprop::hessian(x * x * y, {x, y});  // f = x^2 y
  CHECK(h[0][0] == 2 * -3.0);
  CHECK(h[0][1] == 2 * 2.0);
  CHECK(h[1][0] == 2 * 2.0);
  CHECK(h[1][1] == 0.0);
}

TEST_CASE("a Hessian-vector product equals H v and records nothing that stays", "[grad]") {
  Value x = 0.3, y = -1.2, z = 2.0;
  const Value f = tanh(x * y) * z + sin(x) * y * y + pow(z, 3.0) / (1.0 + x * x);
  const std::vector<Value> inputs{x, y, z};
  const auto h = backprop::hessian(f, inputs);
  const std::vector<double> v{0.5, -2.0, 1.25};
  const std::size_t size = backprop::Tape::current().size();
  const std::vector<double> hv = backprop::hessian_vector_product(f, inputs, v);
  CHECK(backprop::Tape::current().size() == size);
  for (std::size_t i = 0; i < 3; ++i) {
    double expected = 0.0;
    for (std::size_t j = 0; j < 3; ++j) expected += h[i][j] * v[j];
    CHECK(close(hv[i], expected, 1e-14));
  }
  CHECK_THROWS_AS(backprop::hessian_vector_product(f, inputs, {1.0}), std::invalid_argument);
}

TEST_CASE("the Hessian of a layer's loss matches differences of its gradient", "[grad]") {
  // A 3 x 3 layer (bias last) with tanh, then a 1 x 3 one: every parameter.
  const std::vector<double> first{0.5, -0.3, 0.1, 0.8, 0.2, -0.6, -0.4, 0.7, 0.05};
  const std::vector<double> second{1.1, -0.9, 0.4};
  const backprop::testing::Function loss = [&](std::vector<Value>& p) {
    const backprop::Matrix w1(3, 3, backprop::testing::data_of(std::span(p).first(9)));
    const backprop::Matrix w2(1, 3, backprop::testing::data_of(std::span(p).subspan(9)));
    const std::vector<Value> w1_values = w1.values(), w2_values = w2.values();
    std::copy(w1_values.begin(), w1_values.end(), p.begin());
    std::copy(w2_values.begin(), w2_values.end(), p.begin() + 9);
    Value total = 0.0;
    for (const auto& [a, b, target] : {std::tuple{0.5, -1.0, 1.0}, {-0.2, 0.4, -1.0}, {1.5, 0.3, 0.5}}) {
      const std::vector<Value> point{Value(a), Value(b)};
      const auto hidden = backprop::linear(w1, point, backprop::Bias::last_column, backprop::Activation::tanh);
      const Value out = backprop::linear(w2, hidden)[0];
      total = total + (out - target) * (out - target);
    }
    return total;
  };
  std::vector<double> point = first;
  point.insert(point.end(), second.begin(), second.end());
  std::vector<std::vector<double>> hessian;
  {
    backprop::GraphScope scope;
    std::vector<Value> parameters(point.begin(), point.end());
    const Value output = loss(parameters);
    hessian = backprop::hessian(output, parameters);
  }
  for (std::size_t i = 0; i < point.size(); ++i) {
    std::vector<double> above = point, below = point;
    above[i] += 1e-5;
    below[i] -= 1e-5;
    const auto up = gradient_at(loss, above), down = gradient_at(loss, below);
    for (std::size_t j = 0; j < point.size(); ++j) {
      INFO("d2/dp" << i << "dp" << j);
      CHECK(close(hessian[i][j], (up[j] - down[j]) / 2e-5, 1e-6));
    }
  }
}

TEST_CASE("piecewise operations have second derivative 0 away from their kink", "[grad]") {
  Value x = 1.5, y = -0.5;
  CHECK(backprop::hessian(relu(x) * 3.0, {x})[0][0] == 0.0);
  CHECK(backprop::hessian(abs(y), {y})[0][0] == 0.0);
  // An inactive relu passes exactly 0, as in PyTorch, also to the second order.
  const Value d = backprop::grad(relu(y) * x, {x, y}, create_graph)[1];
  CHECK(d.data() == 0.0);
  CHECK(backprop::grad(d, {x, y})[0].data() == 0.0);
}

TEST_CASE("NaN and domain edges give what the first order gives", "[grad]") {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  Value n = nan;
  CHECK(std::isnan(backprop::grad(relu(n), {n}, create_graph)[0].data()));
  CHECK(std::isnan(backprop::grad(tanh(n), {n}, create_graph)[0].data()));
  // sqrt at 0: the first derivative is inf (not an error), and so is the second's size.
  Value zero = 0.0;
  const Value d = backprop::grad(sqrt(zero), {zero}, create_graph)[0];
  CHECK(d.data() == std::numeric_limits<double>::infinity());
  CHECK(std::isinf(backprop::grad(d, {zero})[0].data()));
  // x^0.5 the same way, through pow: no domain error for the derivative.
  const Value p = backprop::grad(pow(zero, 0.5), {zero}, create_graph)[0];
  CHECK(p.data() == std::numeric_limits<double>::infinity());
  CHECK(std::isinf(backprop::grad(p, {zero})[0].data()));
}

TEST_CASE("inputs the output does not depend on get 0", "[grad]") {
  Value x = 2.0, unused = 5.0;
  const Value f = x * x;
  const Value later = 1.0;  // recorded after f: cannot reach it
  Value no_node = 0.0;
  {
    backprop::NoGrad no_grad;
    no_node = x * 3.0;
  }
  for (const GradOptions options : {GradOptions{}, create_graph}) {
    const auto g = backprop::grad(f, {unused, x, later, no_node}, options);
    CHECK(g[0].data() == 0.0);
    CHECK(g[1].data() == 4.0);
    CHECK(g[2].data() == 0.0);
    CHECK(g[3].data() == 0.0);
  }
  // The output itself, and a repeated input.
  const auto self = backprop::grad(f, {f, x, x}, create_graph);
  CHECK(self[0].data() == 1.0);
  CHECK(self[1].data() == 4.0);
  CHECK(self[2].data() == 4.0);
}

TEST_CASE("an output without a node has gradient 0; under NoGrad grad records nothing", "[grad]") {
  Value x = 2.0;
  backprop::NoGrad no_grad;
  const Value f = x * x;  // a number, no node
  CHECK(backprop::grad(f, {x}, create_graph)[0].data() == 0.0);
  CHECK_THROWS_AS(backprop::hessian(f, {x}), std::logic_error);
  CHECK_THROWS_AS(backprop::hessian_vector_product(f, {x}, {1.0}), std::logic_error);
}

TEST_CASE("grad refuses values that are not live", "[grad]") {
  Value x = 1.0;
  Value inner;
  {
    backprop::GraphScope scope;
    inner = x * 2.0;
  }
  CHECK_THROWS_AS(backprop::grad(inner, {x}), std::logic_error);
  CHECK_THROWS_AS(backprop::grad(x * 2.0, {inner}, create_graph), std::logic_error);
  CHECK_THROWS_AS(backprop::grad(Value(), {x}), std::logic_error);
}

TEST_CASE("linear and weighted_sum differentiate twice", "[grad]") {
  // f = (w . x + b)^2: d2f/dw_i dx_j = 2 (w_j x_i + [i == j] (w.x + b))
  const std::vector<Value> w{Value(0.5), Value(-1.0)}, x{Value(2.0), Value(0.25)};
  const Value b = 0.125;
  const Value s = weighted_sum(w, x, b);
  const auto h = backprop::hessian(s * s, {w[0], w[1], x[0], x[1], b});
  const double sum = 0.5 * 2.0 - 1.0 * 0.25 + 0.125;
  CHECK(h[0][2] == 2 * (0.5 * 2.0 + sum));
  CHECK(h[0][3] == 2 * (-1.0 * 2.0));
  CHECK(h[0][0] == 2 * 2.0 * 2.0);
  CHECK(h[4][4] == 2.0);
  // The same through a Matrix and linear().
  const backprop::Matrix m(1, 3, std::vector<double>{0.5, -1.0, 0.125});
  const Value out = backprop::linear(m, x, backprop::Bias::last_column)[0];
  const std::vector<Value> entries = m.values();
  const auto hm = backprop::hessian(out * out, {entries[0], entries[1], x[0], x[1], entries[2]});
  CHECK(hm == h);
}

TEST_CASE("a million-node chain differentiates twice without recursion", "[grad]") {
  backprop::GraphScope scope;
  Value x = 0.5;
  Value y = x;
  constexpr int length = 1'000'000;
  for (int k = 0; k < length; ++k) y = y * 1.0000001 + 1e-9;
  const Value d = backprop::grad(y, {x}, create_graph)[0];
  CHECK(close(d.data(), std::pow(1.0000001, length), 1e-9));
  CHECK(backprop::grad(d, {x})[0].data() == 0.0);
}

TEST_CASE("create_graph refuses a number changed by set_data after use, as backward does", "[grad]") {
  Value x = 2.0, y = 3.0;
  const Value product = x * y;
  const Value bent = tanh(x);  // its derivative reads only its own output
  x.set_data(5.0);
  CHECK_THROWS_WITH(backprop::grad(product, {y}, create_graph),
                    Catch::Contains("changed by set_data") && Catch::Contains("grad"));
  CHECK_THROWS_AS(product.backward(), std::logic_error);
  CHECK(backprop::grad(bent, {x}, create_graph)[0].data() == 1.0 - std::tanh(2.0) * std::tanh(2.0));
  // Through a layer too.
  const backprop::Matrix w(1, 2, std::vector<double>{0.5, -1.0});
  const Value out = backprop::linear(w, std::vector<Value>{y, Value(1.0)})[0];
  w(0, 0).set_data(4.0);
  CHECK_THROWS_AS(backprop::grad(out, {y}, create_graph), std::logic_error);
}
