// The saved-model file format: its text, and reading it back with every
// check. save() and load() (serialize.hpp) use it for a Module; the
// `backprop model` tool reads files without one.
//
//   backprop-model 4
//   architecture MLP(2, [16, 16, 1], [relu, relu, linear])
//   parameters 337
//   layers.0.neurons.0.w.0 0.23550571863115165
//   ...                       (one parameter per line: its name, a space,
//                              its number, which reads back exactly)
//   end parameters 337 checksum 5f0e3c1b9a2d4e71
//
// The end line repeats the count and carries a checksum (FNV-1a, 64 bits)
// over every line before it: each line's bytes without its line ending,
// then a newline byte. So a file cut short, even inside its last number, or
// changed by a single byte anywhere (the architecture and count lines
// included) is refused instead of loading something else. Names are one
// word each (no spaces or control characters); within a file they are
// unique.
//
// Older versions are still read, with the checks they carry: version 3
// (named parameters) has a checksum over each name, a newline byte and its
// number's IEEE-754 bits (least significant byte first), which does not
// cover the three header lines; version 2 had no names (a number per line;
// its checksum covers the numbers only) and version 1 neither names nor an
// end line. Saving such a model again writes version 4. Any other version
// is refused by name.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace backprop::nn {

inline constexpr int model_file_version = 4;

struct SavedParameter {
  std::string name;  // empty in a version 1 or 2 file
  double value = 0.0;
};

struct SavedModel {
  int version = model_file_version;
  std::string architecture;
  std::vector<SavedParameter> parameters;
};

// The file's text for `model` (written as the current version). Assumes the
// names and the architecture were checked (see serialize.cpp's save()).
std::string model_file_text(const SavedModel& model);

// The first three lines of a model file, checked: enough to decide which
// model to build before reading the rest.
struct ModelFileHeader {
  int version = model_file_version;
  std::string architecture;
  std::size_t count = 0;  // of the parameters that follow
};
ModelFileHeader read_model_header(const std::filesystem::path& path);

// What a model expects of a file: load() reads with it, so that the first
// difference is reported at its line, before any later line is read.
struct ExpectedModel {
  std::string architecture;
  std::vector<std::string> names;  // in the model's order
};

// Reads a model file, checking its structure, every number, the names (if
// `expected` is given: the architecture, the count and each name too) and
// the end line. Throws std::runtime_error "FILE:LINE: what was wrong".
// Regular files only, lines of bounded length (line_reader.hpp).
SavedModel read_model_file(const std::filesystem::path& path, const ExpectedModel* expected = nullptr);

}  // namespace backprop::nn
