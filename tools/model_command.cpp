// The `model` command: its arguments, the statistics table, and drawing
// through nn::model_dot().
#include "tools/model_command.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>
#include <optional>
#include <string>
#include <unordered_map>

#include <fmt/format.h>
#include <fmt/ranges.h>  // fmt::join

#include "autodiff/format.hpp"
#include "nn/io/line_reader.hpp"
#include "nn/io/mlp_file.hpp"
#include "nn/io/model_file.hpp"
#include "nn/show/model_graph.hpp"
#include "nn/io/parse_number.hpp"
#include "tools/checked_output.hpp"
#include "tools/graph_file.hpp"
#include "tools/usage_error.hpp"

namespace backprop::tools {

namespace {

constexpr int file_error = 1;

}  // namespace

const std::string_view model_help = R"text(usage: backprop model FILE [--input A,B,...] [-o GRAPH] [--full]

Shows a model saved by nn::save(): its architecture, its parameter count,
and for each layer the count, mean, min and max of its weights and biases
(grouped by the parameters' names: layers.0.neurons.3.w.1 counts among the
weights of layers.0).
  --input A,B,...  also run one forward and backward pass on these inputs
                   (as many as the model takes) and print the outputs; needs
                   a model saved from an MLP
  -o GRAPH         with --input, draw that pass: .dot or .gv get the DOT
                   text, .svg or .png are rendered through Graphviz. The
                   summary view has one box per neuron (activation, bias,
                   |w|, output gradient, largest weight gradient) and an
                   edge per weight, thick for a large one, blue if positive,
                   red if negative; the inputs are named x0, x1, ...
  --full           draw every value instead: each neuron's parameters as a
                   table, its sum and its activation, a column per layer

Exit status: 0 success; 1 a file that cannot be read or is not a model, an
output or gradient that is not finite (printed and drawn all the same), or a
graph that could not be written; 2 a usage error.
Example:
  backprop model moons.txt --input 0.5,-1 -o moons.svg
)text";

