// Tests for nn/read_numbers: plain lists of numbers in any layout, errors
// by line and position, and a model's parameters set only from a full list.
#include <catch2/catch.hpp>

#include "nn/io/io.hpp"
#include "support/file_text.hpp"
#include "support/scratch_dir.hpp"

using backprop::Value;
namespace nn = backprop::nn;
using backprop::testing::ScratchDir;
using backprop::testing::write_file;

TEST_CASE("numbers are read in order whatever the white space between them", "[read_numbers]") {
  ScratchDir dir("read-numbers");
  write_file(dir / "numbers.txt", "1 -2.5\t+3e2\n\n  4\r\n5e-3");
  CHECK(nn::read_numbers(dir / "numbers.txt") == std::vector<double>{1.0, -2.5, 300.0, 4.0, 0.005});
  write_file(dir / "empty.txt", "");
  CHECK(nn::read_numbers(dir / "empty.txt").empty());
}

TEST_CASE("a bad number is named with its line and its position in the list", "[read_numbers]") {
  ScratchDir dir("read-numbers-bad");
  const std::string path = (dir / "numbers.txt").string();
  write_file(dir / "numbers.txt", "1 2\n3 4,5\n");
  CHECK_THROWS_WITH(nn::read_numbers(path), path + ":2: number 4: '4,5' is not a finite number");
  write_file(dir / "numbers.txt", "nan\n");
  CHECK_THROWS_WITH(nn::read_numbers(path), path + ":1: number 1: 'nan' is not a finite number");
  CHECK_THROWS_WITH(nn::read_numbers(dir.path()), Catch::Contains("it is a directory, not a regular file"));
}

TEST_CASE("load_numbers sets every parameter, or none if the count is wrong", "[read_numbers]") {
  ScratchDir dir("load-numbers");
  const nn::MLP model(1, {2});  // 2 weights and 2 biases
  write_file(dir / "weights.txt", "0.5 -1\n2 3\n");
  nn::load_numbers(model, dir / "weights.txt");
  std::vector<double> values;
  for (const Value& p : model.parameters()) values.push_back(p.data());
  CHECK(values == std::vector<double>{0.5, -1.0, 2.0, 3.0});
  write_file(dir / "weights.txt", "9 9 9\n");
  CHECK_THROWS_WITH(nn::load_numbers(model, dir / "weights.txt"),
                    (dir / "weights.txt").string() + ": 3 numbers, but the model has 4 parameters");
  CHECK(model.parameters()[0].data() == 0.5);
}
