// Program (program.hpp): the examples' command lines, on the tool's CLI11
// reading (command_line.hpp), compiled once here.
#include "tools/program.hpp"

#include <cstddef>

#include "tools/command_line.hpp"

namespace backprop::tools {

Program::Program(std::string name, std::string help)
    : name_(std::move(name)), app_(std::make_unique<CLI::App>(std::move(help), name_)) {}

Program::~Program() = default;

Program& Program::option(const std::string& flag, std::string& into) {
  app_->add_option(flag, into);
  return *this;
}

template <typename T>
Program& Program::number(const std::string& flag, T& into, std::string requirement, bool (*meets)(T)) {
  app_->add_option(flag, into)->check(number_check<T>(std::move(requirement), [meets](T value) {
    return meets == nullptr || meets(value);
  }));
  return *this;
}
template Program& Program::number<int>(const std::string&, int&, std::string, bool (*)(int));
template Program& Program::number<std::size_t>(const std::string&, std::size_t&, std::string,
                                               bool (*)(std::size_t));
template Program& Program::number<double>(const std::string&, double&, std::string, bool (*)(double));

Program& Program::flag(const std::string& names, bool& into) {
  app_->add_flag(names, into);
  return *this;
}

int Program::parse(int argc, const char* const* argv) {
  const auto status = parse_command_line(*app_, argc, argv);
  return status ? *status : keep_going;
}

int Program::usage_error(std::string_view message) const {
  report(usage_message(name_, message));
  return usage_status;
}

}  // namespace backprop::tools
