// examples/microgpt run as a process: every step's loss, a sample of every
// step's gradients and of the trained weights against PyTorch
// (fixtures/microgpt_parity.txt, from make_microgpt_fixtures.py, through
// --init, --data and --no-shuffle); save and load; every error path with its
// exit status and message.
#include <catch2/catch.hpp>

#include <sstream>

#include <fmt/format.h>

#include "nn/io/model_file.hpp"
#include "support/fixture_cases.hpp"
#include "support/run_process.hpp"

using backprop::testing::run_process;
using backprop::testing::ScratchDir;
namespace nn = backprop::nn;
namespace testing = backprop::testing;

namespace {

const std::string microgpt = BACKPROP_MICROGPT;
const std::string fixtures = BACKPROP_FIXTURES_DIR;

// The fixture's run: its names in their order, its initial weights.
std::vector<std::string> fixture_run(std::vector<std::string> more) {
  std::vector<std::string> arguments{"--data", fixtures + "/microgpt/names.txt", "--init",
                                     fixtures + "/microgpt/init.txt", "--no-shuffle", "--samples", "0"};
  arguments.insert(arguments.end(), more.begin(), more.end());
  return arguments;
}

// The numbers of one line of text.
std::vector<double> numbers_in(const std::string& line) {
  std::istringstream words(line);
  std::vector<double> numbers;
  for (std::string word; words >> word;) numbers.push_back(std::strtod(word.c_str(), nullptr));
  return numbers;
}

// Every `stride`-th entry, as the fixture samples them.
std::vector<double> every(const std::vector<double>& all, std::size_t stride) {
  std::vector<double> sample;
  for (std::size_t k = 0; k < all.size(); k += stride) sample.push_back(all[k]);
  return sample;
}

}  // namespace

TEST_CASE("microgpt's losses, gradients and trained weights match PyTorch step by step", "[microgpt]") {
  const testing::FixtureCase parity = testing::fixture_case(fixtures + "/microgpt_parity.txt", "");
  const auto steps = static_cast<std::size_t>(parity.number("steps"));
  const auto stride = static_cast<std::size_t>(parity.number("sample_stride"));
  ScratchDir dir("microgpt-parity");
  const auto result = run_process(microgpt, fixture_run({"--steps", std::to_string(steps), "--print-every", "1",
                                                         "--gradients", (dir / "gradients.txt").string(), "--save",
                                                         (dir / "model.txt").string()}));
  INFO(result.out << result.err);
  REQUIRE(result.status == 0);
  CHECK(result.out.find(fmt::format("{} parameters", parity.number("parameters"))) != std::string::npos);

  // "step K loss X", X printed so that it reads back to the same double
  std::vector<double> losses;
  std::istringstream lines(result.out);
  for (std::string line; std::getline(lines, line);)
    if (line.starts_with("step ")) {
      const std::string expected_start = fmt::format("step {} loss ", losses.size() + 1);
      REQUIRE(line.starts_with(expected_start));
      const std::string text = line.substr(expected_start.size());
      losses.push_back(std::strtod(text.c_str(), nullptr));
      CHECK(fmt::format("{}", losses.back()) == text);
    }
  CHECK(testing::largest_relative_difference(losses, parity.numbers("losses")) <= 1e-10);

  std::istringstream gradient_lines(testing::read_file(dir / "gradients.txt"));
  std::size_t step = 0;
  for (std::string line; std::getline(gradient_lines, line);) {
    ++step;
    INFO("step " << step);
    const std::vector<double> gradient = numbers_in(line);
    CHECK(gradient.size() == parity.number("parameters"));
    CHECK(testing::largest_relative_difference(every(gradient, stride),
                                               parity.numbers(fmt::format("gradients_{}", step))) <= 1e-10);
  }
  CHECK(step == steps);

  // The saved model: a line per parameter, its name and its number, in the order of --init.
  const nn::SavedModel model = nn::read_model_file(dir / "model.txt");
  std::vector<double> trained;
  for (const nn::SavedParameter& parameter : model.parameters) trained.push_back(parameter.value);
  CHECK(trained.size() == parity.number("parameters"));
  CHECK(model.parameters.front().name == "wte.weight.0.0");
  CHECK(model.parameters.back().name == "layers.0.mlp_fc2.weight.15.63");
  CHECK(testing::largest_relative_difference(every(trained, stride), parity.numbers("trained")) <= 1e-10);
}

TEST_CASE("microgpt trains on the bundled names and makes up names from their letters", "[microgpt]") {
  const auto result = run_process(microgpt, {"--steps", "20", "--print-every", "10", "--samples", "4"});
  INFO(result.out << result.err);
  REQUIRE(result.status == 0);
  CHECK(result.out.starts_with("32033 names, 27 tokens, 4192 parameters\n"));
  CHECK(result.out.find("step 10 loss ") != std::string::npos);
  CHECK(result.out.find("step 20 loss ") != std::string::npos);
  CHECK(result.out.find("trained 20 steps in ") != std::string::npos);
  CHECK(result.out.find('\r') == std::string::npos);  // piped: plain lines, no live line
  const std::string samples = result.out.substr(result.out.find("4 made-up names:\n") + 17);
  std::istringstream names(samples);
  std::size_t count = 0;
  for (std::string name; std::getline(names, name); ++count) {
    CHECK(name.size() <= 16);
    CHECK(name.find_first_not_of("abcdefghijklmnopqrstuvwxyz") == std::string::npos);
  }
  CHECK(count == 4);
}

