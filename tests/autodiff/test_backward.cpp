// Tests for backward() (autodiff/backward.cpp): seeding, accumulation
// across calls, zero_grad, intermediates (an earlier pass's gradient never
// shows through), shared values, depth, the two sweeps, set_data between
// forward and backward, and NaN.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "autodiff/autodiff.hpp"

using backprop::Value;

TEST_CASE("backward seeds the root with 1", "[backward]") {
  Value x = 3.0;
  Value y = x * 2;
  y.backward();
  CHECK(y.grad() == 1.0);
  CHECK(x.grad() == 2.0);
}

TEST_CASE("a value used twice receives both contributions", "[backward]") {
  Value x = 3.0;
  Value y = x + x;  // dy/dx = 2
  y.backward();
  CHECK(x.grad() == 2.0);
  Value z = 4.0;
  Value w = z * z;  // dw/dz = 2z
  w.backward();
  CHECK(z.grad() == 8.0);
}

TEST_CASE("leaf gradients accumulate across backward calls until zero_grad", "[backward]") {
  Value x = 3.0;
  Value y = x * x;
  y.backward();
  CHECK(x.grad() == 6.0);
  y.backward();
  CHECK(x.grad() == 12.0);
  x.zero_grad();
  CHECK(x.grad() == 0.0);
  y.backward();
  CHECK(x.grad() == 6.0);
}

TEST_CASE("an intermediate shows the gradient of the latest pass through it", "[backward]") {
  Value x = 3.0;
  Value hidden = x * 2;        // intermediate
  Value first = hidden * 5;    // d first / d hidden = 5
  Value second = hidden * 7;   // d second / d hidden = 7
  first.backward();
  CHECK(hidden.grad() == 5.0);
  first.backward();
  CHECK(hidden.grad() == 5.0);  // not 10: intermediates restart each pass
  second.backward();
  CHECK(hidden.grad() == 7.0);
  CHECK(first.grad() == 1.0);   // untouched by a pass that did not reach it
  CHECK(x.grad() == 2 * 5 + 2 * 5 + 2 * 7);
}

TEST_CASE("an intermediate that only zero gradient reaches shows 0, not an earlier pass's gradient",
          "[backward]") {
  Value x = 1.0;
  Value h = x * 2.0;
  Value y = h * 3.0;
  y.backward();
  REQUIRE(h.grad() == 3.0);
  Value z = relu(h - 100.0);  // relu is flat here: this pass sends h nothing
  z.backward();
  CHECK(h.grad() == 0.0);
  CHECK((h - 100.0).grad() == 0.0);  // a fresh value: never reached at all
  CHECK(x.grad() == 2.0 * 3.0);      // a leaf keeps accumulating
  y.backward();
  CHECK(h.grad() == 3.0);
  CHECK(x.grad() == 2.0 * 3.0 * 2);
}

TEST_CASE("an intermediate whose contributions cancel shows 0", "[backward]") {
  Value x = 1.0;
  Value h = x * 2.0;
  h.backward();  // h's gradient is now 1
  Value z = h - h;  // recorded just above h: both contributions meet on their way to it
  z.backward();
  CHECK(h.grad() == 0.0);
  Value y = h * 3.0;
  y.backward();
  Value w = h * 4.0 - h * 4.0;  // the same further up the tape
  w.backward();
  CHECK(h.grad() == 0.0);
  CHECK(x.grad() == 2.0 + 0.0 + 6.0 + 0.0);
}

TEST_CASE("zero gradient clears every older intermediate on its path, layers included", "[backward]") {
  Value x = 1.0;
  Value h = x * 2.0;
  Value deeper = tanh(h) * 5.0;       // two older nodes below the one the new pass starts from
  const backprop::Matrix w(2, 1, std::vector<double>{0.5, -0.5});
  const std::vector<Value> layer = linear(w, std::vector<Value>{deeper});
  Value y = deeper * layer[0] * layer[1];
  y.backward();
  REQUIRE(h.grad() != 0.0);
  REQUIRE(layer[0].grad() != 0.0);
  Value z = relu(layer[0] * 0.0 - 1.0) + relu(deeper - 100.0);
  z.backward();  // reaches layer[0] (an old layer), deeper and h, all with gradient 0
  CHECK(layer[0].grad() == 0.0);
  CHECK(deeper.grad() == 0.0);
  CHECK(h.grad() == 0.0);
  CHECK(layer[1].grad() != 0.0);  // the layer's other row is not on this path: left alone
  CHECK(y.grad() == 1.0);
  // The same from an old root: the second pass sweeps only flagged nodes.
  y.backward();
  z.backward();
  CHECK(h.grad() == 0.0);
  CHECK(deeper.grad() == 0.0);
}

