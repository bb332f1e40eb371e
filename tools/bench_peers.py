#!/usr/bin/env python3
"""Runs W1, W2, W4 and W5 of backprop-bench through the peers this machine
has, and prints tables of ratios to the baselines measured in the same run
(by backprop-bench, which this script runs first): the hand-written
gradients for W1 and W2, the single-purpose scalar tape for W4 (microgpt's
step), backprop's own figures for W5 (the Hessian-vector product of W1's
loss, and one gradient of it).

Peers: PyTorch (Debian's python3-torch) with 0-dimensional scalar tensors
(the micrograd way) and batched with tensors (what a user would pick
instead; W2 is a sequential chain, so it has no batched form; W4 runs a
name's positions as one causal-attention batch). A peer that is missing is
reported as skipped, never as a failure. ADOL-C and Adept-2 run inside
backprop-bench itself (C++ libraries): ADOL-C when the build found
libadolc-dev, Adept-2 when the build was given a local Adept-2 build
(meson option adept).

For W5 each PyTorch peer times one gradient (forward, backward) and one
product by double backward (forward, torch.autograd.grad with
create_graph=True, then the gradient of its dot product with v), the
product's ratio to its own gradient, and both against backprop's. The
batched product must agree with the scalar one on the same numbers (to
1e-12, relative), or the script fails. With --quick, W5's peers run on 10
of the 100 points.

    /usr/bin/python3 tools/bench_peers.py build/tools/backprop-bench [--quick]
        [--microgpt-cpp [LABEL=]EXECUTABLE]... [--microgpt-cpp-untrained [LABEL=]EXECUTABLE]...
        [--rounds N] [--microgpt-cpp-only]

--microgpt-cpp times whole programs that train microgpt for 1,000 steps:
backprop's examples/microgpt (BUILD/examples/microgpt, for the bench's
BUILD/tools/backprop-bench) against each given EXECUTABLE, a build of a
standalone port such as microgpt.cpp (github.com/Charbel199/microgpt.cpp,
a flat scalar tape; none of it is in this repository: build it yourself,
elsewhere, once per configuration to compare, e.g. float and double).
Repeat the flag for each build; LABEL names its row. Each program runs as
a whole process in a fresh temporary directory holding the bundled names as
input.txt (what the port reads from its working directory; backprop's is
given --data input.txt), rounds interleaved (backprop, port 1, port 2,
backprop, ...) after one untimed warm-up round, and the table gives each
one's median wall clock (seconds per 1,000 steps, start-up included) and its
ratio to backprop's, and beside them the same for the process's CPU time
(user + system; on a busy machine wall clock also counts time waiting).
Both train 1,000 steps on one name each and then make up 20 names at
temperature 0.5; backprop's runs with --print-every 0.
--rounds N sets the timed rounds (default 5, 1 with --quick);
--microgpt-cpp-only skips backprop-bench and the other peers.

--microgpt-cpp-untrained [LABEL=]EXECUTABLE names the same port built to
train 0 steps and make up no names (microgpt.cpp: NUM_STEPS = 0, and 0 for
the 20 of its sampling loop), under the LABEL of its --microgpt-cpp build.
It runs in the same rounds, as does backprop's with --steps 0 --samples 0,
and a second table gives the training loops alone: in each round, a
program's whole run minus its run that does neither (start-up alone), as
medians and ratios to backprop's. (An untrained model's names run to the
whole context, so a run that made them up would take away more than the
trained run's 20 names cost.) A port's start-up is not backprop's to
speed up: this table compares the 1,000 steps themselves.

Adept-2 is no Debian package. Given its source tree (a clone of
github.com/rjhogan/Adept-2), --adept builds it and a release build of
backprop that measures it, then runs that build's benchmark (so no
backprop-bench is named):

    /usr/bin/python3 tools/bench_peers.py --adept ADEPT_SOURCE [--build-dir DIR] [--quick]

Adept's library is compiled at -O3 with Adept's default settings (its
headers unchanged; no BLAS, LAPACK or OpenMP, which only its arrays and
Jacobians use) into DIR/adept (include/, lib/libadept.a); backprop is
configured in DIR/backprop with --buildtype=release -Dadept=DIR/adept.
Without --build-dir, DIR is a temporary folder removed afterwards; with it,
both builds are kept and reused by the next run.
"""
import argparse
import json
import math
import os
import pathlib
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

