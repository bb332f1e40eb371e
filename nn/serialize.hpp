// Saving and loading a model's parameters as a human-readable text file:
//
//   backprop-model 2
//   architecture MLP(2, [16, 16, 1], [relu, relu, linear])
//   parameters 337
//   0.23550571863115165
//   ...                       (one number per line, read back exactly)
//   end parameters 337 checksum 5f0e3c1b9a2d4e71
//
// The end line repeats the count and carries a checksum of the numbers
// (FNV-1a, 64 bits, over each number's IEEE-754 bits, least significant byte
// first), so a file cut short, even inside its last number, or changed by
// a single byte is refused instead of loading other numbers. The first line
// gives the format's version: a later version may add to each section, and
// an unknown version is refused by name.
//
// save() writes through write_file_atomically (atomic_file.hpp), so a crash
// or an error never leaves half a model, and refuses an architecture text
// that could not be read back (a line break in it). load() checks the
// header, the architecture, the count, every number and the end line before
// changing any parameter; each problem throws std::runtime_error naming the
// file and line. Model files are read through LineReader (line_reader.hpp):
// regular files only, lines of bounded length.
#pragma once

#include <filesystem>
#include <string>

#include "nn/module.hpp"

namespace backprop::nn {

void save(const Module& model, const std::filesystem::path& path);
void load(const Module& model, const std::filesystem::path& path);
// The architecture line of a saved model, so that a program can build the
// model that fits the file before load() (a vocabulary, a size). Throws as
// load() does for a file that is not a model of this format.
std::string saved_architecture(const std::filesystem::path& path);

}  // namespace backprop::nn
