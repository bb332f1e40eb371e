// write_file_atomically(): find the real destination, create a fresh
// temporary beside it, write and fsync, rename over.
#include "nn/io/atomic_file.hpp"

#include <cerrno>
#include <cstring>
#include <random>
#include <stdexcept>
#include <string>

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include "nn/io/file_kind.hpp"

namespace backprop::nn {

namespace {

namespace fs = std::filesystem;

std::runtime_error system_error(std::string_view what) {
  return std::runtime_error(fmt::format("{}: {}", what, std::strerror(errno)));
}

// Where a chain of symbolic links starting at `path` ends (`path` itself if
// it is not a link). The end may not exist yet: then it is created.
fs::path final_target(const fs::path& path) {
  fs::path target = path;
  for (int hops = 0;; ++hops) {
    std::error_code error;
    const fs::file_status status = fs::symlink_status(target, error);
    if (error && status.type() != fs::file_type::not_found)
      throw std::runtime_error(error.message());
    if (status.type() != fs::file_type::symlink) return target;
    if (hops == 40) throw std::runtime_error("too many levels of symbolic links");
    const fs::path link = fs::read_symlink(target);
    target = link.is_absolute() ? link : target.parent_path() / link;
  }
}

// Creates a new file ".NAME.RANDOM.tmp" in `directory` with O_EXCL, so that
// it can never be a file someone else (or another save) is using. Not
// mkstemp(): that forces mode 0600, and the umask a new file should honour
// cannot be read without changing it, which is not thread-safe; open() with
// mode 0666 applies it for us.
int create_temporary(const fs::path& directory, const fs::path& name, fs::path& temporary) {
  static constexpr std::string_view letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  const std::string base = name.string().substr(0, 200);  // room for the suffix within NAME_MAX
  std::random_device entropy;
  for (int attempt = 0; attempt < 100; ++attempt) {
    std::string suffix;
    for (int k = 0; k < 8; ++k) suffix += letters[entropy() % letters.size()];
    temporary = directory / ("." + base + "." + suffix + ".tmp");
    const int descriptor = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (descriptor >= 0) return descriptor;
    if (errno != EEXIST) throw system_error("cannot create a temporary file in its directory");
  }
  throw std::runtime_error("cannot find an unused temporary file name beside it");
}

void write_all(int descriptor, std::string_view text) {
  while (!text.empty()) {
    const ssize_t written = ::write(descriptor, text.data(), text.size());
    if (written < 0 && errno == EINTR) continue;
    if (written < 0) throw system_error("write");
    text.remove_prefix(static_cast<std::size_t>(written));
  }
}

}  // namespace

void write_file_atomically(const fs::path& path, std::string_view text) {
  fs::path temporary;
  int descriptor = -1;
  try {
    const fs::path target = final_target(path);
    std::error_code error;
    const fs::file_status status = fs::status(target, error);
    const bool exists = status.type() != fs::file_type::not_found;
    if (error && exists) throw std::runtime_error(error.message());
    if (exists && status.type() != fs::file_type::regular)
      throw std::runtime_error(fmt::format("it is {}, not a regular file; refusing to replace it",
                                           file_kind(status.type())));

    const fs::path directory = target.has_parent_path() ? target.parent_path() : fs::path(".");
    descriptor = create_temporary(directory, target.filename(), temporary);
    if (exists && ::fchmod(descriptor, static_cast<mode_t>(status.permissions() & fs::perms::mask)) != 0)
      throw system_error("cannot give the temporary file the destination's permissions");
    write_all(descriptor, text);
    if (::fsync(descriptor) != 0) throw system_error("fsync");
    const int closed = ::close(descriptor);
    descriptor = -1;
    if (closed != 0) throw system_error("close");
    // rename() replaces the target in one step: readers see old or new.
    if (::rename(temporary.c_str(), target.c_str()) != 0) throw system_error("rename");
    temporary.clear();
  } catch (const std::exception& error) {
    if (descriptor >= 0) ::close(descriptor);
    if (!temporary.empty()) ::unlink(temporary.c_str());
    throw std::runtime_error(fmt::format("{}: cannot write: {}", path.string(), error.what()));
  }
}

}  // namespace backprop::nn