try:
    import torch
    torch.set_num_threads(1)
    torch.set_default_dtype(torch.float64)
except ImportError:  # the PyTorch peers are reported as skipped
    torch = None

project_root = pathlib.Path(__file__).resolve().parent.parent


def build_adept(source, prefix):
    """Compiles Adept-2's library from `source` into `prefix` (include/ and
    lib/libadept.a), as its Makefile would; kept if `prefix` already has it."""
    library = prefix / "lib" / "libadept.a"
    if library.exists():
        return
    if not (source / "adept" / "Stack.cpp").exists() or not (source / "include" / "adept.h").exists():
        sys.exit(f"bench_peers.py: --adept {source}: not an Adept-2 source tree "
                 "(no adept/Stack.cpp and include/adept.h); give a clone of github.com/rjhogan/Adept-2")
    compiler = os.environ.get("CXX", "c++")
    objects = prefix / "objects"
    objects.mkdir(parents=True, exist_ok=True)
    (prefix / "lib").mkdir(exist_ok=True)
    sources = sorted((source / "adept").glob("*.cpp"))
    print(f"building Adept-2 from {source}: {len(sources)} files at -O3", file=sys.stderr)
    for cpp in sources:
        subprocess.run(["nice", compiler, "-O3", "-I", str(source / "include"), "-c", str(cpp),
                        "-o", str(objects / f"{cpp.stem}.o")], check=True)
    subprocess.run(["ar", "rcs", str(library)] + [str(objects / f"{cpp.stem}.o") for cpp in sources], check=True)
    shutil.copytree(source / "include", prefix / "include", dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("Makefile*", "create_adept_source_header"))


def build_bench_with_adept(adept_prefix, folder):
    """A release build of backprop-bench measuring Adept-2 in `folder`; returns its path."""
    if not (folder / "build.ninja").exists():
        subprocess.run(["meson", "setup", str(folder), "--buildtype=release", f"-Dadept={adept_prefix}"],
                       cwd=project_root, check=True, stdout=sys.stderr)
    print(f"building backprop-bench (release, with Adept-2) in {folder}", file=sys.stderr)
    subprocess.run(["nice", "ninja", "-C", str(folder), "tools/backprop-bench"], check=True, stdout=sys.stderr)
    return str(folder / "tools" / "backprop-bench")


def run_bench(bench, quick):
    """Runs backprop-bench once; returns its table (text) and its figures (JSON)."""
    with tempfile.TemporaryDirectory() as folder:
        figures_file = os.path.join(folder, "figures.json")
        output = subprocess.run([bench, "--json-to", figures_file] + (["--quick"] if quick else []),
                                check=True, capture_output=True, text=True).stdout
        with open(figures_file) as file:
            return output, json.load(file)


def seconds(work):
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def median_time(work, repetitions):
    return statistics.median(seconds(work) for _ in range(repetitions))


def paired_times(first, second, repetitions):
    """Times `first` then `second`, `repetitions` times; returns the median of
    each and the median of the ratios second / first (a pair shares the machine's load)."""
    pairs = [(seconds(first), seconds(second)) for _ in range(repetitions)]
    return (statistics.median(a for a, _ in pairs), statistics.median(b for _, b in pairs),
            statistics.median(b / a for a, b in pairs))


def moons_data():
    """Two moons as in nn::make_moons (same shape; the points need not match)."""
    rng = random.Random(1)
    points, labels = [], []
    for k in range(50):
        angle = math.pi * k / 49
        points.append((math.cos(angle) + rng.gauss(0, 0.1), math.sin(angle) + rng.gauss(0, 0.1)))
        labels.append(-1.0)
        points.append((1 - math.cos(angle) + rng.gauss(0, 0.1), 0.5 - math.sin(angle) + rng.gauss(0, 0.1)))
        labels.append(1.0)
    return points, labels


