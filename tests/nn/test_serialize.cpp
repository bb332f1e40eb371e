// Tests for nn/serialize: exact round trips, a clear
// error for every kind of bad file, and no half-written file ever.
#include <catch2/catch.hpp>

#include <csignal>

#include <sys/wait.h>
#include <unistd.h>

#include "nn/nn.hpp"
#include "support/file_text.hpp"
#include "support/scratch_dir.hpp"

using backprop::Value;
using backprop::testing::read_file;
using backprop::testing::ScratchDir;
using backprop::testing::write_file;
namespace nn = backprop::nn;

namespace {
std::vector<double> data_of(const nn::Module& model) {
  std::vector<double> numbers;
  for (const Value& v : model.parameters()) numbers.push_back(v.data());
  return numbers;
}
}  // namespace

TEST_CASE("a saved model loads back bit for bit", "[serialize]") {
  ScratchDir dir("roundtrip");
  const nn::MLP trained(2, {16, 16, 1}, {.seed = 11});
  auto parameters = trained.parameters();
  parameters[0].set_data(0.1);  // a number with no short binary form
  parameters[1].set_data(-1e-300);
  nn::save(trained, dir / "model.txt");
  const nn::MLP fresh(2, {16, 16, 1}, {.seed = 12});
  REQUIRE(data_of(fresh) != data_of(trained));
  nn::load(fresh, dir / "model.txt");
  CHECK(data_of(fresh) == data_of(trained));
  CHECK_FALSE(std::filesystem::exists(dir / "model.txt.tmp"));
  CHECK(read_file(dir / "model.txt").rfind(
            "backprop-model 1\narchitecture MLP(2, [16, 16, 1], [relu, relu, linear])\n"
            "parameters 337\n0.1\n-1e-300\n", 0) == 0);
}

TEST_CASE("bad model files each give their own clear error and change nothing", "[serialize]") {
  ScratchDir dir("bad-files");
  const nn::MLP model(2, {2, 1}, {.seed = 1});
  nn::save(model, dir / "good.txt");
  const std::string good = read_file(dir / "good.txt");
  const auto before = data_of(model);
  const auto path = dir / "bad.txt";
  auto load_text = [&](const std::string& text) {
    write_file(path, text);
    nn::load(model, path);
  };
  const std::string name = path.string();

  CHECK_THROWS_WITH(nn::load(model, dir / "missing.txt"), Catch::Contains("cannot open the file"));
  CHECK_THROWS_WITH(load_text(""),
                    name + ":1: the file is truncated: expected backprop-model 1");
  CHECK_THROWS_WITH(load_text("hello\n"),
                    name + ":1: not a backprop model: expected 'backprop-model 1', got 'hello'");
  const nn::MLP other(2, {3, 1});
  nn::save(other, dir / "other.txt");
  CHECK_THROWS_WITH(nn::load(model, dir / "other.txt"),
                    Catch::Contains(":2: architecture mismatch: the file has 'architecture "
                                    "MLP(2, [3, 1], [relu, linear])', the model is "
                                    "'architecture MLP(2, [2, 1], [relu, linear])'"));
  const std::string header = good.substr(0, good.find("parameters"));
  CHECK_THROWS_WITH(load_text(header + "parameters 8\n"),
                    name + ":3: expected 'parameters 9', got 'parameters 8'");
  // truncated: the last number is missing
  CHECK_THROWS_WITH(load_text(good.substr(0, good.rfind('\n', good.size() - 2) + 1)),
                    name + ":12: the file is truncated: expected 9 parameters, found 8");
  // corrupt: a number is not a number
  std::string corrupt = good;
  corrupt.replace(corrupt.find("parameters 9\n") + 13, 1, "x");
  CHECK_THROWS_WITH(load_text(corrupt), Catch::StartsWith(name + ":4: parameter 0: 'x"));
  CHECK_THROWS_WITH(load_text(header + "parameters 9\n1\n2\n3\n4\n5\n6\n7\ninf\n9\n"),
                    name + ":11: parameter 7: 'inf' is not a finite number");
  CHECK_THROWS_WITH(load_text(good + "extra\n"),
                    name + ":13: unexpected content after the 9 parameters: 'extra'");
  CHECK(data_of(model) == before);  // no failed load changed a parameter
}

TEST_CASE("saving refuses a diverged model and leaves the old file", "[serialize]") {
  ScratchDir dir("diverged");
  const nn::MLP model(2, {2, 1});
  nn::save(model, dir / "model.txt");
  const std::string old = read_file(dir / "model.txt");
  auto parameters = model.parameters();
  parameters[3].set_data(std::numeric_limits<double>::quiet_NaN());
  CHECK_THROWS_WITH(nn::save(model, dir / "model.txt"),
                    Catch::Contains("cannot save: parameter 3 is nan; the model has diverged"));
  CHECK(read_file(dir / "model.txt") == old);
  CHECK_THROWS_WITH(nn::save(nn::MLP(2, {1}), dir.path() / "no-such-dir" / "model.txt"),
                    Catch::Contains("cannot write: cannot create a temporary file in its directory: No such file or directory"));
}

TEST_CASE("a save killed at any moment leaves the old model or the new, never half",
          "[serialize]") {
  ScratchDir dir("killed");
  const auto path = dir / "model.txt";
  const nn::MLP old_model(2, {64, 64, 1}, {.seed = 1}), new_model(2, {64, 64, 1}, {.seed = 2});
  nn::save(old_model, path);
  const nn::MLP probe(2, {64, 64, 1}, {.seed = 3});
  for (int attempt = 0; attempt < 20; ++attempt) {
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
      for (;;) nn::save(new_model, path);  // killed somewhere in the middle of a save
    }
    ::usleep(static_cast<useconds_t>(200 + 700 * attempt));
    ::kill(child, SIGKILL);
    int status = 0;
    ::waitpid(child, &status, 0);
    REQUIRE_NOTHROW(nn::load(probe, path));
    const auto loaded = data_of(probe);
    CHECK((loaded == data_of(old_model) || loaded == data_of(new_model)));
  }
}
