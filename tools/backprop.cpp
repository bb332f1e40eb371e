// The `backprop` command-line tool: evaluate an expression and its
// gradients, draw its graph, explain the chain rule, write a page that
// steps through it, or check gradients against finite differences; the same
// for second derivatives (--hessian, --order 2: second_order.hpp); and show
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
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>  // fmt::join

#include "autodiff/grad.hpp"
#include "autodiff/show/show.hpp"
#include "nn/io/atomic_file.hpp"
#include "nn/io/parse_number.hpp"
#include "tools/checked_output.hpp"
#include "tools/program.hpp"
#include "tools/usage_error.hpp"
#include "tools/expression.hpp"
#include "tools/gradcheck.hpp"
#include "tools/graph_file.hpp"
#include "tools/model_command.hpp"
#include "tools/second_order.hpp"

namespace tools = backprop::tools;
using backprop::Value;
using backprop::printable;
using tools::report;
using tools::UsageError;
using tools::write_out;

namespace {

constexpr int evaluation_error = 1;

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

Second derivatives: eval --hessian prints the Hessian; explain, dot, html and
gradcheck do for them with --order 2 what they do for gradients.

EXPR uses numbers, variables, + - * / ^ ** ( ), unary - and +, and the
functions FUNCTIONS (pow(a, b) takes two arguments, the others one).
EXPR may also be given as @FILE (read from FILE) or - (read from standard input), for
expressions longer than a command-line argument may be; at most 16 MiB.
Example:
  backprop eval "tanh(x1*w1 + x2*w2 + b)" x1=2 x2=0 w1=-3 w2=1 b=6.8813735870195432
Run 'backprop COMMAND --help' for a command's options, and 'backprop
--version' for the version. Options take their value as --opt VALUE or
--opt=VALUE. Numbers are printed in full (the shortest text that reads
back to the same double); --digits N shortens them.

Exit status: 0 success; 1 an evaluation error, a value or gradient that is
not finite (nan or inf: printed all the same), a failed gradient check, or
output that could not be written; 2 a usage or syntax error.
)text";

constexpr std::string_view eval_help = R"text(usage: backprop eval EXPR NAME=VALUE... [--json] [--digits N] [--hessian]

Prints the value of EXPR and d(EXPR)/d(NAME) for every variable, every
number in full: the shortest text that reads back to the same double.
  --json      print one JSON object: {"value": V, "grad": {"x": G, ...}}, numbers
              in full (null if not finite)
  --digits N  print N significant digits instead (1 to 17)
  --hessian   also print the Hessian, every second derivative d2(EXPR)/da db,
              as a table whose rows and columns are the variables (with
              --json, "hessian": {"a": {"b": H, ...}, ...}); it costs one
              backward pass per variable

A value or gradient that is not finite is printed as nan, inf or -inf (null
in JSON), and the exit status is then 1: something overflowed or left its
domain on the way.
)text";

// --order 2 and --wrt in the help of dot, explain and html: what they show
// of the gradient's graph is worded by each.
constexpr std::string_view wrt_help = R"text(  --wrt NAME  with --order 2, the variable of that first derivative (default:
             the first variable of EXPR)
)text";

constexpr std::string_view dot_help = R"text(usage: backprop dot EXPR NAME=VALUE... [-o FILE] [--no-grad] [--depth N] [--color] [--digits N]
                    [--order 2 [--wrt NAME]]

Prints the graph of EXPR after backward as Graphviz DOT text. Exit status 1
if the value or a gradient is not finite (the graph is written all the same).
  -o FILE    write to FILE instead: .dot or .gv get the DOT text, .svg or
             .png are rendered through Graphviz
  --no-grad  leave gradients out of the nodes
  --depth N  draw only values at most N operations from the output
  --color    shade each value by the size of its gradient
  --digits N show N significant digits (1 to 17) instead of every digit
  --order 2  draw the graph of the gradient d(EXPR)/d(NAME) instead: the first
             backward pass, recorded as values, with the values of EXPR it
             reads; its gradients are then second derivatives
)text";

