// Tests for nn/line_reader: line endings, the byte-order mark, the line
// limit, short excerpts of bad lines, and refusing what is not a regular file.
#include <catch2/catch.hpp>

#include <sstream>

#include <sys/stat.h>

#include "nn/io/line_reader.hpp"
#include "support/file_text.hpp"
#include "support/scratch_dir.hpp"

using backprop::testing::ScratchDir;
namespace nn = backprop::nn;

namespace {
std::vector<std::string> all_lines(const std::string& text, std::size_t limit = 100) {
  std::istringstream input(text);
  nn::LineReader reader(input, "in.txt", limit);
  std::vector<std::string> lines;
  for (std::string line; reader.next(line);) lines.push_back(line);
  return lines;
}
}  // namespace

TEST_CASE("lines end in LF or CRLF, the last may have no ending", "[line_reader]") {
  CHECK(all_lines("a\nb\r\n\nc") == std::vector<std::string>{"a", "b", "", "c"});
  CHECK(all_lines("").empty());
  CHECK(all_lines("\n") == std::vector<std::string>{""});
}

TEST_CASE("a UTF-8 byte-order mark before the first line is skipped", "[line_reader]") {
  CHECK(all_lines("\xEF\xBB\xBFx,y\n1,2\n") == std::vector<std::string>{"x,y", "1,2"});
  CHECK(all_lines("a\n\xEF\xBB\xBF" "b\n")[1] == "\xEF\xBB\xBF" "b");  // only at the very start
}

TEST_CASE("CR-only line endings are named, not read as one line", "[line_reader]") {
  CHECK_THROWS_WITH(all_lines("x,y\r1,2\r3,4\r"),
                    Catch::StartsWith("in.txt:1: a carriage return (CR) inside the line: the file "
                                      "seems to use CR-only line endings"));
  CHECK_THROWS_WITH(all_lines(std::string(50, 'a') + "\r" + std::string(200, 'b')),
                    Catch::Contains("CR-only line endings"));
}

TEST_CASE("a line over the limit is an error that names the line", "[line_reader]") {
  CHECK(all_lines(std::string(100, 'a') + "\r\n").size() == 1);  // exactly the limit, and a CRLF
  CHECK_THROWS_WITH(all_lines("ok\n" + std::string(101, 'a') + "\n"),
                    "in.txt:2: the line is longer than 100 bytes, the most this reader takes");
  CHECK_THROWS_WITH(all_lines(std::string(5000, '\0')), Catch::StartsWith("in.txt:1: the line is longer"));
}

TEST_CASE("an excerpt is short and shows control bytes", "[line_reader]") {
  CHECK(nn::excerpt("abc") == "abc");
  CHECK(nn::excerpt(std::string(100, 'x'), 10) == "xxxxxxxxxx... (100 bytes)");
  CHECK(nn::excerpt(std::string("a\0\x7f\xff", 4)) == "a\\x00\\x7f\\xff");
  CHECK(nn::excerpt(std::string(200'000'000 / 1000, '\0')).size() < 200);
}

TEST_CASE("only a regular file is opened", "[line_reader]") {
  ScratchDir dir("line-reader");
  backprop::testing::write_file(dir / "file.txt", "x\n");
  CHECK(nn::open_regular_file(dir / "file.txt").good());
  CHECK_THROWS_WITH(nn::open_regular_file(dir.path()),
                    dir.path().string() + ": cannot read it: it is a directory, not a regular file");
  CHECK_THROWS_WITH(nn::open_regular_file("/dev/zero"),
                    "/dev/zero: cannot read it: it is a character device, not a regular file");
  REQUIRE(::mkfifo((dir / "fifo").c_str(), 0600) == 0);
  CHECK_THROWS_WITH(nn::open_regular_file(dir / "fifo"), Catch::Contains("it is a FIFO (named pipe)"));
  CHECK_THROWS_WITH(nn::open_regular_file(dir / "missing"),
                    Catch::EndsWith("missing: cannot open the file: No such file or directory"));
}
