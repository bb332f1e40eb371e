// Tests for nn/neuron, nn/layer, nn/mlp and nn/module: shapes, seeded
// initialisation, input-size errors, named parameters and their labels, and
// user-defined modules.
#include <catch2/catch.hpp>

#include <cmath>
#include <optional>
#include <vector>

#include "autodiff/show/explain.hpp"
#include "nn/nn.hpp"

using backprop::Value;
namespace nn = backprop::nn;

namespace {
std::vector<double> data_of(const std::vector<Value>& values) {
  std::vector<double> numbers;
  for (const Value& v : values) numbers.push_back(v.data());
  return numbers;
}
}  // namespace

TEST_CASE("micrograd's moons MLP has 337 parameters and describes itself", "[mlp]") {
  const nn::MLP model(2, {16, 16, 1});
  CHECK(model.parameters().size() == 337);
  CHECK(model.layers().size() == 3);
  CHECK(model.architecture() == "MLP(2, [16, 16, 1], [relu, relu, linear])");
}

TEST_CASE("the same seed gives the same weights, another seed others", "[mlp]") {
  const nn::MLP a(3, {4, 2}, {.seed = 5}), b(3, {4, 2}, {.seed = 5}), c(3, {4, 2}, {.seed = 6});
  CHECK(data_of(a.parameters()) == data_of(b.parameters()));
  CHECK(data_of(a.parameters()) != data_of(c.parameters()));
}

TEST_CASE("weights start in [-1, 1) and biases at 0; scaled init divides by sqrt(nin)", "[mlp]") {
  const nn::MLP plain(16, {8}, {.seed = 3}), scaled(16, {8}, {.init = nn::Init::scaled, .seed = 3});
  const auto& neuron = plain.layers()[0].neurons()[0];
  for (const Value& w : neuron.weights()) CHECK((w.data() >= -1.0 && w.data() < 1.0));
  CHECK(neuron.bias().data() == 0.0);
  const auto& scaled_neuron = scaled.layers()[0].neurons()[0];
  for (std::size_t k = 0; k < 16; ++k)
    CHECK(scaled_neuron.weights()[k].data() == Approx(neuron.weights()[k].data() / 4.0));
}

TEST_CASE("the first seeded weights are the same on every machine", "[mlp]") {
  // mt19937_64's output is fixed by the C++ standard and the conversion to
  // [-1, 1) is ours, so these numbers hold for any compiler and platform.
  nn::Random random(1);
  const double first = random.uniform(-1.0, 1.0);
  std::mt19937_64 reference(1);
  CHECK(first == -1.0 + 2.0 * static_cast<double>(reference() >> 11) * 0x1.0p-53);
  const nn::MLP model(1, {1}, {.seed = 1});
  CHECK(model.parameters()[0].data() == first);
}

TEST_CASE("a neuron computes activation(w . x + b)", "[mlp]") {
  nn::Random random(9);
  const nn::Neuron neuron(2, nn::Activation::tanh, random);
  const std::vector<Value> inputs{0.5, -1.5};
  const Value out = neuron(inputs);
  const auto& w = neuron.weights();
  CHECK(out.data() == Approx(std::tanh(w[0].data() * 0.5 + w[1].data() * -1.5)));
}

TEST_CASE("activations are selectable per MLP", "[mlp]") {
  const nn::MLP model(2, {3, 1}, {.hidden = nn::Activation::tanh, .output = nn::Activation::sigmoid});
  const double point[] = {10.0, -10.0};
  const double out = model(point)[0].data();
  CHECK((out > 0.0 && out < 1.0));
  CHECK(model.architecture() == "MLP(2, [3, 1], [tanh, sigmoid])");
}

TEST_CASE("an activation's name reads back as that activation", "[mlp]") {
  for (auto activation : {nn::Activation::relu, nn::Activation::tanh, nn::Activation::sigmoid, nn::Activation::linear})
    CHECK(nn::activation_named(nn::activation_name(activation)) == activation);
  CHECK_FALSE(nn::activation_named("Relu").has_value());
  CHECK_FALSE(nn::activation_named("").has_value());
}

