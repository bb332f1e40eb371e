// The `backprop` command-line tool: evaluate an expression and its
// gradients, draw its graph, explain the chain rule, write a page that
// steps through it, or check gradients against finite differences; and show
// a saved model (model_command.hpp).
//
// Exit status: 0 success; 1 evaluation error, a result that is not finite,
// a failed gradient check, or output that could not be written; 2 usage or
// parse error. Every write is checked (checked_output.hpp).
#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>  // fmt::join

#include "autodiff/show/show.hpp"
#include "nn/io/atomic_file.hpp"
#include "nn/io/parse_number.hpp"
#include "tools/checked_output.hpp"
#include "tools/expression.hpp"
#include "tools/gradcheck.hpp"
#include "tools/graph_file.hpp"
#include "tools/model_command.hpp"

namespace tools = backprop::tools;
using backprop::Value;
using backprop::printable;
using tools::report;
using tools::write_out;

namespace {

constexpr int usage_error = 2, evaluation_error = 1;

constexpr std::string_view main_help = R"text(usage: backprop COMMAND EXPR NAME=VALUE... [options]
       backprop model FILE [options]

commands:
  eval       print the value and the gradient with respect to every variable
  dot        print the graph as Graphviz DOT (or write .dot/.svg/.png with -o)
  explain    walk through the forward pass and every chain-rule step
  html       write a page that steps through the forward and backward pass
  gradcheck  compare gradients with central finite differences
  model      show a saved model: its architecture and statistics, or its
             graph after one forward and backward pass (backprop model FILE)

EXPR uses numbers, variables, + - * / ^ ** ( ), unary - and +, and the
functions exp log tanh sigmoid relu sqrt abs pow(a, b). EXPR may also be
given as @FILE (read from FILE) or - (read from standard input), for
expressions longer than a command-line argument may be; at most 16 MiB.
Example:
  backprop eval "tanh(x1*w1 + x2*w2 + b)" x1=2 x2=0 w1=-3 w2=1 b=6.8813735870195432
Run 'backprop COMMAND --help' for a command's options.

Exit status: 0 success; 1 an evaluation error, a value or gradient that is
not finite (nan or inf: printed all the same), a failed gradient check, or
output that could not be written; 2 a usage or syntax error.
)text";

constexpr std::string_view eval_help = R"text(usage: backprop eval EXPR NAME=VALUE... [--json]

Prints the value of EXPR and d(EXPR)/d(NAME) for every variable.
  --json   print one JSON object: {"value": V, "grad": {"x": G, ...}}, numbers
           printed so that they read back to the same double (null if not finite)

A value or gradient that is not finite is printed as nan, inf or -inf (null
in JSON), and the exit status is then 1: something overflowed or left its
domain on the way.
)text";

constexpr std::string_view dot_help = R"text(usage: backprop dot EXPR NAME=VALUE... [-o FILE] [--no-grad] [--depth N] [--color]

Prints the graph of EXPR after backward as Graphviz DOT text. Exit status 1
if the value or a gradient is not finite (the graph is written all the same).
  -o FILE    write to FILE instead: .dot or .gv get the DOT text, .svg or
             .png are rendered through Graphviz
  --no-grad  leave gradients out of the nodes
  --depth N  draw only values at most N operations from the output
  --color    shade each value by the size of its gradient
)text";

constexpr std::string_view explain_help = R"text(usage: backprop explain EXPR NAME=VALUE...

Teaches the chain rule on EXPR: the forward pass as a table, the topological
order, then every backward step as an equation with its numbers. Exit status
1 if the value or a gradient is not finite (the explanation is printed all
the same).
)text";

constexpr std::string_view html_help = R"text(usage: backprop html EXPR NAME=VALUE... [-o FILE] [--depth N]

Writes one self-contained HTML page (no server, no network: open it from
disk) that draws the graph of EXPR and steps through it: the forward pass,
one value at a time, then the backward pass, the seed and then every
chain-rule step as `backprop explain` words it, with the gradient it adds.
Controls: next / previous, play / pause, start / end, or the keys left and
right arrow, space, Home and End. Without script the page shows the final
values and gradients. A graph of more than 300 values is drawn near the
output only, with a note saying so. Exit status 1 if the value or a
gradient is not finite (the page is written all the same).
  -o FILE    write the page to FILE (replaced whole, never half-written)
             instead of standard output
  --depth N  draw only values at most N operations from the output
)text";

