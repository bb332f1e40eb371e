// Tests for backward() (autodiff/backward.cpp): seeding, accumulation
// across calls, zero_grad, intermediates, shared values, and depth.
#include <catch2/catch.hpp>

#include <cmath>

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
  CHECK(detached.is_leaf());
  Value y = detached * x;  // recorded again once the scope ends
  CHECK_FALSE(y.is_leaf());
  y.backward();
  CHECK(x.grad() == 6.0);  // only through the recorded factor
  CHECK(detached.grad() == 2.0);
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