moons_sizes = [(2, 16), (16, 16), (16, 1)]  # MLP(2, [16, 16, 1]): (inputs, outputs) of each layer
moons_parameters = sum((nin + 1) * nout for nin, nout in moons_sizes)


def moons_rows():
    """The model's starting numbers, a row per neuron: its weights, then its bias
    (0), layer by layer, in nn::MLP's order (though not its numbers)."""
    rng = random.Random(1)
    return [[[rng.uniform(-1, 1) for _ in range(nin)] + [0.0] for _ in range(nout)] for nin, nout in moons_sizes]


def shaped_as_rows(numbers):
    """Numbers in nn::MLP's order, a row per neuron as moons_rows() gives them."""
    numbers = iter(numbers)
    return [[[next(numbers) for _ in range(nin + 1)] for _ in range(nout)] for nin, nout in moons_sizes]


def scalar_model(rows):
    """`rows` as 0-dim tensors, as micrograd holds them; returns them by layer and flat."""
    layers = [[[torch.tensor(x, requires_grad=True) for x in row] for row in layer] for layer in rows]
    return layers, [p for layer in layers for neuron in layer for p in neuron]


def scalar_loss(layers, flat, inputs, labels):
    """W1's loss one scalar operation at a time: mean(relu(1 - y * score)) + 1e-4 * sum(p^2)."""
    total = torch.tensor(0.0)
    for x, y in zip(inputs, labels):
        activations = x
        for depth, layer in enumerate(layers):
            outputs = []
            for neuron in layer:
                s = neuron[-1]
                for w, a in zip(neuron[:-1], activations):
                    s = s + w * a
                outputs.append(torch.relu(s) if depth < 2 else s)
            activations = outputs
        total = total + torch.relu(1 - y * activations[0])
    return total / len(inputs) + 1e-4 * sum(p * p for p in flat)


def as_matrices(rows):
    """`rows` as a weight matrix and a bias vector per layer, in that order."""
    return [t for layer in rows
            for t in (torch.tensor([row[:-1] for row in layer]), torch.tensor([row[-1] for row in layer]))]


def batched_model(rows):
    return [t.requires_grad_() for t in as_matrices(rows)]


def batched_loss(parameters, x_all, y_all):
    """The same loss as matrices: all points at once."""
    a = x_all
    for depth in range(len(moons_sizes)):
        a = a @ parameters[2 * depth].T + parameters[2 * depth + 1]
        if depth < 2:
            a = torch.relu(a)
    return torch.relu(1 - y_all * a[:, 0]).mean() + 1e-4 * sum((p * p).sum() for p in parameters)


def descend(parameters):
    """W1's step of plain gradient descent."""
    with torch.no_grad():
        for p in parameters:
            p -= 0.05 * p.grad


def torch_peers(quick):
    if torch is None:
        return None
    points, labels = moons_data()
    results = {}

    # W1 with scalar tensors: every weight a 0-dim tensor, as micrograd does.
    layers, flat = scalar_model(moons_rows())
    inputs = [[torch.tensor(x) for x in point] for point in points]

    def scalar_step():
        loss = scalar_loss(layers, flat, inputs, labels)
        for p in flat:
            p.grad = None
        loss.backward()
        descend(flat)

    results["PyTorch, scalar tensors: W1"] = median_time(scalar_step, 1 if quick else 3) * 1e6

    # W1 batched: the same model as matrices.
    parameters = batched_model(moons_rows())
    x_all = torch.tensor(points)
    y_all = torch.tensor(labels)

    def batched_step():
        loss = batched_loss(parameters, x_all, y_all)
        for p in parameters:
            p.grad = None
        loss.backward()
        descend(parameters)

    batched_step()  # warm up
    results["PyTorch, batched tensors: W1"] = median_time(
        lambda: [batched_step() for _ in range(20)], 3 if quick else 15) / 20 * 1e6

    # W2 with scalar tensors, on a shorter chain (per-operation cost is what is compared).
    blocks = 200 if quick else 5000
    xs = [torch.tensor(v, requires_grad=True) for v in (0.1, -0.2, 0.3, -0.4)]

    def chain():
        s = torch.tensor(0.5)
        for k in range(blocks):
            a = s * 0.9
            b = torch.tanh(a + xs[k % 4])
            s = torch.pow(torch.exp(b * 0.5), 1.5) * b * 0.1 + a + 0.01
        s.backward()

    results["PyTorch, scalar tensors: W2"] = median_time(chain, 1 if quick else 3) / (blocks * 10) * 1e9
    return results


