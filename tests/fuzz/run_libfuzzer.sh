#!/usr/bin/env bash
# Builds the expression fuzz target with clang's libFuzzer (plus ASan and
# UBSan) and fuzzes it for a bounded time, starting from the seed corpus.
# Usage: run_libfuzzer.sh SECONDS WORK_DIR     (exits non-zero on any finding)
set -euo pipefail
seconds=$1 work=$2
root=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$work/corpus"
cp "$root"/tests/fuzz/corpus/* "$work/corpus/"
# shellcheck disable=SC2046 # pkg-config prints several flags on purpose
clang++ -std=c++20 -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
  -I"$root" "$root"/tests/fuzz/fuzz_expression.cpp "$root"/tools/expression.cpp \
  "$root"/autodiff/*.cpp $(pkg-config --cflags --libs fmt) \
  -o "$work/fuzz_expression"
cd "$work"
# The fuzzer's progress lines go to a log; on a finding, show its report.
if ! ./fuzz_expression -max_total_time="$seconds" -max_len=512 -timeout=10 -rss_limit_mb=2048 \
  -print_final_stats=1 corpus >fuzz.log 2>&1; then
  tail -n 60 fuzz.log
  echo "run_libfuzzer: the fuzzer found a problem (see above; the input is saved in $work)"
  exit 1
fi
grep -E "^(Done|stat::number_of_executed_units|stat::new_units_added)" fuzz.log
echo "run_libfuzzer: no findings in $seconds seconds"