constexpr std::string_view gradcheck_help = R"text(usage: backprop gradcheck EXPR NAME=VALUE... [--tolerance T] [--step H] [--sample N]

Compares backward's gradients with finite differences and reports the largest
relative difference |backward - numeric| / max(1, |backward|, |numeric|).
Exit status 1 if it exceeds T, or if some variable cannot be checked here.

The difference is central, (f(x+h) - f(x-h)) / 2h with h = H * max(1, |x|),
computed on plain doubles. Near a pole or a kink, h shrinks tenfold (down to
H * 1e-8) until the slopes on the two sides of x agree; where they never do,
the variable is reported as not differentiable at this point (relu and abs
at 0). At the edge of the domain (sqrt at 0) a one-sided difference is taken
on the side where EXPR is defined: no error is ever reported for a point you
did not give. A gradient that is not finite is reported as not
differentiable.

Each variable checked costs a few evaluations of EXPR, so with more than N
variables only N are checked, spread evenly over their order of first
appearance, and the output says so: the time grows with N times the length
of EXPR, not with its square.
  --tolerance T  default 1e-6
  --step H       default 1e-6
  --sample N     check at most N variables, default 1000
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

// The most an expression read from a file or standard input may hold.
constexpr std::size_t max_expression_bytes = std::size_t{16} << 20;

// All of `input`, up to max_expression_bytes; `source` names it in errors.
std::string read_expression(std::istream& input, const std::string& source) {
  std::string text;
  char chunk[65536];
  while (input.read(chunk, sizeof chunk) || input.gcount() > 0) {
    text.append(chunk, static_cast<std::size_t>(input.gcount()));
    if (text.size() > max_expression_bytes)
      throw UsageError{fmt::format("{}: the expression is longer than {} MiB", source, max_expression_bytes >> 20)};
  }
  if (input.bad()) throw UsageError{fmt::format("{}: cannot read the expression", source)};
  return text;
}

// EXPR as given: "-" reads standard input, "@FILE" reads FILE, anything else
// is the expression itself.
std::string expression_text(std::string_view argument) {
  if (argument == "-") return read_expression(std::cin, "standard input");
  if (argument.starts_with("@")) {
    const std::string path(argument.substr(1));
    std::error_code error;
    if (std::filesystem::is_directory(path, error))
      throw UsageError{fmt::format("{}: cannot read the expression: it is a directory", path)};
    std::ifstream file(path, std::ios::binary);
    if (!file) throw UsageError{fmt::format("{}: cannot open the file: {}", path, std::strerror(errno))};
    return read_expression(file, path);
  }
  return std::string(argument);
}

