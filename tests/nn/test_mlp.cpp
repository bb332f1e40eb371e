// Tests for nn/neuron, nn/layer, nn/mlp and nn/module: shapes, seeded
// initialisation, input-size errors, and user-defined modules.
#include <catch2/catch.hpp>

#include <cmath>

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

TEST_CASE("an MLP's graph can be drawn with one cluster per neuron", "[mlp]") {
  backprop::GraphScope scope;
  const nn::MLP model(2, {2, 1}, {.seed = 3});
  const double point[] = {0.5, -1.0};
  Value out = model(point)[0];
  out.backward();
  backprop::DotOptions options;
  options.clusters = nn::neuron_clusters(model);
  REQUIRE(options.clusters.size() == 3);
  CHECK(options.clusters[2].name == "layer 1 neuron 0");
  const std::string dot = to_dot(out, options);
  for (const char* cluster : {"cluster_0", "cluster_1", "cluster_2"})
    CHECK(dot.find(cluster) != std::string::npos);
  CHECK(dot.find("label=\"layer 1 neuron 0\"") != std::string::npos);
}
