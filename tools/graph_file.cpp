// graph_file_problem() and write_graph(): -o FILE for `dot` and `model`.
#include "tools/graph_file.hpp"

#include <fmt/format.h>

#include "autodiff/show/render.hpp"
#include "nn/io/atomic_file.hpp"

namespace backprop::tools {

namespace {
bool is_picture(const std::string& extension) { return extension == ".svg" || extension == ".png"; }
}  // namespace

std::optional<std::string> graph_file_problem(const std::filesystem::path& path) {
  const std::string extension = path.extension().string();
  if (is_picture(extension) || extension == ".dot" || extension == ".gv") return std::nullopt;
  return fmt::format("-o {}: the file must end in .dot or .gv (DOT text), .svg or .png", path.string());
}

void write_graph(const std::filesystem::path& path, const std::string& dot) {
  const std::string extension = path.extension().string();
  nn::write_file_atomically(path, is_picture(extension) ? render_dot(dot, extension.substr(1)) : dot);
}

}  // namespace backprop::tools
