// read_numbers(): words split at whitespace, each read by parse_number;
// load_numbers() checks the count before it sets anything.
#include "nn/io/read_numbers.hpp"

#include <sstream>
#include <stdexcept>
#include <string>

#include <fmt/format.h>

#include "nn/io/line_reader.hpp"
#include "nn/io/parse_number.hpp"

namespace backprop::nn {

std::vector<double> read_numbers(const std::filesystem::path& path) {
  std::ifstream file = open_regular_file(path);
  LineReader lines(file, path.string());
  std::vector<double> numbers;
  for (std::string line, word; lines.next(line);)
    for (std::istringstream words(line); words >> word;) {
      const std::optional<double> number = parse_number<double>(word);
      if (!number)
        throw lines.error(fmt::format("number {}: '{}' {}", numbers.size() + 1, excerpt(word), number_problem(word)));
      numbers.push_back(*number);
    }
  return numbers;
}

void load_numbers(const Module& model, const std::filesystem::path& path) {
  const std::vector<double> numbers = read_numbers(path);
  std::vector<Value> parameters = model.parameters();
  if (numbers.size() != parameters.size())
    throw std::runtime_error(fmt::format("{}: {} numbers, but the model has {} parameters", path.string(),
                                         numbers.size(), parameters.size()));
  for (std::size_t k = 0; k < numbers.size(); ++k) parameters[k].set_data(numbers[k]);
}

}  // namespace backprop::nn
