// Tests for nn/atomic_file: what is at the destination is respected (its
// mode, a symlink, anything that is not a regular file, a user's own .tmp
// file), temporaries never stay behind, and saves running at once all work.
#include <catch2/catch.hpp>

#include <csignal>

#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "nn/io/atomic_file.hpp"
#include "support/file_text.hpp"
#include "support/scratch_dir.hpp"

using backprop::testing::read_file;
using backprop::testing::ScratchDir;
using backprop::testing::write_file;
namespace fs = std::filesystem;
namespace nn = backprop::nn;

namespace {
std::vector<std::string> names_in(const fs::path& directory) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(directory)) names.push_back(entry.path().filename());
  std::sort(names.begin(), names.end());
  return names;
}

fs::perms permissions_of(const fs::path& path) { return fs::status(path).permissions(); }
}  // namespace

TEST_CASE("an existing file keeps its permissions", "[atomic_file]") {
  ScratchDir dir("atomic-mode");
  write_file(dir / "secret.txt", "old");
  fs::permissions(dir / "secret.txt", fs::perms::owner_read | fs::perms::owner_write);
  nn::write_file_atomically(dir / "secret.txt", "new");
  CHECK(read_file(dir / "secret.txt") == "new");
  CHECK(permissions_of(dir / "secret.txt") == (fs::perms::owner_read | fs::perms::owner_write));
  fs::permissions(dir / "secret.txt", fs::perms::owner_all | fs::perms::group_read);
  nn::write_file_atomically(dir / "secret.txt", "newer");
  CHECK(permissions_of(dir / "secret.txt") == (fs::perms::owner_all | fs::perms::group_read));
}

TEST_CASE("a new file gets the usual permissions, less the umask", "[atomic_file]") {
  ScratchDir dir("atomic-new");
  const mode_t mask = ::umask(022);
  nn::write_file_atomically(dir / "new.txt", "x");
  ::umask(mask);
  CHECK(permissions_of(dir / "new.txt") ==
        (fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read | fs::perms::others_read));
}

TEST_CASE("a symbolic link is followed: its target is written, the link stays", "[atomic_file]") {
  ScratchDir dir("atomic-link");
  fs::create_directory(dir / "real");
  write_file(dir / "real" / "model.txt", "old");
  fs::create_symlink("real/model.txt", dir / "link.txt");
  fs::create_symlink("link.txt", dir / "link-to-link.txt");
  nn::write_file_atomically(dir / "link-to-link.txt", "new");
  CHECK(fs::is_symlink(dir / "link.txt"));
  CHECK(fs::is_symlink(dir / "link-to-link.txt"));
  CHECK(read_file(dir / "real" / "model.txt") == "new");
  CHECK(names_in(dir / "real") == std::vector<std::string>{"model.txt"});
  // a dangling link creates its target
  fs::create_symlink("real/fresh.txt", dir / "dangling.txt");
  nn::write_file_atomically(dir / "dangling.txt", "fresh");
  CHECK(fs::is_symlink(dir / "dangling.txt"));
  CHECK(read_file(dir / "real" / "fresh.txt") == "fresh");
}

TEST_CASE("what is not a regular file is refused, not replaced", "[atomic_file]") {
  ScratchDir dir("atomic-special");
  REQUIRE(::mkfifo((dir / "fifo").c_str(), 0600) == 0);
  fs::create_directory(dir / "folder");
  CHECK_THROWS_WITH(nn::write_file_atomically(dir / "fifo", "x"),
                    (dir / "fifo").string() +
                        ": cannot write: it is a FIFO (named pipe), not a regular file; refusing to replace it");
  CHECK_THROWS_WITH(nn::write_file_atomically(dir / "folder", "x"),
                    Catch::EndsWith("folder: cannot write: it is a directory, not a regular file; "
                                    "refusing to replace it"));
  CHECK(fs::is_fifo(dir / "fifo"));
  CHECK(fs::is_directory(dir / "folder"));
  CHECK(names_in(dir.path()) == std::vector<std::string>{"fifo", "folder"});  // no temporary left
  // a device, through a link so that nothing real is at stake if it were replaced
  fs::create_symlink("/dev/null", dir / "null-link");
  CHECK_THROWS_WITH(nn::write_file_atomically(dir / "null-link", "x"),
                    Catch::Contains("cannot write: it is a character device, not a regular file"));
  CHECK(fs::is_character_file("/dev/null"));
}

