// W4 of backprop-bench: the training step of examples/microgpt.cpp (a
// one-layer GPT on scalars: forward over one name, backward, Adam), on the
// engine through the nn pieces the example uses, and on a flat scalar tape
// written only for this model (the baseline: two-input entries with their
// partials, swept back in one loop, as a hand-tuned single-purpose tape is).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace backprop::bench {

struct MicrogptFigures {
  std::size_t steps_per_repetition = 0;
  std::vector<double> engine_ms, tape_ms, ratio;  // per step, one sample per repetition
  double engine_nodes = 0, engine_bytes = 0;      // per step, over the steps measured
  double tape_entries = 0, tape_bytes = 0;
  double gradient_difference = 0;                 // engine against tape, relative, first step
};

// Trains on the names in `names_path` (shuffled with seed 42, as the
// example does), `steps` steps per repetition, from the same initial
// weights on both. Throws std::runtime_error if the two gradients of the
// first step differ by more than 1e-9 (relative) or the file cannot be read.
MicrogptFigures run_microgpt(const std::string& names_path, int repetitions, std::size_t steps);

// The figures as lines of the benchmark's table, and as a JSON object.
std::string microgpt_text(const MicrogptFigures& figures);
std::string microgpt_json(const MicrogptFigures& figures);

}  // namespace backprop::bench
