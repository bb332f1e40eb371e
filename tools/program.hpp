// An example's command line, read exactly as the tool reads its own
// (tools/command_line.hpp: --help prints the program's prose help to
// standard output, --version the project's version, a usage error is one or
// two lines with exit status 2, a mistyped option gets a suggestion, values
// are trimmed of spaces, --opt=value and --opt value both work), with every
// write checked. CLI11 stays in program.cpp: it takes seconds to compile,
// which each example would otherwise pay.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "tools/checked_output.hpp"

namespace CLI {
class App;
}

namespace backprop::tools {

class Program {
 public:
  // `help` is what --help prints: the program's usage, written as prose.
  Program(std::string name, std::string help);
  ~Program();
  Program(const Program&) = delete;
  Program& operator=(const Program&) = delete;

  // --flag TEXT.
  Program& option(const std::string& flag, std::string& into);
  // --flag FILE, a file to write: an empty name is refused at once.
  Program& output(const std::string& flag, std::string& into);
  // --flag N: a number of type T (int, std::size_t or double), the whole
  // text and finite, for which `meets` (if given) holds; otherwise
  // "--flag: needs <requirement>, got '...'".
  template <typename T>
  Program& number(const std::string& flag, T& into, std::string requirement, bool (*meets)(T) = nullptr);
  // A switch, with its negation if named: "--shuffle,!--no-shuffle".
  Program& flag(const std::string& names, bool& into);
  // A positional argument ("FILE").
  Program& argument(const std::string& name, std::string& into);
  // Takes any further arguments, in order, for the program to read itself
  // (remaining()); those that look like options (--word) are still refused.
  Program& arguments();

  // A subcommand with its own options ("backprop eval"): once a program has
  // one, the command line must name one. Owned by this Program.
  Program& command(const std::string& name, std::string help);
  // After reading: whether this subcommand was the one named, whether
  // `flag` was given, and the arguments left for the program.
  bool chosen() const;
  bool given(const std::string& flag) const;
  std::vector<std::string> remaining() const;

  // Reads the command line: keep_going, or the exit status if the program
  // is done (0 after --help or --version, 2 after a usage error, reported).
  static constexpr int keep_going = -1;
  int parse(int argc, const char* const* argv);
  // parse(), then `body` (returning the exit status), with every write
  // checked: 1 with "NAME: what went wrong" if anything throws.
  template <typename Body>
  int run(int argc, const char* const* argv, Body body) {
    return run_checked(name_, [&] {
      const int status = parse(argc, argv);
      return status == keep_going ? body() : status;
    });
  }
  // Reports a usage error found after reading (options that conflict):
  // "NAME: MESSAGE" and how to get help. Returns the usage exit status, 2.
  int usage_error(std::string_view message) const;

 private:
  Program(std::string name, CLI::App* subcommand);

  std::string name_;
  // Owned unless this is a subcommand; not a unique_ptr, whose <memory>
  // costs every example a tenth of a second.
  CLI::App* app_;
  bool owns_app_;
  Program* first_command_ = nullptr;  // subcommands, a list through next_
  Program* next_ = nullptr;
};

}  // namespace backprop::tools
