// Writing a file so that readers see the old content or the new, never
// half: write a uniquely named temporary file beside it, flush it to disk,
// rename it over; whole at once, or a piece at a time (AtomicFile).
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string_view>

namespace backprop::nn {

// Replaces the regular file at `path` (or creates it) with `text`.
// - A symbolic link is followed: its target is written, the link stays.
// - An existing file keeps its permission bits (a new one gets 0666 less the
//   umask, as any new file).
// - Anything else at `path` (a directory, a device, a FIFO) is refused, never
//   replaced.
// - The temporary is named ".NAME.RANDOM.tmp" in the same directory, so
//   saves running at once to one path all succeed (the last rename wins), and
//   no file of the user's is ever overwritten or deleted but `path` itself.
// Throws std::runtime_error naming the path and the reason; on failure the
// temporary file is removed and the existing file at `path` is untouched.
void write_file_atomically(const std::filesystem::path& path, std::string_view text);

// The same for a file written a piece at a time (a line per training step),
// so that it never has to be held in memory whole: the temporary is created
// by the constructor, write() appends to it, commit() makes it the file at
// `path`. Destroyed without commit() (an error, an exception on the way),
// the temporary is removed and `path` is untouched. Every step throws
// std::runtime_error naming the path, as write_file_atomically() does.
class AtomicFile {
 public:
  explicit AtomicFile(const std::filesystem::path& path);
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  ~AtomicFile();

  void write(std::string_view text);
  void commit();

 private:
  std::runtime_error failure(const std::exception& error);

  std::filesystem::path path_, target_, temporary_;
  int descriptor_ = -1;
};

}  // namespace backprop::nn
