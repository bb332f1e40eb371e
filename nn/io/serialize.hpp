// Saving and loading a model's parameters as a human-readable text file,
// one named parameter per line (the format is in model_file.hpp):
//
//   backprop-model 4
//   architecture MLP(2, [16, 16, 1], [relu, relu, linear])
//   parameters 337
//   layers.0.neurons.0.w.0 0.23550571863115165
//   ...
//   end parameters 337 checksum 5f0e3c1b9a2d4e71
//
// save() writes through write_file_atomically (atomic_file.hpp), so a crash
// or an error never leaves half a model, and refuses what could not be read
// back: an architecture text with a line break, a name that is not one word
// or that two parameters share, a number that is not finite. load() checks
// the header, the architecture, the count, every name and number and the end
// line before changing any parameter; each problem throws
// std::runtime_error naming the file and line. A parameter renamed or moved
// in the file is refused, saying which. Files of format versions 1 to 3
// load too, with the checks their version carries (model_file.hpp).
#pragma once

#include <filesystem>

#include "nn/module.hpp"

namespace backprop::nn {

void save(const Module& model, const std::filesystem::path& path);
void load(const Module& model, const std::filesystem::path& path);

}  // namespace backprop::nn
