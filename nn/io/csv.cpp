// The CSV reader: a header line, then rows of numbers, checked cell by cell.
#include "nn/io/csv.hpp"

#include <algorithm>
#include <stdexcept>
#include <vector>

#include <fmt/format.h>

#include "nn/io/line_reader.hpp"
#include "nn/io/parse_number.hpp"

namespace backprop::nn {

namespace {

std::vector<std::string_view> split_fields(std::string_view line) {
  std::vector<std::string_view> fields;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = line.find(',', start);
    fields.push_back(line.substr(start, comma - start));
    if (comma == std::string_view::npos) return fields;
    start = comma + 1;
  }
}

std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

}  // namespace

Dataset read_csv(std::istream& input, std::string_view source, std::string_view target_column) {
  LineReader lines(input, std::string(source));
  std::string line;
  if (!lines.next(line)) throw lines.error_at(1, "the file is empty; expected a header line");
  std::vector<std::string> names;
  for (std::string_view name : split_fields(line)) names.emplace_back(trim(name));
  if (names.size() < 2)
    throw lines.error(fmt::format("expected at least two columns (features and a target), got {}",
                                  names.size()));

  std::size_t target = names.size() - 1;
  if (!target_column.empty()) {
    const auto found = std::find(names.begin(), names.end(), target_column);
    if (found == names.end())
      throw lines.error(fmt::format("no column named '{}' in the header", excerpt(target_column)));
    target = static_cast<std::size_t>(found - names.begin());
  }

  Dataset data;
  while (lines.next(line)) {
    const auto fields = split_fields(line);
    if (fields.size() != names.size())
      throw lines.error(fmt::format("expected {} columns, got {}", names.size(),
                                    trim(line).empty() ? 0 : fields.size()));
    std::vector<double> row;
    row.reserve(names.size() - 1);
    double target_value = 0.0;
    for (std::size_t column = 0; column < fields.size(); ++column) {
      const std::string_view text = trim(fields[column]);
      const std::optional<double> number = parse_number<double>(text);
      if (!number)
        throw lines.error(fmt::format("column {} ('{}'): '{}' {}", column + 1, excerpt(names[column]),
                                      excerpt(text), number_problem(text)));
      if (column == target) target_value = *number;
      else row.push_back(*number);
    }
    data.inputs.push_back(std::move(row));
    data.targets.push_back(target_value);
  }
  if (data.size() == 0) throw lines.error("no data rows after the header");
  return data;
}

Dataset load_csv(const std::filesystem::path& path, std::string_view target_column) {
  std::ifstream file = open_regular_file(path);
  return read_csv(file, path.string(), target_column);
}

}  // namespace backprop::nn
