// Adept-2 as a peer in backprop-bench: the same W1 and W2 code
// (bench_workloads.hpp) on Adept's adouble, recorded anew for every
// gradient as the engine records anew. Built only when meson is given a
// local Adept-2 build (-Dadept=PREFIX); Adept's headers stay in the .cpp.
#pragma once

#include <array>
#include <cstddef>
#include <vector>

#include "tools/bench_workloads.hpp"

namespace backprop::bench {

// W1: records one step's loss, sweeps it back and returns it; fills `gradient`.
double moons_gradient_by_adept(const std::vector<double>& parameters, const MoonsData& data,
                               std::vector<double>& gradient);

// W1's recording alone (the forward pass on adoubles), for counting
// instructions per recorded statement; returns the loss.
double moons_loss_recorded_by_adept(const std::vector<double>& parameters, const MoonsData& data);

// What the last recording holds: Adept's statements (one per assignment to
// an adouble, the expression on its right folded into it) and operations
// (one per active operand of those expressions).
struct AdeptRecording {
  std::size_t statements, operations;
};
AdeptRecording adept_last_recording();

// W2: records `blocks` blocks and returns the final s; fills d s / d x[k].
double chain_gradient_by_adept(std::size_t blocks, std::array<double, 4>& gradient);

}  // namespace backprop::bench
