// Runs a program as a child process, the way a user runs it from a shell,
// and returns what it printed and its exit status.
#pragma once

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "support/file_text.hpp"
#include "support/scratch_dir.hpp"

namespace backprop::testing {

#ifdef BACKPROP_TOOL
// The `backprop` tool this build made (meson passes its path).
inline const std::string tool = BACKPROP_TOOL;
#endif

struct ProcessResult {
  int status;  // exit status, or 128 + signal number if it was killed
  std::string out, err;
};

// Where the child's standard streams go: `in` is read from a file; `out`
// and `err` are captured (and returned) when empty, else written to the
// file named, such as /dev/full to make every write fail.
struct Redirect {
  std::string in = "/dev/null";
  std::string out{}, err{};
};

inline ProcessResult run_process(const std::string& program, const std::vector<std::string>& arguments,
                                 const Redirect& redirect = {}) {
  ScratchDir dir("process");
  const std::string out_path = redirect.out.empty() ? (dir / "stdout").string() : redirect.out;
  const std::string err_path = redirect.err.empty() ? (dir / "stderr").string() : redirect.err;
  const pid_t child = ::fork();
  if (child == 0) {
    const int out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const int in = ::open(redirect.in.c_str(), O_RDONLY);
    ::dup2(in, 0), ::dup2(out, 1), ::dup2(err, 2);
    std::vector<char*> argv{const_cast<char*>(program.c_str())};
    for (const std::string& argument : arguments) argv.push_back(const_cast<char*>(argument.c_str()));
    argv.push_back(nullptr);
    ::execv(program.c_str(), argv.data());
    ::_exit(127);
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status),
          redirect.out.empty() ? read_file(out_path) : "", redirect.err.empty() ? read_file(err_path) : ""};
}

}  // namespace backprop::testing
