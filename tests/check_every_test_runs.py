#!/usr/bin/env python3
"""Fails when a test case of the unit-test binary would not be run by meson.

Meson runs one test per test file, selecting it by the tag Catch2 derives
from the file name with `-#` ([#test_csv] for test_csv.cpp). This compares
the files that hold test cases with the files meson runs, so a test file
compiled in but not registered (or registered but empty) is reported by name
instead of silently not running.

usage: check_every_test_runs.py UNIT_TESTS NAME...   (NAME: test_csv, ...)
"""
import re
import subprocess
import sys


def listing(unit_tests, *options):
    """What Catch2 prints for a --list option (its exit status is the count, not an error)."""
    result = subprocess.run([unit_tests, *options], capture_output=True, text=True)
    if result.returncode < 0 or not result.stdout:
        sys.exit(f"check_every_test_runs: {unit_tests} {' '.join(options)} failed: {result.stderr}")
    return result.stdout


def file_tags(unit_tests):
    """{file tag name: number of test cases} as Catch2 lists them."""
    text = listing(unit_tests, "-#", "--list-tags")
    return {name: int(count) for count, name in re.findall(r"^\s*(\d+)\s+\[#([^\]]+)\]", text, re.M)}


def test_case_count(unit_tests):
    text = listing(unit_tests, "--list-test-names-only")
    return sum(1 for line in text.splitlines() if line.strip())


def main():
    unit_tests, registered = sys.argv[1], set(sys.argv[2:])
    tags = file_tags(unit_tests)
    problems = [f"{name}: its {tags[name]} test case(s) are compiled in, but no meson test runs "
                f"[#{name}]; add it to test_files in tests/meson.build"
                for name in sorted(tags.keys() - registered)]
    problems += [f"{name}: meson runs it, but no test case carries [#{name}]"
                 for name in sorted(registered - tags.keys())]
    total = test_case_count(unit_tests)
    if sum(tags.values()) != total:
        problems.append(f"{total} test cases, but the file tags cover {sum(tags.values())}: "
                        "two test files share a name?")
    for problem in problems:
        print(f"check_every_test_runs: {problem}", file=sys.stderr)
    if not problems:
        print(f"check_every_test_runs: all {total} test cases in {len(tags)} files are run")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
