// save() and load(): the text format described in serialize.hpp.
#include "nn/serialize.hpp"

#include <bit>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "nn/atomic_file.hpp"
#include "nn/line_reader.hpp"
#include "nn/parse_number.hpp"

namespace backprop::nn {

namespace {

constexpr std::string_view format_name = "backprop-model";
constexpr std::string_view format_version = "2";

// FNV-1a over the bits of each number, byte by byte from the least
// significant, so the same numbers give the same checksum on any machine.
class Checksum {
 public:
  void add(double number) {
    const auto bits = std::bit_cast<std::uint64_t>(number);
    for (int byte = 0; byte < 8; ++byte) {
      state_ ^= (bits >> (8 * byte)) & 0xff;
      state_ *= 0x100000001b3;
    }
  }
  std::string hex() const { return fmt::format("{:016x}", state_); }

 private:
  std::uint64_t state_ = 0xcbf29ce484222325;
};

std::string end_line(std::size_t count, const Checksum& checksum) {
  return fmt::format("end parameters {} checksum {}", count, checksum.hex());
}

}  // namespace

void save(const Module& model, const std::filesystem::path& path) {
  const std::string architecture = model.architecture();
  if (architecture.find_first_of("\r\n") != std::string::npos)
    throw std::runtime_error(fmt::format("{}: cannot save: architecture() holds a line break ('{}'), "
                                         "so the file could never be loaded; describe it on one line",
                                         path.string(), excerpt(architecture)));
  const std::size_t longest = LineReader::default_max_line_bytes - std::string_view("architecture ").size();
  if (architecture.size() > longest)
    throw std::runtime_error(fmt::format("{}: cannot save: architecture() is {} bytes long; at most {} "
                                         "can be loaded", path.string(), architecture.size(), longest));
  const std::vector<Value> parameters = model.parameters();
  std::string text = fmt::format("{} {}\narchitecture {}\nparameters {}\n", format_name, format_version,
                                 architecture, parameters.size());
  Checksum checksum;
  for (std::size_t k = 0; k < parameters.size(); ++k) {
    const double data = parameters[k].data();
    if (!std::isfinite(data))
      throw std::runtime_error(fmt::format("{}: cannot save: parameter {} is {}; the model has "
                                           "diverged", path.string(), k, data));
    text += fmt::format("{}\n", data);  // the shortest text that reads back to the same double
    checksum.add(data);
  }
  text += end_line(parameters.size(), checksum) + "\n";
  write_file_atomically(path, text);
}

namespace {

// Reads the next line into `line`; a file that ends first is truncated.
void next_line(LineReader& lines, std::string& line, std::string_view what) {
  if (!lines.next(line))
    throw lines.error_at(lines.line_number() + 1, fmt::format("the file is truncated: expected {}", what));
}

// Checks the format line, then reads the architecture line into `line`.
void read_header(LineReader& lines, std::string& line) {
  const std::string header = fmt::format("{} {}", format_name, format_version);
  next_line(lines, line, header);
  if (line.starts_with(format_name) && line.size() > format_name.size() && line[format_name.size()] == ' ' &&
      line != header)
    throw lines.error(fmt::format("format version '{}' is not supported; this build reads version {} "
                                  "only", excerpt(line.substr(format_name.size() + 1)), format_version));
  if (line != header)
    throw lines.error(fmt::format("not a backprop model: expected '{}', got '{}'", header, excerpt(line)));
  next_line(lines, line, "the architecture line");
}

}  // namespace

std::string saved_architecture(const std::filesystem::path& path) {
  std::ifstream file = open_regular_file(path);
  LineReader lines(file, path.string());
  std::string line;
  read_header(lines, line);
  constexpr std::string_view prefix = "architecture ";
  if (!line.starts_with(prefix))
    throw lines.error(fmt::format("expected 'architecture ...', got '{}'", excerpt(line)));
  return line.substr(prefix.size());
}

void load(const Module& model, const std::filesystem::path& path) {
  std::ifstream file = open_regular_file(path);
  LineReader lines(file, path.string());
  std::string line;

  read_header(lines, line);
  const std::string expected_architecture = "architecture " + model.architecture();
  if (line != expected_architecture)
    throw lines.error(fmt::format("architecture mismatch: the file has '{}', the model is '{}'",
                                  excerpt(line, 200), excerpt(expected_architecture, 200)));

  const std::vector<Value> parameters = model.parameters();
  next_line(lines, line, "the parameter count");
  if (line != fmt::format("parameters {}", parameters.size()))
    throw lines.error(fmt::format("expected 'parameters {}', got '{}'", parameters.size(), excerpt(line)));

  std::vector<double> numbers;
  numbers.reserve(parameters.size());
  Checksum checksum;
  for (std::size_t k = 0; k < parameters.size(); ++k) {
    next_line(lines, line, fmt::format("{} parameters, found {}", parameters.size(), k));
    const std::optional<double> number = parse_number<double>(line);
    if (!number)
      throw lines.error(fmt::format("parameter {}: '{}' {}", k, excerpt(line), number_problem(line)));
    numbers.push_back(*number);
    checksum.add(*number);
  }

  const std::string expected_end = end_line(parameters.size(), checksum);
  next_line(lines, line, fmt::format("the end line after the {} parameters ('end parameters {} checksum ...')",
                        parameters.size(), parameters.size()));
  if (!line.starts_with("end parameters "))
    throw lines.error(fmt::format("expected the end line after the {} parameters, got '{}'",
                                  parameters.size(), excerpt(line)));
  if (line != expected_end)
    throw lines.error(fmt::format("the end line '{}' does not match the numbers read ('{}'): the file "
                                  "was changed or damaged after it was saved",
                                  excerpt(line, 80), expected_end));
  if (lines.next(line))
    throw lines.error(fmt::format("unexpected content after the end line: '{}'", excerpt(line)));

  // Everything checked: only now touch the model.
  for (std::size_t k = 0; k < parameters.size(); ++k) {
    Value parameter = parameters[k];
    parameter.set_data(numbers[k]);
  }
}

}  // namespace backprop::nn
