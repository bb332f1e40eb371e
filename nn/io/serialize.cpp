// save() and load(): a Module to and from the file format of model_file.hpp.
#include "nn/io/serialize.hpp"

#include <cmath>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

#include <fmt/format.h>

#include "nn/io/atomic_file.hpp"
#include "nn/io/line_reader.hpp"
#include "nn/io/model_file.hpp"

namespace backprop::nn {

namespace {

// Why `name` cannot stand on a line before its number, or nothing.
std::string name_problem(std::string_view name) {
  if (name.empty()) return "is empty";
  for (char c : name)
    if (static_cast<unsigned char>(c) <= ' ' || c == '\x7f')
      return "is not one word (it has a space or a control character)";
  if (name.size() > LineReader::default_max_line_bytes / 2) return fmt::format("is {} bytes long", name.size());
  return {};
}

}  // namespace

void save(const Module& model, const std::filesystem::path& path) {
  auto refuse = [&](std::string_view why) {
    return std::runtime_error(fmt::format("{}: cannot save: {}", path.string(), why));
  };
  SavedModel saved{model_file_version, model.architecture(), {}};
  if (saved.architecture.find_first_of("\r\n") != std::string::npos)
    throw refuse(fmt::format("architecture() holds a line break ('{}'), so the file could never be loaded; "
                             "describe it on one line", excerpt(saved.architecture)));
  const std::size_t longest = LineReader::default_max_line_bytes - std::string_view("architecture ").size();
  if (saved.architecture.size() > longest)
    throw refuse(fmt::format("architecture() is {} bytes long; at most {} can be loaded",
                             saved.architecture.size(), longest));
  std::unordered_map<std::string_view, std::size_t> position;  // name -> its first parameter
  const std::vector<NamedParameter> parameters = model.named_parameters();
  for (std::size_t k = 0; k < parameters.size(); ++k) {
    const auto& [name, value] = parameters[k];
    if (const std::string problem = name_problem(name); !problem.empty())
      throw refuse(fmt::format("the name of parameter {}, '{}', {}; name the module's parts with one word each",
                               k, excerpt(name), problem));
    if (const auto [first, fresh] = position.emplace(name, k); !fresh)
      throw refuse(fmt::format("parameters {} and {} are both named '{}'; names must be unique so that "
                               "loading can check them", first->second, k, excerpt(name, 80)));
    const double data = value.data();
    if (!std::isfinite(data))
      throw refuse(fmt::format("parameter {} ({}) is {}; the model has diverged", k, excerpt(name, 80), data));
    saved.parameters.push_back({name, data});
  }
  write_file_atomically(path, model_file_text(saved));
}

void load(const Module& model, const std::filesystem::path& path) {
  std::vector<NamedParameter> parameters = model.named_parameters();
  ExpectedModel expected{model.architecture(), {}};
  for (const NamedParameter& parameter : parameters) expected.names.push_back(parameter.name);
  const SavedModel saved = read_model_file(path, &expected);
  // Everything checked: only now touch the model.
  for (std::size_t k = 0; k < parameters.size(); ++k) parameters[k].value.set_data(saved.parameters[k].value);
}

}  // namespace backprop::nn
