// The tool's output, with every write checked: what goes to standard output
// throws OutputError when it cannot be written (a full disk, a closed pipe
// end), so the tool exits 1 instead of 0 having written nothing; messages to
// standard error never throw, since there is nowhere left to report that
// failure, so an unwritable standard error cannot abort the tool.
#pragma once

#include <stdexcept>
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

}  // namespace backprop::tools
