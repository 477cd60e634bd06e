"""Processes in virtual time (issue 11). Prints figures; asserts nothing.

    python benchmarks/processes.py

1. A container that sleeps in a loop (`while true; do sleep 1; done`) while the clock
   moves on by a virtual day (one host step `sleep 86400`), against one that moves on by
   a virtual minute: the day should cost about the same (rounds that change nothing are
   skipped in bulk).
2. A container that prints a line per second (each round does work, so none is skipped)
   for 100 virtual seconds: the cost per round.
3. `docker stop` of 100 containers whose PID 1 ignores SIGTERM (the CLI stops them in
   parallel: one 10 s grace period).
4. Lines typed at a `docker run -it` shell in the lab (each a timeline step): the cost per
   line for 10 lines and for 1,000 should be about the same.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from simulator.run.scenario import load_text  # noqa: E402
from simulator.run.session import Session  # noqa: E402

SCENARIO = "images:\n  app:\n    layers:\n      - files: {/etc/a: \"x\\n\"}\n"


def timed(steps) -> tuple[float, Session]:
    s = Session(load_text(SCENARIO))
    start = time.perf_counter()
    for step in steps:
        s.run(step)
    return time.perf_counter() - start, s


def main() -> None:
    loop = "docker run -d --name idle app sh -c 'while true; do sleep 1; done'"
    minute, _ = timed([loop, "sleep 60"])
    day, s = timed([loop, "sleep 86400"])
    print(f"sleeping loop, a virtual minute: {minute * 1000:.1f} ms; a virtual day: {day * 1000:.1f} ms "
          f"(ratio {day / minute:.2f}); still {s.engine.containers['idle'].status}")
    t, s = timed(["docker run -d --name talk app sh -c 'i=0; while true; do i=$((i+1)); echo $i; sleep 1; done'",
                  "sleep 100"])
    lines = s.run("docker logs talk").stdout.count("\n")
    print(f"a loop that prints each second, 100 virtual seconds: {t * 1000:.1f} ms, {lines} lines, "
          f"{t / lines * 1e6:.0f} us per round")
    steps = [f"docker run -d --name c{i} app sleep 1000" for i in range(100)]
    _, s = timed(steps)
    start = time.perf_counter()
    s.run("docker stop " + " ".join(f"c{i}" for i in range(100)))
    t = time.perf_counter() - start
    print(f"docker stop of 100 PID-1 sleeps: {t * 1000:.1f} ms real, {s.engine.clock_ms / 1000:.1f} s virtual")


def interactive(lines: int) -> float:
    """Seconds per line typed at a `docker run -it` shell in the lab's timeline (each line a step)."""
    from simulator.run.timeline import Timeline
    tl = Timeline(load_text(SCENARIO))
    tl.run("docker run -it --name sh1 app sh", input="lab")
    start = time.perf_counter()
    for i in range(lines):
        tl.send(f"echo line{i} >> /log")
    return (time.perf_counter() - start) / lines


def main_interactive() -> None:
    ten, thousand = interactive(10), interactive(1000)
    print(f"interactive lines in the lab: {ten * 1e6:.0f} us per line for 10, {thousand * 1e6:.0f} us per line "
          f"for 1,000 (ratio {thousand / ten:.2f})")


if __name__ == "__main__":
    main()
    main_interactive()
