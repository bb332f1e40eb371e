// The `backprop` tool run as a process: eval against PyTorch fixtures,
// explain on the lecture's neuron, dot, gradcheck passing and failing, and
// every error path with its exit status and message.
#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>
#include <sstream>

#include <fmt/format.h>

#include "autodiff/op.hpp"
#include "support/fixture_cases.hpp"
#include "support/run_process.hpp"

using backprop::testing::run_process;
using backprop::testing::tool;
using backprop::testing::ScratchDir;

namespace {


std::vector<std::string> words(const std::string& text) {
  std::istringstream stream(text);
  std::vector<std::string> result;
  for (std::string word; stream >> word;) result.push_back(word);
  return result;
}

std::vector<std::string> neuron_arguments(const std::string& command) {
  return {command, "tanh(x1*w1 + x2*w2 + b)", "x1=2", "x2=0", "w1=-3", "w2=1", "b=6.8813735870195432"};
}

// The number after `"key": ` in flat JSON text.
double json_number(const std::string& json, const std::string& key) {
  const auto at = json.find("\"" + key + "\": ");
  REQUIRE(at != std::string::npos);
  return std::stod(json.substr(at + key.size() + 4));
}

}  // namespace

TEST_CASE("eval --json matches PyTorch on every fixture expression", "[cli]") {
  std::ifstream file(BACKPROP_FIXTURES_DIR "/tool_eval.txt");
  REQUIRE(file.good());
  std::size_t cases = 0;
  for (std::string line; std::getline(file, line);) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    std::string expression, bindings, value, grads;
    std::getline(fields, expression, '\t');
    std::getline(fields, bindings, '\t');
    std::getline(fields, value, '\t');
    std::getline(fields, grads, '\t');
    std::vector<std::string> arguments{"eval", expression};
    for (const std::string& binding : words(bindings)) arguments.push_back(binding);
    arguments.push_back("--json");
    const auto result = run_process(tool, arguments);
    INFO(expression << "\n" << result.out << result.err);
    REQUIRE(result.status == 0);
    CHECK(result.out.rfind("{\"value\": ", 0) == 0);
    CHECK(std::count(result.out.begin(), result.out.end(), '\n') == 1);  // exactly one object
    CHECK(json_number(result.out, "value") == Approx(std::stod(value)).epsilon(1e-12));
    for (const std::string& grad : words(grads)) {
      const auto equals = grad.find('=');
      CHECK(json_number(result.out, grad.substr(0, equals)) ==
            Approx(std::stod(grad.substr(equals + 1))).epsilon(1e-12).margin(1e-15));
    }
    ++cases;
  }
  CHECK(cases == backprop::testing::declared_case_count(BACKPROP_FIXTURES_DIR "/tool_eval.txt"));
}

TEST_CASE("eval --json prints numbers that read back to the same double", "[cli]") {
  const auto result = run_process(tool, {"eval", "x/3", "x=1", "--json"});
  REQUIRE(result.status == 0);
  CHECK(result.out == "{\"value\": 0.3333333333333333, \"grad\": {\"x\": 0.3333333333333333}}\n");
  CHECK(std::stod("0.3333333333333333") == 1.0 / 3.0);
}

TEST_CASE("a value may have a leading plus, and so may options", "[cli]") {
  const auto result = run_process(tool, {"eval", "x*y", "x=+1.5", "y=+2e+0"});
  CHECK(result.status == 0);
  CHECK(result.out == "value = 3\nd/dx = 2\nd/dy = 1.5\n");
  CHECK(run_process(tool, {"gradcheck", "x^2", "x=+1", "--tolerance", "+1e-6"}).status == 0);
}

TEST_CASE("eval prints the value and each gradient as text", "[cli]") {
  const auto result = run_process(tool, {"eval", "x*y + x", "x=3", "y=4"});
  CHECK(result.status == 0);
  CHECK(result.out == "value = 15\nd/dx = 5\nd/dy = 3\n");
}

