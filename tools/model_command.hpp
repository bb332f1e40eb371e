// `backprop model FILE`: a saved model's architecture, parameter count and
// statistics per layer; with --input, one forward and backward pass, and
// with -o its graph (the summary view, or --full). Exit status as the
// tool's other commands: 2 for usage, 1 for a bad file or a failed write.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace backprop::tools {

// The command's arguments as the command line gave them (backprop.cpp reads it).
struct ModelArguments {
  std::filesystem::path file;
  std::optional<std::string> input;            // --input A,B,...
  std::optional<std::filesystem::path> graph;  // -o GRAPH
  bool full = false;                           // --full
};

// The command's --help.
extern const std::string_view model_help;

// Checks the arguments and runs the command; returns the exit status (2
// after a usage error, which it reports). Throws OutputError
// (checked_output.hpp) if standard output fails.
int run_model_command(const ModelArguments& arguments);

}  // namespace backprop::tools
