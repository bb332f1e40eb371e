// The numerical side of `backprop gradcheck`: a difference quotient that
// stays inside the function's domain, does not straddle a pole, and notices
// a kink; which variables to check when there are many; and, for second
// derivatives, the gradient at a moved point. Comparing with backward and
// printing are left to the tool.
#pragma once

#include <cstddef>
#include <functional>
#include <limits>
#include <span>
#include <vector>

#include "tools/expression.hpp"

namespace backprop::tools {

struct FiniteDifference {
  enum class Kind {
    central,     // (f(x+h) - f(x-h)) / 2h, with f smooth across [x-h, x+h]
    right_only,  // one-sided, from the right: f is undefined just left of x
    left_only,   // one-sided, from the left: f is undefined just right of x
    kink,        // the slopes on either side stay apart: not differentiable at x
    undefined,   // f is undefined (not finite) on both sides of x
  };
  Kind kind = Kind::undefined;
  double slope = std::numeric_limits<double>::quiet_NaN();  // central and one-sided
  double left = std::numeric_limits<double>::quiet_NaN();   // kink: the slope on the left
  double right = std::numeric_limits<double>::quiet_NaN();  // kink: the slope on the right
};

// The slope of `f` at `x`, where f(x) = fx is finite. `f` returns a number
// that is not finite outside its domain (as plain floating point does).
//
// The step starts at h = step * max(1, |x|) and shrinks tenfold while the
// slopes of the two halves, (f(x+h) - f(x)) / h and (f(x) - f(x-h)) / h,
// differ by more than 0.1% (a pole or a kink lies within h of x). The first h
// at which they agree gives the central difference. Where one side is outside
// the domain, the second-order one-sided difference (-3 f(x) + 4 f(x+h) -
// f(x+2h)) / 2h is used on the other, once two successive steps agree to
// `tolerance`. Where the two sides never agree, x is a kink.
FiniteDifference finite_difference(const std::function<double(double)>& f, double x, double fx,
                                   double step, double tolerance);

// The indices (in 0..count-1) of the variables to check: all of them when
// there are at most `most`, else `most` of them spread evenly from the first
// to the last, so that the work stays proportional to `most` finite
// differences whatever the number of variables.
std::vector<std::size_t> variables_to_check(std::size_t count, std::size_t most);

// The engine's gradient of `expression` at `point` (point[k] the value of
// variables()[k]), whose finite differences check second derivatives: every
// entry NaN where the expression is undefined at the point (an operation
// outside its domain), as evaluate_numbers() gives for the value, so that
// finite_difference() sees the edge of the domain. What it records is
// released before it returns.
std::vector<double> gradient_at(const Expression& expression, std::span<const double> point);

}  // namespace backprop::tools
