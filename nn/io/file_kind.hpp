// Names a kind of file for an error message ("a directory", "a FIFO (named
// pipe)"), for the readers and the writer that accept regular files only.
#pragma once

#include <filesystem>
#include <string_view>

namespace backprop::nn {

inline std::string_view file_kind(std::filesystem::file_type type) {
  switch (type) {
    case std::filesystem::file_type::regular: return "a regular file";
    case std::filesystem::file_type::directory: return "a directory";
    case std::filesystem::file_type::character: return "a character device";
    case std::filesystem::file_type::block: return "a block device";
    case std::filesystem::file_type::fifo: return "a FIFO (named pipe)";
    case std::filesystem::file_type::socket: return "a socket";
    case std::filesystem::file_type::symlink: return "a symbolic link";
    default: return "an unknown kind of file";
  }
}

}  // namespace backprop::nn