namespace {

// The arguments, checked, with the inputs as numbers.
struct Checked {
  std::filesystem::path file;
  std::optional<std::vector<double>> input;
  std::optional<std::filesystem::path> graph;
  bool full = false;
};

// "0.5,-1" (or "0.5, -1") as numbers.
std::vector<double> parse_input(std::string_view text) {
  std::vector<double> numbers;
  for (std::size_t start = 0;;) {
    const std::size_t comma = text.find(',', start);
    const std::string_view item =
        trim_spaces(text.substr(start, comma == std::string_view::npos ? comma : comma - start));
    const auto number = nn::parse_number<double>(item);
    if (!number)
      throw UsageError{fmt::format("--input: input {}, '{}', {}; give numbers separated by commas: --input 0.5,-1",
                                   numbers.size(), nn::excerpt(item), nn::number_problem(item))};
    numbers.push_back(*number);
    if (comma == std::string_view::npos) return numbers;
    start = comma + 1;
  }
}

Checked check_arguments(const ModelArguments& arguments) {
  if (arguments.file.empty()) throw UsageError{"missing FILE"};
  Checked checked{arguments.file, {}, arguments.graph, arguments.full};
  if (arguments.input) checked.input = parse_input(*arguments.input);
  if (checked.graph && !checked.input)
    throw UsageError{"-o needs --input: the graph is drawn from one forward and backward pass on it"};
  if (checked.full && !checked.graph)
    throw UsageError{"--full chooses the view of the graph drawn with -o; add -o GRAPH"};
  if (checked.graph)
    if (const auto problem = graph_file_problem(*checked.graph)) throw UsageError{*problem};
  return checked;
}

// The row of the statistics a parameter counts in: "layers.0" weights for
// "layers.0.neurons.3.w.1", "layers.0" biases for "layers.0.neurons.3.b";
// a name not made of neurons counts under itself without its trailing
// numbers ("wte" for "wte.3.7").
struct Group {
  std::string name, kind;
};

Group group_of(std::string_view name) {
  const std::string dotted = fmt::format(".{}", name);  // so that "neurons.3.b" (a Layer's) is found too
  const std::size_t neurons = dotted.rfind(".neurons.");
  if (neurons != std::string::npos) {
    const std::string_view after_neuron = std::string_view(dotted).substr(neurons + 9);  // "3.w.1" or "3.b"
    const std::string_view part = after_neuron.substr(std::min(after_neuron.size(), after_neuron.find('.') + 1));
    const std::string kind = part.starts_with("w.") ? "weights" : part == "b" ? "biases" : std::string(part);
    return {neurons == 0 ? std::string("-") : dotted.substr(1, neurons - 1), kind};
  }
  std::string_view trimmed = name;
  for (;;) {  // drop ".3.7"
    const std::size_t dot = trimmed.rfind('.');
    const std::string_view last = trimmed.substr(dot == std::string_view::npos ? 0 : dot + 1);
    if (dot == std::string_view::npos || last.empty() ||
        last.find_first_not_of("0123456789") != std::string_view::npos)
      break;
    trimmed = trimmed.substr(0, dot);
  }
  return {trimmed.empty() ? std::string("-") : std::string(trimmed), ""};
}

// A file's text for the terminal: control characters, NUL and bytes
// outside ASCII as \xNN (as excerpt() shows them in error messages), in
// full, so that an escape sequence in a file never reaches the terminal.
std::string shown(std::string_view text) { return nn::excerpt(text, std::string_view::npos); }

struct Statistics {
  Group group;
  std::size_t count = 0;
  double sum = 0.0, min = std::numeric_limits<double>::infinity(), max = -std::numeric_limits<double>::infinity();
};

// One row per group, in the order the groups first appear (found through a
// hash map: a file may hold as many groups as parameters).
std::string statistics_table(const std::vector<std::string>& names, const std::vector<double>& values) {
  std::vector<Statistics> rows;
  std::unordered_map<std::string, std::size_t> row_of;  // "name\nkind" -> its row
  for (std::size_t k = 0; k < values.size(); ++k) {
    const Group group = names[k].empty() ? Group{"all", ""} : group_of(names[k]);
    const auto [found, fresh] = row_of.emplace(fmt::format("{}\n{}", group.name, group.kind), rows.size());
    if (fresh) rows.push_back(Statistics{group});
    Statistics* const row = &rows[found->second];
    ++row->count;
    row->sum += values[k];
    row->min = std::min(row->min, values[k]);
    row->max = std::max(row->max, values[k]);
  }
  // Names come from the file: shown as the error messages show them.
  for (Statistics& row : rows) row.group = {shown(row.group.name), shown(row.group.kind)};
  std::size_t width = 5;
  for (const Statistics& row : rows) width = std::max(width, row.group.name.size());
  std::string table = fmt::format("{:<{}} {:<8} {:>6} {:>11} {:>11} {:>11}\n", "layer", width, "", "count", "mean",
                                  "min", "max");
  for (const Statistics& row : rows)
    table += fmt::format("{:<{}} {:<8} {:>6} {:>11.4f} {:>11.4f} {:>11.4f}\n", row.group.name, width, row.group.kind,
                         row.count, printable(row.sum / static_cast<double>(row.count)), row.min, row.max);
  return table;
}

// The layers of an MLP, one line each: "layers.0  2 -> 16  relu".
std::string layer_lines(const nn::MLP& model) {
  std::string lines;
  for (std::size_t k = 0; k < model.layers().size(); ++k) {
    const nn::Layer& layer = model.layers()[k];
    lines += fmt::format("layers.{}  {} -> {}  {}\n", k, layer.inputs(), layer.outputs(),
                         nn::activation_name(layer.activation()));
  }
  return lines;
}

int run(const Checked& arguments) {
  const nn::ModelFileHeader header = nn::read_model_header(arguments.file);
  // An MLP is rebuilt (load() checks every name against it, and names a
  // version 2 file's numbers); another module is read as names and numbers,
  // and cannot be run.
  std::optional<nn::MLP> model;
  std::vector<std::string> names;
  std::vector<double> values;
  if (arguments.input || nn::parse_mlp_architecture(header.architecture)) {
    model.emplace(nn::load_mlp(arguments.file));
    for (const nn::NamedParameter& parameter : model->named_parameters()) {
      names.push_back(parameter.name);
      values.push_back(parameter.value.data());
    }
  } else {
    for (const nn::SavedParameter& parameter : nn::read_model_file(arguments.file).parameters) {
      names.push_back(parameter.name);
      values.push_back(parameter.value);
    }
  }
  if (arguments.input && arguments.input->size() != model->layers().front().inputs())
    throw UsageError{fmt::format("--input: the model takes {} inputs, got {}", model->layers().front().inputs(),
                                 arguments.input->size())};
  std::string report_text =
      fmt::format("{}: backprop model, format version {}\narchitecture {}\nparameters {}\n", arguments.file.string(),
                  header.version, shown(header.architecture), values.size());
  if (model) report_text += layer_lines(*model);
  write_out(report_text + "\n" + statistics_table(names, values));
  if (!arguments.input) return 0;

  const nn::ModelGraphOptions options{.view = arguments.full ? DotOptions::View::full : DotOptions::View::summary};
  const std::string dot = nn::model_dot(*model, *arguments.input, options);
  std::vector<double> outputs;
  {
    GraphScope scope;
    NoGrad no_grad;
    for (const Value& output : (*model)(std::span<const double>(*arguments.input))) outputs.push_back(output.data());
  }
  write_out(fmt::format("\noutput{} at ({}): {}\n", outputs.size() > 1 ? "s" : "",
                        fmt::join(*arguments.input, ", "), fmt::join(outputs, ", ")));
  if (arguments.graph) {
    write_graph(*arguments.graph, dot);
    write_out(fmt::format("wrote {} ({} view)\n", arguments.graph->string(), arguments.full ? "full" : "summary"));
  }
  // As `dot` does: a number that overflowed somewhere makes the status 1.
  const std::vector<Value> parameters = model->parameters();
  const bool finite =
      std::all_of(outputs.begin(), outputs.end(), [](double x) { return std::isfinite(x); }) &&
      std::all_of(parameters.begin(), parameters.end(), [](const Value& p) { return std::isfinite(p.grad()); });
  if (!finite) report("backprop model: not finite: an output or a gradient overflowed on this input\n");
  return finite ? 0 : file_error;
}

}  // namespace

int run_model_command(const ModelArguments& arguments) {
  try {
    return run(check_arguments(arguments));
  } catch (const UsageError& error) {
    report(usage_message("backprop model", error.message));
    return usage_status;
  } catch (const OutputError&) {
    throw;  // main reports it
  } catch (const std::exception& error) {  // a bad file, rendering, writing the graph
    report(fmt::format("backprop model: {}\n", error.what()));
    return file_error;
  }
}

}  // namespace backprop::tools
