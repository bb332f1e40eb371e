// The `backprop` command-line tool: evaluate an expression and its
// gradients, draw its graph, explain the chain rule, or check gradients
// against finite differences.
//
// Exit status: 0 success, 1 evaluation error (or gradcheck over tolerance),
// 2 usage or parse error.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>  // fmt::join

#include "autodiff/autodiff.hpp"
#include "nn/atomic_file.hpp"
#include "nn/parse_number.hpp"
#include "tools/explain.hpp"
#include "tools/expression.hpp"

namespace tools = backprop::tools;
using backprop::Value;

namespace {

constexpr int usage_error = 2, evaluation_error = 1;

constexpr std::string_view main_help = R"text(usage: backprop COMMAND EXPR NAME=VALUE... [options]

commands:
  eval       print the value and the gradient with respect to every variable
  dot        print the graph as Graphviz DOT (or write .dot/.svg/.png with -o)
  explain    walk through the forward pass and every chain-rule step
  gradcheck  compare gradients with central finite differences

EXPR uses numbers, variables, + - * / ^ ** ( ), unary -, and the functions
exp log tanh sigmoid relu sqrt abs pow(a, b). Example:
  backprop eval "tanh(x1*w1 + x2*w2 + b)" x1=2 x2=0 w1=-3 w2=1 b=6.8813735870195432
Run 'backprop COMMAND --help' for a command's options.
)text";

constexpr std::string_view eval_help = R"text(usage: backprop eval EXPR NAME=VALUE... [--json]

Prints the value of EXPR and d(EXPR)/d(NAME) for every variable.
  --json   print one JSON object: {"value": V, "grad": {"x": G, ...}}, numbers
           printed so that they read back to the same double (null if not finite)
)text";

constexpr std::string_view dot_help = R"text(usage: backprop dot EXPR NAME=VALUE... [-o FILE] [--no-grad] [--depth N] [--color]

Prints the graph of EXPR after backward as Graphviz DOT text.
  -o FILE    write to FILE instead: .dot or .gv get the DOT text, .svg or
             .png are rendered through Graphviz
  --no-grad  leave gradients out of the nodes
  --depth N  draw only values at most N operations from the output
  --color    shade each value by the size of its gradient
)text";

constexpr std::string_view explain_help = R"text(usage: backprop explain EXPR NAME=VALUE...

Teaches the chain rule on EXPR: the forward pass as a table, the topological
order, then every backward step as an equation with its numbers.
)text";

constexpr std::string_view gradcheck_help = R"text(usage: backprop gradcheck EXPR NAME=VALUE... [--tolerance T] [--step H]

Compares backward's gradients with central finite differences
(f(x+h) - f(x-h)) / 2h, h = H * max(1, |x|), and reports the largest relative
difference. Exit status 1 if it exceeds T.
  --tolerance T  default 1e-6
  --step H       default 1e-6
)text";

struct UsageError {
  std::string message;
};

struct Invocation {
  std::string command;
  std::string expression;
  std::vector<std::pair<std::string, double>> bindings;  // in the order given
  std::map<std::string, std::string> options;            // option -> value ("" for flags)
};

bool is_name(std::string_view text) {
  if (text.empty() || std::isdigit(static_cast<unsigned char>(text[0]))) return false;
  for (char c : text)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  return true;
}

std::optional<double> parse_double(std::string_view text) {
  return backprop::nn::parse_number<double>(text);
}

// Splits the arguments after the command into EXPR, NAME=VALUE bindings and
// options; `flags` and `valued` are the options this command takes.
Invocation parse_arguments(std::string command, const std::vector<std::string_view>& arguments,
                           const std::vector<std::string_view>& flags,
                           const std::vector<std::string_view>& valued) {
  Invocation invocation{std::move(command), {}, {}, {}};
  bool have_expression = false;
  for (std::size_t k = 0; k < arguments.size(); ++k) {
    const std::string_view argument = arguments[k];
    const bool known_flag = std::find(flags.begin(), flags.end(), argument) != flags.end();
    const bool known_valued = std::find(valued.begin(), valued.end(), argument) != valued.end();
    // Other arguments that start with "-" ("-x^2", "--x") are expressions,
    // except words like "--jsn", which can only be a mistyped option.
    const bool option_like = argument.size() > 3 && argument.starts_with("--") && argument[2] != '-' &&
                             argument.find_first_not_of("abcdefghijklmnopqrstuvwxyz-") == std::string_view::npos;
    if (known_flag || known_valued || option_like) {
      if (known_flag) {
        invocation.options[std::string(argument)] = "";
      } else if (known_valued) {
        if (k + 1 == arguments.size()) throw UsageError{fmt::format("{} needs a value", argument)};
        invocation.options[std::string(argument)] = std::string(arguments[++k]);
      } else {
        throw UsageError{fmt::format("unknown option '{}' for {}", argument, invocation.command)};
      }
    } else if (!have_expression) {
      invocation.expression = std::string(argument);
      have_expression = true;
    } else {
      const std::size_t equals = argument.find('=');
      if (equals == std::string_view::npos)
        throw UsageError{fmt::format("expected NAME=VALUE, got '{}'", argument)};
      const std::string_view name = argument.substr(0, equals);
      if (!is_name(name)) throw UsageError{fmt::format("'{}' is not a variable name", name)};
      const auto value = parse_double(argument.substr(equals + 1));
      if (!value)
        throw UsageError{fmt::format("the value of {}, '{}', {}", name, argument.substr(equals + 1),
                                     backprop::nn::number_problem(argument.substr(equals + 1)))};
      for (const auto& binding : invocation.bindings)
        if (binding.first == name) throw UsageError{fmt::format("{} is given twice", name)};
      invocation.bindings.emplace_back(name, *value);
    }
  }
  if (!have_expression) throw UsageError{"missing EXPR"};
  return invocation;
}

