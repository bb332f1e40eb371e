// Reading a program's command line with CLI11, the same way in the tool, the
// bench and the examples: --help prints the App's description (each program
// writes its help as prose) to standard output, --version prints the
// project's version, a usage error is one or two lines (usage_error.hpp)
// with exit status 2, a mistyped command or option gets a suggestion, and
// every value is trimmed of spaces. Header-only, as CLI11 is: include it
// from one file per program, since CLI11 takes seconds to compile.
#pragma once

#include <algorithm>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>  // fmt::join

#include "nn/io/line_reader.hpp"  // nn::excerpt
#include "nn/io/parse_number.hpp"
#include "tools/checked_output.hpp"
#include "tools/usage_error.hpp"

#ifndef BACKPROP_VERSION
#error "BACKPROP_VERSION: meson passes the project's version to every program"
#endif

namespace backprop::tools {

// A check for an option read as a number of type T with nn::parse_number
// (the whole text, finite, no other spelling), and that `meets` holds;
// otherwise "--depth: needs a whole number > 0, got '0'".
template <typename T>
CLI::Validator number_check(std::string requirement, std::function<bool(T)> meets = [](T) { return true; }) {
  return CLI::Validator(
      [requirement, meets](std::string& text) -> std::string {
        const auto number = nn::parse_number<T>(text);
        if (number && meets(*number)) return "";
        return fmt::format("needs {}, got '{}'", requirement, nn::excerpt(text));
      },
      requirement);
}

// A check for an option that names a file to write: not empty (which
// would otherwise fail late, as "rename: No such file or directory").
inline CLI::Validator file_name_check() {
  return CLI::Validator(
      [](std::string& name) { return name.empty() ? std::string("the output name is empty; give a file name") : ""; },
      "FILE");
}

namespace detail {

// "backprop eval": the App's name after its parents'.
inline std::string command_path(const CLI::App& app) {
  const CLI::App* parent = app.get_parent();
  return parent == nullptr ? app.get_name() : command_path(*parent) + " " + app.get_name();
}

// The subcommand that was chosen, and its chosen subcommand, and so on.
inline CLI::App& chosen(CLI::App& app) {
  CLI::App* deepest = &app;
  while (!deepest->get_subcommands().empty()) deepest = deepest->get_subcommands().front();
  return *deepest;
}

// Every App under `app` (itself included).
inline void each_app(CLI::App& app, const std::function<void(CLI::App&)>& visit) {
  visit(app);
  for (CLI::App* command : app.get_subcommands([](CLI::App*) { return true; })) each_app(*command, visit);
}

inline std::vector<std::string> option_names(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::Option* option : app.get_options()) {
    for (const std::string& name : option->get_lnames()) names.push_back("--" + name);
    for (const std::string& name : option->get_snames()) names.push_back("-" + name);
  }
  return names;
}

// An argument that can only be a mistyped option: "--jsn", "--stpes=3";
// not an expression such as "-x^2", "--x" or "---x".
inline bool option_like(std::string_view argument) {
  const std::string_view name = argument.substr(0, argument.find('='));
  return name.size() > 3 && name.starts_with("--") && name[2] != '-' &&
         name.find_first_not_of("abcdefghijklmnopqrstuvwxyz-", 2) == std::string_view::npos;
}

// What the command line holds that CLI11 would leave to the program:
// nothing, or (for an App that allows extras) the arguments it takes itself.
inline void check_extras(CLI::App& command, bool takes_arguments) {
  for (const std::string& argument : command.remaining()) {
    const bool dashed = argument.size() > 1 && argument[0] == '-' && !nn::parse_number<double>(argument);
    if (option_like(argument) || (dashed && !takes_arguments)) {
      const std::string option = argument.substr(0, argument.find('='));
      throw UsageError{fmt::format("unknown option '{}'{}", option, did_you_mean(option, option_names(command)))};
    }
    if (!takes_arguments) throw UsageError{fmt::format("unexpected argument '{}'", argument)};
  }
}

}  // namespace detail

// Reads the command line into `app`. Returns the exit status if the program
// is done (0 after --help or --version, 2 after a usage error, reported),
// or nothing if it should go on. An App that allows extras
// (app.allow_extras()) leaves the arguments it takes itself, in order, in
// remaining(), except those that look like options (--word), which are
// unknown options. Throws OutputError if the help cannot be written.
inline std::optional<int> parse_command_line(CLI::App& app, int argc, const char* const* argv) {
  std::vector<std::string> arguments(argv + 1, argv + argc);
  std::vector<CLI::App*> takes_arguments;
  detail::each_app(app, [&](CLI::App& command) {
    if (command.get_allow_extras()) takes_arguments.push_back(&command);
    command.allow_extras();  // unknown arguments are worded here, with a suggestion
    for (CLI::Option* option : command.get_options())
      if (option->get_type_size() != 0)
        option->multi_option_policy(CLI::MultiOptionPolicy::TakeLast)
            ->transform([](std::string text) { return std::string(trim_spaces(text)); });
  });
  app.set_version_flag("--version", fmt::format("{} {}", app.get_name(), BACKPROP_VERSION));
  try {
    // A command is the first argument: name it or suggest the nearest one
    // (CLI11 2.1 would only say the argument was not expected).
    const auto commands = app.get_subcommands([](CLI::App*) { return true; });
    if (!commands.empty() && app.get_require_subcommand_min() > 0) {
      std::vector<std::string> names;
      for (const CLI::App* command : commands) names.push_back(command->get_name());
      if (arguments.empty())
        throw UsageError{fmt::format("missing COMMAND: one of {}", fmt::join(names, ", "))};
      const std::string& first = arguments.front();
      if (!first.starts_with("-") && std::find(names.begin(), names.end(), first) == names.end())
        throw UsageError{fmt::format("unknown command '{}'{}", first, did_you_mean(first, names))};
      const std::string option = first.substr(0, first.find('='));
      if (first.starts_with("-") && app.get_option_no_throw(option) == nullptr)
        throw UsageError{fmt::format("unknown option '{}'{}", option, did_you_mean(option, detail::option_names(app)))};
    }
    std::reverse(arguments.begin(), arguments.end());  // CLI11 takes them from the back
    app.parse(arguments);
    CLI::App& command = detail::chosen(app);
    detail::check_extras(command, std::find(takes_arguments.begin(), takes_arguments.end(), &command) !=
                                      takes_arguments.end());
    return std::nullopt;
  } catch (const CLI::CallForHelp&) {
    write_out(detail::chosen(app).get_description());
    return 0;
  } catch (const CLI::CallForVersion& version) {
    write_out(fmt::format("{}\n", version.what()));
    return 0;
  } catch (const CLI::ParseError& error) {
    std::string message = error.what();
    // CLI11 2.1 words a value left out as "--depth: 1 required TEXT missing"
    if (dynamic_cast<const CLI::ArgumentMismatch*>(&error) && message.ends_with(" missing"))
      message = message.substr(0, message.find(':')) + " needs a value";
    report(usage_message(detail::command_path(detail::chosen(app)), message));
  } catch (const UsageError& error) {
    report(usage_message(detail::command_path(detail::chosen(app)), error.message));
  }
  return usage_status;
}

// A program's main: reads the command line into `app`, then runs `body`
// (returning the exit status), with every write checked (run_checked()).
template <typename Body>
int run_program(CLI::App& app, int argc, const char* const* argv, Body body) {
  return run_checked(app.get_name(), [&] {
    if (const auto status = parse_command_line(app, argc, argv)) return *status;
    return body();
  });
}

}  // namespace backprop::tools
