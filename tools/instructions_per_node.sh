#!/usr/bin/env bash
# Instructions per recorded node of W1's moons step (backprop-bench), for
# the recording (forward) and for backward + the SGD update, counted by
# valgrind's callgrind (these machines have no hardware counters). Prints a
# markdown table: backprop's binary path, Adept-2's (when the build has it,
# -Dadept=PREFIX) per statement and per operation of its own, and the
# engine's weighted_sum and nn-layer paths. Run from the project root on a
# release build:
#   bash tools/instructions_per_node.sh [BUILD_DIR]     (default build-release)
# Each phase runs 1 and 11 steps under callgrind (tools/moons_steps.cpp);
# the difference / 10 is one step, start-up and the first step's growth gone.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build-release}
program=$build/tools/backprop-moons-steps
if [ ! -x "$program" ]; then
  echo "instructions_per_node.sh: no $program; build it first:" >&2
  echo "  meson setup $build --buildtype=release && ninja -C $build tools/backprop-moons-steps" >&2
  exit 1
fi
command -v valgrind > /dev/null || { echo "instructions_per_node.sh: needs valgrind (apt-get install valgrind)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Instructions of one run of PATH PHASE for STEPS steps; what one step
# records ("COUNT UNIT" lines) is left in $work/recorded.
instructions() {
  valgrind --tool=callgrind --callgrind-out-file="$work/callgrind" "$program" "$1" "$2" --steps "$3" \
    > "$work/recorded" 2> "$work/valgrind" || { cat "$work/valgrind" >&2; exit 1; }
  awk '/^totals:/ { print $2 }' "$work/callgrind"
}

# Instructions of one step of PATH PHASE.
per_step() {
  local one eleven
  one=$(instructions "$1" "$2" 1)
  eleven=$(instructions "$1" "$2" 11)
  echo $(((eleven - one) / 10))
}

echo "| W1 step (MLP 2-16-16-1, 100 points) | recorded per step | record | backward + SGD | whole step | instructions per step |"
echo "| --- | ---: | ---: | ---: | ---: | ---: |"

# One row per "COUNT UNIT" line that PATH records: instructions per unit.
# Leaves the path's instructions per step in $record and $step.
rows() {
  local path=$1 name=$2
  record=$(per_step "$path" record)
  step=$(per_step "$path" step)
  while read -r count unit; do
    row "$name" "$count" "$unit" "$record" "$step"
  done < "$work/recorded"
}
row() {
  awk -v name="$1" -v count="$2" -v unit="$3" -v record="$4" -v step="$5" 'BEGIN {
    printf "| %s | %d %s | %.1f | %.1f | %.1f | %.2fM |\n", name, count, unit,
      record / count, (step - record) / count, step / count, step / 1e6 }'
}

rows binary "backprop, binary operations"
binary_nodes=$(awk '{ print $1 }' "$work/recorded")
if "$program" adept record --steps 0 > /dev/null 2>&1; then
  rows adept "Adept-2, binary operations"
  # The same arithmetic counted in the engine's nodes: the two engines side by side.
  row "Adept-2, per backprop node" "$binary_nodes" "backprop nodes" "$record" "$step"
else
  echo "| Adept-2: not built (configure with -Dadept=PREFIX) | | | | | |"
fi
rows neurons "backprop, weighted_sum per neuron"
rows layers "backprop, nn layers (default)"
echo
echo "Instructions per recorded unit, by callgrind: one step = (11 steps - 1 step) / 10."
echo "record: the forward pass recorded (backprop: in a GraphScope, released at its end;"
echo "Adept-2: set_values, new_recording, the loss on adoubles). backward + SGD = step - record."
echo "Adept folds each assignment's expression into one statement, with one operation per active operand."
echo "backprop's record includes the release clearing the gradients it freed: one memset, which glibc does"
echo "with rep stosb, counted by callgrind once per byte (8 per node); in time a few percent of the step."