// The parsed expression with one labelled leaf per variable, ready to evaluate.
struct Bound {
  tools::Expression expression;
  std::map<std::string, Value> variables;
  std::vector<std::string> names;  // in order of first appearance
};

Bound bind(const Invocation& invocation) {
  Bound bound{tools::Expression::parse(invocation.expression), {}, {}};
  bound.names = bound.expression.variables();
  for (const std::string& name : bound.names) {
    const auto given = std::find_if(invocation.bindings.begin(), invocation.bindings.end(),
                                    [&](const auto& binding) { return binding.first == name; });
    if (given == invocation.bindings.end())
      throw UsageError{fmt::format("no value for variable '{}'; pass {}=NUMBER", name, name)};
    bound.variables.emplace(name, Value(given->second, name));
  }
  for (const auto& [name, value] : invocation.bindings)
    if (!bound.variables.contains(name))
      throw UsageError{fmt::format("variable '{}' is not in the expression", name)};
  return bound;
}

// Shortest text that reads back to the same double; JSON has no inf or nan.
std::string json_number(double x) { return std::isfinite(x) ? fmt::format("{}", x) : "null"; }

std::string json_string(std::string_view text) {
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') quoted += '\\';
    quoted += c;
  }
  return quoted + "\"";
}

int run_eval(const Invocation& invocation) {
  Bound bound = bind(invocation);
  const Value result = bound.expression.evaluate(bound.variables);
  result.backward();
  if (invocation.options.contains("--json")) {
    std::vector<std::string> grads;
    for (const std::string& name : bound.names)
      grads.push_back(fmt::format("{}: {}", json_string(name), json_number(bound.variables.at(name).grad())));
    fmt::print("{{\"value\": {}, \"grad\": {{{}}}}}\n", json_number(result.data()), fmt::join(grads, ", "));
    return 0;
  }
  fmt::print("value = {}\n", result.data());
  for (const std::string& name : bound.names)
    fmt::print("d/d{} = {}\n", name, bound.variables.at(name).grad());
  return 0;
}

int run_dot(const Invocation& invocation) {
  backprop::DotOptions options;
  options.show_gradients = !invocation.options.contains("--no-grad");
  options.color_by_gradient = invocation.options.contains("--color");
  if (invocation.options.contains("--depth")) {
    const std::string& depth = invocation.options.at("--depth");
    const auto levels = backprop::nn::parse_number<std::size_t>(depth);
    if (!levels || *levels == 0)
      throw UsageError{fmt::format("--depth needs a whole number > 0, got '{}'", depth)};
    options.max_depth = *levels;
  }
  Bound bound = bind(invocation);
  const Value result = bound.expression.evaluate(bound.variables);
  result.backward();
  const std::string dot = backprop::to_dot(result, options);
  if (!invocation.options.contains("-o")) {
    fmt::print("{}", dot);
    return 0;
  }
  const std::filesystem::path path = invocation.options.at("-o");
  const std::string extension = path.extension().string();
  const bool image = extension == ".svg" || extension == ".png";
  if (!image && extension != ".dot" && extension != ".gv")
    throw UsageError{fmt::format("-o {}: the file must end in .dot or .gv (DOT text), .svg or .png",
                                 path.string())};
  const std::string bytes = image ? backprop::render_dot(dot, extension.substr(1)) : dot;
  backprop::nn::write_file_atomically(path, bytes);
  fmt::print("wrote {}\n", path.string());
  return 0;
}

int run_explain(const Invocation& invocation) {
  Bound bound = bind(invocation);
  const Value result = bound.expression.evaluate(bound.variables);
  result.backward();
  fmt::print("{}", tools::explain(result));
  return 0;
}

