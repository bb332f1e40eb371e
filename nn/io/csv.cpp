// The CSV reader: a header line, then rows of numbers, checked cell by cell.
#include "nn/io/csv.hpp"

#include <stdexcept>
#include <unordered_map>
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

// "'x', 'y' and 'label'", at most the first 20, for a message.
std::string column_list(const std::vector<std::string>& names) {
  constexpr std::size_t shown = 20;
  std::string list;
  for (std::size_t k = 0; k < names.size() && k < shown; ++k)
    list += fmt::format("{}'{}'", k == 0 ? "" : k + 1 == names.size() ? " and " : ", ", excerpt(names[k]));
  if (names.size() > shown) list += fmt::format(", ... ({} in all)", names.size());
  return list;
}

}  // namespace

Dataset read_csv(std::istream& input, std::string_view source, std::string_view target_column) {
  LineReader lines(input, std::string(source));
  std::string line;
  if (!lines.next(line)) throw lines.error_at(1, "the file is empty; expected a header line");
  std::vector<std::string> names;
  std::unordered_map<std::string_view, std::size_t> column_of;  // a name -> its column (from 0)
  for (std::string_view name : split_fields(line)) names.emplace_back(trim(name));
  if (names.size() < 2)
    throw lines.error(fmt::format("expected at least two columns (features and a target), got {}",
                                  names.size()));
  for (std::size_t column = 0; column < names.size(); ++column)
    if (const auto [first, fresh] = column_of.emplace(names[column], column); !fresh)
      throw lines.error(fmt::format("columns {} and {} are both named '{}'; name each column once, so that "
                                    "the target is never a guess", first->second + 1, column + 1,
                                    excerpt(names[column])));

  std::size_t target = names.size() - 1;
  if (!target_column.empty()) {
    const auto found = column_of.find(target_column);
    if (found == column_of.end())
      throw lines.error(fmt::format("no column named '{}' in the header; its columns are {}", excerpt(target_column),
                                    column_list(names)));
    target = found->second;
  }

  Dataset data;
  std::size_t blank_line = 0;  // the first of the blank lines read last, if any
  while (lines.next(line)) {
    if (trim(line).empty()) {  // blank lines may end the file, but not stand between rows
      if (blank_line == 0) blank_line = lines.line_number();
      continue;
    }
    if (blank_line != 0)
      throw lines.error_at(blank_line, fmt::format("expected {} columns, got 0: a blank line between rows (only "
                                                   "the end of the file may have blank lines)", names.size()));
    const auto fields = split_fields(line);
    if (fields.size() != names.size())
      throw lines.error(fmt::format("expected {} columns, got {}", names.size(), fields.size()));
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
