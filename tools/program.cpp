// Program (program.hpp): the examples' command lines, on the tool's CLI11
// reading (command_line.hpp), compiled once here.
#include "tools/program.hpp"

#include <cstddef>
#include <utility>

#include "tools/command_line.hpp"

namespace backprop::tools {

Program::Program(std::string name, std::string help)
    : name_(std::move(name)), app_(new CLI::App(std::move(help), name_)), owns_app_(true) {}

Program::Program(std::string name, CLI::App* subcommand)
    : name_(std::move(name)), app_(subcommand), owns_app_(false) {}

Program::~Program() {
  while (first_command_ != nullptr) delete std::exchange(first_command_, first_command_->next_);
  if (owns_app_) delete app_;
}

Program& Program::option(const std::string& flag, std::string& into) {
  app_->add_option(flag, into);
  return *this;
}

Program& Program::output(const std::string& flag, std::string& into) {
  app_->add_option(flag, into)->check(file_name_check());
  return *this;
}

Program& Program::argument(const std::string& name, std::string& into) {
  app_->add_option(name, into);
  return *this;
}

Program& Program::arguments() {
  app_->allow_extras();
  return *this;
}

Program& Program::command(const std::string& name, std::string help) {
  app_->require_subcommand(1);
  auto* command = new Program(name_ + " " + name, app_->add_subcommand(name, std::move(help)));
  Program** end = &first_command_;
  while (*end != nullptr) end = &(*end)->next_;
  *end = command;
  return *command;
}

bool Program::chosen() const { return app_->parsed(); }

bool Program::given(const std::string& flag) const {
  const CLI::Option* option = app_->get_option_no_throw(flag);
  return option != nullptr && option->count() > 0;
}

std::vector<std::string> Program::remaining() const { return app_->remaining(); }

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
