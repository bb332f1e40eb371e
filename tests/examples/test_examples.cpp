// Every example's command line, run as a process: --help on standard
// output with status 0, --version, a usage error in two lines with status 2,
// and output that cannot be written (/dev/full) an error with status 1,
// never a silent success. Each example's own lesson is tested beside it
// (test_microgpt.cpp, the suite's example runs).
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "support/run_process.hpp"

using backprop::testing::Redirect;
using backprop::testing::run_process;
using backprop::testing::ScratchDir;

namespace {

struct Example {
  std::string name, program;
};

const std::vector<Example> examples = {
    {"expression", BACKPROP_EXPRESSION_EXAMPLE}, {"neuron", BACKPROP_NEURON_EXAMPLE},
    {"moons", BACKPROP_MOONS_EXAMPLE},           {"custom_model", BACKPROP_CUSTOM_MODEL_EXAMPLE},
    {"microgpt", BACKPROP_MICROGPT},             {"fit_square", BACKPROP_FIT_SQUARE_EXAMPLE},
};

// Arguments for a short run that writes its files, if any, into `dir`.
std::vector<std::string> quick_run(const Example& example, const ScratchDir& dir) {
  if (example.name == "moons") return {"--steps", "2", "--out", dir.path().string()};
  if (example.name == "custom_model") return {"--out", dir.path().string()};
  if (example.name == "microgpt") return {"--steps", "2", "--samples", "2"};
  if (example.name == "fit_square") return {"--steps", "5"};
  return {};
}

}  // namespace

TEST_CASE("every example prints its help on standard output and exits 0", "[examples]") {
  for (const Example& example : examples) {
    INFO(example.name);
    for (const char* help : {"--help", "-h"}) {
      const auto result = run_process(example.program, {help});
      CHECK(result.status == 0);
      CHECK_THAT(result.out, Catch::StartsWith("usage: " + example.name));
      CHECK(result.err.empty());
    }
    const auto version = run_process(example.program, {"--version"});
    CHECK(version.status == 0);
    CHECK(version.out == example.name + " " BACKPROP_VERSION "\n");
  }
}

TEST_CASE("every example words a usage error in two lines and exits 2", "[examples]") {
  for (const Example& example : examples) {
    INFO(example.name);
    const auto result = run_process(example.program, {"--frobnicate"});
    CHECK(result.status == 2);
    CHECK(result.err == "" + example.name + ": unknown option '--frobnicate'\nRun '" + example.name +
                            " --help' for more information.\n");
    CHECK(result.out.empty());
    const auto stray = run_process(example.program, {"stray"});
    CHECK(stray.status == 2);
    CHECK_THAT(stray.err, Catch::StartsWith(example.name + ": unexpected argument 'stray'\n"));
  }
  CHECK_THAT(run_process(BACKPROP_MOONS_EXAMPLE, {"--stpes", "3"}).err,
             Catch::Contains("unknown option '--stpes' (did you mean '--steps'?)"));
  const auto zero = run_process(BACKPROP_MOONS_EXAMPLE, {"--steps=0"});
  CHECK(zero.status == 2);
  CHECK_THAT(zero.err, Catch::StartsWith("moons: --steps: needs a whole number > 0, got '0'\n"));
}

TEST_CASE("every example exits 1 with a message when its output cannot be written", "[examples]") {
  const Redirect full_stdout{.out = "/dev/full"};
  for (const Example& example : examples) {
    INFO(example.name);
    ScratchDir dir("example-full-" + example.name);
    for (const auto& arguments : {quick_run(example, dir), std::vector<std::string>{"--help"}}) {
      const auto result = run_process(example.program, arguments, full_stdout);
      CHECK(result.status == 1);
      CHECK_THAT(result.err, Catch::StartsWith(example.name + ": "));
      CHECK_THAT(result.err, Catch::Contains("No space left on device"));
    }
    // and the same run, written somewhere it can be, succeeds
    const auto fine = run_process(example.program, quick_run(example, dir));
    INFO(fine.err);
    CHECK(fine.status == 0);
  }
}

TEST_CASE("the tiny engine, which has no options, also exits 1 when its output cannot be written", "[examples]") {
  const auto full = run_process(BACKPROP_TINY_ENGINE_EXAMPLE, {}, Redirect{.out = "/dev/full"});
  CHECK(full.status == 1);
  CHECK_THAT(full.err, Catch::StartsWith("tiny_engine: cannot write the output"));
  const auto fine = run_process(BACKPROP_TINY_ENGINE_EXAMPLE, {});
  CHECK(fine.status == 0);
  CHECK_THAT(fine.out, Catch::Contains("g = 24.7041"));
}
