// Printing Values and numbers (format.hpp), with fmt's full formatting.
#include "autodiff/format.hpp"

#include <ostream>

#include <fmt/format.h>

namespace backprop {

std::string format_number(double x, int digits) {
  return digits > 0 ? fmt::format("{:.{}g}", printable(x), digits) : fmt::format("{}", printable(x));
}

std::string format_value(const Value& value, std::string_view spec) {
  const std::string number = fmt::format("{{:{}}}", spec);
  const std::string label = value.label();
  return fmt::format("Value({}data={}, grad={})", label.empty() ? std::string() : label + ", ",
                     fmt::format(fmt::runtime(number), printable(value.data())),
                     fmt::format(fmt::runtime(number), printable(value.grad())));
}

std::ostream& operator<<(std::ostream& stream, const Value& value) { return stream << format_value(value, ""); }

}  // namespace backprop
