// Tests for nn/dataset: generators are deterministic and shaped right.
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
