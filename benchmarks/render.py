"""Diagram speed figures (issue 4). Prints figures and ratios; asserts nothing.

    python benchmarks/render.py

1. For steps of course scenarios: building the DOT source (stack model + DOT text) against
   Graphviz's own layout of it (graphviz-pure, SVG): the ratio should stay under 10%.
2. A step on a 100,000-file, 50-layer image against the same step on a 50-file, 3-layer
   image, whole render (model, DOT, SVG): the ratio should stay within 2x. "First" includes
   counting the image's layers, done once per image; "later" is every drawing after it.
"""
from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from simulator.run.samples import large_image as image_spec  # noqa: E402
from simulator.render import build_stack, stack_dot, to_svg  # noqa: E402
from simulator.render.index import image_index  # noqa: E402
from simulator.run.scenario import from_dict, load_file  # noqa: E402
from simulator.run.session import Session  # noqa: E402

STEPS = [("01-copy-up.yaml", 3, "web"), ("04-move-directory.yaml", 2, "web"),
         ("05-volume-prepopulation.yaml", 2, "web"), ("09-read-only.yaml", 5, "ro")]


def median_time(fn, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def bench_dot_vs_layout(rounds: int = 15) -> None:
    print("1. DOT source vs Graphviz layout, per course step (median of", rounds, "runs)")
    for name, step, container in STEPS:
        sc = load_file(str(ROOT / "simulator" / "course" / "data" / "scenarios" / name))
        s = Session(sc)
        record = s.run_all(sc.steps[:step])[-1]
        c = s.engine.containers[container]
        dot = stack_dot(build_stack(c, s.engine, record.events))
        build = median_time(lambda: stack_dot(build_stack(c, s.engine, record.events)), rounds)
        layout = median_time(lambda: to_svg(dot), rounds)
        print(f"   {name} step {step}: DOT {build * 1e3:.2f} ms, layout {layout * 1e3:.1f} ms, "
              f"ratio {build / layout:.1%} (target < 10%)")


def render_once(s, record) -> None:
    c = s.engine.containers["bench"]
    to_svg(stack_dot(build_stack(c, s.engine, record.events)))


def bench_size(rounds: int = 9) -> None:
    print("2. whole render (model + DOT + SVG) of one step, 100,000 files vs 50 files")
    figures = {}
    for n_layers, n_files in ((3, 50), (50, 100_000)):
        s = Session(from_dict(image_spec(n_layers, n_files)))
        s.run("docker run -d --name bench img")
        record = s.run("docker exec bench sh -c 'echo x >> /etc/app.conf; rm /d7/f0_7.txt'")
        image_index.cache_clear()
        t0 = time.perf_counter()
        render_once(s, record)
        first = time.perf_counter() - t0
        later = median_time(lambda: render_once(s, record), rounds)
        figures[n_files] = (first, later)
        print(f"   {n_files:>7,} files, {n_layers} layers: first {first * 1e3:.1f} ms, later {later * 1e3:.1f} ms")
    (f_small, l_small), (f_big, l_big) = figures[50], figures[100_000]
    print(f"   ratio 100,000 / 50: first {f_big / f_small:.2f}x, later {l_big / l_small:.2f}x (target <= 2x)")


if __name__ == "__main__":
    bench_dot_vs_layout()
    bench_size()
