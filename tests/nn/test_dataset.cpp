// Tests for nn/dataset and nn/csv: generators are deterministic and shaped
// right; CSV errors name the line and the column.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "nn/nn.hpp"

namespace nn = backprop::nn;

TEST_CASE("generators give the requested size, two features, and both classes", "[dataset]") {
  for (const nn::Dataset& data :
       {nn::make_moons(100, 0.1, 1), nn::make_circles(101, 0.05, 0.5, 2),
        nn::make_xor(64, 0.0, 3), nn::make_blobs(90, 3, 1.0, 4)}) {
    CHECK(data.features() == 2);
    CHECK(data.targets.size() == data.size());
    CHECK(std::count(data.targets.begin(), data.targets.end(), 0.0) > 0);
    CHECK(std::count(data.targets.begin(), data.targets.end(), 1.0) > 0);
  }
  CHECK(nn::make_moons(100, 0.1, 1).size() == 100);
  CHECK(nn::make_circles(101, 0.05, 0.5, 2).size() == 101);
  const auto blobs = nn::make_blobs(90, 3, 1.0, 4);
  CHECK(std::count(blobs.targets.begin(), blobs.targets.end(), 2.0) == 30);
}

TEST_CASE("the same seed gives the same data, another seed other data", "[dataset]") {
  CHECK(nn::make_moons(50, 0.1, 9).inputs == nn::make_moons(50, 0.1, 9).inputs);
  CHECK(nn::make_moons(50, 0.1, 9).inputs != nn::make_moons(50, 0.1, 10).inputs);
}

TEST_CASE("noise-free moons lie on their half circles", "[dataset]") {
  const auto data = nn::make_moons(40, 0.0, 1);
  for (std::size_t i = 0; i < data.size(); ++i) {
    const double x = data.inputs[i][0], y = data.inputs[i][1];
    const double radius = data.targets[i] == 0.0 ? std::hypot(x, y) : std::hypot(x - 1.0, y - 0.5);
    CHECK(radius == Approx(1.0));
  }
}

TEST_CASE("empty datasets and bad parameters are refused", "[dataset]") {
  CHECK_THROWS_WITH(nn::make_moons(0, 0.1, 1), "make_moons: samples must be > 0");
  CHECK_THROWS_WITH(nn::make_moons(10, -1.0, 1), "make_moons: noise must be >= 0, got -1");
  CHECK_THROWS_WITH(nn::make_circles(10, 0.1, 1.5, 1),
                    "make_circles: factor must be in (0, 1), got 1.5");
  CHECK_THROWS_WITH(nn::make_blobs(10, 0, 1.0, 1), "make_blobs: centers must be > 0");
  CHECK(nn::signed_labels(std::vector<double>{0, 1, 1}) == std::vector<double>{-1, 1, 1});
}

namespace {
nn::Dataset parse(const std::string& text, std::string_view target = "") {
  std::istringstream input(text);
  return nn::read_csv(input, "data.csv", target);
}
}  // namespace

TEST_CASE("a CSV file loads with the last or a named column as target", "[dataset][csv]") {
  const auto data = parse("x, y, label\n1.5, -2, 1\n0, 3e2, 0\r\n");
  REQUIRE(data.size() == 2);
  CHECK(data.inputs[0] == std::vector<double>{1.5, -2.0});
  CHECK(data.inputs[1] == std::vector<double>{0.0, 300.0});
  CHECK(data.targets == std::vector<double>{1.0, 0.0});
  const auto by_name = parse("x,target,y\n1,2,3\n", "target");
  CHECK(by_name.inputs[0] == std::vector<double>{1.0, 3.0});
  CHECK(by_name.targets[0] == 2.0);
}

TEST_CASE("bad CSV input names the line and the column", "[dataset][csv]") {
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
}

TEST_CASE("load_csv reads a file and names a missing one", "[dataset][csv]") {
  const auto path = std::filesystem::temp_directory_path() / "backprop_test_data.csv";
  std::ofstream(path) << "a,b\n1,0\n2,1\n";
  CHECK(nn::load_csv(path).size() == 2);
  std::filesystem::remove(path);
  CHECK_THROWS_WITH(nn::load_csv(path), Catch::Contains("backprop_test_data.csv: cannot open"));
}

TEST_CASE("parse_number reads a whole number and nothing else", "[dataset]") {
  CHECK(nn::parse_number<double>("1.5e2") == 150.0);
  CHECK(nn::parse_number<double>("-0.25") == -0.25);
  CHECK_FALSE(nn::parse_number<double>("").has_value());
  CHECK_FALSE(nn::parse_number<double>("1.5x").has_value());
  CHECK_FALSE(nn::parse_number<double>(" 1").has_value());
  CHECK_FALSE(nn::parse_number<double>("inf").has_value());
  CHECK_FALSE(nn::parse_number<double>("nan").has_value());
  CHECK_FALSE(nn::parse_number<double>("1e999").has_value());
  CHECK(nn::parse_number<std::size_t>("42") == std::size_t{42});
  CHECK_FALSE(nn::parse_number<std::size_t>("-1").has_value());
  CHECK_FALSE(nn::parse_number<std::size_t>("4.5").has_value());
}
