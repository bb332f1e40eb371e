// Writing a whole file so that readers see the old content or the new, never
// half: write a temporary file beside it, flush it to disk, rename it over.
#pragma once

#include <filesystem>
#include <string_view>

namespace backprop::nn {

// Throws std::runtime_error naming the path and the reason; on failure the
// temporary file is removed and any existing file at `path` is untouched.
void write_file_atomically(const std::filesystem::path& path, std::string_view text);

}  // namespace backprop::nn
