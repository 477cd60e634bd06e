"""Docker-command speed (issue 3). Prints figures; asserts nothing.

1. Parsing and running a 1,000-step scenario of docker commands (target: under 1 s).
2. Time per step with 10 and with 1,000 containers and volumes already created (target:
   the same: no step may scan every container or volume).
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from simulator.run.scenario import load_text  # noqa: E402
from simulator.run.session import Session  # noqa: E402

IMAGE = {"app": {"layers": [{"files": {"/etc/app.conf": "port=80\n", "/app/data/seed.txt": "seed\n"}}]}}


def steps(n: int, start: int = 0) -> list[str]:
    out = []
    for i in range(start, start + n):
        k = i // 4
        out.append(["docker volume create v{k}", "docker run -d --name c{k} -v v{k}:/app/data app",
                    "docker exec c{k} sh -c 'echo x >> /etc/app.conf'", "docker stop c{k}"][i % 4].format(k=k))
    return out


def bench_thousand_steps():
    text = yaml.safe_dump({"images": IMAGE, "steps": steps(1000)})
    t0 = time.perf_counter()
    session = Session(load_text(text))
    session.run_all()
    t = time.perf_counter() - t0
    print(f"1. parse and run a 1,000-step scenario ({len(text) / 1e3:.0f} kB): {t:.2f} s (target < 1 s)")


def per_step(existing: int, probe: int = 200) -> float:
    session = Session(load_text(yaml.safe_dump({"images": IMAGE})))
    for s in steps(existing * 4):
        session.run(s)
    probe_steps = steps(probe, start=existing * 4)
    t0 = time.perf_counter()
    for s in probe_steps:
        session.run(s)
    return (time.perf_counter() - t0) / probe


def bench_growth():
    per_step(10)                      # warm up the interpreter's caches first
    small, large = per_step(10), per_step(1000)
    print(f"2. time per step with 10 containers/volumes: {small * 1e3:.2f} ms, with 1,000: {large * 1e3:.2f} ms, "
          f"ratio {large / small:.2f} (target ~1)")


if __name__ == "__main__":
    bench_thousand_steps()
    bench_growth()