w5_quick_points = 10  # --quick runs W5's peers on this many points: a check that they run, not a measure


def hessian_vector_product(loss, parameters, v):
    """H v by double backward: the gradient with a graph of its own, then the gradient
    of its dot product with v (v shaped as the parameters)."""
    gradient = torch.autograd.grad(loss(), parameters, create_graph=True)
    return torch.autograd.grad(sum((g * d).sum() for g, d in zip(gradient, v)), parameters)


def torch_hessian_vector(quick):
    """W5 in PyTorch: the Hessian-vector product of W1's loss with respect to all
    its parameters, with scalar and with batched tensors, each against one plain
    gradient (forward + backward). v[k] = sin(0.37 k + 0.1) in nn::MLP's order,
    as backprop-bench's. Returns ({peer: (gradient us, product us, product / gradient)},
    the largest difference between the batched and the scalar product, relative),
    or None without PyTorch. Exits if that difference is over 1e-12."""
    if torch is None:
        return None
    points, labels = moons_data()
    if quick:
        points, labels = points[:w5_quick_points], labels[:w5_quick_points]
    rows = moons_rows()
    v = [math.sin(0.37 * k + 0.1) for k in range(moons_parameters)]
    layers, flat = scalar_model(rows)
    inputs = [[torch.tensor(x) for x in point] for point in points]
    parameters = batched_model(rows)
    x_all, y_all = torch.tensor(points), torch.tensor(labels)
    peers = {  # the loss, its parameters, and v shaped as they are
        "PyTorch, scalar tensors": (lambda: scalar_loss(layers, flat, inputs, labels), flat, v),
        "PyTorch, batched tensors": (lambda: batched_loss(parameters, x_all, y_all), parameters,
                                     as_matrices(shaped_as_rows(v)))}

    # Same numbers, same points: the two products agree but for the order of the sums.
    scalar_product = torch.stack(hessian_vector_product(*peers["PyTorch, scalar tensors"]))
    batched = hessian_vector_product(*peers["PyTorch, batched tensors"])
    batched_product = torch.cat([torch.cat([w, b[:, None]], 1).flatten() for w, b in zip(batched[::2], batched[1::2])])
    difference = ((batched_product - scalar_product).abs() / scalar_product.abs().clamp(min=1)).max().item()
    if not difference < 1e-12:
        sys.exit(f"bench_peers.py: W5: PyTorch's batched and scalar Hessian-vector products differ by {difference:.3g}")

    results = {}
    for name, block, repetitions in [("PyTorch, scalar tensors", 1, 1 if quick else 3),
                                     ("PyTorch, batched tensors", 20, 3 if quick else 15)]:
        loss, wrt, direction = peers[name]
        gradient, product, ratio = paired_times(
            lambda: [torch.autograd.grad(loss(), wrt) for _ in range(block)],
            lambda: [hessian_vector_product(loss, wrt, direction) for _ in range(block)], repetitions)
        results[name] = (gradient / block * 1e6, product / block * 1e6, ratio)
    return results, difference