TEST_CASE("inputs of the wrong size say what was expected and what came", "[mlp]") {
  const nn::MLP model(2, {3, 1});
  const std::vector<Value> three{1.0, 2.0, 3.0};
  CHECK_THROWS_WITH(model(three), "MLP: expected 2 inputs, got 3");
  CHECK_THROWS_WITH(model.layers()[0](three), "Layer: expected 2 inputs, got 3");
  CHECK_THROWS_WITH(model.layers()[0].neurons()[0](three), "Neuron: expected 2 inputs, got 3");
  CHECK_THROWS_AS(model(std::vector<Value>{}), std::invalid_argument);
}

TEST_CASE("an MLP needs inputs and non-empty layers", "[mlp]") {
  CHECK_THROWS_WITH(nn::MLP(2, {}), "MLP: needs at least one layer size");
  CHECK_THROWS_WITH(nn::MLP(0, {1}), "MLP: needs at least one input");
  CHECK_THROWS_WITH(nn::MLP(2, {4, 0, 1}), "MLP: layer 1 has size 0; sizes must be > 0");
}

namespace {
// A user-defined module: two parts and a free parameter, listed in one line.
class Scaled : public nn::Module {
 public:
  Scaled() : body_(2, {3, 1}, {.seed = 2}), scale_(0.5) {}
  Value operator()(std::span<const Value> x) const { return body_(x)[0] * scale_; }
  std::vector<Value> parameters() const override { return nn::parameters_of(body_, scale_); }

 private:
  nn::MLP body_;
  Value scale_;
};
}  // namespace

TEST_CASE("a user-defined module lists its parts' parameters and zeroes their grads", "[mlp]") {
  const Scaled model;
  const auto parameters = model.parameters();
  REQUIRE(parameters.size() == 13 + 1);
  CHECK(parameters.back().data() == 0.5);
  CHECK(model.architecture() == "(anonymous namespace)::Scaled(14 parameters)");  // its type names it
  backprop::GraphScope scope;
  const std::vector<Value> x{1.0, -1.0};
  model(x).backward();
  CHECK(parameters.back().grad() != 0.0);
  model.zero_grad();
  for (const Value& p : model.parameters()) CHECK(p.grad() == 0.0);
}


namespace {
std::vector<std::string> names_of(const nn::Module& module) {
  std::vector<std::string> names;
  for (const nn::NamedParameter& parameter : module.named_parameters()) names.push_back(parameter.name);
  return names;
}

// The same values in the same order (the same nodes, not equal numbers).
bool same_values(const std::vector<nn::NamedParameter>& named, const std::vector<Value>& values) {
  if (named.size() != values.size()) return false;
  for (std::size_t k = 0; k < values.size(); ++k)
    if (named[k].value.id() != values[k].id()) return false;
  return true;
}
}  // namespace

TEST_CASE("an MLP names its parameters by layer, neuron, weight and bias", "[mlp]") {
  const nn::MLP model(2, {2, 1});
  CHECK(names_of(model) == std::vector<std::string>{
                               "layers.0.neurons.0.w.0", "layers.0.neurons.0.w.1", "layers.0.neurons.0.b",
                               "layers.0.neurons.1.w.0", "layers.0.neurons.1.w.1", "layers.0.neurons.1.b",
                               "layers.1.neurons.0.w.0", "layers.1.neurons.0.w.1", "layers.1.neurons.0.b"});
  CHECK(same_values(model.named_parameters(), model.parameters()));
  const nn::MLP moons(2, {16, 16, 1});
  const auto named = moons.named_parameters();
  CHECK(same_values(named, moons.parameters()));
  CHECK(named[3 * 16 + 17 * 3 + 1].name == "layers.1.neurons.3.w.1");
  CHECK(named[3 * 16 + 17 * 3 + 16].name == "layers.1.neurons.3.b");
}

