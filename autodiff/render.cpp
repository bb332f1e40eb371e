// render_dot() with libgvc: read, lay out with `dot`, render, free in reverse.
#include "autodiff/render.hpp"

#include <stdexcept>

#include <fmt/format.h>

#ifdef BACKPROP_HAVE_GRAPHVIZ
#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>
#endif

namespace backprop {

#ifdef BACKPROP_HAVE_GRAPHVIZ
namespace {
// Graphviz prints its errors to stderr unless given a handler: collect them
// for the exception message instead.
thread_local std::string graphviz_errors;
int collect_graphviz_error(char* message) {
  graphviz_errors += message;
  return 0;
}
}  // namespace
#endif

bool can_render() {
#ifdef BACKPROP_HAVE_GRAPHVIZ
  return true;
#else
  return false;
#endif
}

std::string render_dot(std::string_view dot, std::string_view format) {
  if (format != "svg" && format != "png")
    throw std::invalid_argument(
        fmt::format("render_dot: can render svg or png, not '{}'", format));
#ifdef BACKPROP_HAVE_GRAPHVIZ
  const std::string text(dot);
  graphviz_errors.clear();
  const agusererrf previous_handler = agseterrf(collect_graphviz_error);
  GVC_t* context = gvContext();
  Agraph_t* graph = agmemread(text.c_str());
  if (graph == nullptr) {
    gvFreeContext(context);
    agseterrf(previous_handler);
    throw std::runtime_error(fmt::format("render_dot: Graphviz could not read the DOT text: {}",
                                         graphviz_errors.empty() ? "syntax error" : graphviz_errors));
  }
  std::string image;
  const bool laid_out = gvLayout(context, graph, "dot") == 0;
  if (laid_out) {
    char* data = nullptr;
    unsigned int length = 0;
    const std::string renderer(format);
    if (gvRenderData(context, graph, renderer.c_str(), &data, &length) == 0 && data != nullptr)
      image.assign(data, length);
    gvFreeRenderData(data);
    gvFreeLayout(context, graph);
  }
  agclose(graph);
  gvFreeContext(context);
  agseterrf(previous_handler);
  if (image.empty())
    throw std::runtime_error(fmt::format("render_dot: Graphviz could not render {}: {}", format,
                                         graphviz_errors));
  return image;
#else
  (void)dot;
  throw std::runtime_error(
      "render_dot: this build has no Graphviz; install it (apt install graphviz "
      "libgraphviz-dev), reconfigure with -Dgraphviz=enabled, or use the DOT text");
#endif
}

}  // namespace backprop
