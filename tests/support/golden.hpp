// Comparing a text the code produces with a golden file under
// tests/fixtures/; BACKPROP_UPDATE_GOLDEN=1 rewrites the file instead, for a
// deliberate change (then review the diff).
#pragma once

#include <catch2/catch.hpp>

#include <cstdlib>
#include <string>

#include "autodiff/show/render.hpp"
#include "support/file_text.hpp"

namespace backprop::testing {

// `text` must equal tests/fixtures/RELATIVE_PATH, which must exist.
inline void check_golden(const std::string& text, const std::string& relative_path) {
  const std::string path = std::string(BACKPROP_FIXTURES_DIR "/") + relative_path;
  if (std::getenv("BACKPROP_UPDATE_GOLDEN")) write_file(path, text);
  const std::string golden = read_file(path);
  REQUIRE(!golden.empty());
  CHECK(text == golden);
}

// `dot` must equal tests/fixtures/dot/NAME, and Graphviz (when the build
// has it) must accept it.
inline void check_golden_dot(const std::string& dot, const std::string& name) {
  check_golden(dot, "dot/" + name);
  if (backprop::can_render()) CHECK_NOTHROW(backprop::render_dot(dot, "svg"));
}

}  // namespace backprop::testing
