// Rendering DOT text (dot.hpp) to SVG or PNG through the Graphviz library,
// when the build found it (meson option `graphviz`, default auto).
#pragma once

#include <string>
#include <string_view>

namespace backprop {

// Whether this build can render (was built with Graphviz's libgvc).
bool can_render();

// The rendered image, "svg" or "png", as bytes; "plain" gives Graphviz's
// layout as text (positions of nodes and edges, for pages that draw the
// graph themselves: graph_layout.hpp). Throws std::invalid_argument
// for another format, and std::runtime_error if the build has no Graphviz
// (saying to install it or use the DOT text) or Graphviz rejects the input.
std::string render_dot(std::string_view dot, std::string_view format);

}  // namespace backprop
