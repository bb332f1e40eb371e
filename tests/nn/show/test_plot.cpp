// Tests for nn/plot: decision regions and loss curves as SVG files, and the
// inputs they refuse.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "nn/show/show.hpp"
#include "support/file_text.hpp"
#include "support/scratch_dir.hpp"

using backprop::testing::read_file;
using backprop::testing::ScratchDir;
namespace nn = backprop::nn;

TEST_CASE("pictures are written as SVG with axes, a title and a legend", "[plot]") {
  ScratchDir dir("plots");
  const auto data = nn::make_moons(20, 0.1, 1);
  nn::write_decision_boundary_svg(dir / "boundary.svg", data,
                                  [](double x, double y) { return x - y; }, 10);
  const std::string boundary = read_file(dir / "boundary.svg");
  CHECK(boundary.rfind("<svg", 0) == 0);
  CHECK(boundary.find(nn::region_colour(true)) != std::string::npos);  // both regions appear
  CHECK(boundary.find(nn::region_colour(false)) != std::string::npos);
  CHECK(boundary.find("class=\"boundary\"") != std::string::npos);
  CHECK(boundary.find(">x1</text>") != std::string::npos);  // axis labels, title, legend
  CHECK(boundary.find(">x2</text>") != std::string::npos);
  CHECK(boundary.find(">Decision regions of the trained model</text>") != std::string::npos);
  CHECK(boundary.find("<g class=\"legend\"") != std::string::npos);
  CHECK(boundary.find(">class 1 (label 1)</text>") != std::string::npos);
  std::size_t circles = 0;
  for (std::size_t at = boundary.find("<circle "); at != std::string::npos; at = boundary.find("<circle ", at + 1))
    ++circles;
  CHECK(circles == 20 + 2);  // one per point, and the legend's two classes
  nn::write_loss_curve_svg(dir / "loss.svg", std::vector<double>{3.0, 2.0, 1.0});
  const std::string curve = read_file(dir / "loss.svg");
  CHECK(curve.find("<polyline") != std::string::npos);
  CHECK(curve.find(">step (updates done)</text>") != std::string::npos);
  CHECK(curve.find(">loss</text>") != std::string::npos);
  CHECK(curve.find("stroke=\"#e3e3e3\"") != std::string::npos);  // gridlines
  CHECK_THROWS_WITH(nn::write_loss_curve_svg(dir / "x.svg", {}),
                    "write_loss_curve_svg: no losses to plot");
  nn::Dataset three_features{{{1.0, 2.0, 3.0}}, {1.0}};
  CHECK_THROWS_WITH(
      nn::write_decision_boundary_svg(dir / "x.svg", three_features, [](double, double) { return 0.0; }),
      "write_decision_boundary_svg: needs 2 features per sample, got 3 in row 0");
}

TEST_CASE("plots refuse ragged rows, missing targets and numbers that are not finite, naming the row or step",
          "[plot]") {
  ScratchDir dir("plots-refused");
  auto score = [](double x, double y) { return x - y; };
  auto refused = [&](const nn::Dataset& data, const std::string& reason) {
    CHECK_THROWS_WITH(nn::write_decision_boundary_svg(dir / "x.svg", data, score, 10),
                      "write_decision_boundary_svg: " + reason);
  };
  refused({{{0.0, 0.0}, {1.0}, {2.0, 2.0}}, {0.0, 1.0, 0.0}}, "needs 2 features per sample, got 1 in row 1");
  refused({{{0.0, 0.0}, {1.0, 1.0}, {2.0, 2.0}}, {0.0}}, "1 targets for 3 rows: give one target per row");
  refused({{{0.0, 0.0}, {1.0, NAN}}, {0.0, 1.0}}, "row 1: feature x2 is nan, not a finite number");
  refused({{{INFINITY, 0.0}, {1.0, 1.0}}, {0.0, 1.0}}, "row 0: feature x1 is inf, not a finite number");
  refused({{{0.0, 0.0}, {1.0, 1.0}}, {0.0, NAN}}, "row 1: the target is nan, not a finite number");
  CHECK_THROWS_WITH(nn::write_loss_curve_svg(dir / "x.svg", std::vector<double>{1.0, 0.5, NAN}),
                    "write_loss_curve_svg: the loss at step 2 is nan, not a finite number");
  CHECK_THROWS_WITH(nn::write_loss_curve_svg(dir / "x.svg", std::vector<double>{-INFINITY}),
                    "write_loss_curve_svg: the loss at step 0 is -inf, not a finite number");
  CHECK_THROWS_WITH(nn::points_svg({{{0.0, 0.0}, {1.0}}, {0.0, 1.0}}, nn::PlotArea{0, 1, 0, 1}, nn::Box{0, 0, 9, 9}),
                    "points_svg: needs 2 features per sample, got 1 in row 1");
  CHECK(std::filesystem::is_empty(dir.path()));  // nothing half-written
}

TEST_CASE("ticks fall on round numbers that cover the range", "[plot]") {
  const nn::Ticks loss = nn::nice_ticks(0.0, 1.63, 6);
  CHECK(loss.step == Approx(0.5));
  CHECK(loss.low == 0.0);
  CHECK(loss.high == Approx(2.0));
  CHECK(loss.values.size() == 5);
  const nn::Ticks steps = nn::nice_ticks(0.0, 100.0, 6);
  CHECK(steps.step == Approx(20.0));
  CHECK(steps.values.back() == Approx(100.0));
  const nn::Ticks x1 = nn::nice_ticks(-1.23, 2.17, 6);
  CHECK(x1.low == Approx(-1.5));
  CHECK(x1.high == Approx(2.5));
  CHECK(nn::tick_label(-1.5, 0.5) == "-1.5");
  CHECK(nn::tick_label(20.0, 20.0) == "20");
  CHECK(nn::tick_label(-1e-17, 0.5) == "0.0");
  CHECK(nn::nice_ticks(3.0, 3.0).values.size() >= 2);  // one value: a range around it
}

TEST_CASE("the boundary is a line through the grid where the score crosses 0", "[plot]") {
  // Scores x - 1.5 on a 4 x 4 grid: 0 halfway between columns 1 and 2.
  std::vector<double> scores;
  for (int row = 0; row < 4; ++row)
    for (int column = 0; column < 4; ++column) scores.push_back(column - 1.5);
  const nn::Contour contour = nn::zero_contour(scores, 4, nn::Box{0, 0, 40, 40});
  // Points sit at pixels 0, 15, 25, 40 (edges at the box): the line at x = 20, one segment per row of squares.
  CHECK(contour.line == "M20.0 0.0 L20.0 15.0 M20.0 15.0 L20.0 25.0 M20.0 25.0 L20.0 40.0 ");
  CHECK(contour.region.find("M20.0 0.0 ") != std::string::npos);
  const nn::Contour none = nn::zero_contour(std::vector<double>(16, -1.0), 4, nn::Box{0, 0, 40, 40});
  CHECK(none.line.empty());
  CHECK(none.region.empty());
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