def torch_microgpt(quick):
    """W4 in batched PyTorch float64: microgpt's model over a name's positions at once
    (causal attention), cross-entropy, backward and Adam with the example's settings.
    Returns milliseconds per step, or None without PyTorch."""
    if torch is None:
        return None
    import torch.nn.functional as F
    names_file = pathlib.Path(__file__).resolve().parent.parent / "examples" / "data" / "names.txt"
    names = [line.strip() for line in names_file.read_text().splitlines() if line.strip()]
    random.Random(42).shuffle(names)
    characters = sorted(set("".join(names)))
    bos, vocabulary = len(characters), len(characters) + 1
    generator = torch.Generator().manual_seed(42)

    def matrix(rows, cols):
        return (torch.randn(rows, cols, generator=generator, dtype=torch.float64) * 0.08).requires_grad_()

    wte, wpe, lm_head = matrix(vocabulary, 16), matrix(16, 16), matrix(vocabulary, 16)
    wq, wk, wv, wo = (matrix(16, 16) for _ in range(4))
    fc1, fc2 = matrix(64, 16), matrix(16, 64)
    parameters = [wte, wpe, lm_head, wq, wk, wv, wo, fc1, fc2]
    steps = 30 if quick else 1000
    optimizer = torch.optim.Adam(parameters, lr=0.01, betas=(0.85, 0.99), eps=1e-8)
    schedule = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda k: 1 - k / steps)
    later = torch.triu(torch.ones(16, 16, dtype=torch.bool), 1)

    def rmsnorm(x):
        return x * (x.pow(2).mean(-1, keepdim=True) + 1e-5).rsqrt()

    def heads(x, n):
        return x.view(n, 4, 4).transpose(0, 1)

    def step(k):
        tokens = [bos] + [characters.index(c) for c in names[k % len(names)]] + [bos]
        n = min(16, len(tokens) - 1)
        x = rmsnorm(wte[torch.tensor(tokens[:n])] + wpe[:n])
        h = rmsnorm(x)
        q, key, v = heads(h @ wq.T, n), heads(h @ wk.T, n), heads(h @ wv.T, n)
        attention = torch.softmax((q @ key.transpose(1, 2) / 2).masked_fill(later[:n, :n], -math.inf), -1)
        x = (attention @ v).transpose(0, 1).reshape(n, 16) @ wo.T + x
        x = torch.relu(rmsnorm(x) @ fc1.T) @ fc2.T + x
        loss = F.cross_entropy(x @ lm_head.T, torch.tensor(tokens[1:n + 1]))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        schedule.step()

    blocks, block = (3, 10) if quick else (10, 100)
    step(0)  # warm up
    counter = iter(range(1, blocks * block + 1))
    return median_time(lambda: [step(next(counter)) for _ in range(block)], blocks) / block * 1e3


def port_program(flag, port):
    """(label, [executable]) from a --microgpt-cpp value, [LABEL=]EXECUTABLE."""
    label, _, executable = port.rpartition("=")  # a label may hold "=" (-march=native), the path not
    executable = pathlib.Path(executable).resolve()
    if not (executable.is_file() and os.access(executable, os.X_OK)):
        sys.exit(f"bench_peers.py: {flag} {port}: not an executable file")
    return label or executable.name, [str(executable)]