TEST_CASE("a constant power of a negative or zero base evaluates", "[cli]") {
  for (const auto& [expression, value] : std::vector<std::pair<std::string, std::string>>{
           {"(-2)^2", "4"}, {"0^2", "0"}, {"pow(0,0)", "1"}, {"(-1)^3", "-1"}, {"pow(-2,2)", "4"}}) {
    const auto result = run_process(tool, {"eval", expression});
    INFO(expression << ": " << result.err);
    CHECK(result.status == 0);
    CHECK(result.out == "value = " + value + "\n");
  }
  const auto product = run_process(tool, {"eval", "x*(-2)^2", "x=1.5"});
  CHECK(product.status == 0);
  CHECK(product.out == "value = 6\nd/dx = 4\n");
}

TEST_CASE("explain walks the lecture's neuron through the chain rule", "[cli]") {
  // six digits, as on the blackboard (in full, 0.5 is 0.4999999999999998)
  auto arguments = neuron_arguments("explain");
  arguments.insert(arguments.end(), {"--digits", "6"});
  const auto result = run_process(tool, arguments);
  INFO(result.out << result.err);
  REQUIRE(result.status == 0);
  for (const char* line : {
           "  n1       *            x1, w1               -6\n",
           "  n5       tanh         n4                   0.707107\n",
           "  x1, w1, x2, w2, b, n1, n2, n3, n4, n5\n",
           "  n5.grad = 1   (the seed: dn5 / dn5 = 1)\n",
           "  n4.grad += (1 - n5.data^2) * n5.grad = 0.5 * 1 = 0.5\n",
           "  b.grad += 1 * n4.grad = 1 * 0.5 = 0.5\n",
           "  x1.grad += w1.data * n1.grad = -3 * 0.5 = -1.5\n",
           "  w1.grad += x1.data * n1.grad = 2 * 0.5 = 1\n",
           "  w2.grad += x2.data * n2.grad = 0 * 0.5 = 0\n",
           "  dn5 / dx1 = -1.5\n",
       })
    CHECK_THAT(result.out, Catch::Contains(line));
  // the steps come from the output back: the tanh step before the products
  CHECK(result.out.find("n4.grad +=") < result.out.find("x1.grad +="));
}

TEST_CASE("dot prints the graph, and writes DOT or rendered files", "[cli]") {
  const auto printed = run_process(tool, neuron_arguments("dot"));
  REQUIRE(printed.status == 0);
  CHECK(printed.out.rfind("digraph backprop {\n  rankdir=LR;", 0) == 0);
  CHECK_THAT(printed.out, Catch::Contains("v9 [label=\"{ n5 | data 0.7071067811865477 | grad 1 }\"];"));  // named as explain names it
  CHECK_THAT(printed.out, Catch::Contains("v9_op [shape=circle, label=\"tanh\"];"));

  ScratchDir dir("cli-dot");
  auto arguments = neuron_arguments("dot");
  arguments.insert(arguments.end(), {"-o", dir / "graph.dot"});
  const auto written = run_process(tool, arguments);
  CHECK(written.status == 0);
  std::ifstream file(dir / "graph.dot");
  std::stringstream text;
  text << file.rdbuf();
  CHECK(text.str() == printed.out);

  arguments.back() = dir / "graph.svg";
  const auto svg = run_process(tool, arguments);
  if (BACKPROP_HAVE_GRAPHVIZ) {
    CHECK(svg.status == 0);
    CHECK(std::filesystem::file_size(dir / "graph.svg") > 0);
  } else {
    CHECK(svg.status == 1);
    CHECK_THAT(svg.err, Catch::Contains("this build has no Graphviz; install it"));
    CHECK_FALSE(std::filesystem::exists(dir / "graph.svg"));
  }
}

