// LineReader and its helpers: a byte loop over the stream's buffer that
// stops at a newline or at the limit, whichever comes first.
#include "nn/io/line_reader.hpp"

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "nn/io/file_kind.hpp"

namespace backprop::nn {

namespace {

constexpr std::string_view byte_order_mark = "\xEF\xBB\xBF";

}  // namespace

std::ifstream open_regular_file(const std::filesystem::path& path) {
  std::error_code error;
  const std::filesystem::file_status status = std::filesystem::status(path, error);
  if (error)
    throw std::runtime_error(fmt::format("{}: cannot open the file: {}", path.string(), error.message()));
  // Checked before opening: opening a FIFO would wait for a writer, and a
  // device such as /dev/zero never ends.
  if (status.type() != std::filesystem::file_type::regular)
    throw std::runtime_error(fmt::format("{}: cannot read it: it is {}, not a regular file",
                                         path.string(), file_kind(status.type())));
  std::ifstream file(path, std::ios::binary);
  if (!file)
    throw std::runtime_error(fmt::format("{}: cannot open the file: {}", path.string(), std::strerror(errno)));
  return file;
}

LineReader::LineReader(std::istream& input, std::string source, std::size_t max_line_bytes)
    : input_(input), source_(std::move(source)), max_line_bytes_(max_line_bytes) {}

std::runtime_error LineReader::error_at(std::size_t line, std::string_view message) const {
  return std::runtime_error(fmt::format("{}:{}: {}", source_, line, message));
}

bool LineReader::next(std::string& line) {
  line.clear();
  std::streambuf* buffer = input_.rdbuf();
  const int end = std::char_traits<char>::eof();
  int c = buffer->sbumpc();
  if (c == end) {
    input_.setstate(std::ios::eofbit);
    return false;
  }
  ++line_number_;
  // One byte over the limit may be the CR of a CRLF ending.
  for (; c != end && c != '\n'; c = buffer->sbumpc()) {
    if (line.size() > max_line_bytes_) {
      const bool carriage_returns = line.find('\r') != std::string::npos;
      throw error(fmt::format("the line is longer than {} bytes, the most this reader takes{}",
                              max_line_bytes_,
                              carriage_returns ? "; it holds carriage returns (CR): the file seems to "
                                                 "use CR-only line endings (classic Mac OS), which are "
                                                 "not supported; use LF or CRLF"
                                               : ""));
    }
    line.push_back(static_cast<char>(c));
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  if (line_number_ == 1 && line.starts_with(byte_order_mark)) line.erase(0, byte_order_mark.size());
  if (line.size() > max_line_bytes_)
    throw error(fmt::format("the line is longer than {} bytes, the most this reader takes", max_line_bytes_));
  if (line.find('\r') != std::string::npos)
    throw error("a carriage return (CR) inside the line: the file seems to use CR-only line endings "
                "(classic Mac OS), which are not supported; use LF or CRLF");
  return true;
}

std::string excerpt(std::string_view text, std::size_t max_bytes) {
  std::string shown;
  std::size_t used = 0;
  for (; used < text.size() && shown.size() < max_bytes; ++used) {
    const auto byte = static_cast<unsigned char>(text[used]);
    if (byte >= 0x20 && byte < 0x7f) shown += static_cast<char>(byte);
    else shown += fmt::format("\\x{:02x}", byte);
  }
  if (used < text.size()) shown += fmt::format("... ({} bytes)", text.size());
  return shown;
}

}  // namespace backprop::nn
