// Tests for nn/csv: a header and rows of numbers load; every bad file is
// refused with its line and column.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "nn/io/io.hpp"

namespace nn = backprop::nn;

namespace {
nn::Dataset parse(const std::string& text, std::string_view target = "") {
  std::istringstream input(text);
  return nn::read_csv(input, "data.csv", target);
}
}  // namespace

TEST_CASE("a CSV file loads with the last or a named column as target", "[csv]") {
  const auto data = parse("x, y, label\n1.5, -2, 1\n0, 3e2, 0\r\n");
  REQUIRE(data.size() == 2);
  CHECK(data.inputs[0] == std::vector<double>{1.5, -2.0});
  CHECK(data.inputs[1] == std::vector<double>{0.0, 300.0});
  CHECK(data.targets == std::vector<double>{1.0, 0.0});
  const auto by_name = parse("x,target,y\n1,2,3\n", "target");
  CHECK(by_name.inputs[0] == std::vector<double>{1.0, 3.0});
  CHECK(by_name.targets[0] == 2.0);
}

TEST_CASE("bad CSV input names the line and the column", "[csv]") {
  CHECK_THROWS_WITH(parse(""), "data.csv:1: the file is empty; expected a header line");
  CHECK_THROWS_WITH(parse("x,y\n"), "data.csv:1: no data rows after the header");
  CHECK_THROWS_WITH(parse("only\n1\n"),
                    "data.csv:1: expected at least two columns (features and a target), got 1");
  CHECK_THROWS_WITH(parse("x,y\n1,2\n3\n"), "data.csv:3: expected 2 columns, got 1");
  CHECK_THROWS_WITH(parse("x,y\n1,2\n\n4,5\n"), "data.csv:3: expected 2 columns, got 0: a blank line between "
                                                "rows (only the end of the file may have blank lines)");
  CHECK_THROWS_WITH(parse("x,y\n1,2\n \n\n4,5\n"), Catch::StartsWith("data.csv:3: expected 2 columns, got 0"));
  CHECK_THROWS_WITH(parse("x,y\n1,2\n4,abc\n"),
                    "data.csv:3: column 2 ('y'): 'abc' is not a finite number");
  CHECK_THROWS_WITH(parse("x,y\n1,\n"), "data.csv:2: column 2 ('y'): '' is not a finite number");
  CHECK_THROWS_WITH(parse("x,y\nnan,1\n"),
                    "data.csv:2: column 1 ('x'): 'nan' is not a finite number");
  CHECK_THROWS_WITH(parse("x,y\n1.5.2,1\n"),
                    "data.csv:2: column 1 ('x'): '1.5.2' is not a finite number");
  CHECK_THROWS_WITH(parse("x,y\n1,2\n", "z"), "data.csv:1: no column named 'z' in the header; its columns are 'x' "
                                             "and 'y'");
  CHECK_THROWS_WITH(parse("x,y\n1e-400,2\n"), Catch::StartsWith(
                        "data.csv:2: column 1 ('x'): '1e-400' is too small to represent"));
}

TEST_CASE("blank lines at the end of a CSV file are accepted", "[csv]") {
  const auto data = parse("x,y\n1,2\n3,4\n\n \r\n\t\n");
  CHECK(data.size() == 2);
  CHECK(data.targets == std::vector<double>{2.0, 4.0});
  CHECK_THROWS_WITH(parse("x,y\n\n\n"), Catch::EndsWith("no data rows after the header"));
}

TEST_CASE("a CSV header that names a column twice is refused", "[csv]") {
  CHECK_THROWS_WITH(parse("y,y\n1,2\n"), "data.csv:1: columns 1 and 2 are both named 'y'; name each column once, "
                                           "so that the target is never a guess");
  CHECK_THROWS_WITH(parse("a, x,b,x \n1,2,3,4\n", "b"), Catch::StartsWith("data.csv:1: columns 2 and 4 are both "
                                                                          "named 'x'"));
}

TEST_CASE("a missing target column's message lists the columns there are", "[csv]") {
  CHECK_THROWS_WITH(parse("x1,x2,label\n1,2,3\n", "target"),
                    "data.csv:1: no column named 'target' in the header; its columns are 'x1', 'x2' and 'label'");
  std::string header = "c0";
  for (int k = 1; k < 30; ++k) header += ",c" + std::to_string(k);
  CHECK_THROWS_WITH(parse(header + "\n", "y"), Catch::EndsWith("'c18', 'c19', ... (30 in all)"));
}

TEST_CASE("load_csv reads a file and names a missing one", "[csv]") {
  const auto path = std::filesystem::temp_directory_path() / "backprop_test_data.csv";
  std::ofstream(path) << "a,b\n1,0\n2,1\n";
  CHECK(nn::load_csv(path).size() == 2);
  std::filesystem::remove(path);
  CHECK_THROWS_WITH(nn::load_csv(path), Catch::Contains("backprop_test_data.csv: cannot open"));
}


TEST_CASE("a CSV number may have a leading plus", "[csv]") {
  const auto data = parse("x,y\n+1.5,+0\n");
  CHECK(data.inputs[0] == std::vector<double>{1.5});
  CHECK(data.targets[0] == 0.0);
}

TEST_CASE("a byte-order mark before the header does not hide the first column", "[csv]") {
  const auto data = parse("\xEF\xBB\xBFlabel,x\n1,2\n", "label");
  CHECK(data.targets == std::vector<double>{1.0});
  CHECK(data.inputs[0] == std::vector<double>{2.0});
}

TEST_CASE("a CSV with CR-only line endings says so", "[csv]") {
  CHECK_THROWS_WITH(parse("x,y\r1,2\r3,4\r"), Catch::Contains("CR-only line endings"));
}

TEST_CASE("a bad cell is quoted short, however long the line", "[csv]") {
  const std::string huge(100000, 'z');
  try {
    parse("x,y\n1," + huge + "\n");
    FAIL("no error");
  } catch (const std::runtime_error& error) {
    CHECK_THAT(error.what(), Catch::StartsWith("data.csv:2: column 2 ('y'): 'zzzz"));
    CHECK_THAT(error.what(), Catch::Contains("... (100000 bytes)' is not a finite number"));
    CHECK(std::string(error.what()).size() < 200);
  }
}

TEST_CASE("load_csv refuses what is not a regular file, and fails fast on endless input", "[csv]") {
  CHECK_THROWS_WITH(nn::load_csv(std::filesystem::temp_directory_path()),
                    Catch::EndsWith("cannot read it: it is a directory, not a regular file"));
  CHECK_THROWS_WITH(nn::load_csv("/dev/zero"),
                    "/dev/zero: cannot read it: it is a character device, not a regular file");
  // a regular file with no line ending: read up to the limit, not to the end
  const auto path = std::filesystem::temp_directory_path() / "backprop_test_one_line.csv";
  { std::ofstream(path) << std::string(3 << 20, '\0'); }
  CHECK_THROWS_WITH(nn::load_csv(path), Catch::Contains(":1: the line is longer than 1048576 bytes"));
  std::filesystem::remove(path);
}