int run_gradcheck(const Invocation& invocation) {
  auto option_number = [&](const char* option, double fallback) {
    if (!invocation.options.contains(option)) return fallback;
    const auto number = parse_double(invocation.options.at(option));
    if (!number || *number <= 0.0)
      throw UsageError{fmt::format("{} needs a number > 0, got '{}'", option, invocation.options.at(option))};
    return *number;
  };
  const double tolerance = option_number("--tolerance", 1e-6), step = option_number("--step", 1e-6);
  Bound bound = bind(invocation);
  const Value result = bound.expression.evaluate(bound.variables);
  result.backward();

  // f with one variable moved, computed without recording.
  auto value_with = [&](const std::string& moved, double delta) {
    backprop::GraphScope scope;
    backprop::NoGrad no_grad;
    std::map<std::string, Value> shifted;
    for (const auto& [name, value] : bound.variables)
      shifted.emplace(name, Value(value.data() + (name == moved ? delta : 0.0)));
    return bound.expression.evaluate(shifted).data();
  };
  double worst = 0.0;
  fmt::print("{:<12} {:>24} {:>24} {:>12}\n", "variable", "backward", "finite difference", "rel. diff");
  for (const std::string& name : bound.names) {
    const double x = bound.variables.at(name).data();
    const double h = step * std::max(1.0, std::fabs(x));
    const double numeric = (value_with(name, h) - value_with(name, -h)) / (2 * h);
    const double analytic = bound.variables.at(name).grad();
    const double difference =
        std::fabs(analytic - numeric) / std::max({1.0, std::fabs(analytic), std::fabs(numeric)});
    worst = std::isnan(difference) ? difference : std::max(worst, difference);
    fmt::print("{:<12} {:>24.17g} {:>24.17g} {:>12.3g}\n", name, analytic, numeric, difference);
  }
  const bool passed = worst <= tolerance;
  fmt::print("largest relative difference {:.3g} {} tolerance {:.3g}: {}\n", worst,
             passed ? "<=" : ">", tolerance, passed ? "ok" : "FAILED");
  return passed ? 0 : evaluation_error;
}

// Prints a parse error with the expression and a caret under the position;
// a long expression is cut to the part around the error.
void report_parse_error(const std::string& expression, const tools::ParseError& error) {
  constexpr std::size_t context = 40;
  const std::size_t position = std::min(error.position(), expression.size());
  const std::size_t start = position > context ? position - context : 0;
  const std::size_t end = std::min(expression.size(), position + context);
  const std::string before = start > 0 ? "..." : "", after = end < expression.size() ? "..." : "";
  fmt::print(stderr, "backprop: syntax error at column {}: {}\n  {}{}{}\n  {}^\n", position + 1,
             error.what(), before, expression.substr(start, end - start), after,
             std::string(before.size() + position - start, ' '));
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string_view> arguments(argv + 1, argv + argc);
  if (arguments.empty() || arguments[0] == "--help" || arguments[0] == "-h" || arguments[0] == "help") {
    fmt::print(arguments.empty() ? stderr : stdout, "{}", main_help);
    return arguments.empty() ? usage_error : 0;
  }
  struct Command {
    std::string_view name, help;
    std::vector<std::string_view> flags, valued;
    int (*run)(const Invocation&);
  };
  const Command commands[] = {
      {"eval", eval_help, {"--json"}, {}, run_eval},
      {"dot", dot_help, {"--no-grad", "--color"}, {"-o", "--depth"}, run_dot},
      {"explain", explain_help, {}, {}, run_explain},
      {"gradcheck", gradcheck_help, {}, {"--tolerance", "--step"}, run_gradcheck},
  };
  const auto command = std::find_if(std::begin(commands), std::end(commands),
                                    [&](const Command& c) { return c.name == arguments[0]; });
  if (command == std::end(commands)) {
    fmt::print(stderr, "backprop: unknown command '{}'\n\n{}", arguments[0], main_help);
    return usage_error;
  }
  const std::vector<std::string_view> rest(arguments.begin() + 1, arguments.end());
  if (std::find(rest.begin(), rest.end(), "--help") != rest.end() ||
      std::find(rest.begin(), rest.end(), "-h") != rest.end()) {
    fmt::print("{}", command->help);
    return 0;
  }
  std::string expression;
  try {
    const Invocation invocation =
        parse_arguments(std::string(command->name), rest, command->flags, command->valued);
    expression = invocation.expression;
    return command->run(invocation);
  } catch (const UsageError& error) {
    fmt::print(stderr, "backprop {}: {}\n\n{}", command->name, error.message, command->help);
    return usage_error;
  } catch (const tools::ParseError& error) {
    report_parse_error(expression, error);
    return usage_error;
  } catch (const std::exception& error) {  // domain errors, rendering, writing files
    fmt::print(stderr, "backprop {}: {}\n", command->name, error.what());
    return evaluation_error;
  }
}