TEST_CASE("backward from a leaf adds one to its gradient", "[backward]") {
  Value x = 5.0;
  x.backward();
  x.backward();
  CHECK(x.grad() == 2.0);
}

TEST_CASE("values not on a path to the root are left alone", "[backward]") {
  Value x = 1.0, unrelated = 2.0;
  Value side = unrelated * 3;
  Value y = x * 4;
  side.backward();
  y.backward();
  CHECK(unrelated.grad() == 3.0);
  CHECK(side.grad() == 1.0);
  CHECK(x.grad() == 4.0);
}

TEST_CASE("backward does not reach through values computed under NoGrad", "[backward]") {
  Value x = 2.0;
  Value detached = [&] {
    backprop::NoGrad no_grad;
    return x * 3;
  }();
  CHECK(detached.data() == 6.0);
  CHECK(detached.is_leaf());      // a constant: nothing it came from is recorded
  Value y = detached * x;         // recorded again once the scope ends
  CHECK_FALSE(y.is_leaf());
  y.backward();
  CHECK(x.grad() == 6.0);  // only through the recorded factor
  CHECK(detached.grad() == 0.0);  // a constant has no gradient of its own (PyTorch: None)
}

TEST_CASE("a ten-million-node chain builds, differentiates and releases", "[backward][deep]") {
  constexpr int length = 10'000'000;
  backprop::GraphScope scope;
  Value x = 0.5;
  Value chain = x;
  for (int step = 1; step < length; ++step) chain = chain * 1.0000001 + 1e-9;
  CHECK(backprop::Tape::current().size() >= static_cast<std::size_t>(2 * (length - 1)));
  chain.backward();
  // d chain / d x = 1.0000001^(length - 1)
  CHECK(x.grad() == Approx(std::pow(1.0000001, length - 1)).epsilon(1e-9));
}

TEST_CASE("a product refuses a backward pass after its input was changed by set_data", "[backward]") {
  backprop::GraphScope scope;
  Value w(0.5, "w"), x = 4.0;
  Value y = w * x;
  w.set_data(0.25);
  // Errors name values by label, or by number, position and operation.
  CHECK_THROWS_WITH(y.backward(), Catch::StartsWith("backward: 'w' was changed by set_data after the Value 2 (node " +
                                                    std::to_string(y.id()) + ", computed by mul) was computed from it"));
  // Computed again, the product reads the new number.
  Value again = w * x;
  again.backward();
  CHECK(x.grad() == 0.25);
}

TEST_CASE("a one-input operation keeps the derivative it recorded after set_data", "[backward]") {
  backprop::GraphScope scope;
  Value x = 0.5;
  Value y = tanh(x);
  x.set_data(3.0);
  y.backward();  // the gradient of the computation as recorded
  CHECK(x.grad() == 1.0 - std::tanh(0.5) * std::tanh(0.5));
}

TEST_CASE("changing parameters after backward, as an optimizer does, is allowed every step", "[backward]") {
  Value w = 1.0;
  for (int step = 0; step < 3; ++step) {
    backprop::GraphScope scope;
    Value loss = w * w;
    w.zero_grad();
    loss.backward();
    w.set_data(w.data() - 0.25 * w.grad());
  }
  CHECK(w.data() == 1.0 * 0.5 * 0.5 * 0.5);  // w -= 0.25 * 2w, three times
}

TEST_CASE("only leaves take set_data", "[backward]") {
  Value x = 2.0;
  Value y = x * 3.0;
  CHECK_THROWS_WITH(y.set_data(1.0), "set_data: the Value 6 (node " + std::to_string(y.id()) +
                                         ", computed by mul_constant) was computed by an operation; only inputs "
                                         "and parameters (leaves) can be changed");
  CHECK(y.data() == 6.0);
}

