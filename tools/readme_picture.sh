#!/usr/bin/env bash
# Draws the README's picture of a trained model: examples/moons trains
# micrograd's moons model (seed 1, 100 steps) and saves it, then
# `backprop model` draws its summary view after one pass on (0.5, -1),
# rendered by this build's Graphviz, the one the test suite uses.
#
#   tools/readme_picture.sh [BUILD_DIR]          rewrite docs/moons_summary.svg
#   tools/readme_picture.sh --check BUILD_DIR    fail if the committed picture
#                                                is not what this build draws
set -euo pipefail
check=false
if [[ "${1:-}" == --check ]]; then
  check=true
  shift
fi
root="$(cd "$(dirname "$0")/.." && pwd)"
build="$(cd "${1:-$root/build}" && pwd)"
work="$build/readme-picture"
mkdir -p "$work"
"$build/examples/moons" --out "$work" > /dev/null
"$build/tools/backprop" model "$work/moons_model.txt" --input 0.5,-1 -o "$work/moons_summary.svg" > /dev/null
if $check; then
  if ! cmp -s "$work/moons_summary.svg" "$root/docs/moons_summary.svg"; then
    echo "readme_picture: docs/moons_summary.svg is not what this build draws ($work/moons_summary.svg);" \
      "if the change is deliberate, run tools/readme_picture.sh and look at the picture before committing it" >&2
    exit 1
  fi
  echo "readme_picture: docs/moons_summary.svg is what this build draws"
else
  cp "$work/moons_summary.svg" "$root/docs/moons_summary.svg"
  echo "wrote docs/moons_summary.svg"
fi