TEST_CASE("gradcheck passes on smooth functions and names a kink", "[cli]") {
  const auto smooth = run_process(tool, neuron_arguments("gradcheck"));
  INFO(smooth.out);
  CHECK(smooth.status == 0);
  CHECK_THAT(smooth.out, Catch::Contains("<= tolerance 1e-06: ok"));
  // relu'(0) is 0 by convention; the two sides of 0 have slopes 0 and 1
  const auto kink = run_process(tool, {"gradcheck", "relu(x)", "x=0"});
  CHECK(kink.status == 1);
  CHECK_THAT(kink.out, Catch::Contains("not differentiable at this point: the slope is 0 on the left, 1 on the right"));
  CHECK_THAT(kink.out, Catch::EndsWith("1 of 1 variables not differentiable at this point: FAILED\n"));
  // no tolerance makes a kink pass
  CHECK(run_process(tool, {"gradcheck", "relu(x)", "x=0", "--tolerance", "0.6"}).status == 1);
  const auto absolute = run_process(tool, {"gradcheck", "abs(x) + y^2", "x=0", "y=3"});
  CHECK(absolute.status == 1);
  CHECK_THAT(absolute.out, Catch::Contains("the slope is -1 on the left, 1 on the right"));
  CHECK_THAT(absolute.out, Catch::Contains("largest relative difference"));
  CHECK_THAT(absolute.out, Catch::EndsWith("; 1 of 2 variables not differentiable at this point: FAILED\n"));
  // just beside the kink, the step shrinks until it no longer straddles it
  const auto near = run_process(tool, {"gradcheck", "relu(x)", "x=1e-7"});
  INFO(near.out);
  CHECK(near.status == 0);
}

TEST_CASE("gradcheck never reports a point the user did not give", "[cli]") {
  // sqrt at 0: the left side is outside the domain, and the slope is infinite
  const auto root = run_process(tool, {"gradcheck", "sqrt(x)", "x=0"});
  INFO(root.out << root.err);
  CHECK(root.status == 1);
  CHECK(root.err.empty());
  CHECK_THAT(root.out, Catch::Contains("not differentiable at this point: backward gives inf"));
  // x^1.5 at 0: defined on the right only, slope 0: a one-sided difference
  const auto edge = run_process(tool, {"gradcheck", "x^1.5", "x=0"});
  INFO(edge.out << edge.err);
  CHECK(edge.status == 0);
  CHECK_THAT(edge.out, Catch::Contains("one-sided: EXPR is undefined just left of this point"));
  // log near 0: the first step would leave the domain; a smaller one does not
  const auto logarithm = run_process(tool, {"gradcheck", "log(x)", "x=1e-7"});
  INFO(logarithm.out << logarithm.err);
  CHECK(logarithm.status == 0);
  CHECK(logarithm.err.empty());
}

TEST_CASE("gradcheck's step does not cross a pole", "[cli]") {
  // with h = 1e-6, x - h = -9e-7 is on the other side of the pole at 0
  const auto near_pole = run_process(tool, {"gradcheck", "1/x", "x=1e-7"});
  INFO(near_pole.out);
  CHECK(near_pole.status == 0);
  CHECK_THAT(near_pole.out, Catch::Contains("<= tolerance 1e-06: ok"));
  // at 1e-310, 1/x itself overflows: nothing to compare, and it says so
  const auto overflow = run_process(tool, {"gradcheck", "1/x", "x=1e-310"});
  CHECK(overflow.status == 1);
  CHECK(overflow.err == "backprop gradcheck: the value at this point is inf: there is no slope to compare\n");
}

TEST_CASE("non-finite results print as nan and inf and exit 1", "[cli]") {
  // inf - inf is a NaN with its sign bit set on x86: still printed "nan"
  const auto cancelled = run_process(tool, {"eval", "exp(x)-exp(x)", "x=1000"});
  CHECK(cancelled.status == 1);
  CHECK(cancelled.out == "value = nan\nd/dx = nan\n");
  CHECK(cancelled.err == "backprop eval: not finite: the value is nan, d/dx is nan\n");
  const auto overflow = run_process(tool, {"eval", "-exp(x)", "x=1000"});
  CHECK(overflow.status == 1);
  CHECK(overflow.out == "value = -inf\nd/dx = -inf\n");
  const auto json = run_process(tool, {"eval", "exp(x)-exp(x)", "x=1000", "--json"});
  CHECK(json.status == 1);
  CHECK(json.out == "{\"value\": null, \"grad\": {\"x\": null}}\n");
  const auto explained = run_process(tool, {"explain", "exp(x)-exp(x)", "x=1000"});
  CHECK(explained.status == 1);
  CHECK_THAT(explained.out, Catch::Contains("nan"));
  CHECK_THAT(explained.out + explained.err, !Catch::Contains("-nan"));
  // (DOT labels are the engine's text: autodiff/show/dot.cpp prints them)
  CHECK(run_process(tool, {"dot", "exp(x)-exp(x)", "x=1000"}).status == 1);
  const auto help = run_process(tool, {"eval", "--help"});
  CHECK_THAT(help.out, Catch::Contains("the exit status is then 1"));
}