constexpr std::string_view explain_help = R"text(usage: backprop explain EXPR NAME=VALUE... [--digits N] [--order 2 [--wrt NAME]]

Teaches the chain rule on EXPR: the forward pass as a table, the topological
order, then every backward step as an equation with its numbers. Exit status
1 if the value or a gradient is not finite (the explanation is printed all
the same).
  --digits N  show N significant digits (1 to 17) instead of every digit
  --order 2   explain the second backward pass: the gradient d(EXPR)/d(NAME)
              recorded as a graph (the first backward pass, as values), then
              that graph explained like any other, up to the second
              derivatives d2(EXPR)/d(NAME) d(each variable)
)text";

constexpr std::string_view html_help = R"text(usage: backprop html EXPR NAME=VALUE... [-o FILE] [--depth N] [--digits N]
                     [--order 2 [--wrt NAME]]

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
  --digits N show N significant digits (1 to 17) instead of every digit
  --order 2  step through the graph of the gradient d(EXPR)/d(NAME) instead:
             its forward pass is the first backward pass, recorded; its
             backward pass gives second derivatives
)text";

constexpr std::string_view gradcheck_help = R"text(usage: backprop gradcheck EXPR NAME=VALUE... [--tolerance T] [--step H] [--sample N]
                          [--order 2]

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
  --order 2      check second derivatives instead: d2(EXPR)/da db for every
                 pair of checked variables, from a second backward pass over
                 the recorded gradient, against central differences of the
                 gradient (column b of the Hessian from the gradient at b +- h);
                 one line per pair, so up to N*N lines
)text";

// The options of the expression commands, each read by the commands that take it.
struct Options {
  bool json = false, no_grad = false, color = false;
  std::size_t depth = 0;  // 0: no limit
  std::string output;     // -o FILE: the file, if output_given
  bool output_given = false;
  double tolerance = 1e-6, step = 1e-6;
  std::size_t sample = 1000;
  int digits = 0;  // significant digits shown; 0: every digit (format_number())
  bool hessian = false;
  int order = 1;     // 2: second derivatives
  std::string wrt;   // --wrt NAME, if wrt_given: the first derivative --order 2 differentiates
  bool wrt_given = false;
};

