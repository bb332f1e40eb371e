// The model file format of model_file.hpp: writing the text, and reading it
// line by line with a check at each line.
#include "nn/io/model_file.hpp"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <stdexcept>
#include <string_view>
#include <unordered_map>

#include <fmt/format.h>

#include "nn/io/line_reader.hpp"
#include "nn/io/parse_number.hpp"

namespace backprop::nn {

namespace {

constexpr std::string_view format_name = "backprop-model";
constexpr int oldest_version = 1;

// FNV-1a over bytes, numbers taken byte by byte from the least significant,
// so the same file gives the same checksum on any machine.
class Checksum {
 public:
  void add(double number) {
    const auto bits = std::bit_cast<std::uint64_t>(number);
    for (int byte = 0; byte < 8; ++byte) add_byte((bits >> (8 * byte)) & 0xff);
  }
  // A name or a whole line: its bytes, then a newline byte.
  void add(std::string_view line) {
    for (char c : line) add_byte(static_cast<unsigned char>(c));
    add_byte('\n');
  }
  std::string hex() const { return fmt::format("{:016x}", state_); }

 private:
  void add_byte(std::uint64_t byte) {
    state_ ^= byte;
    state_ *= 0x100000001b3;
  }
  std::uint64_t state_ = 0xcbf29ce484222325;
};

std::string end_line(std::size_t count, const Checksum& checksum) {
  return fmt::format("end parameters {} checksum {}", count, checksum.hex());
}

// Reads the lines of one file in order; each step checks one part.
class ModelFileReader {
 public:
  ModelFileReader(const std::filesystem::path& path, const ExpectedModel* expected)
      : file_(open_regular_file(path)), lines_(file_, path.string()), expected_(expected) {}

  ModelFileHeader read_header() {
    ModelFileHeader header;
    header.version = read_version();
    header.architecture = read_architecture();
    header.count = read_count();
    return header;
  }

  SavedModel read() {
    const ModelFileHeader header = read_header();
    SavedModel model{header.version, header.architecture, {}};
    const std::size_t count = header.count;
    Checksum numbers_checksum;  // versions 2 and 3: the names and numbers only
    std::unordered_map<std::string, std::size_t> position;  // name -> its parameter, to refuse a repeat
    for (std::size_t k = 0; k < count; ++k) {
      const SavedParameter& parameter = model.parameters.emplace_back(read_parameter(model.version, k, count));
      // With a model to compare against, check_name() has refused a repeat.
      if (!expected_ && model.version >= 3) check_unique(position, parameter.name, k);
      if (model.version == 3) numbers_checksum.add(parameter.name);
      if (model.version < 4) numbers_checksum.add(parameter.value);
    }
    if (model.version >= 4) read_end(count, lines_checksum_);
    else if (model.version >= 2) read_end(count, numbers_checksum);
    else read_nothing_more(count);
    return model;
  }

 private:
  // Every line before the end line goes into lines_checksum_ (the end line
  // is read by lines_.next() directly).
  void next_line(std::string_view what) {
    if (!lines_.next(line_))
      throw lines_.error_at(lines_.line_number() + 1, fmt::format("the file is truncated: expected {}", what));
    lines_checksum_.add(line_);
  }

  int read_version() {
    next_line(fmt::format("{} {}", format_name, model_file_version));
    const std::string_view line = line_;
    if (line.starts_with(format_name) && line.size() > format_name.size() && line[format_name.size()] == ' ') {
      const std::string_view version = line.substr(format_name.size() + 1);
      for (int known = oldest_version; known <= model_file_version; ++known)
        if (version == fmt::format("{}", known)) return known;
      throw lines_.error(fmt::format("format version '{}' is not supported; this build reads versions {} to {}",
                                     excerpt(version), oldest_version, model_file_version));
    }
    throw lines_.error(fmt::format("not a backprop model: expected '{} {}', got '{}'", format_name,
                                   model_file_version, excerpt(line)));
  }

  std::string read_architecture() {
    next_line("the architecture line");
    constexpr std::string_view prefix = "architecture ";
    if (expected_) {
      const std::string wanted = fmt::format("{}{}", prefix, expected_->architecture);
      if (line_ != wanted)
        throw lines_.error(fmt::format("architecture mismatch: the file has '{}', the model is '{}'",
                                       excerpt(line_, 200), excerpt(wanted, 200)));
    } else if (!line_.starts_with(prefix)) {
      throw lines_.error(fmt::format("expected 'architecture ...', got '{}'", excerpt(line_)));
    }
    return line_.substr(prefix.size());
  }

  std::size_t read_count() {
    next_line("the parameter count");
    if (expected_) {
      if (line_ != fmt::format("parameters {}", expected_->names.size()))
        throw lines_.error(
            fmt::format("expected 'parameters {}', got '{}'", expected_->names.size(), excerpt(line_)));
      return expected_->names.size();
    }
    constexpr std::string_view prefix = "parameters ";
    const auto count = line_.starts_with(prefix)
                           ? parse_number<std::size_t>(std::string_view(line_).substr(prefix.size()))
                           : std::nullopt;
    if (!count) throw lines_.error(fmt::format("expected 'parameters COUNT', got '{}'", excerpt(line_)));
    return *count;
  }

