// `backprop model FILE`: a saved model's architecture, parameter count and
// statistics per layer; with --input, one forward and backward pass, and
// with -o its graph (the summary view, or --full). Exit status as the
// tool's other commands: 2 for usage, 1 for a bad file or a failed write.
#pragma once

#include <string_view>
#include <vector>

namespace backprop::tools {

// Runs the command on the arguments after "model"; returns the exit status.
// Throws OutputError (checked_output.hpp) if standard output fails.
int run_model_command(const std::vector<std::string_view>& arguments);

}  // namespace backprop::tools
