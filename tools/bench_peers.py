#!/usr/bin/env python3
"""Runs W1 and W2 of backprop-bench through the peers this machine has, and
prints one table of ratios to the hand-written baseline measured in the same
run (by backprop-bench, which this script runs first).

Peers: PyTorch (Debian's python3-torch) with 0-dimensional scalar tensors
(the micrograd way) and batched with tensors (what a user would pick
instead; W2 is a sequential chain, so it has no batched form). A peer that
is missing is reported as skipped, never as a failure. ADOL-C runs inside
backprop-bench itself (a C++ library), when the build found libadolc-dev.

    /usr/bin/python3 tools/bench_peers.py build/tools/backprop-bench [--quick]
"""
import json
import math
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time


def run_bench(bench, quick):
    """Runs backprop-bench once; returns its table (text) and its figures (JSON)."""
    with tempfile.TemporaryDirectory() as folder:
        figures_file = os.path.join(folder, "figures.json")
        output = subprocess.run([bench, "--json-to", figures_file] + (["--quick"] if quick else []),
                                check=True, capture_output=True, text=True).stdout
        with open(figures_file) as file:
            return output, json.load(file)


def median_time(work, repetitions):
    samples = []
    for _ in range(repetitions):
        start = time.perf_counter()
        work()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


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


def torch_peers(quick):
    try:
        import torch
    except ImportError:
        return None
    torch.set_num_threads(1)
    torch.set_default_dtype(torch.float64)
    points, labels = moons_data()
    rng = random.Random(1)
    sizes = [(2, 16), (16, 16), (16, 1)]
    results = {}

    # W1 with scalar tensors: every weight a 0-dim tensor, as micrograd does.
    params = [[[torch.tensor(rng.uniform(-1, 1), requires_grad=True) for _ in range(nin)]
               + [torch.tensor(0.0, requires_grad=True)] for _ in range(nout)] for nin, nout in sizes]
    flat = [p for layer in params for neuron in layer for p in neuron]
    inputs = [[torch.tensor(x) for x in point] for point in points]

    def scalar_step():
        total = torch.tensor(0.0)
        for x, y in zip(inputs, labels):
            activations = x
            for depth, layer in enumerate(params):
                outputs = []
                for neuron in layer:
                    s = neuron[-1]
                    for w, a in zip(neuron[:-1], activations):
                        s = s + w * a
                    outputs.append(torch.relu(s) if depth < 2 else s)
                activations = outputs
            total = total + torch.relu(1 - y * activations[0])
        loss = total / len(points) + 1e-4 * sum(p * p for p in flat)
        for p in flat:
            p.grad = None
        loss.backward()
        with torch.no_grad():
            for p in flat:
                p -= 0.05 * p.grad

    results["PyTorch, scalar tensors: W1"] = median_time(scalar_step, 1 if quick else 3) * 1e6

    # W1 batched: the same model as matrices.
    weights = [torch.empty(nout, nin).uniform_(-1, 1).requires_grad_() for nin, nout in sizes]
    biases = [torch.zeros(nout, requires_grad=True) for _, nout in sizes]
    x_all = torch.tensor(points)
    y_all = torch.tensor(labels)

    def batched_step():
        a = x_all
        for depth, (w, b) in enumerate(zip(weights, biases)):
            a = a @ w.T + b
            if depth < 2:
                a = torch.relu(a)
        loss = torch.relu(1 - y_all * a[:, 0]).mean() + 1e-4 * sum((p * p).sum() for p in weights + biases)
        for p in weights + biases:
            p.grad = None
        loss.backward()
        with torch.no_grad():
            for p in weights + biases:
                p -= 0.05 * p.grad

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


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    quick = "--quick" in sys.argv[2:]
    output, figures = run_bench(sys.argv[1], quick)
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
    adolc_w1 = variants.get("ADOL-C, taped each step")
    if adolc_w1 and w2["adolc"]:
        rows.append(("ADOL-C, taped anew each gradient", adolc_w1["us_per_step"]["median"],
                     w2["adolc"]["ns_per_op"]["median"]))
    else:
        rows.append(("ADOL-C: skipped (built without libadolc-dev)", None, None))

    print("Peers, each as a ratio to the hand-written gradient of the run above")
    print(f"{'peer':<46} {'W1 us/step':>12} {'x hand':>9} {'W2 ns/op':>10} {'x hand':>9}")
    for name, w1, w2 in rows:
        w1_text = f"{w1:12.1f} {w1 / hand_w1:8.1f}x" if w1 else f"{'-':>12} {'-':>9}"
        w2_text = f"{w2:10.2f} {w2 / hand_w2:8.2f}x" if w2 else f"{'-':>10} {'-':>9}"
        print(f"{name:<46} {w1_text} {w2_text}")


if __name__ == "__main__":
    main()
