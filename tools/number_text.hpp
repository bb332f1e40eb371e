// How the tool prints a number that is not finite: NaN as "nan" whatever its
// sign bit (on x86, inf - inf gives a NaN with the sign bit set, which fmt
// prints as "-nan"), infinities as "inf" and "-inf". Finite numbers are
// left to the format at hand.
#pragma once

#include <cmath>

namespace backprop::tools {

inline double printable(double x) { return std::isnan(x) ? std::copysign(x, 1.0) : x; }

}  // namespace backprop::tools
