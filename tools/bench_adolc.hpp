// ADOL-C as a peer in backprop-bench: the same W1 and W2 code
// (bench_workloads.hpp) on ADOL-C's adouble, taped anew for every gradient
// as the engine records anew. Built only where libadolc-dev is installed.
#pragma once

#include <array>
#include <vector>

#include "tools/bench_workloads.hpp"

namespace backprop::bench {

// W1: tapes one step's loss and returns it; fills `gradient`.
double moons_gradient_by_adolc(const std::vector<double>& parameters, const MoonsData& data,
                               std::vector<double>& gradient);

// W2: tapes `blocks` blocks and returns the final s; fills d s / d x[k].
double chain_gradient_by_adolc(std::size_t blocks, std::array<double, 4>& gradient);

}  // namespace backprop::bench
