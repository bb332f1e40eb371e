// The one colour language of every picture the project draws (DOT graphs and
// summaries, the step-through and training pages, the SVG plots): blue for
// positive, orange for negative, as TensorFlow Playground draws them.
#pragma once

#include <algorithm>
#include <cmath>
#include <string>
#include <string_view>

#include <fmt/format.h>

namespace backprop {

inline constexpr std::string_view positive_colour = "#1f6fb4";  // blue
inline constexpr std::string_view negative_colour = "#e8710a";  // orange

// White for 0, `positive_colour` or `negative_colour` at full strength for
// |value| >= largest, mixed with white in between; white for NaN.
inline std::string signed_colour(double value, double largest) {
  const double strength = largest > 0.0 && !std::isnan(value) ? std::min(1.0, std::fabs(value) / largest) : 0.0;
  const std::string_view full = value < 0.0 ? negative_colour : positive_colour;
  auto channel = [&](std::size_t at) {
    const int target = std::stoi(std::string(full.substr(at, 2)), nullptr, 16);
    return static_cast<int>(std::lround(255 + strength * (target - 255)));
  };
  return fmt::format("#{:02x}{:02x}{:02x}", channel(1), channel(3), channel(5));
}

}  // namespace backprop
