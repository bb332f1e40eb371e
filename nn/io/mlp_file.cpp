// load_mlp(): reading the shape from the architecture line, checking it
// against the file's parameter count and that the file has the lines for
// them before building anything, then load().
#include "nn/io/mlp_file.hpp"

#include <algorithm>
#include <limits>
#include <new>
#include <optional>
#include <stdexcept>

#include <fmt/format.h>

#include "nn/io/line_reader.hpp"
#include "nn/io/model_file.hpp"
#include "nn/io/parse_number.hpp"
#include "nn/io/serialize.hpp"

namespace backprop::nn {

namespace {

// Takes `prefix` off the front of `text`, if it is there.
bool consume(std::string_view& text, std::string_view prefix) {
  if (!text.starts_with(prefix)) return false;
  text.remove_prefix(prefix.size());
  return true;
}

// "a, b, c]": the items up to the closing bracket, which is consumed.
std::optional<std::vector<std::string_view>> bracketed_list(std::string_view& text) {
  const std::size_t end = text.find(']');
  if (end == std::string_view::npos) return std::nullopt;
  std::string_view items = text.substr(0, end);
  text.remove_prefix(end + 1);
  std::vector<std::string_view> list;
  for (;;) {
    const std::size_t comma = items.find(", ");
    list.push_back(items.substr(0, comma));
    if (comma == std::string_view::npos) return list;
    items.remove_prefix(comma + 2);
  }
}

// (nin + 1) * size summed over the layers; nothing if it overflows.
std::optional<std::size_t> parameter_count(const MLPShape& shape) {
  constexpr std::size_t most = std::numeric_limits<std::size_t>::max();
  std::size_t count = 0, width = shape.inputs;
  for (std::size_t size : shape.sizes) {
    if (width == most || size > (most - count) / (width + 1)) return std::nullopt;
    count += (width + 1) * size;
    width = size;
  }
  return count;
}

// Whether the file has at least `wanted` lines, read as LineReader reads them.
bool has_lines(const std::filesystem::path& path, std::size_t wanted) {
  std::ifstream file = open_regular_file(path);
  LineReader lines(file, path.string());
  std::string line;
  for (std::size_t read = 0; read < wanted; ++read)
    if (!lines.next(line)) return false;
  return true;
}

}  // namespace

std::optional<MLPShape> parse_mlp_architecture(std::string_view text) {
  MLPShape shape;
  if (!consume(text, "MLP(")) return std::nullopt;
  const std::size_t comma = text.find(", [");
  const auto inputs = parse_number<std::size_t>(text.substr(0, comma));
  if (comma == std::string_view::npos || !inputs) return std::nullopt;
  shape.inputs = *inputs;
  text.remove_prefix(comma + 3);
  const auto sizes = bracketed_list(text);
  if (!sizes || !consume(text, ", [")) return std::nullopt;
  const auto activations = bracketed_list(text);
  if (!activations || text != ")" || activations->size() != sizes->size()) return std::nullopt;
  for (std::size_t k = 0; k < sizes->size(); ++k) {
    const auto size = parse_number<std::size_t>((*sizes)[k]);
    const auto activation = activation_named((*activations)[k]);
    if (!size || !activation) return std::nullopt;
    shape.sizes.push_back(*size);
    shape.activations.push_back(*activation);
  }
  return shape;
}

MLP load_mlp(const std::filesystem::path& path) {
  const ModelFileHeader saved = read_model_header(path);
  auto refuse = [&](std::string_view why) {
    return std::runtime_error(fmt::format("{}: {}", path.string(), why));
  };
  const auto shape = parse_mlp_architecture(saved.architecture);
  if (!shape)
    throw refuse(fmt::format("holds a '{}', not an MLP: only an MLP can be rebuilt from its file alone",
                             excerpt(saved.architecture, 80)));
  if (parameter_count(*shape) != saved.count)
    throw refuse(fmt::format("line 2's architecture '{}' does not have the {} parameters line 3 declares",
                             excerpt(saved.architecture, 80), saved.count));
  MLPOptions options{.output = shape->activations.back()};
  if (shape->sizes.size() > 1) options.hidden = shape->activations.front();
  for (std::size_t k = 0; k + 1 < shape->sizes.size(); ++k)
    if (shape->activations[k] != options.hidden)
      throw refuse(fmt::format("'{}' has hidden layers with different activations, which MLP cannot build",
                               excerpt(saved.architecture, 80)));
  // Nothing is built for parameters the file does not hold (a 77-byte file
  // may declare millions): if it ends before them, reading it says where.
  // load() below checks the lines' content, in order, against the model.
  if (!has_lines(path, std::min(saved.count, std::numeric_limits<std::size_t>::max() - 3) + 3)) {
    (void)read_model_file(path);  // throws "FILE:LINE: the file is truncated ..." or an earlier problem
    throw refuse(fmt::format("the file ends before the {} parameters line 3 declares", saved.count));
  }
  std::optional<MLP> model;
  try {
    model.emplace(shape->inputs, shape->sizes, options);
  } catch (const std::invalid_argument& error) {  // a size of 0
    throw refuse(fmt::format("the architecture '{}' cannot be built: {}", excerpt(saved.architecture, 80),
                             error.what()));
  } catch (const std::length_error& error) {  // more parameters than a tape holds
    throw refuse(fmt::format("the architecture '{}' cannot be built: {}", excerpt(saved.architecture, 80),
                             error.what()));
  } catch (const std::bad_alloc&) {
    throw refuse(fmt::format("the architecture '{}' cannot be built: out of memory", excerpt(saved.architecture, 80)));
  }
  load(*model, path);  // reads the file again, now checking every name and number against the model
  return std::move(*model);
}

}  // namespace backprop::nn
