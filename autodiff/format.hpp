// Printing Values: fmt::formatter<Value> and operator<<.
// `fmt::print("{:.4f}", v)` prints `Value(data=24.7041, grad=1.0000)`; the
// format spec applies to both numbers. A labelled value shows its label first.
// format_number(): the one number format of explain, DOT and the pages.
//
// Only fmt/core.h here, and the formatting itself in format.cpp: fmt's full
// header would triple what every program including the engine compiles.
#pragma once

#include <cmath>
#include <cstddef>
#include <iosfwd>
#include <string>
#include <string_view>

#include <fmt/core.h>

#include "autodiff/value.hpp"

namespace backprop {
// A number as it should be printed: NaN as "nan" whatever its sign bit (on
// x86, inf - inf gives a NaN with the sign bit set, which fmt prints as
// "-nan"); everything else unchanged.
inline double printable(double x) { return std::isnan(x) ? std::copysign(x, 1.0) : x; }

// How explain, DOT, the pages and `backprop eval` print a number: with
// `digits` significant digits, or with 0 (the default) the shortest text
// that reads back to the same double, so nothing shown is rounded away
// (0.1 + 0.2 shows as 0.30000000000000004). NaN as printable() says.
std::string format_number(double x, int digits = 0);

// "Value(data=..., grad=...)" with `spec` (a format spec for double, such
// as ".4f") applied to both numbers; throws fmt::format_error for a spec
// that does not format a double.
std::string format_value(const Value& value, std::string_view spec);

std::ostream& operator<<(std::ostream& stream, const Value& value);
}  // namespace backprop

template <>
struct fmt::formatter<backprop::Value> {
  // The spec between ':' and '}', kept to apply to both numbers.
  char spec[32] = {};
  std::size_t length = 0;

  constexpr auto parse(fmt::format_parse_context& ctx) -> decltype(ctx.begin()) {
    auto it = ctx.begin();
    for (; it != ctx.end() && *it != '}'; ++it) {
      if (length == sizeof spec) ctx.on_error("format spec for a Value is too long");
      spec[length++] = *it;
    }
    return it;
  }
  template <typename FormatContext>
  auto format(const backprop::Value& value, FormatContext& ctx) const -> decltype(ctx.out()) {
    auto out = ctx.out();
    for (const char c : backprop::format_value(value, std::string_view(spec, length))) *out++ = c;
    return out;
  }
};
