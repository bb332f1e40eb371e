// Comparing a text the code produces with a golden file under
// tests/fixtures/; BACKPROP_UPDATE_GOLDEN=1 rewrites the file instead, for a
// deliberate change (then review the diff).
#pragma once

#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "autodiff/render.hpp"

namespace backprop::testing {

// `dot` must equal tests/fixtures/dot/NAME, and Graphviz (when the build
// has it) must accept it.
inline void check_golden_dot(const std::string& dot, const std::string& name) {
  const std::string path = std::string(BACKPROP_FIXTURES_DIR "/dot/") + name;
  if (std::getenv("BACKPROP_UPDATE_GOLDEN")) std::ofstream(path) << dot;
  std::ifstream file(path);
  REQUIRE(file.good());
  std::stringstream golden;
  golden << file.rdbuf();
  CHECK(dot == golden.str());
  if (backprop::can_render()) CHECK_NOTHROW(backprop::render_dot(dot, "svg"));
}

}  // namespace backprop::testing
