#!/usr/bin/env python3
"""tools/bench_peers.py's microgpt tables, without the port they time (it is
not in this repository): a stand-in program plays the port's trained and
untrained builds, one slower than the other, so that the training-loop
table has a difference to show. Checks both tables' rows and figures,
that backprop's run paired with its whole one neither trains nor makes up
names, and that a wrong pairing of builds, or two builds of one label, is
refused with a message.

    test_bench_peers_microgpt.py BENCH_PEERS BACKPROP_BENCH
"""
import os
import pathlib
import re
import stat
import subprocess
import sys
import tempfile


def main():
    script, bench = sys.argv[1], sys.argv[2]
    failures = []

    def check(condition, what):
        if not condition:
            failures.append(what)

    with tempfile.TemporaryDirectory() as folder:
        # The stand-in reads input.txt as the port does; the trained build sleeps a while.
        ports = {}
        for name, seconds in [("trained", 0.2), ("untrained", 0.0)]:
            path = pathlib.Path(folder) / name
            path.write_text(f"#!/bin/sh\nhead -c 1 input.txt > /dev/null || exit 1\nsleep {seconds}\n")
            path.chmod(path.stat().st_mode | stat.S_IXUSR)
            ports[name] = str(path)

        def run(*arguments, bench=bench):
            return subprocess.run([sys.executable, script, bench, "--microgpt-cpp-only", "--rounds", "1", *arguments],
                                  capture_output=True, text=True, timeout=240)

        done = run("--microgpt-cpp", "stand-in=" + ports["trained"],
                   "--microgpt-cpp-untrained", "stand-in=" + ports["untrained"])
        check(done.returncode == 0, f"a run with a stand-in failed: {done.stderr}")
        whole, _, loops = done.stdout.partition("the 1,000 training steps alone")
        def figure(table, label, column):  # a row's column-th figure, or None
            row = re.search(rf"^{re.escape(label)}\s+(.*)$", table, re.M)
            numbers = re.findall(r"-?\d+\.\d+", row[1]) if row else []
            return float(numbers[column]) if column < len(numbers) else None

        backprop, stand_in = "backprop (examples/microgpt)", "stand-in"
        # With one round, a loop is the whole run minus the untrained run, to the printed digits.
        for label in [backprop, stand_in]:
            whole_s, loop_s, rest_s = figure(whole, label, 0), figure(loops, label, 0), figure(loops, label, 4)
            check(None not in (whole_s, loop_s, rest_s), f"{label}: a row is missing:\n{done.stdout}")
            if None not in (whole_s, loop_s, rest_s):
                check(abs(loop_s + rest_s - whole_s) <= 0.0015,
                      f"{label}: loop {loop_s} s + rest {rest_s} s is not the whole run's {whole_s} s")
        check(figure(whole, backprop, 3) == 1.0 and figure(loops, backprop, 3) == 1.0,
              f"backprop's ratios to itself are not 1.00x:\n{done.stdout}")
        backprop_loop, stand_in_loop = figure(loops, backprop, 0), figure(loops, stand_in, 0)
        if backprop_loop and stand_in_loop:
            check(stand_in_loop >= 0.19, f"the stand-in's loop is {stand_in_loop} s; it slept 0.2 s more")
            ratio = figure(loops, stand_in, 3)
            check(backprop_loop > 0 and ratio is not None and
                  abs(ratio - stand_in_loop / backprop_loop) <= 0.02 * ratio + 0.01,
                  f"the stand-in's ratio {ratio} is not {stand_in_loop} / {backprop_loop}")

        # backprop's own runs, through a stand-in example beside a stand-in
        # bench: the whole run trains 1,000 steps and makes up the default 20
        # names; the run it is paired with does neither.
        fake_build = pathlib.Path(folder) / "build"
        (fake_build / "tools").mkdir(parents=True)
        (fake_build / "examples").mkdir()
        (fake_build / "tools" / "backprop-bench").write_text("")
        calls = pathlib.Path(folder) / "calls.txt"
        example = fake_build / "examples" / "microgpt"
        example.write_text(f'#!/bin/sh\necho "$*" >> {calls}\n')
        example.chmod(example.stat().st_mode | stat.S_IXUSR)
        recorded = run("--microgpt-cpp", "stand-in=" + ports["trained"],
                       "--microgpt-cpp-untrained", "stand-in=" + ports["untrained"],
                       bench=str(fake_build / "tools" / "backprop-bench"))
        lines = calls.read_text().splitlines() if calls.exists() else []
        trained_runs = [line for line in lines if "--steps 1000" in line]
        bare_runs = [line for line in lines if "--steps 0" in line]
        check(recorded.returncode == 0 and len(trained_runs) == 2 and len(bare_runs) == 2,
              f"backprop's runs (a warm-up round and a timed one, each trained and bare): {lines} {recorded.stderr}")
        check(all("--samples" not in line for line in trained_runs),
              f"the whole run must make up the default 20 names: {trained_runs}")
        check(all("--samples 0" in line for line in bare_runs),
              f"the run paired with the whole one must make up no names: {bare_runs}")

        without_loops = run("--microgpt-cpp", "stand-in=" + ports["trained"])
        check(without_loops.returncode == 0 and "training steps alone" not in without_loops.stdout,
              f"without untrained builds there is no loop table:\n{without_loops.stdout}{without_loops.stderr}")

        unpaired = run("--microgpt-cpp", "stand-in=" + ports["trained"],
                       "--microgpt-cpp-untrained", "other=" + ports["untrained"])
        check(unpaired.returncode != 0 and "no --microgpt-cpp has that label" in unpaired.stderr,
              f"an untrained build of no trained one's label was not refused: {unpaired.stderr}")
        twins = run("--microgpt-cpp", "stand-in=" + ports["trained"],
                    "--microgpt-cpp", "stand-in=" + ports["untrained"])
        check(twins.returncode != 0 and "two builds named 'stand-in'" in twins.stderr,
              f"two builds of one label were not refused: {twins.stderr}")
        missing = run("--microgpt-cpp", "stand-in=" + ports["trained"],
                      "--microgpt-cpp-untrained", "stand-in=" + os.path.join(folder, "absent"))
        check(missing.returncode != 0 and "not an executable file" in missing.stderr,
              f"a missing untrained build was not refused: {missing.stderr}")

    for failure in failures:
        print("FAILED:", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
