// Tests for tools/checked_output and printable(): a failed write to
// standard output throws, one to standard error never does, and non-finite
// numbers print one way. Writes are tried in a child process whose streams
// point at /dev/full, where every write fails.
#include <catch2/catch.hpp>

#include <cstdio>
#include <limits>

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tools/checked_output.hpp"
#include "autodiff/format.hpp"

namespace tools = backprop::tools;

namespace {
// The exit status of `body` run in a child with `stream` (1 or 2) on /dev/full.
template <typename Body>
int in_child_with_full(int stream, Body body) {
  std::fflush(nullptr);
  const pid_t child = ::fork();
  if (child == 0) {
    const int full = ::open("/dev/full", O_WRONLY);
    ::dup2(full, stream);
    ::_exit(body());
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
}  // namespace

TEST_CASE("a failed write to standard output throws OutputError", "[checked_output]") {
  const int status = in_child_with_full(STDOUT_FILENO, [] {
    try {
      tools::write_out("hello\n");  // buffered: the failure shows at the flush
      tools::finish_out();
    } catch (const tools::OutputError& error) {
      return std::string(error.what()) == "cannot write the output: No space left on device" ? 0 : 2;
    }
    return 1;
  });
  CHECK(status == 0);
  // more than a buffer's worth fails in write_out itself
  CHECK(in_child_with_full(STDOUT_FILENO, [] {
          try {
            tools::write_out(std::string(1 << 20, 'x'));
          } catch (const tools::OutputError&) {
            return 0;
          }
          return 1;
        }) == 0);
}

TEST_CASE("a failed write to standard error is ignored", "[checked_output]") {
  CHECK(in_child_with_full(STDERR_FILENO, [] {
          tools::report("nobody reads this\n");
          return 0;
        }) == 0);
}

TEST_CASE("a NaN prints as nan whatever its sign bit", "[checked_output]") {
  const double nan = std::numeric_limits<double>::quiet_NaN(), inf = std::numeric_limits<double>::infinity();
  CHECK(fmt::format("{}", backprop::printable(-nan)) == "nan");
  CHECK(fmt::format("{:.6g}", backprop::printable(nan)) == "nan");
  CHECK(fmt::format("{}", backprop::printable(inf - inf)) == "nan");
  CHECK(fmt::format("{}", backprop::printable(-inf)) == "-inf");
  CHECK(fmt::format("{}", backprop::printable(-2.5)) == "-2.5");
}
