// The style sheet and script of the graph page (graph_page.hpp), kept apart from
// the C++ that writes the page so that each reads as what it is. They live
// in a .cpp file as raw string literals: the library stays one build step
// with no generator, and the page stays one self-contained file.
#pragma once

#include <string_view>

namespace backprop {

extern const std::string_view graph_page_style;
extern const std::string_view graph_page_script;

}  // namespace backprop
