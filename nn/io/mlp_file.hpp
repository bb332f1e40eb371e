// An MLP read back from a saved file whatever its shape: the file's
// architecture line says which MLP to build, then load() fills it in. For
// tools that open a model without the code that made it (`backprop model`).
#pragma once

#include <filesystem>
#include <optional>
#include <string_view>
#include <vector>

#include "nn/mlp.hpp"

namespace backprop::nn {

// What an MLP's architecture() says: "MLP(2, [16, 16, 1], [relu, relu, linear])".
struct MLPShape {
  std::size_t inputs = 0;
  std::vector<std::size_t> sizes;
  std::vector<Activation> activations;  // one per layer
};

// The shape an architecture text describes, or nothing if the text is not
// an MLP's (it may be another module's).
std::optional<MLPShape> parse_mlp_architecture(std::string_view architecture);

// Builds the MLP the file describes and loads it (load() in serialize.hpp,
// with all its checks). Throws std::runtime_error naming the file if it is
// not a model file, holds another module than an MLP, or an MLP this library
// cannot build (hidden layers with different activations). Nothing is built
// for parameters the file does not hold: a file that ends before them is
// refused at the line where it ends.
MLP load_mlp(const std::filesystem::path& path);

}  // namespace backprop::nn
