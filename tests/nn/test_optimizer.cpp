// Tests for nn/sgd and nn/adam: each update by hand, Adam with a schedule
// against PyTorch's (fixtures/microgpt_pieces.txt), and training: moons to
// 100% with the default seed, Adam and SGD each reducing their loss.
#include <catch2/catch.hpp>

#include <cmath>

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