struct Invocation {
  std::string command;
  std::string expression;
  std::vector<std::pair<std::string, double>> bindings;  // in the order given
  Options options;
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

// EXPR and the NAME=VALUE bindings, the arguments of a command that are
// not options (CLI11 has read those), each NAME and VALUE trimmed of spaces.
Invocation parse_arguments(std::string command, const std::vector<std::string>& arguments, const Options& options) {
  Invocation invocation{std::move(command), {}, {}, options};
  if (options.wrt_given && options.order != 2)
    throw UsageError{"--wrt names the first derivative that --order 2 differentiates again; add --order 2"};
  if (arguments.empty()) throw UsageError{"missing EXPR"};
  invocation.expression = expression_text(arguments.front());
  std::unordered_set<std::string> bound;  // names given so far, found in constant time
  for (std::size_t k = 1; k < arguments.size(); ++k) {
    const std::string_view argument = arguments[k];
    const std::size_t equals = argument.find('=');
    if (equals == std::string_view::npos) throw UsageError{fmt::format("expected NAME=VALUE, got '{}'", argument)};
    const std::string name(tools::trim_spaces(argument.substr(0, equals)));
    const std::string_view text = tools::trim_spaces(argument.substr(equals + 1));
    if (!is_name(name)) throw UsageError{fmt::format("'{}' is not a variable name", name)};
    const auto value = parse_double(text);
    if (!value)
      throw UsageError{fmt::format("the value of {}, '{}', {}", name, text, backprop::nn::number_problem(text))};
    if (!bound.insert(name).second) throw UsageError{fmt::format("{} is given twice", name)};
    invocation.bindings.emplace_back(name, *value);
  }
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
  Value result;  // what the command shows: EXPR, or with --order 2 its first derivative
  Value expression_value;
};

// The variables in order of first appearance, as grad() takes them.
std::vector<Value> inputs_of(const Bound& bound) {
  std::vector<Value> inputs;
  for (const std::string& name : bound.names) inputs.push_back(bound.variables.at(name));
  return inputs;
}

// Second derivatives need variables: say so rather than print an empty table.
void require_variables(const Bound& bound, std::string_view option) {
  if (bound.names.empty())
    throw UsageError{fmt::format("{}: EXPR has no variables, so there are no second derivatives; "
                                 "give an expression with a variable, such as 'x^3' x=2", option)};
}

// The variable --order 2 differentiates by: --wrt, else the first one.
std::string wrt_name(const Invocation& invocation, const Bound& bound) {
  return invocation.options.wrt_given ? invocation.options.wrt : bound.names.front();
}

Evaluated evaluate(const Invocation& invocation) {
  Bound bound = bind(invocation);
  const Value result = bound.expression.evaluate(bound.variables);
  result.backward();
  return {std::move(bound), result, result};
}

// With --order 2: d(EXPR)/d(--wrt) as a graph of its own (grad() with
// create_graph), after its backward pass. EXPR itself is not differentiated
// first, so the variables' grad() are then second derivatives alone.
Evaluated evaluate_gradient(const Invocation& invocation) {
  Bound bound = bind(invocation);
  require_variables(bound, "--order 2");
  const std::string wrt = wrt_name(invocation, bound);
  if (!bound.variables.contains(wrt))
    throw UsageError{fmt::format("--wrt: '{}' is not a variable of EXPR; its variables are {}", wrt,
                                 fmt::join(bound.names, ", "))};
  const Value value = bound.expression.evaluate(bound.variables);
  const Value gradient = backprop::grad(value, {bound.variables.at(wrt)}, {.create_graph = true}).front();
  gradient.backward();
  return {std::move(bound), gradient, value};
}

// What dot, explain and html show: EXPR's graph, or with --order 2 its
// gradient's.
Evaluated evaluate_shown(const Invocation& invocation) {
  return invocation.options.order == 2 ? evaluate_gradient(invocation) : evaluate(invocation);
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
// error, if its value or a gradient (or one of `more`, the Hessian's) is
// not finite, since that means a number overflowed or an operation left its
// domain somewhere. With --order 2 the result is a first derivative and
// the gradients are second derivatives.
int finite_status(const Invocation& invocation, const Value& result, const Bound& bound,
                  const std::vector<std::string>& more = {}) {
  constexpr std::size_t most_shown = 4;
  const bool second = invocation.options.order == 2;
  const std::string wrt = second ? wrt_name(invocation, bound) : "";
  std::vector<std::string> problems;
  if (!std::isfinite(result.data()))
    problems.push_back(fmt::format("{} is {}", second ? "df/d" + wrt : "the value", printable(result.data())));
  for (const std::string& name : bound.names) {
    const double grad = bound.variables.at(name).grad();
    if (!std::isfinite(grad) && problems.size() < most_shown)
      problems.push_back(fmt::format("{}{} is {}", second ? "d2f/d" + wrt + " d" : "d/d", name, printable(grad)));
  }
  for (const std::string& problem : more)
    if (problems.size() < most_shown) problems.push_back(problem);
  if (problems.empty()) return 0;
  report(fmt::format("backprop {}: not finite: {}\n", invocation.command, fmt::join(problems, ", ")));
  return evaluation_error;
}

// {"x": number(0), "y": number(1), ...}, in the order of the variables.
template <typename Number>
std::string json_by_name(const std::vector<std::string>& names, Number number) {
  std::vector<std::string> entries;
  for (std::size_t k = 0; k < names.size(); ++k) entries.push_back(fmt::format("{}: {}", json_string(names[k]), number(k)));
  return fmt::format("{{{}}}", fmt::join(entries, ", "));
}

int run_eval(const Invocation& invocation) {
  const auto [bound, result, value] = evaluate(invocation);
  const auto grad = [&](std::size_t k) { return bound.variables.at(bound.names[k]).grad(); };
  std::vector<std::vector<double>> hessian;
  std::vector<std::string> not_finite;
  if (invocation.options.hessian) {
    require_variables(bound, "--hessian");
    hessian = backprop::hessian(result, inputs_of(bound));
    for (std::size_t row = 0; row < hessian.size(); ++row)
      for (std::size_t column = 0; column < hessian.size(); ++column)
        if (!std::isfinite(hessian[row][column]))
          not_finite.push_back(fmt::format("d2/d{} d{} is {}", bound.names[row], bound.names[column],
                                           printable(hessian[row][column])));
  }
  if (invocation.options.json) {
    std::string json = fmt::format("{{\"value\": {}, \"grad\": {}", json_number(result.data()),
                                   json_by_name(bound.names, [&](std::size_t k) { return json_number(grad(k)); }));
    if (invocation.options.hessian)
      json += ", \"hessian\": " + json_by_name(bound.names, [&](std::size_t row) {
        return json_by_name(bound.names, [&](std::size_t column) { return json_number(hessian[row][column]); });
      });
    write_out(json + "}\n");
  } else {
    const int digits = invocation.options.digits;
    write_out(fmt::format("value = {}\n", backprop::format_number(result.data(), digits)));
    for (std::size_t k = 0; k < bound.names.size(); ++k)
      write_out(fmt::format("d/d{} = {}\n", bound.names[k], backprop::format_number(grad(k), digits)));
    if (invocation.options.hessian) write_out(tools::hessian_table(bound.names, hessian, digits));
  }
  return finite_status(invocation, result, bound, not_finite);
}

int run_dot(const Invocation& invocation) {
  backprop::DotOptions options;
  options.show_gradients = !invocation.options.no_grad;
  options.color_by_gradient = invocation.options.color;
  options.max_depth = invocation.options.depth;
  options.digits = invocation.options.digits;
  const auto [bound, result, value] = evaluate_shown(invocation);
  const std::string dot = backprop::to_dot(result, options);
  if (!invocation.options.output_given) {
    write_out(dot);
    return finite_status(invocation, result, bound);
  }
  const std::filesystem::path path = invocation.options.output;
  if (const auto problem = tools::graph_file_problem(path)) throw UsageError{*problem};
  tools::write_graph(path, dot);
  write_out(fmt::format("wrote {}\n", path.string()));
  return finite_status(invocation, result, bound);
}

int run_explain(const Invocation& invocation) {
  const auto [bound, result, value] = evaluate_shown(invocation);
  const int digits = invocation.options.digits;
  if (invocation.options.order == 2)
    write_out(tools::explain_second_order(value, result, wrt_name(invocation, bound), bound.names, bound.variables,
                                          digits));
  else
    write_out(backprop::explain(result, digits));
  return finite_status(invocation, result, bound);
}

int run_html(const Invocation& invocation) {
  backprop::DotOptions options;
  options.max_depth = invocation.options.depth;
  options.digits = invocation.options.digits;
  const auto [bound, result, value] = evaluate_shown(invocation);
  const std::string title = invocation.options.order == 2
                                ? fmt::format("d/d{} of {}", wrt_name(invocation, bound), invocation.expression)
                                : invocation.expression;
  const std::string page = backprop::to_html(result, options, title);
  if (!invocation.options.output_given) {
    write_out(page);
  } else {
    const std::filesystem::path path = invocation.options.output;
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

// The verdict so far: the largest relative difference, and how many
// entries could not be checked.
struct Tally {
  double worst = 0.0;
  std::size_t checked = 0, unchecked = 0;
  void add(const CheckedVariable& outcome) {
    ++checked;
    unchecked += !outcome.checked;
    worst = std::isnan(outcome.difference) ? outcome.difference : std::max(worst, outcome.difference);
  }
};

// The last line of the table, "...: ok" or "...: FAILED", and the exit
// status; `entries` names what was checked ("variables").
int report_verdict(const Tally& tally, double tolerance, std::string_view entries) {
  const bool within = tally.worst <= tolerance, passed = within && tally.unchecked == 0;
  std::string summary;
  if (tally.unchecked < tally.checked)
    summary = fmt::format("largest relative difference {:.3g} {} tolerance {:.3g}", printable(tally.worst),
                          within ? "<=" : ">", tolerance);
  if (tally.unchecked > 0)
    summary += fmt::format("{}{} of {} {} not differentiable at this point", summary.empty() ? "" : "; ",
                           tally.unchecked, tally.checked, entries);
  write_out(fmt::format("{}: {}\n", summary, passed ? "ok" : "FAILED"));
  return passed ? 0 : evaluation_error;
}

// --order 2: for each chosen variable b, row b of the Hessian from a second
// backward pass over the recorded gradient, against column b from central
// differences of the gradient (gradgradcheck); one line "b, a" per pair.
void check_second_derivatives(const Bound& bound, const Value& result, const std::vector<std::size_t>& chosen,
                              std::vector<double>& point, const Options& options, Tally& tally) {
  const std::vector<Value> inputs = inputs_of(bound);
  const std::vector<Value> gradient = backprop::grad(result, inputs, {.create_graph = true});
  for (std::size_t b : chosen) {
    const std::vector<Value> row = backprop::grad(gradient[b], inputs);
    // The gradient at each moved point, computed once for every entry.
    std::map<double, std::vector<double>> moved;
    const auto moved_gradient = [&](double x) -> const std::vector<double>& {
      const auto [at, fresh] = moved.try_emplace(x);
      if (fresh) {
        const double given = point[b];
        point[b] = x;
        at->second = tools::gradient_at(bound.expression, point);
        point[b] = given;
      }
      return at->second;
    };
    for (std::size_t a : chosen) {
      const auto entry = [&](double x) { return moved_gradient(x)[a]; };
      tally.add(check_variable(fmt::format("{}, {}", bound.names[b], bound.names[a]), row[a].data(),
                               tools::finite_difference(entry, point[b], gradient[a].data(), options.step,
                                                        options.tolerance)));
    }
  }
}

int run_gradcheck(const Invocation& invocation) {
  const auto [bound, result, unused] = evaluate(invocation);
  if (invocation.options.order == 2) require_variables(bound, "--order 2");

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
  const Options& options = invocation.options;
  const std::vector<std::size_t> chosen = tools::variables_to_check(bound.names.size(), options.sample);
  if (chosen.size() < bound.names.size())
    write_out(fmt::format("checking {} of {} variables, spread evenly over their order of first appearance "
                          "(--sample N to check more)\n", chosen.size(), bound.names.size()));
  const bool second = options.order == 2;
  write_out(fmt::format("{:<12} {:>24} {:>24} {:>12}\n", second ? "variables" : "variable", "backward",
                        "finite difference", "rel. diff"));
  Tally tally;
  if (second) {
    check_second_derivatives(bound, result, chosen, point, options, tally);
    return report_verdict(tally, options.tolerance, "second derivatives");
  }
  for (std::size_t k : chosen) {
    const auto moved = [&](double x) {
      const double given = point[k];
      point[k] = x;
      const double moved_value = bound.expression.evaluate_numbers(point);
      point[k] = given;
      return moved_value;
    };
    const std::string& name = bound.names[k];
    tally.add(check_variable(name, bound.variables.at(name).grad(),
                             tools::finite_difference(moved, point[k], value, options.step, options.tolerance)));
  }
  return report_verdict(tally, options.tolerance, "variables");
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

// The command line: a subcommand per command, each with its help page and
// its options (tools/program.hpp); EXPR and NAME=VALUE are the arguments it
// leaves, since an expression may start with '-'.
int run(int argc, char** argv) {
  // The function list comes from the operation table (op.hpp), so a new
  // function appears here without a word written.
  std::string help(main_help);
  help.replace(help.find("FUNCTIONS"), std::string_view("FUNCTIONS").size(), tools::function_names());
  tools::Program program("backprop", help);
  Options options;
  struct Command {
    std::string name;
    tools::Program& program;
    int (*run)(const Invocation&);
  };
  const Command commands[] = {
      {"eval", program.command("eval", std::string(eval_help)), run_eval},
      {"dot", program.command("dot", std::string(dot_help) + std::string(wrt_help)), run_dot},
      {"explain", program.command("explain", std::string(explain_help) + std::string(wrt_help)), run_explain},
      {"html", program.command("html", std::string(html_help) + std::string(wrt_help)), run_html},
      {"gradcheck", program.command("gradcheck", std::string(gradcheck_help)), run_gradcheck},
  };
  tools::Program &eval = commands[0].program, &dot = commands[1].program, &explain = commands[2].program,
                 &html = commands[3].program, &gradcheck = commands[4].program;
  constexpr auto whole_above_zero = +[](std::size_t n) { return n > 0; };
  constexpr auto above_zero = +[](double x) { return x > 0.0; };
  eval.flag("--json", options.json).flag("--hessian", options.hessian);
  for (tools::Program* differentiates : {&dot, &explain, &html, &gradcheck})
    differentiates->number("--order", options.order, "1 or 2 (first or second derivatives)",
                           +[](int n) { return n == 1 || n == 2; });
  for (tools::Program* shows_gradient : {&dot, &explain, &html}) shows_gradient->option("--wrt", options.wrt);
  dot.flag("--no-grad", options.no_grad).flag("--color", options.color);
  for (tools::Program* picture : {&dot, &html})
    picture->output("-o", options.output).number("--depth", options.depth, "a whole number > 0", whole_above_zero);
  for (tools::Program* shows_numbers : {&eval, &dot, &explain, &html})
    shows_numbers->number("--digits", options.digits, "a whole number from 1 to 17",
                          +[](int n) { return n >= 1 && n <= 17; });
  gradcheck.number("--tolerance", options.tolerance, "a number > 0", above_zero)
      .number("--step", options.step, "a number > 0", above_zero)
      .number("--sample", options.sample, "a whole number > 0", whole_above_zero);
  for (const Command& command : commands) command.program.arguments();  // EXPR NAME=VALUE...

  // `model` takes a FILE, not an EXPR.
  std::string model_file, model_input, model_graph;
  tools::ModelArguments model_arguments;
  tools::Program& model = program.command("model", std::string(tools::model_help))
                              .argument("FILE", model_file)
                              .option("--input", model_input)
                              .output("-o", model_graph)
                              .flag("--full", model_arguments.full);

  if (const int status = program.parse(argc, argv); status != tools::Program::keep_going) return status;
  if (model.chosen()) {
    model_arguments.file = model_file;
    if (model.given("--input")) model_arguments.input = model_input;
    if (model.given("-o")) model_arguments.graph = model_graph;
    return tools::run_model_command(model_arguments);
  }
  const Command& command =
      *std::find_if(std::begin(commands), std::end(commands), [](const Command& c) { return c.program.chosen(); });
  const std::string& name = command.name;
  options.output_given = command.program.given("-o");
  options.wrt_given = command.program.given("--wrt");
  std::string expression;
  try {
    const Invocation invocation = parse_arguments(name, command.program.remaining(), options);
    expression = invocation.expression;
    return command.run(invocation);
  } catch (const UsageError& error) {
    report(tools::usage_message("backprop " + name, error.message));
    return tools::usage_status;
  } catch (const tools::ParseError& error) {
    report_parse_error(expression, error);
    return tools::usage_status;
  } catch (const tools::OutputError&) {
    throw;  // main reports it
  } catch (const std::exception& error) {  // domain errors, rendering, writing files
    report(fmt::format("backprop {}: {}\n", name, error.what()));
    return evaluation_error;
  }
}

}  // namespace

int main(int argc, char** argv) {
  return tools::run_checked("backprop", [&] { return run(argc, argv); });
}