TEST_CASE("a layer and a neuron name their own parameters", "[mlp]") {
  nn::Random random(1);
  const nn::Neuron neuron(2, nn::Activation::relu, random);
  CHECK(names_of(neuron) == std::vector<std::string>{"w.0", "w.1", "b"});
  const nn::Layer layer(1, 2, nn::Activation::tanh, random);
  CHECK(names_of(layer) == std::vector<std::string>{"neurons.0.w.0", "neurons.0.b", "neurons.1.w.0", "neurons.1.b"});
  CHECK(same_values(layer.named_parameters(), layer.parameters()));
}

TEST_CASE("built-in modules label their parameters with their names", "[mlp]") {
  const nn::MLP model(2, {2, 1});
  for (const nn::NamedParameter& parameter : model.named_parameters()) CHECK(parameter.value.label() == parameter.name);
  nn::Random random(1);
  const nn::Neuron neuron(1, nn::Activation::relu, random);
  CHECK(neuron.bias().label() == "b");
  // explain (and so the tool's pages) call them by these names
  backprop::GraphScope scope;
  const double point[] = {0.5, -1.0};
  const Value out = model(point)[0];
  out.backward();
  CHECK_THAT(backprop::explain(out), Catch::Contains("\n  layers.1.neurons.0.w.1.grad += n4.data * n5.grad = "));
}

namespace {
// A module of one's own that names its parts: a model, a matrix (as an
// embedding table would be), a list of values and a single value.
class Named : public nn::Module {
 public:
  Named() : body_(2, {1}, {.seed = 4}), table_(2, 3, std::vector<double>{1, 2, 3, 4, 5, 6}) { label_parameters(); }
  std::vector<nn::NamedParameter> named_parameters() const override {
    return nn::parameters_of(nn::named("body", body_), nn::named("wte", table_), nn::named("shift", shift_),
                             nn::named("scale", scale_));
  }
  nn::MLP body_;
  backprop::Matrix table_;
  std::vector<Value> shift_{0.1, 0.2};
  Value scale_ = 0.5;
};

class NamesNothing : public nn::Module {};
}  // namespace

TEST_CASE("a module of one's own names its parts through parameters_of", "[mlp]") {
  const Named model;
  CHECK(names_of(model) == std::vector<std::string>{"body.layers.0.neurons.0.w.0", "body.layers.0.neurons.0.w.1",
                                                    "body.layers.0.neurons.0.b", "wte.0.0", "wte.0.1", "wte.0.2",
                                                    "wte.1.0", "wte.1.1", "wte.1.2", "shift.0", "shift.1", "scale"});
  // parameters() comes from the names, in the same order.
  CHECK(same_values(model.named_parameters(), model.parameters()));
  CHECK(model.parameters()[7].data() == 5.0);
  CHECK(nn::parameters_of(model.table_).size() == 6);
  // The enclosing module's names replace those its parts gave themselves.
  CHECK(model.body_.parameters()[0].label() == "body.layers.0.neurons.0.w.0");
  CHECK(model.table_(1, 2).label() == "wte.1.2");
  CHECK(model.architecture() == "(anonymous namespace)::Named(12 parameters)");
}

TEST_CASE("a module that lists parameters without names has them numbered", "[mlp]") {
  const Scaled model;
  const auto names = names_of(model);
  REQUIRE(names.size() == 14);
  CHECK(names.front() == "0");
  CHECK(names.back() == "13");
  CHECK(same_values(model.named_parameters(), model.parameters()));
}

TEST_CASE("a module that lists no parameters at all is told to", "[mlp]") {
  const NamesNothing module;
  CHECK_THROWS_WITH(module.parameters(),
                    "(anonymous namespace)::NamesNothing: a Module must override parameters() or named_parameters()");
  CHECK_THROWS_AS(module.named_parameters(), std::logic_error);
}

