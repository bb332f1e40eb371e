// The nn library against PyTorch: for fixed weights and data
// (fixtures/nn_parity.txt, from make_nn_fixtures.py), every loss and every
// parameter gradient of an MLP must match to 1e-10.
#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "nn/nn.hpp"
#include "support/fixture_cases.hpp"
#include "support/mlp_loss.hpp"

using backprop::Value;
using backprop::testing::activation_named;
namespace nn = backprop::nn;

namespace {

struct ParityCase {
  std::string name, loss;
  std::size_t nin = 0;
  std::vector<std::size_t> sizes;
  nn::Activation hidden{}, output{};
  std::vector<std::vector<double>> inputs;
  std::vector<double> targets;
  std::vector<double> parameters, grads;
  double value = 0.0;
};

std::vector<ParityCase> load_cases() {
  std::ifstream file(BACKPROP_FIXTURES_DIR "/nn_parity.txt");
  REQUIRE(file.good());
  std::vector<ParityCase> cases;
  std::string line, keyword;
  while (std::getline(file, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    fields >> keyword;
    if (keyword == "case") {
      cases.emplace_back();
      fields >> cases.back().name;
      continue;
    }
    ParityCase& current = cases.back();
    if (keyword == "architecture") {
      std::vector<std::string> words;
      for (std::string word; fields >> word;) words.push_back(word);
      current.nin = std::stoul(words[0]);
      for (std::size_t k = 1; k + 2 < words.size(); ++k) current.sizes.push_back(std::stoul(words[k]));
      current.hidden = activation_named(words[words.size() - 2]);
      current.output = activation_named(words.back());
    } else if (keyword == "loss") {
      fields >> current.loss;
    } else if (keyword == "samples") {
      std::size_t samples = 0;
      fields >> samples;
      for (std::size_t i = 0; i < samples; ++i) {
        REQUIRE(std::getline(file, line));
        std::istringstream row(line);
        std::vector<double> numbers;
        for (double x; row >> x;) numbers.push_back(x);
        REQUIRE(numbers.size() == current.nin + 1);
        current.targets.push_back(numbers.back());
        numbers.pop_back();
        current.inputs.push_back(numbers);
      }
    } else if (keyword == "parameters") {
      std::size_t count = 0;
      fields >> count;
      for (std::size_t k = 0; k < count; ++k) {
        REQUIRE(std::getline(file, line));
        std::istringstream row(line);
        double value = 0.0, grad = 0.0;
        row >> value >> grad;
        current.parameters.push_back(value);
        current.grads.push_back(grad);
      }
    } else if (keyword == "value") {
      fields >> current.value;
    }
  }
  return cases;
}

}  // namespace

TEST_CASE("every loss and parameter gradient of an MLP matches PyTorch", "[parity]") {
  const auto cases = load_cases();
  REQUIRE(cases.size() == backprop::testing::declared_case_count(BACKPROP_FIXTURES_DIR "/nn_parity.txt"));
  for (const ParityCase& c : cases) {
    INFO("case " << c.name);
    backprop::GraphScope scope;
    const nn::MLP model(c.nin, c.sizes, {.hidden = c.hidden, .output = c.output});
    auto parameters = model.parameters();
    REQUIRE(parameters.size() == c.parameters.size());
    for (std::size_t k = 0; k < parameters.size(); ++k) parameters[k].set_data(c.parameters[k]);

    Value loss = backprop::testing::mlp_loss(c.loss, model, c.inputs, c.targets);
    loss.backward();
    CHECK(std::fabs(loss.data() - c.value) <= 1e-10 * std::max(1.0, std::fabs(c.value)));
    double worst = 0.0;
    for (std::size_t k = 0; k < parameters.size(); ++k)
      worst = std::max(worst, std::fabs(parameters[k].grad() - c.grads[k]) /
                                  std::max(1.0, std::fabs(c.grads[k])));
    INFO("largest gradient difference " << worst);
    CHECK(worst <= 1e-10);
  }
}
