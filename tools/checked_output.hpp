// The tool's output, with every write checked: what goes to standard output
// throws OutputError when it cannot be written (a full disk, a closed pipe
// end), so the tool exits 1 instead of 0 having written nothing; messages to
// standard error never throw, since there is nowhere left to report that
// failure, so an unwritable standard error cannot abort the tool.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace backprop::tools {

class OutputError : public std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Writes `text` to standard output (buffered); throws OutputError on failure.
void write_out(std::string_view text);
// Flushes standard output; throws OutputError if anything written failed.
void finish_out();
// Writes `text` to standard error, unbuffered; failures are ignored.
void report(std::string_view text) noexcept;

// A program's main, with every write checked: runs `body` (the program,
// returning its exit status), then flushes standard output. A write that
// failed, or any other error that reaches here, is reported as
// "PROGRAM: what went wrong", and the exit status is then 1.
template <typename Body>
int run_checked(std::string_view program, Body body) noexcept {
  try {
    const int status = body();
    finish_out();
    return status;
  } catch (const std::exception& error) {  // a failed write, out of memory, ...: still no abort
    report(std::string(program) + ": " + error.what() + "\n");
  }
  return 1;
}

}  // namespace backprop::tools
