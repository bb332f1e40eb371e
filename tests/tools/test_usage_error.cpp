// Tests for tools/usage_error: the suggestion for a mistyped name, the
// two-line usage message, and trimming values.
#include <catch2/catch.hpp>

#include "tools/usage_error.hpp"

namespace tools = backprop::tools;

namespace {
const std::vector<std::string> commands = {"eval", "dot", "explain", "html", "gradcheck", "model"};
}

TEST_CASE("a mistyped name gets the nearest known one", "[usage_error]") {
  CHECK(tools::nearest_name("evl", commands) == "eval");        // a letter left out
  CHECK(tools::nearest_name("evall", commands) == "eval");      // one too many
  CHECK(tools::nearest_name("expalin", commands) == "explain");  // two letters swapped
  CHECK(tools::nearest_name("gradchek", commands) == "gradcheck");
  CHECK(tools::nearest_name("modle", commands) == "model");
  CHECK(tools::nearest_name("--jsn", {"--json", "--digits"}) == "--json");
  CHECK(tools::did_you_mean("htm", commands) == " (did you mean 'html'?)");
}

TEST_CASE("a name far from every known one gets no suggestion", "[usage_error]") {
  CHECK_FALSE(tools::nearest_name("frobnicate", commands));
  CHECK_FALSE(tools::nearest_name("x", commands));
  CHECK_FALSE(tools::nearest_name("", commands));
  CHECK_FALSE(tools::nearest_name("--zz", {"--json"}));
  CHECK(tools::did_you_mean("frobnicate", commands).empty());
}

TEST_CASE("a usage message is two lines ending with how to get help", "[usage_error]") {
  CHECK(tools::usage_message("backprop eval", "missing EXPR") ==
        "backprop eval: missing EXPR\nRun 'backprop eval --help' for more information.\n");
}

TEST_CASE("values are trimmed of spaces and tabs", "[usage_error]") {
  CHECK(tools::trim_spaces("  0.5 ") == "0.5");
  CHECK(tools::trim_spaces("\t-1\t") == "-1");
  CHECK(tools::trim_spaces("a b") == "a b");
  CHECK(tools::trim_spaces("   ").empty());
  CHECK(tools::trim_spaces("").empty());
}
