#!/usr/bin/env bash
# What including backprop costs to compile, as a ratio to fmt's hello world
# compiled the same way in the same run (user CPU seconds, so a busy machine
# skews it less; the best of five runs of each). Run from the project root:
#   bash tools/compile_time.sh
# Targets (issue: a light engine header): examples/expression.cpp <= 3x,
# examples/fit_square.cpp (a 30-line MLP program) <= 5x.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf '#include <fmt/core.h>\nint main() { fmt::print("hello\\n"); }\n' > "$work/hello.cpp"

# The best user CPU time of five compiles of $1 (-O2 -g, as meson's default build).
seconds() {
  local best=""
  for _ in 1 2 3 4 5; do
    /usr/bin/time -f '%U' -o "$work/time" g++ -std=c++20 -O2 -g -I. -c "$1" -o "$work/out.o"
    best=$(python3 -c "import sys; t=float(open('$work/time').read().split()[-1]); b='$best'; print(t if not b else min(t, float(b)))")
  done
  echo "$best"
}

hello=$(seconds "$work/hello.cpp")
printf '%-28s %6s s  %5s\n' "fmt's hello world" "$hello" "1x"
for program in examples/expression.cpp examples/fit_square.cpp; do
  took=$(seconds "$program")
  printf '%-28s %6s s  %5s\n' "$program" "$took" "$(python3 -c "print(f'{$took / $hello:.1f}x')")"
done
