#!/usr/bin/env bash
# Proves the two ways other projects consume backprop, besides in-tree:
#   1. as a meson subproject, through meson.override_dependency('backprop')
#   2. installed, through the generated backprop.pc and pkg-config
# Usage: check_consumers.sh SOURCE_ROOT BUILD_ROOT WORK_DIR
set -euo pipefail
source_root=$1 build_root=$2 work=$3
consumer=$source_root/tests/packaging/consumer
rm -rf "$work" && mkdir -p "$work"

echo "== as a subproject"
mkdir -p "$work/subproject/subprojects"
cp "$consumer"/meson.build "$consumer"/main.cpp "$work/subproject/"
ln -s "$source_root" "$work/subproject/subprojects/backprop"
# Unoptimised: this proves the build and the link, not speed.
meson setup "$work/subproject/build" "$work/subproject" --wrap-mode=forcefallback \
  -Doptimization=0 -Ddebug=false >/dev/null
meson compile -C "$work/subproject/build" >/dev/null
output=$("$work/subproject/build/consumer")
[ "$output" = "10 6" ] || { echo "subproject consumer printed '$output', expected '10 6'"; exit 1; }
echo ok

echo "== installed, through pkg-config"
destdir=$work/installed
meson install -C "$build_root" --no-rebuild --destdir "$destdir" >/dev/null
pc_file=$(find "$destdir" -name backprop.pc | head -n 1)
[ -n "$pc_file" ] || { echo "meson install wrote no backprop.pc"; exit 1; }
grep -q '^Requires:.*fmt' "$pc_file" || { echo "backprop.pc does not require fmt publicly"; exit 1; }
[ -f "$(dirname "$pc_file")/../../include/backprop/autodiff/autodiff.hpp" ] ||
  [ -n "$(find "$destdir" -path '*include/backprop/autodiff/autodiff.hpp')" ] ||
  { echo "headers not installed under include/backprop/"; exit 1; }
export PKG_CONFIG_PATH=$(dirname "$pc_file") PKG_CONFIG_SYSROOT_DIR=$destdir
# shellcheck disable=SC2046 # pkg-config prints several flags on purpose
c++ -std=c++20 "$consumer/main.cpp" -o "$work/installed_consumer" $(pkg-config --cflags --libs backprop)
output=$("$work/installed_consumer")
[ "$output" = "10 6" ] || { echo "installed consumer printed '$output', expected '10 6'"; exit 1; }
echo ok