// relu(NaN) is NaN, as in PyTorch (it was 0, which hid the overflow).
TEST_CASE("NaN propagates through relu to the tool's output", "[cli]") {
  const auto rectified = run_process(tool, {"eval", "relu(exp(x)-exp(x))", "x=1000"});
  CHECK(rectified.status == 1);
  CHECK(rectified.out == "value = nan\nd/dx = nan\n");
}

TEST_CASE("output that cannot be written is an error, never a silent success", "[cli]") {
  const backprop::testing::Redirect full_stdout{.out = "/dev/full"};
  const std::vector<std::vector<std::string>> commands = {
      {"eval", "x", "x=1"}, {"eval", "x", "x=1", "--json"}, {"dot", "x", "x=1"}, {"explain", "x", "x=1"},
      {"gradcheck", "x", "x=1"}, {"--help"}, {"eval", "--help"}, {"gradcheck", "--help"}};
  for (const auto& arguments : commands) {
    const auto result = run_process(tool, arguments, full_stdout);
    INFO(arguments[0] << (arguments.size() > 1 ? " " + arguments[1] : ""));
    CHECK(result.status == 1);
    CHECK(result.err == "backprop: cannot write the output: No space left on device\n");
  }
}

TEST_CASE("an unwritable standard error never aborts the tool", "[cli]") {
  const backprop::testing::Redirect full_stderr{.err = "/dev/full"};
  const backprop::testing::Redirect both_full{.out = "/dev/full", .err = "/dev/full"};
  CHECK(run_process(tool, {"eval", "log(x)", "x=-1"}, full_stderr).status == 1);
  CHECK(run_process(tool, {"eval", "x +"}, full_stderr).status == 2);
  CHECK(run_process(tool, {"eval", "x", "x=abc"}, full_stderr).status == 2);
  CHECK(run_process(tool, {}, full_stderr).status == 2);
  CHECK(run_process(tool, {"frobnicate"}, full_stderr).status == 2);
  CHECK(run_process(tool, {"eval", "x", "x=1"}, both_full).status == 1);
  CHECK(run_process(tool, {"eval", "exp(x)-exp(x)", "x=1000"}, both_full).status == 1);
}

TEST_CASE("the expression can come from a file or standard input", "[cli]") {
  ScratchDir dir("cli-expression-file");
  backprop::testing::write_file(dir / "expression.txt", "x*y\n  + 1\n");
  const auto from_file = run_process(tool, {"eval", "@" + (dir / "expression.txt").string(), "x=2", "y=3"});
  CHECK(from_file.status == 0);
  CHECK(from_file.out == "value = 7\nd/dx = 3\nd/dy = 2\n");
  const auto from_stdin = run_process(tool, {"eval", "-", "x=2", "y=3"}, {.in = dir / "expression.txt"});
  CHECK(from_stdin.status == 0);
  CHECK(from_stdin.out == from_file.out);
  const auto missing = run_process(tool, {"eval", "@" + (dir / "missing.txt").string()});
  CHECK(missing.status == 2);
  CHECK_THAT(missing.err, Catch::Contains("missing.txt: cannot open the file: No such file or directory"));
  const auto folder = run_process(tool, {"eval", "@" + dir.path().string()});
  CHECK(folder.status == 2);
  CHECK_THAT(folder.err, Catch::Contains("cannot read the expression: it is a directory"));
  const auto endless = run_process(tool, {"eval", "@/dev/zero"});
  CHECK(endless.status == 2);
  CHECK_THAT(endless.err, Catch::Contains("/dev/zero: the expression is longer than 16 MiB"));
  backprop::testing::write_file(dir / "bad.txt", "x +\n* y");
  const auto bad = run_process(tool, {"eval", "@" + (dir / "bad.txt").string(), "x=1", "y=1"});
  CHECK(bad.status == 2);
  CHECK_THAT(bad.err, Catch::Contains("syntax error at column 5"));
  CHECK_THAT(bad.err, Catch::Contains("  x + * y\n      ^\n"));  // the line break shown as a space
}

