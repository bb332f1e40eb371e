#!/usr/bin/env bash
# The README's first command: installs what a fresh Debian 12 machine is
# missing (apt, as root or through sudo), configures build/, builds only the
# moons demo and the `backprop` tool (the test suite is the second command),
# runs the demo and says what to try next. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(meson ninja-build g++ pkg-config libfmt-dev libcli11-dev catch2 graphviz libgraphviz-dev)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
    missing+=("$package")
done
if ((${#missing[@]})); then
  echo "quickstart: installing ${missing[*]}"
  if [ "$(id -u)" -eq 0 ]; then
    as_root=()
  elif command -v sudo >/dev/null; then
    as_root=(sudo)
  else
    echo "quickstart: need root or sudo to install: ${missing[*]}" >&2
    exit 1
  fi
  "${as_root[@]}" apt-get update -qq
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

[ -f build/build.ninja ] || meson setup build
# What the demo and the tool need, no more: the second command
# (meson test) builds everything else.
meson compile -C build examples/moons tools/backprop
build/examples/moons --out build/moons-output

cat <<'NEXT'

quickstart: done. Next:
  open build/moons-output/moons_training.html in a browser: the training, step by step
  paste this to see the chain rule worked out on one neuron:
    build/tools/backprop explain "tanh(x1*w1 + x2*w2 + b)" x1=2 x2=0 w1=-3 w2=1 b=6.8813735870195432
  then run the whole test suite: meson test -C build --print-errorlogs
NEXT
