// Reading a plain list of numbers from a text file: whitespace-separated,
// any number per line, as another program (PyTorch, a script) writes its
// weights, and setting a model's parameters from one. Read through
// LineReader (line_reader.hpp), numbers as parse_number reads them; for the
// library's own model files, see serialize.hpp.
#pragma once

#include <filesystem>
#include <vector>

#include "nn/module.hpp"

namespace backprop::nn {

// Every number in the file, in order. Throws std::runtime_error naming the
// file, the line and the number's position for anything that is not a
// finite number, and for a file that cannot be read.
std::vector<double> read_numbers(const std::filesystem::path& path);

// Sets model.parameters() to the file's numbers, in order. Throws as
// read_numbers() does, and std::runtime_error naming both counts if the file
// does not hold one number per parameter; the model is changed only if
// everything was read.
void load_numbers(const Module& model, const std::filesystem::path& path);

}  // namespace backprop::nn