// Splits the arguments after the command into EXPR, NAME=VALUE bindings and
// options; `flags` and `valued` are the options this command takes.
Invocation parse_arguments(std::string command, const std::vector<std::string_view>& arguments,
                           const std::vector<std::string_view>& flags,
                           const std::vector<std::string_view>& valued) {
  Invocation invocation{std::move(command), {}, {}, {}};
  bool have_expression = false;
  std::unordered_set<std::string_view> bound;  // names given so far, found in constant time
  for (std::size_t k = 0; k < arguments.size(); ++k) {
    const std::string_view argument = arguments[k];
    const bool known_flag = std::find(flags.begin(), flags.end(), argument) != flags.end();
    const bool known_valued = std::find(valued.begin(), valued.end(), argument) != valued.end();
    // Other arguments that start with "-" ("-x^2", "--x", "-") are expressions,
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
      invocation.expression = expression_text(argument);
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
      if (!bound.insert(name).second) throw UsageError{fmt::format("{} is given twice", name)};
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
  std::unordered_map<std::string_view, double> given;  // hash lookups: linear in the variables
  for (const auto& [name, value] : invocation.bindings) given.emplace(name, value);
  for (const std::string& name : bound.names) {
    const auto value = given.find(name);
    if (value == given.end())
      throw UsageError{fmt::format("no value for variable '{}'; pass {}=NUMBER", name, name)};
    bound.variables.emplace(name, Value(value->second, name));
  }
  for (const auto& [name, value] : invocation.bindings)
    if (!bound.variables.contains(name))
      throw UsageError{fmt::format("variable '{}' is not in the expression", name)};
  return bound;
}

// What every command starts with: the expression bound to its variables,
// evaluated, and differentiated.
struct Evaluated {
  Bound bound;
  Value result;
};

Evaluated evaluate(const Invocation& invocation) {
  Bound bound = bind(invocation);
  const Value result = bound.expression.evaluate(bound.variables);
  result.backward();
  return {std::move(bound), result};
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

// Exit status for a result that was printed: 1, with a note on standard
// error, if its value or a gradient is not finite, since that means a number
// overflowed or an operation left its domain somewhere.
int finite_status(const Invocation& invocation, const Value& result, const Bound& bound) {
  std::vector<std::string> problems;
  if (!std::isfinite(result.data())) problems.push_back(fmt::format("the value is {}", printable(result.data())));
  for (const std::string& name : bound.names) {
    const double grad = bound.variables.at(name).grad();
    if (!std::isfinite(grad) && problems.size() < 4) problems.push_back(fmt::format("d/d{} is {}", name, printable(grad)));
  }
  if (problems.empty()) return 0;
  report(fmt::format("backprop {}: not finite: {}\n", invocation.command, fmt::join(problems, ", ")));
  return evaluation_error;
}

int run_eval(const Invocation& invocation) {
  const auto [bound, result] = evaluate(invocation);
  if (invocation.options.contains("--json")) {
    std::vector<std::string> grads;
    for (const std::string& name : bound.names)
      grads.push_back(fmt::format("{}: {}", json_string(name), json_number(bound.variables.at(name).grad())));
    write_out(fmt::format("{{\"value\": {}, \"grad\": {{{}}}}}\n", json_number(result.data()), fmt::join(grads, ", ")));
  } else {
    write_out(fmt::format("value = {}\n", printable(result.data())));
    for (const std::string& name : bound.names)
      write_out(fmt::format("d/d{} = {}\n", name, printable(bound.variables.at(name).grad())));
  }
  return finite_status(invocation, result, bound);
}

// --depth N for pictures: N > 0, or 0 (no limit) when not given.
std::size_t depth_option(const Invocation& invocation) {
  if (!invocation.options.contains("--depth")) return 0;
  const std::string& depth = invocation.options.at("--depth");
  const auto levels = backprop::nn::parse_number<std::size_t>(depth);
  if (!levels || *levels == 0) throw UsageError{fmt::format("--depth needs a whole number > 0, got '{}'", depth)};
  return *levels;
}

int run_dot(const Invocation& invocation) {
  backprop::DotOptions options;
  options.show_gradients = !invocation.options.contains("--no-grad");
  options.color_by_gradient = invocation.options.contains("--color");
  options.max_depth = depth_option(invocation);
  const auto [bound, result] = evaluate(invocation);
  const std::string dot = backprop::to_dot(result, options);
  if (!invocation.options.contains("-o")) {
    write_out(dot);
    return finite_status(invocation, result, bound);
  }
  const std::filesystem::path path = invocation.options.at("-o");
  if (const auto problem = tools::graph_file_problem(path)) throw UsageError{*problem};
  tools::write_graph(path, dot);
  write_out(fmt::format("wrote {}\n", path.string()));
  return finite_status(invocation, result, bound);
}

int run_explain(const Invocation& invocation) {
  const auto [bound, result] = evaluate(invocation);
  write_out(backprop::explain(result));
  return finite_status(invocation, result, bound);
}

int run_html(const Invocation& invocation) {
  backprop::DotOptions options;
  options.max_depth = depth_option(invocation);
  const auto [bound, result] = evaluate(invocation);
  const std::string page = backprop::to_html(result, options, invocation.expression);
  if (!invocation.options.contains("-o")) {
    write_out(page);
  } else {
    const std::filesystem::path path = invocation.options.at("-o");
    backprop::nn::write_file_atomically(path, page);
    write_out(fmt::format("wrote {}\n", path.string()));
  }
  return finite_status(invocation, result, bound);
}

// One variable's line of the gradcheck table, and whether it passed.
struct CheckedVariable {
  double difference = 0.0;  // relative, when both sides are numbers
  bool checked = true;      // false: not differentiable or undefined here
};

CheckedVariable check_variable(const std::string& name, double analytic, const tools::FiniteDifference& numeric) {
  using Kind = tools::FiniteDifference::Kind;
  std::string note;
  CheckedVariable outcome;
  if (!std::isfinite(analytic)) {
    note = fmt::format("not differentiable at this point: backward gives {}", printable(analytic));
    outcome.checked = false;
  } else if (numeric.kind == Kind::kink) {
    note = fmt::format("not differentiable at this point: the slope is {:.6g} on the left, {:.6g} on the right",
                       numeric.left, numeric.right);
    outcome.checked = false;
  } else if (numeric.kind == Kind::undefined) {
    note = "cannot check: EXPR is not finite on either side of this point";
    outcome.checked = false;
  } else if (numeric.kind != Kind::central) {
    note = fmt::format("one-sided: EXPR is undefined just {} of this point",
                       numeric.kind == Kind::right_only ? "left" : "right");
  }
  if (outcome.checked)
    outcome.difference = std::fabs(analytic - numeric.slope) /
                         std::max({1.0, std::fabs(analytic), std::fabs(numeric.slope)});
  const std::string numeric_text = outcome.checked ? fmt::format("{:.17g}", numeric.slope) : "-";
  const std::string difference_text = outcome.checked ? fmt::format("{:.3g}", outcome.difference) : "-";
  write_out(fmt::format("{:<12} {:>24.17g} {:>24} {:>12}{}{}\n", name, printable(analytic), numeric_text,
                        difference_text, note.empty() ? "" : "  ", note));
  return outcome;
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
  std::size_t sample = 1000;
  if (invocation.options.contains("--sample")) {
    const auto most = backprop::nn::parse_number<std::size_t>(invocation.options.at("--sample"));
    if (!most || *most == 0)
      throw UsageError{fmt::format("--sample needs a whole number > 0, got '{}'", invocation.options.at("--sample"))};
    sample = *most;
  }
  const auto [bound, result] = evaluate(invocation);

  // Finite differences move one variable of this point at a time, on plain
  // doubles: no tape, no error for a point outside the domain.
  std::vector<double> point;
  for (const std::string& name : bound.names) point.push_back(bound.variables.at(name).data());
  const double value = bound.expression.evaluate_numbers(point);
  if (!std::isfinite(result.data()) || !std::isfinite(value)) {
    report(fmt::format("backprop gradcheck: the value at this point is {}: there is no slope to compare\n",
                       printable(result.data())));
    return evaluation_error;
  }
  const std::vector<std::size_t> chosen = tools::variables_to_check(bound.names.size(), sample);
  if (chosen.size() < bound.names.size())
    write_out(fmt::format("checking {} of {} variables, spread evenly over their order of first appearance "
                          "(--sample N to check more)\n", chosen.size(), bound.names.size()));
  write_out(fmt::format("{:<12} {:>24} {:>24} {:>12}\n", "variable", "backward", "finite difference", "rel. diff"));
  double worst = 0.0;
  std::size_t unchecked = 0;
  for (std::size_t k : chosen) {
    const auto moved = [&](double x) {
      const double given = point[k];
      point[k] = x;
      const double moved_value = bound.expression.evaluate_numbers(point);
      point[k] = given;
      return moved_value;
    };
    const std::string& name = bound.names[k];
    const CheckedVariable outcome = check_variable(
        name, bound.variables.at(name).grad(), tools::finite_difference(moved, point[k], value, step, tolerance));
    unchecked += !outcome.checked;
    worst = std::isnan(outcome.difference) ? outcome.difference : std::max(worst, outcome.difference);
  }
  const bool within = worst <= tolerance, passed = within && unchecked == 0;
  std::string summary;
  if (unchecked < chosen.size())
    summary = fmt::format("largest relative difference {:.3g} {} tolerance {:.3g}", printable(worst),
                          within ? "<=" : ">", tolerance);
  if (unchecked > 0)
    summary += fmt::format("{}{} of {} variables not differentiable at this point", summary.empty() ? "" : "; ",
                           unchecked, chosen.size());
  write_out(fmt::format("{}: {}\n", summary, passed ? "ok" : "FAILED"));
  return passed ? 0 : evaluation_error;
}

// Prints a parse error with the expression and a caret under the position;
// a long expression is cut to the part around the error, and line breaks
// (an expression read from a file) are shown as spaces so the caret lines up.
void report_parse_error(const std::string& expression, const tools::ParseError& error) {
  constexpr std::size_t context = 40;
  const std::size_t position = std::min(error.position(), expression.size());
  const std::size_t start = position > context ? position - context : 0;
  const std::size_t end = std::min(expression.size(), position + context);
  const std::string before = start > 0 ? "..." : "", after = end < expression.size() ? "..." : "";
  std::string shown = expression.substr(start, end - start);
  std::replace_if(shown.begin(), shown.end(), [](char c) { return std::iscntrl(static_cast<unsigned char>(c)); }, ' ');
  report(fmt::format("backprop: syntax error at column {}: {}\n  {}{}{}\n  {}^\n", position + 1, error.what(),
                     before, shown, after, std::string(before.size() + position - start, ' ')));
}

struct Command {
  std::string_view name, help;
  std::vector<std::string_view> flags, valued;
  int (*run)(const Invocation&);
};

// Everything but the final flush: returns the exit status.
int run(const std::vector<std::string_view>& arguments) {
  if (arguments.empty()) {
    report(main_help);
    return usage_error;
  }
  if (arguments[0] == "--help" || arguments[0] == "-h" || arguments[0] == "help") {
    write_out(main_help);
    return 0;
  }
  if (arguments[0] == "model")  // takes a FILE, not an EXPR: parsed on its own
    return tools::run_model_command(std::vector<std::string_view>(arguments.begin() + 1, arguments.end()));
  const Command commands[] = {
      {"eval", eval_help, {"--json"}, {}, run_eval},
      {"dot", dot_help, {"--no-grad", "--color"}, {"-o", "--depth"}, run_dot},
      {"explain", explain_help, {}, {}, run_explain},
      {"html", html_help, {}, {"-o", "--depth"}, run_html},
      {"gradcheck", gradcheck_help, {}, {"--tolerance", "--step", "--sample"}, run_gradcheck},
  };
  const auto command = std::find_if(std::begin(commands), std::end(commands),
                                    [&](const Command& c) { return c.name == arguments[0]; });
  if (command == std::end(commands)) {
    report(fmt::format("backprop: unknown command '{}'\n\n{}", arguments[0], main_help));
    return usage_error;
  }
  const std::vector<std::string_view> rest(arguments.begin() + 1, arguments.end());
  if (std::find(rest.begin(), rest.end(), "--help") != rest.end() ||
      std::find(rest.begin(), rest.end(), "-h") != rest.end()) {
    write_out(command->help);
    return 0;
  }
  std::string expression;
  try {
    const Invocation invocation =
        parse_arguments(std::string(command->name), rest, command->flags, command->valued);
    expression = invocation.expression;
    return command->run(invocation);
  } catch (const UsageError& error) {
    report(fmt::format("backprop {}: {}\n\n{}", command->name, error.message, command->help));
    return usage_error;
  } catch (const tools::ParseError& error) {
    report_parse_error(expression, error);
    return usage_error;
  } catch (const tools::OutputError&) {
    throw;  // main reports it
  } catch (const std::exception& error) {  // domain errors, rendering, writing files
    report(fmt::format("backprop {}: {}\n", command->name, error.what()));
    return evaluation_error;
  }
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const int status = run(std::vector<std::string_view>(argv + 1, argv + argc));
    tools::finish_out();
    return status;
  } catch (const tools::OutputError& error) {
    report(fmt::format("backprop: {}\n", error.what()));
  } catch (const std::exception& error) {  // out of memory, say: still no abort
    report(fmt::format("backprop: {}\n", error.what()));
  }
  return evaluation_error;
}