TEST_CASE("a model saved by microgpt loads back and samples the same names", "[microgpt]") {
  ScratchDir dir("microgpt-save");
  const std::string model = (dir / "model.txt").string();
  const auto trained = run_process(microgpt, fixture_run({"--steps", "3", "--seed", "5", "--save", model,
                                                          "--samples", "6"}));
  REQUIRE(trained.status == 0);
  // The same seed draws the same initial weights before --load replaces them, so sampling draws the same.
  const auto loaded = run_process(microgpt, {"--data", fixtures + "/microgpt/names.txt", "--load", model,
                                             "--no-shuffle", "--steps", "0", "--seed", "5", "--samples", "6"});
  INFO(loaded.err);
  REQUIRE(loaded.status == 0);
  CHECK(loaded.out.substr(loaded.out.find("made-up")) == trained.out.substr(trained.out.find("made-up")));
  CHECK(testing::read_file(model).find("architecture MicroGPT([abcdefghilmnortuvwxz], width 16, heads 4, "
                                       "layers 1, context 16)") != std::string::npos);
}

TEST_CASE("a saved model whose vocabulary line was changed is refused", "[microgpt]") {
  ScratchDir dir("microgpt-vocabulary");
  const std::string model = (dir / "model.txt").string();
  REQUIRE(run_process(microgpt, fixture_run({"--steps", "1", "--save", model})).status == 0);
  std::string text = testing::read_file(model);
  const std::size_t z = text.find("wxz]");
  REQUIRE(z != std::string::npos);
  text[z + 2] = '~';  // the model would silently write '~' where it learnt 'z'
  testing::write_file(dir / "changed.txt", text);
  testing::write_file(dir / "names.txt", "anna\n");  // no 'z' needed: the data fits either vocabulary
  const auto loaded = run_process(microgpt, {"--data", (dir / "names.txt").string(), "--load",
                                             (dir / "changed.txt").string(), "--steps", "0", "--samples", "1"});
  CHECK(loaded.status == 1);
  CHECK_THAT(loaded.err, Catch::Contains("changed.txt:") && Catch::Contains(": the end line") &&
                             Catch::Contains("the file was changed or damaged after it was saved"));
}

TEST_CASE("bad data gets an error naming the file and line", "[microgpt]") {
  ScratchDir dir("microgpt-data");
  auto run_on = [&](const std::string& text, std::vector<std::string> more = {}) {
    testing::write_file(dir / "names.txt", text);
    std::vector<std::string> arguments{"--data", (dir / "names.txt").string(), "--steps", "1", "--samples", "0"};
    arguments.insert(arguments.end(), more.begin(), more.end());
    return run_process(microgpt, arguments);
  };
  const std::string names = (dir / "names.txt").string();
  auto check_error = [](const testing::ProcessResult& result, const std::string& message) {
    CHECK(result.status == 1);
    CHECK(result.err == "microgpt: " + message + "\n");
  };
  check_error(run_on(""), names + ": no names in the file (one name per line)");
  check_error(run_on("\n\n"), names + ": no names in the file (one name per line)");
  check_error(run_on("anna\nbob\nabcdefghijklmnop\n"),
              names + ":3: 'abcdefghijklmnop' has 16 characters; the context holds 16 tokens, BOS and at most 15");
  check_error(run_on("anna\njos\xc3\xa9\n"), names + ":2: 'jos\\xc3\\xa9' holds '\\xc3', which is not printable ASCII");
  check_error(run_on("anna\tb\n"), names + ":1: 'anna\\x09b' holds '\\x09', which is not printable ASCII");

  // A saved model knows only the characters it was trained on.
  REQUIRE(run_on("anna\nbob\n", {"--save", (dir / "model.txt").string()}).status == 0);
  CHECK(run_on("bob\n\nanna\n", {"--load", (dir / "model.txt").string()}).status == 0);
  check_error(run_on("anna\n\nbobby\n", {"--load", (dir / "model.txt").string()}),
              names + ":3: 'bobby' holds 'y', which the loaded model never saw (it knows 'abno')");
  check_error(run_on("anna\n", {"--load", names}),
              fmt::format("{}:1: not a backprop model: expected 'backprop-model {}', got 'anna'", names,
                          nn::model_file_version));
  // A model file of another kind, or with its characters out of order, is not one of this example's.
  const std::string other = (dir / "other.txt").string();
  for (const std::string architecture : {"MLP(2, [1], [linear])", "MicroGPT([ba], width 16, heads 4, layers 1, context 16)"}) {
    testing::write_file(other, fmt::format("backprop-model {}\narchitecture {}\nparameters 0\n",
                                           nn::model_file_version, architecture));
    check_error(run_on("anna\n", {"--load", other}), other + ": not a model of this example: '" + architecture + "'");
  }
  const auto directory = run_on("anna\n", {"--data", dir.path().string()});  // the later --data wins
  CHECK(directory.status == 1);
  CHECK(directory.err.find("a directory") != std::string::npos);
}

