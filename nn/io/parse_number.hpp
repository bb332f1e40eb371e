// Reading a whole piece of text as one number, the way the CSV reader, the
// model loader and the command lines need it: an optional leading '+',
// nothing else before or after the digits, and for floating point only
// finite values. number_problem() says why a text was refused.
#pragma once

#include <charconv>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>

namespace backprop::nn {

namespace detail {

// "+1.5" is read as "1.5" (std::from_chars takes no '+'); "+-1" and "+" stay
// unreadable.
inline std::string_view without_plus(std::string_view text) {
  if (text.size() > 1 && text[0] == '+' && text[1] != '-' && text[1] != '+') text.remove_prefix(1);
  return text;
}

// The power of ten of the leading digit of a decimal number ("0.05" is -2,
// "1e-400" is -400, "12e3" is 4): what tells an underflow from an overflow
// when from_chars says only "out of range". Assumes a number from_chars read.
inline std::int64_t decimal_magnitude(std::string_view text) {
  if (!text.empty() && (text[0] == '-' || text[0] == '+')) text.remove_prefix(1);
  const std::size_t exponent_at = text.find_first_of("eE");
  const std::string_view mantissa = text.substr(0, exponent_at);
  const std::size_t point = std::min(mantissa.find('.'), mantissa.size());
  const std::size_t leading = mantissa.find_first_of("123456789");
  if (leading == std::string_view::npos) return 0;
  std::int64_t magnitude = leading < point ? static_cast<std::int64_t>(point - leading) - 1
                                           : -static_cast<std::int64_t>(leading - point);
  if (exponent_at != std::string_view::npos) {
    std::string_view exponent = text.substr(exponent_at + 1);
    const bool negative = !exponent.empty() && exponent[0] == '-';
    if (!exponent.empty() && (exponent[0] == '-' || exponent[0] == '+')) exponent.remove_prefix(1);
    std::int64_t value = 0;
    for (char digit : exponent) value = std::min<std::int64_t>(value * 10 + (digit - '0'), 1'000'000'000);
    magnitude += negative ? -value : value;
  }
  return magnitude;
}

}  // namespace detail

template <typename Number>
std::optional<Number> parse_number(std::string_view text) {
  text = detail::without_plus(text);
  Number number{};
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  if constexpr (std::is_floating_point_v<Number>)
    if (!std::isfinite(number)) return std::nullopt;
  return number;
}

// Why parse_number<double> refused `text`, as words to follow it in a
// message: "'1e-400' is too small to represent (...)".
inline std::string number_problem(std::string_view text) {
  const std::string_view digits = detail::without_plus(text);
  double ignored = 0.0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), ignored);
  if (!digits.empty() && error == std::errc::result_out_of_range && end == digits.data() + digits.size())
    return detail::decimal_magnitude(digits) < 0
               ? "is too small to represent (the smallest double is about 4.9e-324; use 0 for zero)"
               : "is too large to represent (the largest double is about 1.8e308)";
  return "is not a finite number";
}

}  // namespace backprop::nn
