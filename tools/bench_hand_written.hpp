// The baselines: W1 and W2 with gradients written out by hand on arrays of
// doubles, no autodiff. The benchmark reports every engine time as a ratio
// to these, measured in the same run.
#pragma once

#include <array>
#include <vector>

#include "tools/bench_workloads.hpp"

namespace backprop::bench {

// W1: fills `gradient` (337 entries, nn::MLP's order) and returns the loss.
double moons_gradient_by_hand(const std::vector<double>& parameters, const MoonsData& data,
                              std::vector<double>& gradient);

// W2: runs `blocks` blocks forward, keeping what the reverse sweep needs in
// `tape` (resized as needed, so repeated calls do not allocate), then sweeps
// back; returns the final s and sets d s / d x[k].
double chain_gradient_by_hand(std::size_t blocks, std::array<double, 4>& gradient,
                              std::vector<double>& tape);

}  // namespace backprop::bench
