// Saving and loading a model's parameters as a human-readable text file:
//
//   backprop-model 1
//   architecture MLP(2, [16, 16, 1], [relu, relu, linear])
//   parameters 337
//   0.23550571863115165
//   ...                       (one number per line, read back exactly)
//
// save() writes a temporary file beside the target and renames it over the
// target, so a crash or an error never leaves half a model. load() checks
// the header, the architecture, the count and every number before changing
// any parameter; each problem throws std::runtime_error naming the file and
// line.
#pragma once

#include <filesystem>

#include "nn/module.hpp"

namespace backprop::nn {

void save(const Module& model, const std::filesystem::path& path);
void load(const Module& model, const std::filesystem::path& path);

}  // namespace backprop::nn
