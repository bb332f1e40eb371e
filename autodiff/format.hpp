// Printing Values: fmt::formatter<Value> and operator<<.
// `fmt::print("{:.4f}", v)` prints `Value(data=24.7041, grad=1.0000)`; the
// format spec applies to both numbers. A labelled value shows its label first.
// format_number(): the one number format of explain, DOT and the pages.
#pragma once

#include <cmath>
#include <ostream>
#include <string>

#include <fmt/format.h>

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
inline std::string format_number(double x, int digits = 0) {
  return digits > 0 ? fmt::format("{:.{}g}", printable(x), digits) : fmt::format("{}", printable(x));
}
}  // namespace backprop

template <>
struct fmt::formatter<backprop::Value> : fmt::formatter<double> {
  template <typename FormatContext>
  auto format(const backprop::Value& value, FormatContext& ctx) const -> decltype(ctx.out()) {
    const std::string label = value.label();
    auto out = label.empty() ? fmt::format_to(ctx.out(), "Value(data=")
                             : fmt::format_to(ctx.out(), "Value({}, data=", label);
    ctx.advance_to(out);
    out = fmt::formatter<double>::format(backprop::printable(value.data()), ctx);
    out = fmt::format_to(out, ", grad=");
    ctx.advance_to(out);
    out = fmt::formatter<double>::format(backprop::printable(value.grad()), ctx);
    return fmt::format_to(out, ")");
  }
};

namespace backprop {
inline std::ostream& operator<<(std::ostream& stream, const Value& value) {
  return stream << fmt::format("{}", value);
}
}  // namespace backprop
