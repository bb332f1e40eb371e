// render_dot() with libgvc: read, lay out with `dot`, render, free in reverse.
// The context itself lives for the whole process (see graphviz_context()).
#include "autodiff/show/render.hpp"

#include <mutex>
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
std::string graphviz_errors;
int collect_graphviz_error(char* message) {
  graphviz_errors += message;
  return 0;
}

// One Graphviz context for the whole process, used under a lock: Graphviz
// is not thread-safe, and freeing a context then creating another makes
// Graphviz 2.43 read freed font-cache memory (AddressSanitizer shows it).
std::mutex graphviz_lock;
GVC_t* graphviz_context() {
  static GVC_t* const context = gvContext();
  return context;
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
  if (format != "svg" && format != "png" && format != "plain")
    throw std::invalid_argument(
        fmt::format("render_dot: can render svg, png or plain, not '{}'", format));
#ifdef BACKPROP_HAVE_GRAPHVIZ
  const std::string text(dot);
  const std::lock_guard lock(graphviz_lock);
  graphviz_errors.clear();
  const agusererrf previous_handler = agseterrf(collect_graphviz_error);
  GVC_t* context = graphviz_context();
  Agraph_t* graph = agmemread(text.c_str());
  if (graph == nullptr) {
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
