// Progress: a carriage return and an erase-line code rewrite the live line.
#include "nn/show/progress.hpp"

#include <unistd.h>

#include <algorithm>

#include <fmt/format.h>

namespace backprop::nn {

namespace {
constexpr std::string_view erase_line = "\r\x1b[K";
}

Progress::Progress(std::size_t total_steps, std::FILE* out) : Progress(total_steps, out, ::isatty(::fileno(out))) {}

Progress::Progress(std::size_t total_steps, std::FILE* out, bool live)
    : total_(total_steps), out_(out), live_(live) {}

void Progress::update(std::size_t done, double loss) {
  if (!live_) return;
  const double now = seconds();
  if (now < shown_ + 0.1 && done != total_) return;
  shown_ = now;
  const double rate = static_cast<double>(done) / now;
  fmt::print(out_, "{}step {}/{}  loss {:.4f}  {:.0f} steps/s  {:.1f} s left", erase_line, done, total_, loss, rate,
             static_cast<double>(total_ - std::min(done, total_)) / rate);
  std::fflush(out_);
}

void Progress::print(std::string_view text) { fmt::print(out_, "{}{}", live_ ? erase_line : "", text); }

double Progress::seconds() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

}  // namespace backprop::nn
