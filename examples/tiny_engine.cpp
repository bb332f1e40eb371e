// The tiny engine (tiny_engine.hpp) on micrograd's classic expression: the
// same numbers as examples/expression.cpp gets from the real engine.
#include <cstdio>

#include <fmt/core.h>

#include "tiny_engine.hpp"

int main() {
  tiny::Value a = -4.0, b = 2.0;
  tiny::Value c = a + b;
  tiny::Value d = a * b + pow(b, 3);
  c += c + 1;
  c += 1 + c + (-a);
  d += d * 2 + relu(b + a);
  d += 3 * d + relu(b - a);
  tiny::Value e = c - d;
  tiny::Value f = pow(e, 2);
  tiny::Value g = f / 2.0;
  g += 10.0 / f;
  g.backward();
  fmt::print("g = {:.4f}\n", g.data());      // 24.7041
  fmt::print("dg/da = {:.4f}\n", a.grad());  // 138.8338
  fmt::print("dg/db = {:.4f}\n", b.grad());  // 645.5773
  // Output that could not be written (a full disk, a closed pipe) is an error.
  if (std::fflush(stdout) != 0) {
    std::fputs("tiny_engine: cannot write the output\n", stderr);
    return 1;
  }
}