TEST_CASE("a user's own NAME.tmp file is left alone", "[atomic_file]") {
  ScratchDir dir("atomic-user-tmp");
  write_file(dir / "model.txt.tmp", "the user's notes");
  nn::write_file_atomically(dir / "model.txt", "model");
  CHECK(read_file(dir / "model.txt.tmp") == "the user's notes");
  CHECK(names_in(dir.path()) == std::vector<std::string>{"model.txt", "model.txt.tmp"});
}

TEST_CASE("a write that fails half way leaves no temporary and the old file", "[atomic_file]") {
  ScratchDir dir("atomic-fail");
  write_file(dir / "model.txt", "old");
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    // Files may grow to 1000 bytes only: the write of 100000 fails part way.
    std::signal(SIGXFSZ, SIG_IGN);
    const rlimit limit{1000, 1000};
    ::setrlimit(RLIMIT_FSIZE, &limit);
    try {
      nn::write_file_atomically(dir / "model.txt", std::string(100000, 'x'));
    } catch (const std::runtime_error& error) {
      ::_exit(std::string(error.what()).find("cannot write: write: File too large") != std::string::npos ? 0 : 2);
    }
    ::_exit(1);
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  CHECK(read_file(dir / "model.txt") == "old");
  CHECK(names_in(dir.path()) == std::vector<std::string>{"model.txt"});
}

TEST_CASE("a file written a piece at a time appears whole at commit, or not at all", "[atomic_file]") {
  ScratchDir dir("atomic-pieces");
  write_file(dir / "log.txt", "old");
  {
    nn::AtomicFile file(dir / "log.txt");
    file.write("step 1\n");
    file.write("step 2\n");
    CHECK(read_file(dir / "log.txt") == "old");  // nothing shows before commit()
    CHECK(names_in(dir.path()).size() == 2);       // the file and its temporary
    file.commit();
  }
  CHECK(read_file(dir / "log.txt") == "step 1\nstep 2\n");
  {
    nn::AtomicFile file(dir / "log.txt");
    file.write("half");
  }  // given up (an exception on the way, say): the temporary goes, the file stays
  CHECK(read_file(dir / "log.txt") == "step 1\nstep 2\n");
  CHECK(names_in(dir.path()) == std::vector<std::string>{"log.txt"});
  // A place that cannot be written is refused when the file is opened, before any piece.
  CHECK_THROWS_WITH(nn::AtomicFile(dir.path()),
                    dir.path().string() + ": cannot write: it is a directory, not a regular file; refusing to "
                                          "replace it");
  nn::AtomicFile file(dir / "twice.txt");
  file.commit();
  CHECK_THROWS_WITH(file.write("late"), Catch::EndsWith("cannot write: write after the file was committed or failed"));
  CHECK(read_file(dir / "twice.txt").empty());
}

TEST_CASE("saves running at once to one path all succeed", "[atomic_file]") {
  ScratchDir dir("atomic-concurrent");
  const auto path = dir / "model.txt";
  std::vector<pid_t> children;
  for (int process = 0; process < 8; ++process) {
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
      int failures = 0;
      for (int save = 0; save < 10; ++save) {
        try {
          nn::write_file_atomically(path, std::string(10000, static_cast<char>('a' + process)));
        } catch (const std::exception&) {
          ++failures;
        }
      }
      ::_exit(failures);
    }
    children.push_back(child);
  }
  int failures = 0;
  for (pid_t child : children) {
    int status = 0;
    ::waitpid(child, &status, 0);
    failures += WIFEXITED(status) ? WEXITSTATUS(status) : 100;
  }
  CHECK(failures == 0);
  const std::string text = read_file(path);
  CHECK(text.size() == 10000);
  CHECK(std::count(text.begin(), text.end(), text[0]) == 10000);  // one save, whole
  CHECK(names_in(dir.path()) == std::vector<std::string>{"model.txt"});
}
