// finite_difference(), variables_to_check() and gradient_at(): see gradcheck.hpp.
#include "tools/gradcheck.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <stdexcept>

#include "autodiff/grad.hpp"
#include "autodiff/tape.hpp"

namespace backprop::tools {

namespace {

// How many times the step may shrink tenfold: from 1e-6 down to 1e-14
// relative, where rounding starts to swamp the difference.
constexpr int max_shrinks = 8;

bool close(double a, double b, double relative) {
  return std::fabs(a - b) <= relative * std::max({1.0, std::fabs(a), std::fabs(b)});
}

}  // namespace

FiniteDifference finite_difference(const std::function<double(double)>& f, double x, double fx,
                                   double step, double tolerance) {
  using Kind = FiniteDifference::Kind;
  std::optional<FiniteDifference> two_sided;  // the first pair of slopes that did not agree
  std::optional<FiniteDifference> one_sided;  // the last one-sided estimate
  double h = step * std::max(1.0, std::fabs(x));
  for (int shrink = 0; shrink <= max_shrinks; ++shrink, h /= 10) {
    // The steps x can really take: x + h rounds, and x + h - x may not be h.
    const double above = x + h, below = x - h;
    const double h_above = above - x, h_below = x - below;
    if (h_above == 0.0 || h_below == 0.0) break;
    const double f_above = f(above), f_below = f(below);
    const bool above_ok = std::isfinite(f_above), below_ok = std::isfinite(f_below);
    if (above_ok && below_ok) {
      const double right = (f_above - fx) / h_above, left = (fx - f_below) / h_below;
      if (close(left, right, 1e-3)) return {Kind::central, (f_above - f_below) / (h_above + h_below)};
      // At a kink the slopes stay put as h shrinks; the largest h rounds least.
      if (!two_sided) two_sided = FiniteDifference{Kind::kink, std::numeric_limits<double>::quiet_NaN(), left, right};
      continue;
    }
    if (above_ok == below_ok) continue;  // neither side defined at this step
    const double direction = above_ok ? 1.0 : -1.0;
    const double near = above_ok ? f_above : f_below, far = f(x + 2.0 * direction * h);
    if (!std::isfinite(far)) continue;
    const double slope = direction * (-3.0 * fx + 4.0 * near - far) / (2.0 * h);
    const Kind kind = above_ok ? Kind::right_only : Kind::left_only;
    if (one_sided && one_sided->kind == kind && close(one_sided->slope, slope, tolerance))
      return {kind, slope};
    one_sided = FiniteDifference{kind, slope};
  }
  if (two_sided) return *two_sided;
  if (one_sided) return *one_sided;
  return {};
}

std::vector<std::size_t> variables_to_check(std::size_t count, std::size_t most) {
  std::vector<std::size_t> chosen;
  if (count <= most) {
    for (std::size_t k = 0; k < count; ++k) chosen.push_back(k);
    return chosen;
  }
  if (most == 1) return {0};
  // k * (count - 1) / (most - 1) for k = 0..most-1: first and last included,
  // distinct because count > most.
  for (std::size_t k = 0; k < most; ++k)
    chosen.push_back(static_cast<std::size_t>(
        static_cast<long double>(k) * static_cast<long double>(count - 1) / static_cast<long double>(most - 1)));
  return chosen;
}

std::vector<double> gradient_at(const Expression& expression, std::span<const double> point) {
  const GraphScope scope;
  std::map<std::string, Value> bindings;
  std::vector<Value> inputs;
  for (std::size_t k = 0; k < point.size(); ++k)
    inputs.push_back(bindings.emplace(expression.variables()[k], Value(point[k])).first->second);
  std::vector<double> gradient(point.size(), std::numeric_limits<double>::quiet_NaN());
  try {
    const std::vector<Value> values = grad(expression.evaluate(bindings), inputs);
    std::transform(values.begin(), values.end(), gradient.begin(), [](const Value& v) { return v.data(); });
  } catch (const std::domain_error&) {
    // outside the domain: all NaN, as plain doubles would give
  }
  return gradient;
}

}  // namespace backprop::tools
