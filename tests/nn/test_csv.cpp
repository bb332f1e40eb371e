// Tests for nn/csv: a header and rows of numbers load; every bad file is
// refused with its line and column.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "nn/nn.hpp"

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
  CHECK_THROWS_WITH(parse("x,y\n1,2\n\n4,5\n"), "data.csv:3: expected 2 columns, got 0");
  CHECK_THROWS_WITH(parse("x,y\n1,2\n4,abc\n"),
                    "data.csv:3: column 2 ('y'): 'abc' is not a finite number");
  CHECK_THROWS_WITH(parse("x,y\n1,\n"), "data.csv:2: column 2 ('y'): '' is not a finite number");
  CHECK_THROWS_WITH(parse("x,y\nnan,1\n"),
                    "data.csv:2: column 1 ('x'): 'nan' is not a finite number");
  CHECK_THROWS_WITH(parse("x,y\n1.5.2,1\n"),
                    "data.csv:2: column 1 ('x'): '1.5.2' is not a finite number");
  CHECK_THROWS_WITH(parse("x,y\n1,2\n", "z"), "data.csv:1: no column named 'z' in the header");
  CHECK_THROWS_WITH(parse("x,y\n1e-400,2\n"), Catch::StartsWith(
                        "data.csv:2: column 1 ('x'): '1e-400' is too small to represent"));
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
