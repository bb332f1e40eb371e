// Tests for nn/sgd and nn/adam: each update by hand, Adam with a schedule
// against PyTorch's (fixtures/microgpt_pieces.txt), and training: moons to
// 100% with the default seed, Adam and SGD each reducing their loss.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <optional>
#include <vector>

#include "nn/nn.hpp"
#include "support/fixture_cases.hpp"
#include "support/values.hpp"

using backprop::Value;
namespace nn = backprop::nn;
namespace testing = backprop::testing;

TEST_CASE("SGD steps against the gradient, following its schedule", "[optimizer]") {
  Value w = 1.0;
  nn::SGD sgd({w}, [](std::size_t k) { return 0.1 * (k + 1); });
  (w * 3).backward();  // grad 3
  sgd.step();
  CHECK(w.data() == Approx(1.0 - 0.1 * 3));
  sgd.step();  // same grad, learning rate 0.2
  CHECK(w.data() == Approx(1.0 - 0.1 * 3 - 0.2 * 3));
  CHECK(sgd.steps_taken() == 2);
}

TEST_CASE("an optimizer's zero_grad clears the gradients of its parameters only", "[optimizer]") {
  Value w = 1.0, v = 2.0, other = 3.0;
  nn::SGD sgd({w, v}, 0.1);
  nn::Adam adam({w}, {.learning_rate = 0.1});
  (w * v * other).backward();
  REQUIRE(w.grad() == 6.0);
  adam.zero_grad();
  CHECK(w.grad() == 0.0);
  CHECK(v.grad() == 3.0);
  sgd.zero_grad();
  CHECK(v.grad() == 0.0);
  CHECK(other.grad() == 2.0);  // not a parameter of either
  CHECK(sgd.parameters().size() == 2);
  CHECK(adam.steps_taken() == 0);
}

TEST_CASE("SGD with momentum accumulates velocity as PyTorch does", "[optimizer]") {
  Value w = 0.0;
  nn::SGD sgd({w}, 0.5, 0.9);
  (w * 2).backward();  // grad 2, kept for both steps
  sgd.step();          // v = 2,           w = -1
  sgd.step();          // v = 0.9*2 + 2,   w = -1 - 0.5*3.8
  CHECK(w.data() == Approx(-1.0 - 0.5 * 3.8));
  CHECK_THROWS_WITH(nn::SGD({w}, 0.1, 1.0), "SGD: momentum must be in [0, 1), got 1");
}

TEST_CASE("Adam's first step moves each parameter by about the learning rate", "[optimizer]") {
  Value a = 1.0, b = 1.0;
  nn::Adam adam({a, b}, {.learning_rate = 0.01});
  (a * 100 - b * 0.001).backward();
  adam.step();
  // With bias correction, step 1 is lr * g / (|g| + eps): the sign, scaled.
  CHECK(a.data() == Approx(0.99));
  CHECK(b.data() == Approx(1.01).epsilon(1e-6));
  CHECK_THROWS_WITH(nn::Adam({a}, {.beta1 = 1.0}), "Adam: betas must be in [0, 1), got 1 and 0.999");
}

TEST_CASE("Adam with microgpt's betas and a decaying learning rate follows PyTorch's", "[optimizer]") {
  const testing::FixtureCase c = testing::fixture_case(BACKPROP_FIXTURES_DIR "/microgpt_pieces.txt", "adam_schedule");
  const std::vector<Value> p = testing::leaves(c.numbers("start"));
  const std::vector<Value> a = testing::leaves(c.numbers("a")), b = testing::leaves(c.numbers("b"));
  nn::Adam adam(p, [](std::size_t k) { return 0.1 * (1.0 - static_cast<double>(k) / 5); },
                {.beta1 = 0.85, .beta2 = 0.99, .epsilon = 1e-8});
  std::vector<double> trajectory;
  for (int step = 0; step < 5; ++step) {
    backprop::GraphScope scope;
    std::vector<Value> squares;
    for (const Value& x : p) squares.push_back(x * x);
    const Value f = dot(a, squares) + dot(b, p);  // sum a_i p_i^2 + b_i p_i
    adam.zero_grad();
    f.backward();
    adam.step();
    for (const Value& x : p) trajectory.push_back(x.data());
  }
  CHECK(testing::largest_relative_difference(trajectory, c.numbers("trajectory")) <= 1e-12);
}

namespace {
// Full-batch training on moons as in examples/moons.cpp; returns the final
// accuracy and the loss of the first and last steps.
struct Outcome {
  double accuracy, first_loss, last_loss;
};

template <typename Optimizer>
Outcome train_moons(const nn::MLP& model, Optimizer& optimizer, std::size_t steps) {
  const nn::Dataset data = nn::make_moons(100, 0.1, 1);
  const std::vector<double> labels = nn::signed_labels(data.targets);
  const auto parameters = model.parameters();
  Outcome outcome{};
  for (std::size_t step = 0; step < steps; ++step) {
    backprop::GraphScope scope;
    std::vector<Value> scores;
    for (const auto& row : data.inputs) scores.push_back(model(std::span<const double>(row))[0]);
    Value loss = nn::hinge_loss(scores, labels) + nn::l2_penalty(parameters, 1e-4);
    model.zero_grad();
    loss.backward();
    optimizer.step();
    if (step == 0) outcome.first_loss = loss.data();
    outcome.last_loss = loss.data();
    outcome.accuracy = nn::binary_accuracy(scores, labels);
  }
  return outcome;
}
}  // namespace