// How long it takes is measured (`time backprop gradcheck @sum.txt ...` on
// this file), not asserted here: 245 s when gradcheck was quadratic.
TEST_CASE("gradcheck on 18,000 variables reads them from a file and says what it sampled", "[cli]") {
  ScratchDir dir("cli-many-variables");
  std::string sum = "x0";
  std::vector<std::string> arguments{"gradcheck", "@" + (dir / "sum.txt").string(), "x0=0.5"};
  for (int k = 1; k < 18000; ++k) {
    sum += fmt::format(" + x{}*x{}", k, k);
    arguments.push_back(fmt::format("x{}=0.{}", k, k % 10));
  }
  backprop::testing::write_file(dir / "sum.txt", sum);
  REQUIRE(sum.size() > 128 * 1024);  // more than one command-line argument may hold
  const auto result = run_process(tool, arguments);
  INFO(result.err);
  CHECK(result.status == 0);
  CHECK_THAT(result.out, Catch::StartsWith("checking 1000 of 18000 variables, spread evenly"));
  CHECK_THAT(result.out, Catch::Contains("\nx17999 "));  // the last one is among them
}

TEST_CASE("syntax errors show the expression with a caret and exit 2", "[cli]") {
  const auto result = run_process(tool, {"eval", "x + * 2", "x=1"});
  CHECK(result.status == 2);
  CHECK(result.err ==
        "backprop: syntax error at column 5: expected a number, a variable, a function or '(', "
        "got '*'\n  x + * 2\n      ^\n");
  CHECK(result.out.empty());
}

TEST_CASE("every usage and evaluation error has its status and message", "[cli]") {
  struct Case {
    std::vector<std::string> arguments;
    int status;
    std::string message;
  };
  const std::vector<Case> cases = {
      {{}, 2, "backprop: missing COMMAND: one of eval, dot, explain, html, gradcheck, model\n"},
      {{"frobnicate"}, 2, "backprop: unknown command 'frobnicate'"},
      {{"eval"}, 2, "backprop eval: missing EXPR"},
      {{"eval", "foo(x)", "x=1"}, 2, "unknown function 'foo'"},
      {{"eval", "x + y", "x=1"}, 2, "no value for variable 'y'; pass y=NUMBER"},
      {{"eval", "x", "x=1", "z=2"}, 2, "variable 'z' is not in the expression"},
      {{"eval", "x", "x=abc"}, 2, "the value of x, 'abc', is not a finite number"},
      {{"eval", "x", "x=1e-400"}, 2, "the value of x, '1e-400', is too small to represent"},
      {{"eval", "x", "x=-1e999"}, 2, "the value of x, '-1e999', is too large to represent"},
      {{"eval", "x", "x=+-1"}, 2, "the value of x, '+-1', is not a finite number"},
      {{"eval", "x", "x=1", "x=2"}, 2, "x is given twice"},
      {{"eval", "x", "1x=2"}, 2, "'1x' is not a variable name"},
      {{"eval", "x", "x"}, 2, "expected NAME=VALUE, got 'x'"},
      {{"eval", "x", "x=1", "--jsn"}, 2, "backprop eval: unknown option '--jsn' (did you mean '--json'?)\n"},
      {{"dot", "x", "x=1", "--depth", "0"}, 2, "--depth: needs a whole number > 0, got '0'"},
      {{"dot", "x", "x=1", "-o", "graph.jpg"}, 2, "the file must end in .dot or .gv"},
      {{"gradcheck", "x", "x=1", "--tolerance"}, 2, "--tolerance needs a value"},
      {{"gradcheck", "x", "x=1", "--sample", "0"}, 2, "--sample: needs a whole number > 0, got '0'"},
      {{"eval", "x", "x=1", "--digits", "18"}, 2, "--digits: needs a whole number from 1 to 17, got '18'"},
      {{"eval", "(x", "x=1"}, 2, "expected ')', got the end"},
      {{"eval", "pow(x)", "x=1"}, 2, "pow takes 2 arguments, got 1"},
      {{"eval", "1e999"}, 2, "the number 1e999 is too large to represent"},
      {{"eval", "x*1e-400", "x=1"}, 2, "the number 1e-400 is too small to represent"},
      {{"eval", ""}, 2, "expected an expression, got nothing"},
      {{"eval", "log(x)", "x=-1"}, 1, "backprop eval: log: argument must be > 0, got -1"},
      {{"eval", "1/(x-1)", "x=1"}, 1, "division: divisor must not be 0, got 0"},
      {{"eval", "sqrt(x)", "x=-4"}, 1, "sqrt: argument must be >= 0, got -4"},
      {{"eval", "x^0.5", "x=-4"}, 1, "pow: a negative base (-4) needs an integer exponent, got 0.5"},
      {{"explain", "log(0)"}, 1, "log: argument must be > 0, got 0"},
      {{"eval", "pow(0,-1)"}, 1, "pow: 0 raised to a negative exponent (-1) is infinite"},
      {{"eval", "pow(-2,0.5)"}, 1, "pow: a negative base (-2) needs an integer exponent, got 0.5"},
  };
  for (const Case& c : cases) {
    const auto result = run_process(tool, c.arguments);
    INFO("arguments: " << (c.arguments.empty() ? "" : c.arguments[0]) << " ... stderr: " << result.err);
    CHECK(result.status == c.status);
    CHECK_THAT(result.err, Catch::Contains(c.message));
    // a usage error is two lines, the second how to get help (a syntax
    // error shows the expression and a caret instead)
    if (c.status == 2 && !result.err.starts_with("backprop: syntax error")) {
      CHECK(std::count(result.err.begin(), result.err.end(), '\n') == 2);
      CHECK_THAT(result.err, Catch::Matches("backprop[a-z ]*: .*\nRun 'backprop[a-z ]* --help' for more information.\n"));
    }
    CHECK(result.out.empty());
  }
}

