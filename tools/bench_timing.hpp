// How backprop-bench times work and sums up repeated measurements: the
// median with the 10th..90th percentile range, as text and as JSON.
#pragma once

#include <algorithm>
#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

namespace backprop::bench {

template <typename Work>
double seconds(Work&& work) {
  const auto start = std::chrono::steady_clock::now();
  work();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

struct Spread {
  double median, low, high;  // low, high: the 10th and 90th percentiles
};

inline Spread spread(std::vector<double> samples) {
  std::sort(samples.begin(), samples.end());
  auto at = [&](double q) { return samples[static_cast<std::size_t>(q * double(samples.size() - 1) + 0.5)]; };
  return {at(0.5), at(0.1), at(0.9)};
}

// Median, 10th and 90th percentile, in `format`.
inline std::string spread_text(const std::vector<double>& samples, std::string_view format) {
  const Spread s = spread(samples);
  return fmt::format(fmt::runtime(format), s.median, s.low, s.high);
}

inline std::string json_spread(const Spread& s) {
  return fmt::format(R"({{"median": {:.6g}, "p10": {:.6g}, "p90": {:.6g}}})", s.median, s.low, s.high);
}

}  // namespace backprop::bench
