// The `backprop html` command run as a process: the page for the lecture's
// neuron on standard output or in a file, its options, and every error path
// with its exit status (the other commands are in test_cli.cpp).
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include "support/run_process.hpp"

using backprop::testing::read_file;
using backprop::testing::run_process;
using backprop::testing::tool;
using backprop::testing::ScratchDir;

namespace {


std::vector<std::string> neuron_html(std::vector<std::string> more = {}) {
  std::vector<std::string> arguments{"html", "tanh(x1*w1 + x2*w2 + b)", "x1=2", "x2=0", "w1=-3", "w2=1",
                                     "b=6.8813735870195432"};
  arguments.insert(arguments.end(), more.begin(), more.end());
  return arguments;
}

}  // namespace

TEST_CASE("html prints the page of the expression, titled with it", "[cli_html]") {
  const auto result = run_process(tool, neuron_html());
  INFO(result.err);
  REQUIRE(result.status == 0);
  CHECK(result.out.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(result.out.find("<h1>tanh(x1*w1 + x2*w2 + b)</h1>") != std::string::npos);
  CHECK(result.out.find(">x1.grad += w1.data * n1.grad = -3 * 0.4999999999999998 = -1.4999999999999993</li>") != std::string::npos);
  CHECK(result.err.empty());
}

TEST_CASE("html -o writes the same page to a file", "[cli_html]") {
  ScratchDir dir("cli-html");
  const std::string path = (dir / "neuron.html").string();
  const auto result = run_process(tool, neuron_html({"-o", path}));
  REQUIRE(result.status == 0);
  CHECK(result.out == "wrote " + path + "\n");
  CHECK(read_file(path) == run_process(tool, neuron_html()).out);
}

TEST_CASE("html --depth draws the part near the output", "[cli_html]") {
  const auto result = run_process(tool, neuron_html({"--depth", "2"}));
  REQUIRE(result.status == 0);
  CHECK(result.out.find("... 6 more values") != std::string::npos);
  for (const std::string bad : {"0", "-1", "two"}) {
    const auto refused = run_process(tool, neuron_html({"--depth", bad}));
    CHECK(refused.status == 2);
    CHECK(refused.err.find("--depth: needs a whole number > 0, got '" + bad + "'") != std::string::npos);
  }
}

TEST_CASE("html with a gradient that is not finite writes the page and exits 1", "[cli_html]") {
  const auto result = run_process(tool, {"html", "sqrt(x)", "x=0"});
  CHECK(result.status == 1);
  CHECK(result.out.find("grad inf</text>") != std::string::npos);
  CHECK(result.err.find("backprop html: not finite: d/dx is inf") != std::string::npos);
}

TEST_CASE("html's usage, evaluation and writing errors have their status and message", "[cli_html]") {
  ScratchDir dir("cli-html-errors");
  struct Case {
    std::vector<std::string> arguments;
    int status;
    std::string message;
  };
  const std::vector<Case> cases = {
      {{"html"}, 2, "backprop html: missing EXPR"},
      {{"html", "x*"}, 2, "syntax error at column 3"},
      {{"html", "x*y", "x=1"}, 2, "no value for variable 'y'; pass y=NUMBER"},
      {{"html", "x", "x=1", "--colour"}, 2, "backprop html: unknown option '--colour'\n"},
      {{"html", "x", "x=1", "-o"}, 2, "-o needs a value"},
      {{"html", "log(x)", "x=-1"}, 1, "backprop html: log: argument must be > 0, got -1"},
      {{"html", "x", "x=1", "-o", dir.path().string()}, 1, "backprop html: "},
      {{"html", "x", "x=1", "-o", (dir / "missing" / "page.html").string()}, 1, "backprop html: "},
  };
  for (const Case& c : cases) {
    const auto result = run_process(tool, c.arguments);
    INFO(c.arguments.back() << "\n" << result.err);
    CHECK(result.status == c.status);
    CHECK(result.err.find(c.message) != std::string::npos);
  }
  CHECK(read_file(dir / "missing" / "page.html").empty());
}

TEST_CASE("html to a full standard output is an error", "[cli_html]") {
  const auto result = run_process(tool, neuron_html(), {.out = "/dev/full"});
  CHECK(result.status == 1);
  CHECK(result.err.find("backprop: ") != std::string::npos);
}

TEST_CASE("html --help says what the page holds", "[cli_html]") {
  const auto result = run_process(tool, {"html", "--help"});
  CHECK(result.status == 0);
  CHECK(result.out.rfind("usage: backprop html EXPR NAME=VALUE... [-o FILE] [--depth N]", 0) == 0);
  CHECK(run_process(tool, {"--help"}).out.find("  html       write a page") != std::string::npos);
}
