// AtomicFile and write_file_atomically(): find the real destination, create
// a fresh temporary beside it, write and fsync, rename over.
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

AtomicFile::AtomicFile(const fs::path& path) : path_(path) {
  try {
    target_ = final_target(path);
    std::error_code error;
    const fs::file_status status = fs::status(target_, error);
    const bool exists = status.type() != fs::file_type::not_found;
    if (error && exists) throw std::runtime_error(error.message());
    if (exists && status.type() != fs::file_type::regular)
      throw std::runtime_error(fmt::format("it is {}, not a regular file; refusing to replace it",
                                           file_kind(status.type())));

    const fs::path directory = target_.has_parent_path() ? target_.parent_path() : fs::path(".");
    descriptor_ = create_temporary(directory, target_.filename(), temporary_);
    if (exists && ::fchmod(descriptor_, static_cast<mode_t>(status.permissions() & fs::perms::mask)) != 0)
      throw system_error("cannot give the temporary file the destination's permissions");
  } catch (const std::exception& error) {
    throw failure(error);
  }
}

AtomicFile::~AtomicFile() {
  if (descriptor_ >= 0) ::close(descriptor_);
  if (!temporary_.empty()) ::unlink(temporary_.c_str());
}

void AtomicFile::write(std::string_view text) {
  try {
    if (descriptor_ < 0) throw std::runtime_error("write after the file was committed or failed");
    write_all(descriptor_, text);
  } catch (const std::exception& error) {
    throw failure(error);
  }
}

void AtomicFile::commit() {
  try {
    if (descriptor_ < 0) throw std::runtime_error("commit after the file was committed or failed");
    if (::fsync(descriptor_) != 0) throw system_error("fsync");
    const int closed = ::close(descriptor_);
    descriptor_ = -1;
    if (closed != 0) throw system_error("close");
    // rename() replaces the target in one step: readers see old or new.
    if (::rename(temporary_.c_str(), target_.c_str()) != 0) throw system_error("rename");
    temporary_.clear();
  } catch (const std::exception& error) {
    throw failure(error);
  }
}

// Gives up: the temporary goes, and the error names the path.
std::runtime_error AtomicFile::failure(const std::exception& error) {
  if (descriptor_ >= 0) ::close(descriptor_);
  descriptor_ = -1;
  if (!temporary_.empty()) ::unlink(temporary_.c_str());
  temporary_.clear();
  return std::runtime_error(fmt::format("{}: cannot write: {}", path_.string(), error.what()));
}

void write_file_atomically(const fs::path& path, std::string_view text) {
  AtomicFile file(path);
  file.write(text);
  file.commit();
}

}  // namespace backprop::nn
