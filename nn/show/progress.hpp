// Progress: what a training loop shows while it runs. On a terminal, one
// line rewritten in place about ten times a second (step, loss, steps per
// second, time left); written to a file or a pipe, only the lines the loop
// prints itself, so that logs stay plain. Lines printed through print()
// appear above the live line. Writes go through fmt, which throws on failure.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdio>
#include <string_view>

namespace backprop::nn {

class Progress {
 public:
  // Live when `out` is a terminal.
  explicit Progress(std::size_t total_steps, std::FILE* out = stdout);
  Progress(std::size_t total_steps, std::FILE* out, bool live);

  // After `done` updates, with the loss then: rewrites the live line
  // if a tenth of a second has passed, or at the last step.
  void update(std::size_t done, double loss);
  // Writes `text`, a whole line with its '\n', over the live line.
  void print(std::string_view text);
  // Seconds since the Progress was made.
  double seconds() const;
  bool live() const { return live_; }

 private:
  std::size_t total_;
  std::FILE* out_;
  bool live_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  double shown_ = 0.0;  // when the live line was last written
};

}  // namespace backprop::nn
