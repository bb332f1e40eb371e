// An example's command line, read exactly as the tool reads its own
// (tools/command_line.hpp: --help prints the program's prose help to
// standard output, --version the project's version, a usage error is one or
// two lines with exit status 2, a mistyped option gets a suggestion, values
// are trimmed of spaces, --opt=value and --opt value both work), with every
// write checked. CLI11 stays in program.cpp: it takes seconds to compile,
// which each example would otherwise pay.
#pragma once

#include <memory>
#include <string>
#include <string_view>

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
  // --flag N: a number of type T (int, std::size_t or double), the whole
  // text and finite, for which `meets` (if given) holds; otherwise
  // "--flag: needs <requirement>, got '...'".
  template <typename T>
  Program& number(const std::string& flag, T& into, std::string requirement, bool (*meets)(T) = nullptr);
  // A switch, with its negation: "--shuffle,!--no-shuffle".
  Program& flag(const std::string& names, bool& into);

  // Reads the command line, then runs `body` (returning the exit status)
  // with every write checked: 0 after --help or --version, 2 after a usage
  // error, 1 with "NAME: what went wrong" if anything throws.
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
  static constexpr int keep_going = -1;
  int parse(int argc, const char* const* argv);

  std::string name_;
  std::unique_ptr<CLI::App> app_;
};

}  // namespace backprop::tools
