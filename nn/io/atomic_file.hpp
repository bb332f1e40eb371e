// Writing a whole file so that readers see the old content or the new, never
// half: write a uniquely named temporary file beside it, flush it to disk,
// rename it over.
#pragma once

#include <filesystem>
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

}  // namespace backprop::nn
