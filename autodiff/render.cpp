// render_dot() with libgvc: read, lay out with `dot`, render, free in reverse.
#include "autodiff/render.hpp"

#include <stdexcept>

#include <fmt/format.h>

#ifdef BACKPROP_HAVE_GRAPHVIZ
#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>
#endif

namespace backprop {

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
  GVC_t* context = gvContext();
  Agraph_t* graph = agmemread(text.c_str());
  if (graph == nullptr) {
    const char* reason = aglasterr();
    gvFreeContext(context);
    throw std::runtime_error(fmt::format("render_dot: Graphviz could not read the DOT text: {}",
                                         reason ? reason : "syntax error"));
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
  if (image.empty())
    throw std::runtime_error(fmt::format("render_dot: Graphviz could not render {}", format));
  return image;
#else
  (void)dot;
  throw std::runtime_error(
      "render_dot: this build has no Graphviz; install it (apt install graphviz "
      "libgraphviz-dev), reconfigure with -Dgraphviz=enabled, or use the DOT text");
#endif
}

}  // namespace backprop
