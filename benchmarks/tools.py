"""Speed figures of the everyday tools (issue 11). Prints figures; asserts nothing.

    python benchmarks/tools.py            # all
    python benchmarks/tools.py --quick    # smaller inputs

1. grep, sed, sort, wc, cut and find on a container file of N lines (and a tree of N/10
   files): time per command, and per 1,000 lines.
2. Patterns that make a backtracking matcher blow up (`.*a.*a.*a.*b`, `(a*)*b`) on a line
   of L characters: they run on the linear matcher (shell/posixvm.py); the time should grow
   with L, not with L to a power.
3. The same commands as a share of the work budget (50,000 units): how far from being
   stopped they are.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from simulator.run.scenario import from_dict  # noqa: E402
from simulator.run.session import Session  # noqa: E402
from simulator.shell.budget import Budget  # noqa: E402
from simulator.shell.regex import Regex  # noqa: E402


def session(lines: int) -> Session:
    text = "".join(f"{i:06d} key{i % 97}=value{i % 13} some words here\n" for i in range(lines))
    files = {"/srv/big.txt": text}
    files.update({f"/srv/tree/d{i % 10}/f{i}.conf": f"n={i}\n" for i in range(lines // 10)})
    s = Session(from_dict({"seed": 1, "images": {"app": {"layers": [{"files": files}]}}}))
    s.run("docker run -d --name bench app sleep 100000")
    return s


COMMANDS = [
    "grep -c key5= /srv/big.txt",
    "grep -E 'key(1|2)[0-9]=value' /srv/big.txt | wc -l",
    "sed -n 's/value/VALUE/gp' /srv/big.txt | wc -l",
    "sort -t= -k2 /srv/big.txt | head -n 1",
    "cut -d' ' -f2 /srv/big.txt | sort | uniq -c | wc -l",
    "wc /srv/big.txt",
    "find /srv/tree -name '*.conf' | wc -l",
]


def commands(lines: int) -> None:
    s = session(lines)
    print(f"1. commands on a file of {lines:,} lines and a tree of {lines // 10:,} files")
    for c in COMMANDS:
        t0 = time.perf_counter()
        r = s.run(f"docker exec bench sh -c \"{c}\"")
        dt = time.perf_counter() - t0
        note = "" if r.exit_code == 0 else f"   (exit {r.exit_code}: {r.stderr.strip()[:60]})"
        print(f"   {dt * 1000:8.1f} ms  {dt * 1e6 / lines:7.1f} us/line  {c}{note}")


def patterns(sizes) -> None:
    print("2. patterns that would backtrack, on the linear matcher")
    for pattern, ext, make in ((".*a.*a.*a.*b", False, lambda n: "a" * n), ("(a*)*b", True, lambda n: "a" * n),
                               ("(x+x+)+y", True, lambda n: "x" * n)):
        rx = Regex(pattern, ext)
        row = []
        for n in sizes:
            budget = Budget(limit=10 ** 9)
            rx.charge = budget.charge
            t0 = time.perf_counter()
            rx.search(make(n))
            row.append(f"L={n:,}: {(time.perf_counter() - t0) * 1000:7.1f} ms ({budget.used:,} units)")
        print(f"   {pattern:14}  " + "   ".join(row))


def main() -> None:
    quick = "--quick" in sys.argv
    commands(2_000 if quick else 20_000)
    patterns((500, 1_000) if quick else (1_000, 2_000, 4_000))


if __name__ == "__main__":
    main()
