// usage_message() and nearest_name(): the distance between two names is the
// number of single-character edits (insert, delete, replace, swap two
// neighbours) that turn one into the other.
#include "tools/usage_error.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace backprop::tools {

namespace {

// Edits from `a` to `b`, counting a swap of neighbours as one ("expalin").
std::size_t edit_distance(std::string_view a, std::string_view b) {
  // distance[i][j]: edits from the first i characters of a to the first j of b
  std::vector<std::vector<std::size_t>> distance(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) distance[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) distance[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i)
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t replace = distance[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
      distance[i][j] = std::min({distance[i - 1][j] + 1, distance[i][j - 1] + 1, replace});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        distance[i][j] = std::min(distance[i][j], distance[i - 2][j - 2] + 1);
    }
  return distance[a.size()][b.size()];
}

}  // namespace

std::string usage_message(std::string_view command, std::string_view message) {
  return fmt::format("{}: {}\nRun '{} --help' for more information.\n", command, message, command);
}

std::optional<std::string> nearest_name(std::string_view given, const std::vector<std::string>& known) {
  // Near enough: one edit in three characters (ignoring leading dashes), at least one.
  const std::size_t letters = given.size() - std::min(given.size(), given.find_first_not_of('-'));
  const std::size_t allowed = std::max<std::size_t>(1, letters / 3);
  std::optional<std::string> nearest;
  std::size_t best = allowed + 1;
  for (const std::string& name : known) {
    const std::size_t distance = edit_distance(given, name);
    if (distance < best) best = distance, nearest = name;
  }
  return nearest;
}

std::string_view trim_spaces(std::string_view text) {
  const std::size_t first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

std::string did_you_mean(std::string_view given, const std::vector<std::string>& known) {
  const auto nearest = nearest_name(given, known);
  return nearest ? fmt::format(" (did you mean '{}'?)", *nearest) : "";
}

}  // namespace backprop::tools
