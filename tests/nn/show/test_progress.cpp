// Tests for nn/progress: a live line only where it is asked for (a
// terminal), plain lines everywhere, and the live line written over.
#include <catch2/catch.hpp>

#include <cstdio>
#include <string>

#include "nn/show/progress.hpp"

namespace nn = backprop::nn;

namespace {
// Everything written to `file` so far.
std::string contents(std::FILE* file) {
  std::fflush(file);
  std::rewind(file);
  std::string text;
  for (int c; (c = std::fgetc(file)) != EOF;) text += static_cast<char>(c);
  return text;
}
}  // namespace

TEST_CASE("progress not on a terminal writes only the lines printed through it", "[progress]") {
  std::FILE* file = std::tmpfile();
  REQUIRE(file);
  nn::Progress progress(3, file);  // a file is not a terminal
  CHECK_FALSE(progress.live());
  progress.update(1, 2.5);
  progress.print("step 1 loss 2.5\n");
  progress.update(3, 2.0);
  CHECK(contents(file) == "step 1 loss 2.5\n");
  std::fclose(file);
}

TEST_CASE("a live progress line shows the step, the loss and the pace, and lines go over it", "[progress]") {
  std::FILE* file = std::tmpfile();
  REQUIRE(file);
  nn::Progress progress(4, file, true);
  progress.update(1, 2.5);  // within the first tenth of a second: not shown yet
  CHECK(contents(file).empty());
  progress.update(4, 2.25);  // the last step is always shown
  progress.print("done\n");
  const std::string text = contents(file);
  CHECK(text.starts_with("\r\x1b[Kstep 4/4  loss 2.2500  "));
  CHECK(text.find(" steps/s  0.0 s left") != std::string::npos);
  CHECK(text.ends_with("\r\x1b[Kdone\n"));  // the live line is erased before the line
  std::fclose(file);
}