TEST_CASE("model({0.5, -1.0}) and model({x1, x2}) compile and agree with the span forms", "[mlp]") {
  const nn::MLP model(2, {3, 1});
  const std::vector<double> numbers{0.5, -1.0};
  const std::vector<Value> values{0.5, -1.0};
  const double expected = model(std::span<const double>(numbers))[0].data();
  CHECK(model({0.5, -1.0})[0].data() == expected);
  CHECK(model({Value(0.5), Value(-1.0)})[0].data() == expected);
  CHECK(model(values)[0].data() == expected);
  CHECK(model.layers()[0]({Value(0.5), -1.0}).size() == 3);
}

TEST_CASE("inference under NoGrad takes no tape memory", "[mlp]") {
  const nn::MLP model(2, {16, 16, 1});
  const double expected = model({0.5, -1.0})[0].data();
  const backprop::Tape& tape = backprop::Tape::current();
  const std::size_t size = tape.size(), operands = tape.operands_size();
  backprop::NoGrad no_grad;
  for (int k = 0; k < 1000; ++k) CHECK(model({0.5, -1.0})[0].data() == expected);
  CHECK(tape.size() == size);
  CHECK(tape.operands_size() == operands);
}

TEST_CASE("a neuron records the weighted_sum its weights and inputs give, its weights made together or not", "[mlp]") {
  // A neuron whose weights are one run of leaves (made together) checks
  // them once; one over scattered weights takes the general way. Both
  // record the same node, with the same value and gradients.
  nn::Random random(3);
  const nn::Neuron made(3, nn::Activation::tanh, random);
  std::vector<Value> scattered;
  for (const Value& w : made.weights()) {
    scattered.emplace_back(w.data());
    Value(0.0);  // a leaf between them: not one run
  }
  const nn::Neuron assembled(scattered, Value(made.bias().data()), nn::Activation::tanh);
  backprop::GraphScope scope;
  const std::vector<Value> inputs{Value(0.5), Value(-1.5) * 2.0, Value(0.25)};
  const Value a = made(inputs), b = assembled(inputs);
  const Value reference = tanh(backprop::weighted_sum(made.weights(), inputs, made.bias()));
  CHECK(a.data() == reference.data());
  CHECK(b.data() == reference.data());
  CHECK(backprop::detail::NodeWord::op(backprop::detail::this_threads_tape.word(a.id() - 1)) == backprop::Op::weighted_sum);
  a.backward();
  b.backward();
  for (std::size_t k = 0; k < 3; ++k) {
    CHECK(made.weights()[k].grad() == assembled.weights()[k].grad());
    CHECK(made.weights()[k].grad() == Approx((1 - a.data() * a.data()) * inputs[k].data()));
  }
}

TEST_CASE("a neuron over released weights or inputs throws as weighted_sum does, and takes NoGrad inputs in", "[mlp]") {
  std::optional<nn::Neuron> released;
  {
    backprop::GraphScope scope;
    nn::Random random(3);
    released.emplace(2, nn::Activation::relu, random);
  }
  const std::vector<Value> inputs{Value(0.5), Value(1.0)};
  CHECK_THROWS_WITH((*released)(inputs), Catch::Contains("was released"));
  nn::Random random(4);
  const nn::Neuron neuron(2, nn::Activation::linear, random);
  std::vector<Value> stale;
  {
    backprop::GraphScope scope;
    stale = {Value(0.5) * 1.0, Value(1.0)};
  }
  CHECK_THROWS_WITH(neuron(stale), Catch::Contains("was released"));
  std::vector<Value> constants;
  {
    backprop::NoGrad no_grad;
    constants = {Value(0.5) * 2.0, Value(1.0) * 1.0};
  }
  backprop::GraphScope scope;
  const Value out = neuron(constants);
  CHECK(out.data() == neuron.weights()[0].data() * 1.0 + neuron.weights()[1].data() * 1.0 + neuron.bias().data());
  out.backward();
  CHECK(neuron.weights()[0].grad() == 1.0);
  CHECK(neuron.weights()[1].grad() == 1.0);
}
