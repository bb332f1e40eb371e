// Tests for nn/sgd and nn/adam: each update by hand, both through blocks
// against a step a Value at a time, Adam with a schedule against PyTorch's
// (fixtures/microgpt_pieces.txt), and training: moons to 100% with the
// default seed, Adam and SGD each reducing their loss.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
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

namespace {

// Parameters laid out as a model's may be: a Matrix and a leaf made right
// after it (one block), then two leaves made after a computed value (a
// second block).
std::vector<Value> parameters_in_two_blocks() {
  const backprop::Matrix weights(2, 3, std::vector<double>{0.5, -1.0, 2.0, 0.25, 3.0, -0.75});
  std::vector<Value> parameters = weights.values();
  parameters.push_back(Value(1.5));
  static_cast<void>(parameters.back() * 2.0);  // a computed node between two leaves
  parameters.push_back(Value(-0.5));
  parameters.push_back(Value(0.8));
  return parameters;
}

// The numbers of `parameters` after each of five steps on a loss whose
// gradient differs for every parameter; `step` updates, `zero_grad` clears.
template <typename Step, typename ZeroGrad>
std::vector<double> five_steps(const std::vector<Value>& parameters, Step step, ZeroGrad zero_grad) {
  std::vector<double> numbers;
  for (int k = 0; k < 5; ++k) {
    backprop::GraphScope scope;
    Value loss = parameters.front() * parameters.back();
    for (std::size_t i = 0; i < parameters.size(); ++i) loss = loss + sin(parameters[i] * (1.0 + 0.5 * i));
    zero_grad();
    loss.backward();
    step();
    for (const Value& parameter : parameters) numbers.push_back(parameter.data());
  }
  return numbers;
}

double decaying_rate(std::size_t k) { return 0.1 * (1.0 - static_cast<double>(k) / 8); }

// The same five steps a Value at a time, as the optimizers were written
// before blocks: move(parameter, k, learning_rate, t) moves parameter k at
// step t (1, 2, ...).
template <typename Move>
std::vector<double> five_steps_by_value(std::vector<Value>& parameters, Move move) {
  std::size_t steps = 0;
  const auto step = [&] {
    const double learning_rate = decaying_rate(steps++);
    for (std::size_t k = 0; k < parameters.size(); ++k)
      move(parameters[k], k, learning_rate, static_cast<double>(steps));
  };
  return five_steps(parameters, step, [&] {
    for (Value& parameter : parameters) parameter.zero_grad();
  });
}

}  // namespace

TEST_CASE("SGD through blocks moves parameters exactly as a step a Value at a time does", "[optimizer]") {
  const std::vector<Value> parameters = parameters_in_two_blocks();
  std::vector<Value> reference = parameters_in_two_blocks();
  REQUIRE(backprop::LeafBlock::split(parameters).size() == 2);
  nn::SGD sgd(parameters, decaying_rate, 0.9);
  const std::vector<double> moved = five_steps(parameters, [&] { sgd.step(); }, [&] { sgd.zero_grad(); });
  std::vector<double> velocity(reference.size(), 0.0);
  const std::vector<double> expected =
      five_steps_by_value(reference, [&](Value& p, std::size_t k, double learning_rate, double) {
        velocity[k] = 0.9 * velocity[k] + p.grad();
        p.set_data(p.data() - learning_rate * velocity[k]);
      });
  CHECK(moved == expected);
}

TEST_CASE("Adam through blocks moves parameters exactly as a step a Value at a time does", "[optimizer]") {
  const std::vector<Value> parameters = parameters_in_two_blocks();
  std::vector<Value> reference = parameters_in_two_blocks();
  const nn::AdamOptions options{.beta1 = 0.85, .beta2 = 0.99, .epsilon = 1e-8};
  nn::Adam adam(parameters, decaying_rate, options);
  const std::vector<double> moved = five_steps(parameters, [&] { adam.step(); }, [&] { adam.zero_grad(); });
  std::vector<double> first_moment(reference.size(), 0.0), second_moment(reference.size(), 0.0);
  const std::vector<double> expected =
      five_steps_by_value(reference, [&](Value& p, std::size_t k, double learning_rate, double t) {
        const double grad = p.grad();
        first_moment[k] = options.beta1 * first_moment[k] + (1.0 - options.beta1) * grad;
        second_moment[k] = options.beta2 * second_moment[k] + (1.0 - options.beta2) * grad * grad;
        const double mean = first_moment[k] / (1.0 - std::pow(options.beta1, t));
        const double spread = std::sqrt(second_moment[k] / (1.0 - std::pow(options.beta2, t))) + options.epsilon;
        p.set_data(p.data() - learning_rate * mean / spread);
      });
  CHECK(moved == expected);
}

TEST_CASE("an optimizer given a computed value refuses step() with set_data's error", "[optimizer]") {
  Value w = 1.0;
  const Value computed = w * 2.0;
  nn::SGD sgd({w, computed}, 0.1);
  CHECK_THROWS_WITH(sgd.step(), Catch::Contains("(node " + std::to_string(computed.id()) +
                                                ", computed by mul_constant) was computed by an operation"));
}

TEST_CASE("an optimizer whose parameters were released says so", "[optimizer]") {
  std::vector<Value> parameters;
  {
    backprop::GraphScope scope;
    parameters = {Value(1.0), Value(2.0)};
  }
  nn::Adam adam(parameters);
  CHECK_THROWS_WITH(adam.zero_grad(), Catch::Contains("was released when the step that recorded it ended"));
  CHECK_THROWS_WITH(adam.step(), Catch::Contains("was released when the step that recorded it ended"));
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
