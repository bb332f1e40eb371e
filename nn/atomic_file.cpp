// write_file_atomically(): temporary file, fsync, rename.
#include "nn/atomic_file.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <string>

#include <fmt/format.h>
#include <unistd.h>

namespace backprop::nn {

void write_file_atomically(const std::filesystem::path& path, std::string_view text) {
  std::filesystem::path temporary = path;
  temporary += ".tmp";
  try {
    std::FILE* file = std::fopen(temporary.c_str(), "wb");
    if (file == nullptr) throw std::runtime_error(std::strerror(errno));
    const bool written = std::fwrite(text.data(), 1, text.size(), file) == text.size() &&
                         std::fflush(file) == 0 && ::fsync(::fileno(file)) == 0;
    const int write_errno = errno;
    if (std::fclose(file) != 0 || !written)
      throw std::runtime_error(std::strerror(written ? errno : write_errno));
    // rename() replaces the target in one step.
    std::filesystem::rename(temporary, path);
  } catch (const std::exception& error) {
    std::error_code ignored;
    std::filesystem::remove(temporary, ignored);
    throw std::runtime_error(fmt::format("{}: cannot write: {}", path.string(), error.what()));
  }
}

}  // namespace backprop::nn
