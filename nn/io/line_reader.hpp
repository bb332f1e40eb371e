// Reading a user's text file a line at a time, with limits, for the CSV
// reader and the model loader: only a regular file is opened (a directory,
// FIFO or device is refused before any read), a line longer than a limit is
// an error rather than an ever-growing allocation, a UTF-8 byte-order mark is
// skipped, LF and CRLF endings are both read, and CR-only endings are named
// as such. What the lines mean is left to the readers.
#pragma once

#include <cstddef>
#include <filesystem>
#include <fstream>
#include <istream>
#include <stdexcept>
#include <string>
#include <string_view>

namespace backprop::nn {

// Opens `path` (following symlinks) if it is a regular file. Throws
// std::runtime_error naming the path and what it is instead ("a directory").
std::ifstream open_regular_file(const std::filesystem::path& path);

class LineReader {
 public:
  static constexpr std::size_t default_max_line_bytes = std::size_t{1} << 20;

  // `source` names the input in error messages ("data.csv").
  LineReader(std::istream& input, std::string source,
             std::size_t max_line_bytes = default_max_line_bytes);

  // Reads the next line into `line`, without its LF or CRLF; false at the
  // end of the input. Throws error() for a line over the limit or a CR
  // inside a line.
  bool next(std::string& line);

  // The number (from 1) of the line last read; 0 before the first.
  std::size_t line_number() const { return line_number_; }

  // "source:LINE: message", for the reader's own complaints about a line.
  std::runtime_error error(std::string_view message) const { return error_at(line_number_, message); }
  std::runtime_error error_at(std::size_t line, std::string_view message) const;

 private:
  std::istream& input_;
  std::string source_;
  std::size_t max_line_bytes_;
  std::size_t line_number_ = 0;
};

// At most about `max_bytes` of `text` for an error message: control and
// non-ASCII bytes shown as \xNN, and "... (N bytes)" where it was cut, so
// that a binary or enormous line never becomes an enormous message.
std::string excerpt(std::string_view text, std::size_t max_bytes = 40);

}  // namespace backprop::nn