TEST_CASE("the fast and the flagged sweeps give the same gradients", "[backward]") {
  // The first backward() sweeps fresh nodes; the second sweeps the same
  // nodes again and must clear each one the first time it reaches it.
  backprop::GraphScope scope;
  Value a = 0.7, b = -1.3;
  Value t = a * b;
  Value u = tanh(t + a);
  Value root = (t * u + exp(u) / (1.0 + t * t)) * sigmoid(b);
  root.backward();
  const double first_a = a.grad(), first_b = b.grad(), first_u = u.grad();
  a.zero_grad();
  b.zero_grad();
  root.backward();
  CHECK(a.grad() == first_a);
  CHECK(b.grad() == first_b);
  CHECK(u.grad() == first_u);
}

TEST_CASE("a node whose gradient is exactly zero passes nothing on", "[backward]") {
  // relu cuts the path; sqrt's derivative at 0 is infinite, and 0 * inf is
  // never formed: the gradient of a flat path is 0, not NaN.
  Value x = 0.0;
  Value y = relu(sqrt(x) - 1.0);
  y.backward();
  CHECK(x.grad() == 0.0);
}

TEST_CASE("NaN propagates through relu and abs, as in PyTorch", "[backward]") {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  Value x = nan, y = nan;
  Value r = relu(x), s = abs(y);
  CHECK(std::isnan(r.data()));
  r.backward();
  s.backward();
  CHECK(std::isnan(x.grad()));
  CHECK(std::isnan(y.grad()));
}

TEST_CASE("a node recorded where a released one was starts with gradient 0", "[backward]") {
  // Recording does not write gradients: a release clears what it frees.
  Value x = 1.5;
  std::vector<double> first_grads;
  {
    backprop::GraphScope scope;
    Value y = x;
    for (int k = 0; k < 100; ++k) y = tanh(y * 1.1) + y;
    y.backward();
  }
  x.zero_grad();
  backprop::GraphScope scope;
  std::vector<Value> chain{x};
  for (int k = 0; k < 100; ++k) chain.push_back(chain.back() * 2.0);
  for (const Value& v : chain) CHECK(v.grad() == 0.0);  // before any pass
  chain[50].backward();
  CHECK(x.grad() == std::ldexp(1.0, 50));
  CHECK(chain[51].grad() == 0.0);  // above the root: untouched
}

TEST_CASE("a node recorded on memory a huge released graph gave back starts with gradient 0", "[backward][deep]") {
  Value x = 1.0;
  {
    backprop::GraphScope scope;
    Value y = x;
    for (int k = 0; k < 5'000'000; ++k) y = y * 1.0000001 + 0.0;
    y.backward();
  }
  backprop::GraphScope scope;
  Value y = x;
  for (int k = 0; k < 5'000'000; ++k) y = y * 1.0;
  CHECK(y.grad() == 0.0);
  x.zero_grad();
  y.backward();
  CHECK(x.grad() == 1.0);
}

TEST_CASE("stretches of zero gradient are skipped, a layer's first output still differentiates it", "[backward]") {
  // The layer's first row is unused (gradient 0) and dead relus lie between
  // the layer and the root: the sweep skips them and must still stop at the
  // layer's first output, whose later row has gradient. The sweep skips
  // eight entries at a time, then one: every length up to three blocks and
  // a remainder, so that the stop falls at each place within a block.
  const int dead_nodes = GENERATE(range(0, 26));
  CAPTURE(dead_nodes);
  backprop::GraphScope scope;
  const backprop::Matrix weights(2, 2, std::vector<double>{0.5, -0.25, 2.0, 1.0});
  Value x = 0.75;
  const std::vector<Value> rows = backprop::linear(weights, std::vector<Value>{x}, backprop::Bias::last_column,
                                                   backprop::Activation::linear);
  Value below = x * -1.0;  // negative all the way up: the relu passes 0 to dead_nodes + 1 nodes
  for (int k = 0; k < dead_nodes; ++k) below = k % 2 == 0 ? below - 1.0 : below * 1.5;
  const Value dead = relu(below);
  const Value out = rows[1] * 3.0 + dead;
  out.backward();
  CHECK(weights(1, 0).grad() == 3.0 * 0.75);
  CHECK(weights(1, 1).grad() == 3.0);
  CHECK(weights(0, 0).grad() == 0.0);
  CHECK(x.grad() == 3.0 * 2.0);  // through row 1 only; the dead relus pass 0
  CHECK(rows[0].grad() == 0.0);
}