TEST_CASE("help is available on every command", "[cli]") {
  for (const char* command : {"eval", "dot", "explain", "html", "gradcheck", "model"}) {
    const auto result = run_process(tool, {command, "--help"});
    CHECK(result.status == 0);
    CHECK_THAT(result.out, Catch::StartsWith(std::string("usage: backprop ") + command));
  }
  CHECK(run_process(tool, {"--help"}).status == 0);
}

TEST_CASE("deep nesting and long expressions neither crash nor hang", "[cli]") {
  const auto deep = run_process(tool, {"eval", std::string(100000, '(') + "x", "x=1"});
  CHECK(deep.status == 2);
  CHECK_THAT(deep.err, Catch::Contains("nests deeper than 200 levels"));
  CHECK(deep.err.size() < 1000);  // the error shows the part around the position only
  const auto negations = run_process(tool, {"eval", std::string(5000, '-') + "x", "x=1"});
  CHECK(negations.status == 2);
  std::string sum = "x";
  for (int k = 0; k < 20000; ++k) sum += "+x";
  const auto long_sum = run_process(tool, {"eval", sum, "x=1"});
  CHECK(long_sum.status == 0);
  CHECK(long_sum.out == "value = 20001\nd/dx = 20001\n");
}

TEST_CASE("an option takes its value as --opt VALUE or --opt=VALUE", "[cli]") {
  const auto spaced = run_process(tool, {"dot", "x*y*x", "x=1", "y=2", "--depth", "1"});
  const auto joined = run_process(tool, {"dot", "x*y*x", "x=1", "y=2", "--depth=1"});
  CHECK(spaced.status == 0);
  CHECK(joined.status == 0);
  CHECK(joined.out == spaced.out);
  CHECK_THAT(joined.out, Catch::Contains("more values"));  // --depth=1 was read
  CHECK(run_process(tool, {"gradcheck", "x^2", "x=1", "--tolerance=1e-3", "--step=1e-5"}).status == 0);
}

TEST_CASE("values and NAME=VALUE bindings are trimmed of spaces", "[cli]") {
  const auto result = run_process(tool, {"eval", "x*y", "x= 1.5 ", " y =2", "--digits", " 3 "});
  INFO(result.err);
  CHECK(result.status == 0);
  CHECK(result.out == "value = 3\nd/dx = 2\nd/dy = 1.5\n");
}

TEST_CASE("--version prints the project's version", "[cli]") {
  const auto result = run_process(tool, {"--version"});
  CHECK(result.status == 0);
  CHECK(result.out == "backprop " BACKPROP_VERSION "\n");
}

