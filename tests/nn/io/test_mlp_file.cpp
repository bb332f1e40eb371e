// Tests for nn/mlp_file: an MLP rebuilt from its file alone, and the files
// it refuses (another module, a shape that does not match the count).
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include "nn/io/io.hpp"
#include "support/file_text.hpp"
#include "support/scratch_dir.hpp"

using backprop::Value;
using backprop::testing::read_file;
using backprop::testing::ScratchDir;
using backprop::testing::write_file;
namespace nn = backprop::nn;

TEST_CASE("an MLP's architecture text reads back as its shape", "[mlp_file]") {
  const auto shape = nn::parse_mlp_architecture("MLP(2, [16, 16, 1], [relu, relu, linear])");
  REQUIRE(shape);
  CHECK(shape->inputs == 2);
  CHECK(shape->sizes == std::vector<std::size_t>{16, 16, 1});
  CHECK(shape->activations ==
        std::vector<nn::Activation>{nn::Activation::relu, nn::Activation::relu, nn::Activation::linear});
  const nn::MLP model(3, {4, 2}, {.hidden = nn::Activation::tanh, .output = nn::Activation::sigmoid});
  CHECK(nn::parse_mlp_architecture(model.architecture()).has_value());
  for (const char* other : {"BlobClassifier(2 -> 8 tanh -> 3)", "MLP(2, [16], [relu]", "MLP(2, [16, 1], [relu])",
                            "MLP(x, [1], [relu])", "MLP(2, [1], [softmax])", "MLP(2, [-1], [relu])", "MLP(", ""})
    CHECK_FALSE(nn::parse_mlp_architecture(other).has_value());
}

TEST_CASE("load_mlp rebuilds a saved MLP whatever its shape", "[mlp_file]") {
  ScratchDir dir("load-mlp");
  const nn::MLP saved(3, {4, 2}, {.hidden = nn::Activation::tanh, .output = nn::Activation::sigmoid, .seed = 7});
  nn::save(saved, dir / "model.txt");
  const nn::MLP loaded = nn::load_mlp(dir / "model.txt");
  CHECK(loaded.architecture() == saved.architecture());
  std::vector<double> a, b;
  for (const Value& v : saved.parameters()) a.push_back(v.data());
  for (const Value& v : loaded.parameters()) b.push_back(v.data());
  CHECK(a == b);
  CHECK(loaded.parameters()[0].label() == "layers.0.neurons.0.w.0");
  // version 2 files too
  CHECK(nn::load_mlp(BACKPROP_FIXTURES_DIR "/models/mlp_2_2_1_seed1_v2.txt").parameters().size() == 9);
}

TEST_CASE("load_mlp refuses other modules and shapes that do not fit the file", "[mlp_file]") {
  ScratchDir dir("load-mlp-refused");
  struct Other : nn::Module {
    Value scale = 2.0;
    std::vector<nn::NamedParameter> named_parameters() const override {
      return nn::parameters_of(nn::named("scale", scale));
    }
    std::string architecture() const override { return "Other(1)"; }
  };
  nn::save(Other{}, dir / "other.txt");
  const std::string other = (dir / "other.txt").string();
  CHECK_THROWS_WITH(nn::load_mlp(other),
                    other + ": holds a 'Other(1)', not an MLP: only an MLP can be rebuilt from its file alone");
  // An architecture line changed to a huge MLP is refused before anything is built.
  std::string text = read_file(BACKPROP_FIXTURES_DIR "/models/mlp_2_2_1_seed1_v2.txt");
  text.replace(text.find("[2, 1]"), 6, "[99999999999999, 1]");
  write_file(dir / "huge.txt", text);
  CHECK_THROWS_WITH(nn::load_mlp(dir / "huge.txt"),
                    Catch::EndsWith("line 2's architecture 'MLP(2, [99999999999999, 1], [relu, linear])' does not "
                                    "have the 9 parameters line 3 declares"));
  text.replace(text.find("[99999999999999, 1]"), 19, "[18446744073709551615, 2]");
  write_file(dir / "overflow.txt", text);
  CHECK_THROWS_WITH(nn::load_mlp(dir / "overflow.txt"), Catch::Contains("does not have the 9 parameters"));
  const nn::MLP mixed(2, {2, 2, 1}, {.seed = 1});
  nn::save(mixed, dir / "mixed.txt");
  std::string mixed_text = read_file(dir / "mixed.txt");
  mixed_text.replace(mixed_text.find("[relu, relu, linear]"), 20, "[relu, tanh, linear]");
  write_file(dir / "mixed.txt", mixed_text);
  CHECK_THROWS_WITH(nn::load_mlp(dir / "mixed.txt"),
                    Catch::EndsWith("'MLP(2, [2, 2, 1], [relu, tanh, linear])' has hidden layers with different "
                                    "activations, which MLP cannot build"));
  // A shape whose count fits the file but that MLP cannot build (no inputs) is refused by file name.
  write_file(dir / "empty.txt", "backprop-model 1\narchitecture MLP(0, [1], [linear])\nparameters 1\n0.5\n");
  CHECK_THROWS_WITH(nn::load_mlp(dir / "empty.txt"),
                    Catch::StartsWith((dir / "empty.txt").string() +
                                      ": the architecture 'MLP(0, [1], [linear])' cannot be built: "));
}

TEST_CASE("load_mlp builds nothing for parameters the file does not hold", "[mlp_file]") {
  ScratchDir dir("load-mlp-declared");
  // 10^10 parameters declared in a few bytes, count and shape consistent:
  // refused where the file ends, naming it, with nothing allocated for them.
  const std::string header = "architecture MLP(100000, [100000], [linear])\nparameters 10000100000\n";
  for (const int version : {1, 2, 3, nn::model_file_version}) {
    const auto path = dir / fmt::format("declared_v{}.txt", version);
    write_file(path, fmt::format("backprop-model {}\n{}", version, header));
    CHECK_THROWS_WITH(nn::load_mlp(path), path.string() + ":4: the file is truncated: expected 10000100000 "
                                                           "parameters, found 0");
  }
  // Cut after a few parameters: the same, at the line where it ends.
  const auto path = dir / "cut.txt";
  write_file(path, "backprop-model 2\narchitecture MLP(3000, [3000], [linear])\nparameters 9003000\n0.5\n0.25\n");
  CHECK_THROWS_WITH(nn::load_mlp(path), path.string() + ":6: the file is truncated: expected 9003000 parameters, "
                                                         "found 2");
}
