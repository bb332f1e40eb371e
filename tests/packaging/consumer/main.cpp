// Uses the engine through its public include path only.
#include <autodiff/autodiff.hpp>

int main() {
  backprop::Value x = 3.0;
  backprop::Value y = x * x + 1;
  y.backward();
  fmt::print("{} {}\n", y.data(), x.grad());  // 10 6
}
