// Whole files as strings, for tests that write an input or inspect an output.
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace backprop::testing {

inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

inline void write_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

}  // namespace backprop::testing
