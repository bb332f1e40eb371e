// save() and load(): the text format described in serialize.hpp.
#include "nn/serialize.hpp"

#include <cmath>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "nn/atomic_file.hpp"
#include "nn/parse_number.hpp"

namespace backprop::nn {

namespace {

constexpr std::string_view format_header = "backprop-model 1";

}  // namespace

void save(const Module& model, const std::filesystem::path& path) {
  const std::vector<Value> parameters = model.parameters();
  std::string text = fmt::format("{}\narchitecture {}\nparameters {}\n", format_header,
                                 model.architecture(), parameters.size());
  for (std::size_t k = 0; k < parameters.size(); ++k) {
    const double data = parameters[k].data();
    if (!std::isfinite(data))
      throw std::runtime_error(fmt::format("{}: cannot save: parameter {} is {}; the model has "
                                           "diverged", path.string(), k, data));
    text += fmt::format("{}\n", data);  // the shortest text that reads back to the same double
  }
  write_file_atomically(path, text);
}

void load(const Module& model, const std::filesystem::path& path) {
  std::ifstream file(path);
  if (!file) throw std::runtime_error(fmt::format("{}: cannot open the file", path.string()));
  std::size_t line_number = 0;
  auto fail = [&](const std::string& message) {
    return std::runtime_error(fmt::format("{}:{}: {}", path.string(), line_number, message));
  };
  std::string line;
  auto next_line = [&](std::string_view what) {
    ++line_number;
    if (!std::getline(file, line))
      throw fail(fmt::format("the file is truncated: expected {}", what));
    if (!line.empty() && line.back() == '\r') line.pop_back();
  };

  next_line(format_header);
  if (line != format_header)
    throw fail(fmt::format("not a backprop model: expected '{}', got '{}'", format_header, line));

  next_line("the architecture line");
  const std::string expected_architecture = "architecture " + model.architecture();
  if (line != expected_architecture)
    throw fail(fmt::format("architecture mismatch: the file has '{}', the model is '{}'",
                           line, expected_architecture));

  const std::vector<Value> parameters = model.parameters();
  next_line("the parameter count");
  if (line != fmt::format("parameters {}", parameters.size()))
    throw fail(fmt::format("expected 'parameters {}', got '{}'", parameters.size(), line));

  std::vector<double> numbers;
  numbers.reserve(parameters.size());
  for (std::size_t k = 0; k < parameters.size(); ++k) {
    next_line(fmt::format("{} parameters, found {}", parameters.size(), k));
    const std::optional<double> number = parse_number<double>(line);
    if (!number) throw fail(fmt::format("parameter {}: '{}' {}", k, line, number_problem(line)));
    numbers.push_back(*number);
  }
  ++line_number;
  if (std::getline(file, line))
    throw fail(fmt::format("unexpected content after the {} parameters: '{}'",
                           parameters.size(), line));

  // Everything checked: only now touch the model.
  for (std::size_t k = 0; k < parameters.size(); ++k) {
    Value parameter = parameters[k];
    parameter.set_data(numbers[k]);
  }
}

}  // namespace backprop::nn