def microgpt_programs(bench, ports, untrained_ports, rounds):
    """Times backprop's examples/microgpt and each port build as whole processes,
    interleaved round by round, and, for backprop and each port given an untrained
    build, the same program training nothing and making up no names. Returns
    [(label, [wall seconds per run], [CPU seconds per run], [untrained wall seconds
    per run] or None)], backprop's first."""
    example = pathlib.Path(bench).resolve().parent.parent / "examples" / "microgpt"
    if not example.is_file():
        sys.exit(f"bench_peers.py: no {example}; build it (ninja -C BUILD examples/microgpt)")
    names = pathlib.Path(__file__).resolve().parent.parent / "examples" / "data" / "names.txt"
    backprop = [str(example), "--data", "input.txt", "--print-every", "0"]
    programs = [("backprop (examples/microgpt)", backprop + ["--steps", "1000"])]
    programs += [port_program("--microgpt-cpp", port) for port in ports]
    labels = [label for label, _ in programs]
    if len(set(labels)) < len(labels):  # rows and untrained twins are told apart by label
        twice = max(labels, key=labels.count)
        sys.exit(f"bench_peers.py: --microgpt-cpp: two builds named {twice!r}; label them apart")
    untrained = {label: command for label, command in
                 (port_program("--microgpt-cpp-untrained", port) for port in untrained_ports)}
    for label in untrained:
        if label not in labels:
            sys.exit(f"bench_peers.py: --microgpt-cpp-untrained {label}=...: no --microgpt-cpp has that label")
    if untrained:
        untrained[programs[0][0]] = backprop + ["--steps", "0", "--samples", "0"]
    timed = programs + [(label, untrained[label]) for label, _ in programs if label in untrained]

    def cpu_of_children():
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return usage.ru_utime + usage.ru_stime

    def run(command):
        with tempfile.TemporaryDirectory() as folder:  # a fresh working directory: only input.txt in it
            shutil.copyfile(names, os.path.join(folder, "input.txt"))
            cpu, start = cpu_of_children(), time.perf_counter()
            done = subprocess.run(command, cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            wall, cpu = time.perf_counter() - start, cpu_of_children() - cpu
        if done.returncode != 0:
            sys.exit(f"bench_peers.py: {' '.join(command)} failed ({done.returncode}): {done.stderr.strip()}")
        return wall, cpu

    walls, cpus = [[] for _ in timed], [[] for _ in timed]
    for round_number in range(rounds + 1):  # round 0 warms the caches up and is not counted
        for k, (_, command) in enumerate(timed):
            wall, cpu = run(command)
            if round_number > 0:
                walls[k].append(wall)
                cpus[k].append(cpu)
    untrained_walls = dict(zip([label for label, _ in timed[len(programs):]], walls[len(programs):]))
    return [(label, walls[k], cpus[k], untrained_walls.get(label)) for k, (label, _) in enumerate(programs)]


def print_microgpt_programs(results):
    """Wall clock is the measure; the processes' CPU time (user + system) beside it
    shows how much of it a busy machine took away. Then, where untrained runs were
    timed, the training loops alone."""
    wall_backprop, cpu_backprop = statistics.median(results[0][1]), statistics.median(results[0][2])
    rounds = len(results[0][1])
    print(f"microgpt, whole processes: 1,000 training steps and 20 made-up names, {rounds} round"
          f"{'s' if rounds > 1 else ''} interleaved; medians, seconds (min .. max), as ratios to backprop's")
    print(f"{'program':<42} {'wall s':>7} {'(min .. max)':>16} {'x backprop':>10} {'CPU s':>7} {'x backprop':>10}")
    for label, walls, cpus, _ in results:
        wall, cpu = statistics.median(walls), statistics.median(cpus)
        spread = f"({min(walls):.3f} .. {max(walls):.3f})"
        print(f"{label:<42} {wall:7.3f} {spread:>16} {wall / wall_backprop:9.2f}x {cpu:7.3f} {cpu / cpu_backprop:9.2f}x")
    if results[0][3] is None:
        return
    # Each round's whole run minus the same round's run that neither trains nor
    # makes up names: the rounds are interleaved, so a slow phase of the machine
    # cancels out.
    loops = [(label, [whole - bare for whole, bare in zip(walls, untrained)], statistics.median(untrained))
             for label, walls, _, untrained in results if untrained is not None]
    loop_backprop = statistics.median(loops[0][1])
    print()
    print("microgpt, the 1,000 training steps alone: each round's whole run minus its run that neither trains "
          "nor makes up names; medians, seconds (min .. max), as ratios to backprop's")
    print(f"{'program':<42} {'loop s':>7} {'(min .. max)':>16} {'x backprop':>10} {'rest s':>7}")
    for label, differences, rest in loops:
        loop = statistics.median(differences)
        spread = f"({min(differences):.3f} .. {max(differences):.3f})"
        print(f"{label:<42} {loop:7.3f} {spread:>16} {loop / loop_backprop:9.2f}x {rest:7.3f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("bench", nargs="?", help="a built backprop-bench, BUILD/tools/backprop-bench (none with --adept)")
    parser.add_argument("--quick", action="store_true", help="tiny sizes: checks that everything runs")
    parser.add_argument("--adept", metavar="ADEPT_SOURCE", type=pathlib.Path,
                        help="an Adept-2 source tree: build it and a backprop-bench that measures it")
    parser.add_argument("--build-dir", metavar="DIR", type=pathlib.Path,
                        help="with --adept: where both builds go and stay (default: a temporary folder)")
    parser.add_argument("--microgpt-cpp", action="append", default=[], metavar="[LABEL=]EXECUTABLE",
                        help="a build of a standalone microgpt port to time against examples/microgpt (repeatable)")
    parser.add_argument("--microgpt-cpp-untrained", action="append", default=[], metavar="[LABEL=]EXECUTABLE",
                        help="the --microgpt-cpp build of that LABEL made to train 0 steps and make up no "
                             "names: gives the training loops alone (repeatable)")
    parser.add_argument("--rounds", type=int, help="timed rounds of --microgpt-cpp (default 5, 1 with --quick)")
    parser.add_argument("--microgpt-cpp-only", action="store_true",
                        help="time the --microgpt-cpp programs only: no backprop-bench, no other peers")
    arguments = parser.parse_args()
    if (arguments.adept is None) == (arguments.bench is None):
        parser.error("name a built backprop-bench, or give --adept ADEPT_SOURCE to build one with Adept-2")
    if arguments.adept is None and arguments.build_dir is not None:
        parser.error("--build-dir goes with --adept")
    if arguments.microgpt_cpp_untrained and not arguments.microgpt_cpp:
        parser.error("--microgpt-cpp-untrained goes with the --microgpt-cpp build of the same label")
    if arguments.microgpt_cpp_only and not arguments.microgpt_cpp:
        parser.error("--microgpt-cpp-only needs at least one --microgpt-cpp")
    rounds = arguments.rounds if arguments.rounds is not None else 1 if arguments.quick else 5
    if rounds < 1:
        parser.error("--rounds needs a number >= 1")
    with tempfile.TemporaryDirectory() as temporary:
        bench = arguments.bench
        if arguments.adept is not None:
            folder = (arguments.build_dir or pathlib.Path(temporary)).resolve()
            build_adept(arguments.adept.resolve(), folder / "adept")
            bench = build_bench_with_adept(folder / "adept", folder / "backprop")
        if not arguments.microgpt_cpp_only:
            report(bench, arguments.quick)
        if arguments.microgpt_cpp:
            if not arguments.microgpt_cpp_only:
                print()
            print_microgpt_programs(
                microgpt_programs(bench, arguments.microgpt_cpp, arguments.microgpt_cpp_untrained, rounds))


def report(bench, quick):
    """Runs `bench`, prints its table, then the peers' tables."""
    output, figures = run_bench(bench, quick)
    print(output)
    variants = {v["name"]: v for v in figures["w1"]["variants"]}
    hand_w1 = figures["w1"]["hand_us_per_step"]["median"]
    w2 = figures["w2"]
    hand_w2 = w2["hand_ns_per_op"]["median"]

    rows = [("hand-written (baseline)", hand_w1, hand_w2),
            ("backprop, nn layers", variants["engine, nn layers (default)"]["us_per_step"]["median"],
             w2["record_ns_per_op"]["median"] + w2["backward_ns_per_op"]["median"]),
            ("backprop, weighted_sum per neuron",
             variants["engine, weighted_sum per neuron"]["us_per_step"]["median"], None),
            ("backprop, binary ops only", variants["engine, binary operations only"]["us_per_step"]["median"], None)]
    torch_results = torch_peers(quick)
    if torch_results is None:
        rows.append(("PyTorch: skipped (python3-torch not installed)", None, None))
    else:
        rows.append(("PyTorch, scalar tensors", torch_results["PyTorch, scalar tensors: W1"],
                     torch_results["PyTorch, scalar tensors: W2"]))
        rows.append(("PyTorch, batched tensors", torch_results["PyTorch, batched tensors: W1"], None))
    # The C++ peers measured inside backprop-bench: (its W1 variant, its W2 key, row name, why skipped).
    for variant, key, name, skipped in [
            ("ADOL-C, taped each step", "adolc", "ADOL-C, taped anew each gradient", "built without libadolc-dev"),
            ("Adept-2, recorded each step", "adept", "Adept-2, recorded anew each gradient",
             "run with --adept ADEPT_SOURCE")]:
        w1 = variants.get(variant)
        if w1 and w2[key]:
            rows.append((name, w1["us_per_step"]["median"], w2[key]["ns_per_op"]["median"]))
        else:
            rows.append((f"{name.split(',')[0]}: skipped ({skipped})", None, None))

    print("Peers, each as a ratio to the hand-written gradient of the run above")
    print(f"{'peer':<46} {'W1 us/step':>12} {'x hand':>9} {'W2 ns/op':>10} {'x hand':>9}")
    for name, w1, w2 in rows:
        w1_text = f"{w1:12.1f} {w1 / hand_w1:8.1f}x" if w1 else f"{'-':>12} {'-':>9}"
        w2_text = f"{w2:10.2f} {w2 / hand_w2:8.2f}x" if w2 else f"{'-':>10} {'-':>9}"
        print(f"{name:<46} {w1_text} {w2_text}")

    w4 = figures["w4"]
    tape_w4 = w4["tape_ms_per_step"]["median"]
    torch_w4 = torch_microgpt(quick)
    w4_rows = [("single-purpose scalar tape (baseline)", tape_w4),
               ("backprop, nn pieces (examples/microgpt)", w4["engine_ms_per_step"]["median"]),
               ("PyTorch, batched tensors" if torch_w4 else "PyTorch: skipped (python3-torch not installed)", torch_w4)]
    print()
    print("W4 microgpt training step, as a ratio to the single-purpose scalar tape of the run above")
    print(f"{'peer':<46} {'ms/step':>12} {'x tape':>9}")  # ms per step = seconds per 1,000 steps
    for name, ms in w4_rows:
        print(f"{name:<46} {ms:12.3f} {ms / tape_w4:8.2f}x" if ms else f"{name:<46} {'-':>12} {'-':>9}")

    w5 = figures["w5"]
    gradient_w5, product_w5 = w5["gradient_us"]["median"], w5["product_us"]["median"]
    w5_rows = [("backprop, nn layers (baseline)", (gradient_w5, product_w5, w5["ratio"]["median"]))]
    torch_w5 = torch_hessian_vector(quick)
    if torch_w5 is None:
        w5_rows.append(("PyTorch: skipped (python3-torch not installed)", None))
    else:
        w5_rows += list(torch_w5[0].items())
    print()
    print(f"W5 Hessian-vector product of W1's loss ({moons_parameters} parameters) and one gradient, as ratios to "
          "backprop's of the run above" + (f" (--quick: PyTorch on {w5_quick_points} of the points)" if quick else ""))
    print(f"{'peer':<46} {'gradient us':>12} {'x backprop':>11} {'product us':>12} {'x backprop':>11} {'x gradient':>11}")
    for name, times in w5_rows:
        if times is None:
            print(f"{name:<46} {'-':>12} {'-':>11} {'-':>12} {'-':>11} {'-':>11}")
            continue
        gradient, product, ratio = times
        print(f"{name:<46} {gradient:12.1f} {gradient / gradient_w5:10.1f}x {product:12.1f} {product / product_w5:10.1f}x"
              f" {ratio:10.2f}x")
    if torch_w5 is not None:
        print("PyTorch's product: forward, grad with create_graph=True, grad of its dot product with v; "
              f"batched and scalar agree to {torch_w5[1]:.1e} (relative)")


if __name__ == "__main__":
    main()