TEST_CASE("an unknown command or option suggests the nearest one", "[cli]") {
  const auto command = run_process(tool, {"evl", "x", "x=1"});
  CHECK(command.status == 2);
  CHECK(command.err == "backprop: unknown command 'evl' (did you mean 'eval'?)\n"
                       "Run 'backprop --help' for more information.\n");
  CHECK_THAT(run_process(tool, {"expalin", "x"}).err, Catch::Contains("(did you mean 'explain'?)"));
  CHECK_THAT(run_process(tool, {"gradchek", "x"}).err, Catch::Contains("(did you mean 'gradcheck'?)"));
  const auto far = run_process(tool, {"frobnicate"});
  CHECK(far.err == "backprop: unknown command 'frobnicate'\nRun 'backprop --help' for more information.\n");
  CHECK_THAT(run_process(tool, {"dot", "x", "x=1", "--dpeth=2"}).err,
             Catch::Contains("unknown option '--dpeth' (did you mean '--depth'?)"));
  CHECK_THAT(run_process(tool, {"--hlep"}).err, Catch::Contains("unknown option '--hlep' (did you mean '--help'?)"));
}

TEST_CASE("an expression may start with a dash, and is not taken for an option", "[cli]") {
  const auto result = run_process(tool, {"eval", "-x^2", "x=3", "--json"});
  CHECK(result.status == 0);
  CHECK(result.out == "{\"value\": -9, \"grad\": {\"x\": -6}}\n");
  CHECK(run_process(tool, {"eval", "-(x)", "x=3"}).out == "value = -3\nd/dx = -1\n");
}

TEST_CASE("numbers are printed in full by default and --digits shortens them", "[cli]") {
  const auto full = run_process(tool, {"eval", "x/3", "x=1"});
  CHECK(full.out == "value = 0.3333333333333333\nd/dx = 0.3333333333333333\n");
  const auto short_ = run_process(tool, {"eval", "x/3", "x=1", "--digits", "4"});
  CHECK(short_.out == "value = 0.3333\nd/dx = 0.3333\n");
  // the same number the same way in explain, dot and the page
  for (const char* command : {"explain", "dot", "html"}) {
    INFO(command);
    const auto every_digit = run_process(tool, {command, "x/3", "x=1"});
    CHECK(every_digit.status == 0);
    CHECK_THAT(every_digit.out, Catch::Contains("0.3333333333333333"));
    const auto four = run_process(tool, {command, "x/3", "x=1", "--digits=4"});
    CHECK(four.status == 0);
    CHECK_THAT(four.out, Catch::Contains("0.3333"));
    // (the page keeps every digit in data-value attributes, for its script)
    CHECK_THAT(four.out, !Catch::Contains(" 0.33333") && !Catch::Contains(">0.33333"));
  }
}

TEST_CASE("-o with an empty name says the name is empty", "[cli]") {
  for (const char* command : {"html", "dot"}) {
    const auto result = run_process(tool, {command, "x", "x=1", "-o", ""});
    CHECK(result.status == 2);
    CHECK(result.err == fmt::format("backprop {0}: -o: the output name is empty; give a file name\n"
                                    "Run 'backprop {0} --help' for more information.\n", command));
  }
  CHECK_THAT(run_process(tool, {"html", "x", "x=1", "-o", "  "}).err, Catch::Contains("the output name is empty"));
}

TEST_CASE("the help and the tool's docs list every function of the operation table", "[cli]") {
  const auto help = run_process(tool, {"--help"});
  REQUIRE(help.status == 0);
  std::ifstream file(BACKPROP_FIXTURES_DIR "/../../docs/tool.md");
  const std::string docs((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  const auto list_start = docs.find("the functions `");
  REQUIRE(list_start != std::string::npos);
  const auto words_start = list_start + std::string("the functions `").size();
  const std::string listed = " " + docs.substr(words_start, docs.find('`', words_start) - words_start) + " ";
  for (const backprop::OperationInfo& row : backprop::operations) {
    if (row.function.empty()) continue;
    INFO(row.function << " in: " << listed);
    CHECK(help.out.find(" " + std::string(row.function) + " ") != std::string::npos);
    CHECK(listed.find(" " + std::string(row.function) + (row.inputs == 2 ? "(a, b) " : " ")) != std::string::npos);
  }
}
