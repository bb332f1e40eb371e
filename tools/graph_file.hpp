// Writing a graph where `-o FILE` says, for the tool's commands that draw:
// .dot or .gv get the DOT text, .svg or .png are rendered through Graphviz
// (render.hpp); the file is written atomically (atomic_file.hpp).
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace backprop::tools {

// What is wrong with `path` as a graph file (its extension), or nothing.
std::optional<std::string> graph_file_problem(const std::filesystem::path& path);

// Writes `dot` to `path`, rendered if the extension asks for a picture.
// Assumes graph_file_problem(path) is empty; throws std::runtime_error if
// Graphviz or the write fails.
void write_graph(const std::filesystem::path& path, const std::string& dot);

}  // namespace backprop::tools
