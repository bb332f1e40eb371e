// Fixture files of named cases, as the make_*_fixtures.py scripts write
// them: "case NAME" starts a case, every other line is a key and its
// values, separated by spaces. Lines before the first "case" form a case
// named "". Also the comparison the parity tests use.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace backprop::testing {

struct FixtureCase {
  std::string name;
  std::map<std::string, std::vector<std::string>> fields;

  const std::vector<std::string>& words(const std::string& key) const {
    const auto found = fields.find(key);
    if (found == fields.end()) throw std::runtime_error("fixture case '" + name + "' has no " + key);
    return found->second;
  }
  std::vector<double> numbers(const std::string& key) const {
    std::vector<double> values;
    // strtod, not stod: a fixture may hold a subnormal number, which stod refuses as out of range
    for (const std::string& word : words(key)) values.push_back(std::strtod(word.c_str(), nullptr));
    return values;
  }
  double number(const std::string& key) const { return numbers(key).at(0); }
};

inline std::vector<FixtureCase> read_fixture_cases(const std::string& path) {
  std::ifstream file(path);
  if (!file) throw std::runtime_error("cannot open fixture file " + path);
  std::vector<FixtureCase> cases(1);
  for (std::string line; std::getline(file, line);) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    std::string key, word;
    fields >> key;
    std::vector<std::string> values;
    while (fields >> word) values.push_back(word);
    if (key == "case") cases.push_back({values.at(0), {}});
    else cases.back().fields[key] = values;
  }
  return cases;
}

inline FixtureCase fixture_case(const std::string& path, const std::string& name) {
  for (FixtureCase& c : read_fixture_cases(path))
    if (c.name == name) return c;
  throw std::runtime_error("no case '" + name + "' in " + path);
}

// The largest difference between `actual` and `expected`, relative to the
// larger of the two magnitudes; two zeros agree. Sizes that differ count as
// an infinite difference.
inline double largest_relative_difference(const std::vector<double>& actual, const std::vector<double>& expected) {
  if (actual.size() != expected.size()) return INFINITY;
  double worst = 0.0;
  for (std::size_t k = 0; k < actual.size(); ++k) {
    const double scale = std::max(std::fabs(actual[k]), std::fabs(expected[k]));
    if (scale > 0.0) worst = std::max(worst, std::fabs(actual[k] - expected[k]) / scale);
  }
  return worst;
}

}  // namespace backprop::testing
