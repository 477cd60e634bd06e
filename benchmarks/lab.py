"""Lab speed figures (issue 5). Prints figures and ratios; asserts nothing.

    python benchmarks/lab.py

1. From a command entered (LabController.run_command) to the new diagram's SVG ready
   (LabController.diagram) against Graphviz's own render of that same diagram (graphviz-pure,
   SVG): the ratio should be at most 1.3x. For steps of course scenarios and for a step on a
   100,000-file, 50-layer image. Also shown: everything else the Lab redraws after a step
   (narration, tree, docker diff, volumes, host), which comes after the SVG is ready.
2. Stepping back and forth through 500 steps against 5: the cost of one move (timeline move plus
   every panel's data) should be the same, the first visit of a step (its picture drawn) and
   later visits (its picture kept) alike.
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
from simulator.render import to_svg  # noqa: E402
from simulator.run.scenario import from_dict, load_file  # noqa: E402
from simulator.ui import LabController  # noqa: E402
from simulator.ui.picture import PictureCache, lab_sources  # noqa: E402

COURSE = [("01-copy-up.yaml", 3), ("04-move-directory.yaml", 2), ("05-volume-prepopulation.yaml", 2),
          ("09-read-only.yaml", 5)]


def median(values) -> float:
    return statistics.median(values)


def panels(lab) -> None:
    """The rest of what the Lab shows after a step (Lab.refresh without the widgets)."""
    lab.narration()
    lab.tree()
    lab.diff_text()
    lab.volumes_text()
    lab.host_text()
    lab.position()
    lab.all_step_rows()
    lab.branch_rows()
    lab.branch_here()


def command_to_svg(lab, command_for, rounds: int) -> dict:
    """Per round: run a new command from the same step, time it to the SVG, then the other panels,
    then Graphviz alone on that diagram's DOT, then the parts: the step, and the DOT source."""
    base = lab.step.number
    times: dict = {"ready": [], "graphviz": [], "panels": [], "step": [], "dot": []}
    for i in range(rounds):
        lab.jump(base)
        t0 = time.perf_counter()
        lab.run_command(command_for(i))
        picture = lab.diagram()
        t1 = time.perf_counter()
        assert picture.svg, picture.error
        panels(lab)
        t2 = time.perf_counter()
        to_svg(picture.dot)
        t3 = time.perf_counter()
        lab.jump(base)
        lab.run_command(command_for(i))
        t4 = time.perf_counter()
        lab_sources(lab.engine, lab.events, lab.ui.picture, lab.step.command)
        t5 = time.perf_counter()
        for key, t in (("ready", t1 - t0), ("panels", t2 - t1), ("graphviz", t3 - t2), ("step", t4 - t3),
                       ("dot", t5 - t4)):
            times[key].append(t)
    return times


def report(name: str, times: dict) -> None:
    m = {k: median(v) * 1e3 for k, v in times.items()}
    print(f"   {name}: command to SVG {m['ready']:.1f} ms, Graphviz alone {m['graphviz']:.1f} ms, "
          f"ratio {m['ready'] / m['graphviz']:.2f}x (target <= 1.3x)\n"
          f"      of which the step (timeline) {m['step']:.1f} ms, the DOT source (render/) {m['dot']:.1f} ms; "
          f"then the other panels {m['panels']:.1f} ms")


def bench_course(rounds: int = 15) -> None:
    print(f"1a. course steps (median of {rounds} runs, each a new step from the same place)")
    for name, step in COURSE:
        sc = load_file(str(ROOT / "simulator" / "course" / "data" / "scenarios" / name))
        command = sc.steps[step - 1]
        lab = LabController(from_dict({**sc.source, "steps": sc.steps[:step - 1]}))
        report(f"{name} step {step}", command_to_svg(lab, lambda i: command, rounds))


def bench_big(rounds: int = 9) -> None:
    print("1b. a 100,000-file, 50-layer image (median of", rounds, "runs; the first step also indexes the image)")
    spec = image_spec(50, 100_000)
    spec["steps"] = ["docker run -d --name bench img"]
    t0 = time.perf_counter()
    lab = LabController(from_dict(spec))
    print(f"   opening the lab: {time.perf_counter() - t0:.2f} s (loading the image, docker run, first picture not drawn)")
    cmd = "docker exec bench sh -c 'echo {i} >> /etc/app.conf; rm /d7/f0_7.txt'"
    first = command_to_svg(lab, lambda i: cmd.format(i=i), 1)
    print(f"   first step: command to SVG {first['ready'][0] * 1e3:.0f} ms, "
          f"Graphviz alone {first['graphviz'][0] * 1e3:.0f} ms")
    report("later steps", command_to_svg(lab, lambda i: cmd.format(i=i + 1), rounds))


def stepping_lab(n_steps: int) -> LabController:
    """The playground's docker run, then writes to one file: every step's picture has the same shape."""
    lab = LabController()
    for i in range(n_steps - 1):
        lab.run_command(f"docker exec web sh -c 'echo {i} > /srv/www/index.html'")
    return lab


def sweep(lab, moves: int, cold: bool) -> float:
    """Between step 2 and the last one, back and forth: the mean cost of one move. `cold`: the
    step's picture is drawn (as on a first visit); else it is the one kept."""
    first, last = 2, lab.step.number
    direction = lab.back
    spent = 0.0
    for _ in range(moves):
        if lab.step.number == first:
            direction = lab.forward
        elif lab.step.number == last:
            direction = lab.back
        if cold:
            lab.pictures = PictureCache()
        t0 = time.perf_counter()
        direction()
        lab.diagram()
        panels(lab)
        spent += time.perf_counter() - t0
    lab.jump(last)
    return spent / moves


def bench_stepping() -> None:
    print("2. one move (back or forward, with every panel's data), 500 steps against 5")
    figures = {}
    for n in (5, 500):
        lab = stepping_lab(n)
        cold = sweep(lab, 200, cold=True)
        sweep(lab, n, cold=False)                # every step's picture kept once
        warm = sweep(lab, 2000, cold=False)
        t0 = time.perf_counter()
        for _ in range(1000):
            lab.back()
            lab.forward()
        move = (time.perf_counter() - t0) / 2000
        figures[n] = (cold, warm, move)
        print(f"   {n:>3} steps: first visit {cold * 1e3:.1f} ms, later visits {warm * 1e3:.3f} ms, "
              f"timeline move alone {move * 1e6:.1f} us")
    (c5, w5, m5), (c500, w500, m500) = figures[5], figures[500]
    print(f"   ratio 500 / 5: first visit {c500 / c5:.2f}x, later visits {w500 / w5:.2f}x, "
          f"move alone {m500 / m5:.2f}x (target: about 1x)")


if __name__ == "__main__":
    bench_course()
    bench_big()
    bench_stepping()