TEST_CASE("moons training reaches 100% accuracy with the default seed", "[optimizer][training]") {
  const nn::MLP model(2, {16, 16, 1});
  nn::SGD sgd(model.parameters(), [](std::size_t k) { return 1.0 - 0.9 * k / 100; });
  const Outcome outcome = train_moons(model, sgd, 100);
  CHECK(outcome.accuracy == 1.0);
  CHECK(outcome.last_loss < outcome.first_loss / 10);
}

TEST_CASE("Adam reduces the loss on moons", "[optimizer][training]") {
  const nn::MLP model(2, {16, 16, 1}, {.seed = 4});
  nn::Adam adam(model.parameters(), {.learning_rate = 0.01});
  const Outcome outcome = train_moons(model, adam, 40);
  CHECK(outcome.last_loss < outcome.first_loss / 2);
}

TEST_CASE("training memory stays flat across steps", "[optimizer][training]") {
  const nn::MLP model(2, {16, 16, 1});
  nn::SGD sgd(model.parameters(), 0.05);
  train_moons(model, sgd, 3);
  const auto& tape = backprop::Tape::current();
  const std::size_t held = tape.bytes_held(), size = tape.size();
  train_moons(model, sgd, 30);
  CHECK(tape.bytes_held() == held);
  CHECK(tape.size() == size);
}

namespace {

// y = x^2 fitted with one parameter per power, as a PyTorch user writes the
// loop: forward, zero_grad, backward, step, read the loss. `scoped` wraps
// each step in a GraphScope; the loss of the last step is returned.
double fit_square(bool scoped, int steps, std::size_t& largest_tape) {
  Value a = 0.1, b = -0.2, c = 0.3;  // y = a x^2 + b x + c
  nn::SGD sgd({a, b, c}, 0.05);
  std::vector<Value> xs;
  for (int k = -4; k <= 4; ++k) xs.push_back(Value(k / 4.0));
  double loss_value = 0.0;
  largest_tape = 0;
  for (int step = 0; step < steps; ++step) {
    std::optional<backprop::GraphScope> scope;
    if (scoped) scope.emplace();
    Value loss = 0.0;
    for (const Value& x : xs) {
      Value error = a * x * x + b * x + c - x * x;
      loss = loss + error * error;
    }
    sgd.zero_grad();
    loss.backward();
    sgd.step();
    loss_value = loss.data();  // read after step(): a computed number stays readable
    largest_tape = std::max(largest_tape, backprop::Tape::current().size());
  }
  return loss_value;
}

}  // namespace

TEST_CASE("a loop without a GraphScope keeps memory flat: each step() releases the step before", "[optimizer]") {
  const std::size_t start = backprop::Tape::current().size();
  std::size_t scoped_tape = 0, unscoped_tape = 0;
  const double scoped_loss = fit_square(true, 500, scoped_tape);
  const double unscoped_loss = fit_square(false, 500, unscoped_tape);
  CHECK(unscoped_loss == scoped_loss);  // the same arithmetic, step for step
  // The unscoped loop keeps its first step's graph and the current one: at
  // most twice the scoped loop's nodes (beyond what both keep).
  CHECK(unscoped_tape - start <= 2 * (scoped_tape - start));
  const std::size_t after_500 = backprop::Tape::current().size();
  fit_square(false, 2000, unscoped_tape);
  CHECK(backprop::Tape::current().size() - after_500 <= after_500 - start);  // no growth with the step count
}

TEST_CASE("after step() a loop's values keep their numbers and refuse everything else", "[optimizer]") {
  Value w = 2.0;
  nn::SGD sgd({w}, 0.1);
  sgd.step();  // the first step opens the first implicit step
  Value loss = w * w;
  loss.backward();
  sgd.step();
  CHECK(loss.data() == 4.0);
  CHECK_THROWS_WITH(loss.grad(), Catch::Contains("without one, an optimizer's step() did"));
  CHECK_THROWS_WITH(loss + 1, Catch::Contains("was released"));
  CHECK(w.data() == 2.0 - 0.1 * 4.0);  // parameters are never released
}

TEST_CASE("a model built after an earlier one trained keeps its parameters", "[optimizer]") {
  const nn::MLP first(2, {4, 1});
  nn::SGD first_sgd(first.parameters(), 0.1);
  for (int step = 0; step < 3; ++step) {
    Value loss = first({0.5, -1.0})[0] * 1.0;
    first_sgd.zero_grad();
    loss.backward();
    first_sgd.step();
  }
  // Made inside the step that first_sgd opened last.
  const nn::MLP second(2, {4, 1});
  Value kept = 3.0;
  nn::SGD second_sgd(second.parameters(), 0.1);
  for (int step = 0; step < 3; ++step) {
    Value loss = second({0.5, -1.0})[0] * kept;
    second_sgd.zero_grad();
    loss.backward();
    second_sgd.step();
  }
  for (const Value& parameter : second.parameters()) CHECK_NOTHROW(parameter.grad());
  CHECK(kept.data() == 3.0);
  CHECK_NOTHROW(kept * 2);
}

TEST_CASE("an optimizer refuses a parameter computed under NoGrad", "[optimizer]") {
  Value w;
  {
    backprop::NoGrad no_grad;
    w = Value(0.5) * 0.1;
  }
  CHECK_THROWS_WITH(nn::SGD({Value(1.0), w}, 0.1),
                    Catch::Contains("parameter 1 was computed under NoGrad, so it has no node"));
}
