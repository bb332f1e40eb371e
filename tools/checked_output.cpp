// write_out(), finish_out() and report(): stdio for standard output, the
// write() system call for standard error so that nothing there can throw.
#include "tools/checked_output.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

#include <unistd.h>

namespace backprop::tools {

namespace {

[[noreturn]] void fail_output() {
  throw OutputError(std::string("cannot write the output: ") + std::strerror(errno));
}

}  // namespace

void write_out(std::string_view text) {
  if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size()) fail_output();
}

void finish_out() {
  if (std::fflush(stdout) != 0 || std::ferror(stdout)) fail_output();
}

void report(std::string_view text) noexcept {
  while (!text.empty()) {
    const ssize_t written = ::write(STDERR_FILENO, text.data(), text.size());
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) return;
    text.remove_prefix(static_cast<std::size_t>(written));
  }
}

}  // namespace backprop::tools
