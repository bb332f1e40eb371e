// The style sheet and script of the training page (training_page.hpp), as
// raw string literals in a .cpp file: one build step with no generator, and
// a page that stays one self-contained file.
#pragma once

#include <string_view>

namespace backprop::nn {

extern const std::string_view training_page_style;
extern const std::string_view training_page_script;

}  // namespace backprop::nn
