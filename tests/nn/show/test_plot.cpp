// Tests for nn/plot: decision regions and loss curves as SVG files, and the
// inputs they refuse.
#include <catch2/catch.hpp>

#include <algorithm>

#include "nn/show/show.hpp"
#include "support/file_text.hpp"
#include "support/scratch_dir.hpp"

using backprop::testing::read_file;
using backprop::testing::ScratchDir;
namespace nn = backprop::nn;

TEST_CASE("pictures are written as SVG", "[plot]") {
  ScratchDir dir("plots");
  const auto data = nn::make_moons(20, 0.1, 1);
  nn::write_decision_boundary_svg(dir / "boundary.svg", data,
                                  [](double x, double y) { return x - y; }, 10);
  const std::string boundary = read_file(dir / "boundary.svg");
  CHECK(boundary.rfind("<svg", 0) == 0);
  CHECK(boundary.find("#f4c7a1") != std::string::npos);  // both regions appear
  CHECK(boundary.find("#a9c8ec") != std::string::npos);
  std::size_t circles = 0;
  for (std::size_t at = boundary.find("<circle "); at != std::string::npos; at = boundary.find("<circle ", at + 1))
    ++circles;
  CHECK(circles == 20);  // one per point
  nn::write_loss_curve_svg(dir / "loss.svg", std::vector<double>{3.0, 2.0, 1.0});
  CHECK(read_file(dir / "loss.svg").find("<polyline") != std::string::npos);
  CHECK_THROWS_WITH(nn::write_loss_curve_svg(dir / "x.svg", {}),
                    "write_loss_curve_svg: no losses to plot");
  nn::Dataset three_features{{{1.0, 2.0, 3.0}}, {1.0}};
  CHECK_THROWS_WITH(
      nn::write_decision_boundary_svg(dir / "x.svg", three_features, [](double, double) { return 0.0; }),
      "write_decision_boundary_svg: needs 2 features per sample, got 3");
}

TEST_CASE("grid scores are taken at cell centres, row by row from the top", "[plot]") {
  const nn::Dataset data{{{0.0, 0.0}, {1.0, 1.0}}, {0.0, 1.0}};
  const nn::PlotArea area = nn::plot_area(data, "test");  // [-0.1, 1.1] on both axes
  std::vector<std::pair<double, double>> asked;
  const std::vector<double> scores = nn::grid_scores(area, 2, [&](double x, double y) {
    asked.emplace_back(x, y);
    return x - y;
  });
  REQUIRE(scores.size() == 4);
  REQUIRE(asked.size() == 4);
  CHECK(asked[0].first == Approx(0.2));   // left column
  CHECK(asked[0].second == Approx(0.8));  // top row
  CHECK(asked[1].first == Approx(0.8));
  CHECK(asked[1].second == Approx(0.8));
  CHECK(asked[2].second == Approx(0.2));  // then the bottom row
  CHECK(scores[0] == Approx(-0.6));  // each score is score(x, y) of its cell
  CHECK(scores[3] == Approx(0.6));
}
