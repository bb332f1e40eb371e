// Usage errors, worded the same way by every program here: one or two lines
// that say what was wrong and end with how to get help, and for a mistyped
// command or option the nearest one the program knows. Exit status 2.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace backprop::tools {

constexpr int usage_status = 2;

// Thrown while reading a command line; `message` says what was wrong.
struct UsageError {
  std::string message;
};

// "backprop eval: MESSAGE\nRun 'backprop eval --help' for more information.\n"
std::string usage_message(std::string_view command, std::string_view message);

// The name in `known` nearest to `given`, if it is near enough to be the
// one meant: "evl" gives "eval", "--jsn" gives "--json", "frobnicate" nothing.
std::optional<std::string> nearest_name(std::string_view given, const std::vector<std::string>& known);

// `text` without the spaces and tabs around it: every value on a command
// line is read so ("--input '0.5, -1'").
std::string_view trim_spaces(std::string_view text);

// " (did you mean 'eval'?)" when nearest_name() finds one, else "".
std::string did_you_mean(std::string_view given, const std::vector<std::string>& known);

}  // namespace backprop::tools