TEST_CASE("initial weights with a wrong count or a bad number are refused by position", "[microgpt]") {
  ScratchDir dir("microgpt-init");
  const std::string init = (dir / "init.txt").string();
  auto run_with = [&](const std::string& text) {
    testing::write_file(dir / "init.txt", text);
    return run_process(microgpt, {"--data", fixtures + "/microgpt/names.txt", "--init", init, "--steps", "1"});
  };
  auto result = run_with("0.1 0.2\n0.3\n");
  CHECK(result.status == 1);
  CHECK(result.err == "microgpt: " + init + ": 3 numbers, but the model has 4000 parameters\n");
  result = run_with("0.1 0.2\n0.3 x 0.5\n");
  CHECK(result.status == 1);
  CHECK(result.err == "microgpt: " + init + ":2: number 4: 'x' is not a finite number\n");
  result = run_with("0.1 1e999\n");
  CHECK(result.err == "microgpt: " + init +
                          ":1: number 2: '1e999' is too large to represent (the largest double is about 1.8e308)\n");
}

TEST_CASE("usage errors exit with status 2 and say what was wrong", "[microgpt]") {
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases{
      {{"--steps", "ten"}, "--steps: needs a whole number >= 0, got 'ten'"},
      {{"--steps", "-1"}, "--steps: needs a whole number >= 0, got '-1'"},
      {{"--temperature", "0"}, "--temperature: needs a number >= 1e-6 (each score is divided by it: below that, "
                               "sampling always picks the likeliest character, and far below it the scores "
                               "overflow to infinity), got '0'"},
      {{"--samples"}, "--samples needs a value"},
      {{"--frobnicate", "1"}, "unknown option '--frobnicate'"},
      {{"--init", "a", "--load", "b"}, "--init and --load both set the weights; give one"},
  };
  for (const auto& [arguments, message] : cases) {
    const auto result = run_process(microgpt, arguments);
    INFO(arguments[0]);
    CHECK(result.status == 2);
    CHECK(result.err == "microgpt: " + message + "\nRun 'microgpt --help' for more information.\n");
    CHECK(result.out.empty());
  }
  // A temperature that passes "> 0" but cannot sample (score / T overflows
  // to infinity, and softmax gives NaN) is refused before any training.
  for (const char* temperature : {"nan", "1e-320", "1e-300", "5e-7", "-1"}) {
    const auto result = run_process(microgpt, {"--temperature", temperature, "--steps", "1"});
    INFO(temperature);
    CHECK(result.status == 2);
    CHECK_THAT(result.err, Catch::StartsWith("microgpt: --temperature: needs a number >= 1e-6 (each score is divided"));
    CHECK(result.out.empty());
  }
  const auto lowest = run_process(microgpt, {"--temperature", "1e-6", "--steps", "3", "--samples", "3"});
  INFO(lowest.err);
  CHECK(lowest.status == 0);
  CHECK_THAT(lowest.out, Catch::Contains("3 made-up names:\n"));
  const auto help = run_process(microgpt, {"--help"});
  CHECK(help.status == 0);
  CHECK(help.out.starts_with("usage: microgpt [options]\n"));
}

TEST_CASE("microgpt's output that cannot be written is an error, never a silent success", "[microgpt]") {
  const backprop::testing::Redirect full_stdout{.out = "/dev/full"};
  for (const std::vector<std::string>& arguments :
       {std::vector<std::string>{"--help"}, fixture_run({"--steps", "1", "--samples", "2"})}) {
    const auto result = run_process(microgpt, arguments, full_stdout);
    CHECK(result.status == 1);
    CHECK(result.err.starts_with("microgpt: "));
  }
  ScratchDir dir("microgpt-unwritable");
  const auto result = run_process(microgpt, fixture_run({"--steps", "1", "--save", dir.path().string()}));
  CHECK(result.status == 1);
  CHECK(result.err.find("microgpt: " + dir.path().string()) == 0);
  // --gradients is written as training goes: a place it cannot go is refused before the first step.
  const auto gradients = run_process(microgpt, fixture_run({"--steps", "1", "--gradients", dir.path().string()}));
  CHECK(gradients.status == 1);
  CHECK(gradients.err.find("microgpt: " + dir.path().string() + ": cannot write: it is a directory") == 0);
  CHECK(gradients.out.find("trained") == std::string::npos);
  const backprop::testing::Redirect full_stderr{.err = "/dev/full"};
  CHECK(run_process(microgpt, {"--steps", "x"}, full_stderr).status == 2);
  CHECK(run_process(microgpt, {"--data", "/nonexistent/names.txt"}, full_stderr).status == 1);
}
