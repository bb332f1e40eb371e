#!/usr/bin/env bash
# Builds fuzz targets with clang's libFuzzer (plus ASan and UBSan) and fuzzes
# each for a bounded time, starting from its seed corpus: `expression` (the
# tool's expression language, corpus/) and `files` (model files, CSV and
# number lists, corpus_files/).
# Usage: run_libfuzzer.sh SECONDS WORK_DIR [TARGET...]   (default: expression;
# exits non-zero on any finding). The targets are built and fuzzed side by
# side, one process each (a build is one compiler process, so one core), and
# their reports printed in order once all have ended.
set -euo pipefail
seconds=$1 work=$2
shift 2
targets=("$@")
((${#targets[@]})) || targets=(expression)
root=$(cd "$(dirname "$0")/../.." && pwd)

# Sets corpus, max_len and sources for TARGET (the caller's locals, where
# it has them); fails for an unknown target.
describe_target() {
  case $1 in
    expression) corpus=corpus max_len=512
      sources=("$root"/tools/expression.cpp "$root"/autodiff/*.cpp
               "$root"/autodiff/show/{dot,dot_parts,dot_summary,explain}.cpp) ;;
    files) corpus=corpus_files sources=("$root"/nn/*.cpp "$root"/nn/io/*.cpp "$root"/autodiff/*.cpp) max_len=4096 ;;
    *) return 1 ;;
  esac
}
for target in "${targets[@]}"; do
  describe_target "$target" ||
    { echo "run_libfuzzer: unknown target '$target' (expression or files)" >&2; exit 2; }
done

# Builds TARGET and fuzzes it; its report goes to standard output.
fuzz_target() {
  local target=$1 corpus max_len sources dir
  describe_target "$target"
  dir=$work/$target
  mkdir -p "$dir/corpus"
  cp "$root"/tests/fuzz/"$corpus"/* "$dir/corpus/"
  # shellcheck disable=SC2046 # pkg-config prints several flags on purpose
  clang++ -std=c++20 -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
    -I"$root" "$root/tests/fuzz/fuzz_$target.cpp" "${sources[@]}" $(pkg-config --cflags --libs fmt) \
    -o "$dir/fuzz_$target"
  # The fuzzer's progress lines go to a log; on a finding, show its report.
  if ! (cd "$dir" && ./"fuzz_$target" -max_total_time="$seconds" -max_len="$max_len" -timeout=10 \
    -rss_limit_mb=2048 -print_final_stats=1 corpus >fuzz.log 2>&1); then
    tail -n 60 "$dir/fuzz.log"
    echo "run_libfuzzer: the fuzzer found a problem in $target (see above; the input is saved in $dir)"
    return 1
  fi
  grep -E "^(Done|stat::number_of_executed_units|stat::new_units_added)" "$dir/fuzz.log"
  echo "run_libfuzzer: $target: no findings in $seconds seconds"
}

mkdir -p "$work"
pids=()
for target in "${targets[@]}"; do
  fuzz_target "$target" >"$work/$target.report" 2>&1 &
  pids+=($!)
done
failed=0
for k in "${!targets[@]}"; do
  wait "${pids[$k]}" || failed=1
  cat "$work/${targets[$k]}.report"
done
exit $failed