  SavedParameter read_parameter(int version, std::size_t k, std::size_t count) {
    next_line(fmt::format("{} parameters, found {}", count, k));
    if (line_.starts_with("end parameters "))
      throw lines_.error(fmt::format("expected parameter {} of {}, got the end line '{}': the file has too few "
                                     "parameters", k, count, excerpt(line_)));
    std::string_view number_text = line_;
    SavedParameter parameter;
    if (version >= 3) {
      const std::size_t space = line_.find(' ');
      if (space == 0 || space == std::string::npos)
        throw lines_.error(fmt::format("parameter {}: expected 'NAME NUMBER', got '{}'", k, excerpt(line_)));
      parameter.name = line_.substr(0, space);
      number_text.remove_prefix(space + 1);
      if (expected_) check_name(parameter.name, k);
    }
    const std::optional<double> number = parse_number<double>(number_text);
    if (!number)
      throw lines_.error(fmt::format("parameter {}{}: '{}' {}", k,
                                     parameter.name.empty() ? "" : fmt::format(" ({})", excerpt(parameter.name, 80)),
                                     excerpt(number_text), number_problem(number_text)));
    parameter.value = *number;
    return parameter;
  }

  // A parameter the model calls otherwise: renamed, or in another order.
  void check_name(const std::string& name, std::size_t k) const {
    const std::vector<std::string>& names = expected_->names;
    if (name == names[k]) return;
    const auto elsewhere = std::find(names.begin(), names.end(), name);
    const std::string why =
        elsewhere == names.end()
            ? fmt::format("the model has no parameter named '{}'", excerpt(name, 80))
            : fmt::format("the model has it at position {}: the file lists the parameters in another order",
                          elsewhere - names.begin());
    throw lines_.error(fmt::format("parameter {} is '{}' in the file, but the model's parameter {} is '{}'; {}", k,
                                   excerpt(name, 80), k, excerpt(names[k], 80), why));
  }

  // Two parameters of one name would be one row of `backprop model`'s
  // statistics and could never load into a model, whose names are unique.
  void check_unique(std::unordered_map<std::string, std::size_t>& position, const std::string& name,
                    std::size_t k) const {
    if (const auto [first, fresh] = position.emplace(name, k); !fresh)
      throw lines_.error(fmt::format("parameter {} is named '{}', as parameter {} is; the names in a model file "
                                     "must be unique", k, excerpt(name, 80), first->second));
  }

  void read_end(std::size_t count, const Checksum& checksum) {
    const std::string expected_end = end_line(count, checksum);
    if (!lines_.next(line_))
      throw lines_.error_at(lines_.line_number() + 1,
                            fmt::format("the file is truncated: expected the end line after the {} parameters "
                                        "('end parameters {} checksum ...')", count, count));
    if (!line_.starts_with("end parameters "))
      throw lines_.error(
          fmt::format("expected the end line after the {} parameters, got '{}'", count, excerpt(line_)));
    if (line_ != expected_end)
      throw lines_.error(fmt::format("the end line '{}' does not match what was read ('{}'): the file was "
                                     "changed or damaged after it was saved",
                                     excerpt(line_, 80), expected_end));
    if (lines_.next(line_))
      throw lines_.error(fmt::format("unexpected content after the end line: '{}'", excerpt(line_)));
  }

  // Version 1 ended with its last number: no count or checksum to check, so
  // a file cut inside its last number cannot be told from a whole one.
  void read_nothing_more(std::size_t count) {
    if (lines_.next(line_))
      throw lines_.error(fmt::format("unexpected content after the {} parameters: '{}'", count, excerpt(line_)));
  }

  std::ifstream file_;
  LineReader lines_;
  const ExpectedModel* expected_;
  std::string line_;
  Checksum lines_checksum_;  // version 4: every line before the end line
};

}  // namespace

std::string model_file_text(const SavedModel& model) {
  std::string text;
  Checksum checksum;
  auto add_line = [&](const std::string& line) {
    text += line;
    text += '\n';
    checksum.add(line);
  };
  add_line(fmt::format("{} {}", format_name, model_file_version));
  add_line(fmt::format("architecture {}", model.architecture));
  add_line(fmt::format("parameters {}", model.parameters.size()));
  // Each number in the shortest text that reads back to the same double.
  for (const SavedParameter& parameter : model.parameters)
    add_line(fmt::format("{} {}", parameter.name, parameter.value));
  return text + end_line(model.parameters.size(), checksum) + "\n";
}

ModelFileHeader read_model_header(const std::filesystem::path& path) {
  return ModelFileReader(path, nullptr).read_header();
}

SavedModel read_model_file(const std::filesystem::path& path, const ExpectedModel* expected) {
  return ModelFileReader(path, expected).read();
}

}  // namespace backprop::nn
