"""Robustness figures (issue 12): every hostile or careless input of the issue, its time and
peak memory. Prints figures; asserts nothing. Targets: each case under 2 s and 300 MB;
1,000 lab steps under 150 MB with the same time per step at the end as at the start.

    python benchmarks/robustness.py            # every case, each in a fresh process
    python benchmarks/robustness.py CASE ...   # some of them

Peak memory is the process's maximum resident size (ru_maxrss), the interpreter and the
simulator's imports included. Wall and CPU time leave the imports out; on a loaded machine
(8 helpers on 2 CPUs) the wall time is several times the CPU time.
"""
from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

APP = "images: {app: {layers: [{files: {/etc/app.conf: 'port=80\\n', /app/data/seed: 's\\n'}}]}}\n"
LOL = '["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'
BOMB = "x:\n  a: &a " + LOL + "\n" + "".join(
    f"  {n}: &{n} [{', '.join(['*' + p] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi"))


def shell(script: str, scenario: str = APP, setup: tuple = ()):
    from simulator.run.scenario import load_text
    from simulator.run.session import Session
    session = Session(load_text(scenario))
    for s in setup:
        session.run(s)
    record = session.run(script)
    return f"exit {record.exit_code}: {(record.stderr or record.stdout).strip()[-70:]}"


def load(text: str, door: str = "cli"):
    """A file through one door: the CLI, the lab's Load box, exercises.check_file."""
    if door == "lab":
        from simulator.ui import LabController
        lab = LabController()
        lab.load(text)
        return lab.terminal_text().strip().splitlines()[-1][-90:]
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "hand-in.yaml")
        with open(path, "w", encoding="utf-8", errors="surrogatepass") as f:
            f.write(text)
        return load_path(path, door)


def load_path(path: str, door: str = "cli"):
    from simulator.errors import ScenarioError
    if door == "check_file":
        from simulator.course import exercises
        try:
            exercises.check_file(exercises.load("02-goal-fresh-folder"), path)
        except ScenarioError as e:
            return str(e)[-90:]
        return "accepted"
    import contextlib
    import io
    from simulator.__main__ import main
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(["run", path])
    return f"exit {code}: {err.getvalue().strip()[-80:]}"


def special(kind: str):
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "hand-in.yaml")
        if kind == "fifo":
            os.mkfifo(path)
        else:
            os.symlink("/dev/zero", path)
        return load_path(path) + " | " + load_path(path, "check_file")


def deep(levels: int, then: str = ""):
    """`mkdir -p` LEVELS deep in a container (then THEN there)."""
    script = f"mkdir -p /d/{'/'.join(['a'] * levels)}" + (f"; {then}" if then else "")
    return shell(f"docker exec web sh -c '{script}'", setup=("docker run -d --name web app",))


def touches(n: int):
    return shell(f"mkdir /t; cd /t; i=0; while [ $i -lt {n} ]; do [ -f f$i ] || touch f$i; i=$((i+1)); done; echo $i")


def mkdir_picture():
    from simulator.ui import LabController
    lab = LabController()
    lab.load(APP + "steps: ['docker run -d --name web app', 'docker exec web mkdir -p /app/data/new']\n")
    picture = lab.diagram()
    return "picture drawn" if picture.svg and not picture.error else f"no picture: {picture.error}"


def lab_steps(kind: str, n: int = 1000):
    from simulator.ui import LabController
    lab = LabController()
    lab.load(APP + "steps: ['docker run -d --name web app']\n")
    times = []
    for i in range(n):
        t = time.perf_counter()
        lab.run_command("docker run -d app" if kind == "run" else f"docker exec web sh -c 'echo {i} >> /etc/app.conf'")
        times.append(time.perf_counter() - t)
    first, last = sum(times[:100]) * 10, sum(times[-100:]) * 10
    return f"{n} steps; ms per step: first 100 {first:.2f}, last 100 {last:.2f}"


CASES = {
    "alias-bomb user (cli)": lambda: load(BOMB + "images: {app: {layers: [], user: *i}}\n"),
    "alias-bomb workdir (lab Load)": lambda: load(BOMB + "images: {app: {layers: [], workdir: *i}}\n", "lab"),
    "alias-bomb platform (check_file)": lambda: load(BOMB + "platform: *i\n", "check_file"),
    "echo $((1<<20000000000))": lambda: shell("echo $((1<<20000000000))"),
    "x=a; while true; do x=$x$x; done": lambda: shell("x=a; while true; do x=$x$x; done"),
    "printf '%999999999d' 1": lambda: shell("printf '%999999999d' 1"),
    "echo $((4611686018427387904*4))": lambda: shell("echo $((4611686018427387904*4))"),
    "while true; do :; done": lambda: shell("while true; do :; done"),
    "two nested loops of 10^5 rounds": lambda: shell(
        "i=0; while [ $i -lt 100000 ]; do j=0; while [ $j -lt 100000 ]; do j=$((j+1)); done; i=$((i+1)); done"),
    "x=2; while :; do x=$((x*x)); done": lambda: shell("x=2; while :; do x=$((x*x)); done"),
    "mkdir -p 500 levels": lambda: deep(500),
    "mkdir -p 3000 levels": lambda: deep(3000),
    "ls -R of 500 levels": lambda: deep(500, "ls -R /d >/dev/null"),
    "ls -R of 3000 levels (2047 made)": lambda: deep(3000, "cd /d; ls -R >/dev/null"),
    "touch loop, 10k files": lambda: touches(10000),
    "touch loop, 20k files": lambda: touches(20000),
    "/*a*a*a*a*a*b, a 200-char name": lambda: shell("touch /" + "a" * 200 + "; echo /*a*a*a*a*a*b"),
    "${x##*a*a*a*b} on 400 chars": lambda: shell("x=" + "a" * 400 + "; echo ${x##*a*a*a*b} | head -c 20"),
    "a 1 MB docker line": lambda: shell("docker run --rm app echo " + "x" * 1_000_000 + " >/dev/null"),
    "env: 5": lambda: load("images: {app: {layers: [], env: 5}}\n"),
    "cmd: [1, null]": lambda: load("images: {app: {layers: [], cmd: [1, null]}}\n"),
    "compose services: 5": lambda: shell("docker compose -p shop up -d", APP + "compose: {shop: 'services: 5'}\n"),
    "network_storage: [{}]": lambda: load("network_storage: [{}]\n"),
    "JSON nested 100,000 deep": lambda: load('{"steps": ' + "[" * 100000 + "]" * 100000 + "}"),
    "5,000-digit integer": lambda: load('{"seed": ' + "9" * 5000 + "}"),
    "a lone surrogate": lambda: load('{"title": "\\ud800"}'),
    "symlink to /dev/zero": lambda: special("zero"),
    "a FIFO": lambda: special("fifo"),
    ". /s sourcing itself": lambda: shell("echo '. /s' > /s; . /s"),
    "3,000 nested (": lambda: shell("(" * 3000 + "echo hi" + ")" * 3000),
    "nested eval": lambda: shell("e='eval \"$e\"'; eval \"$e\""),
    "mkdir -p over existing dirs: picture": mkdir_picture,
    "duplicate YAML keys": lambda: load("title: a\ntitle: b\n"),
    "image name <script>": lambda: load('images: {"<script>": {layers: []}}\n'),
    "a file of 1,000 endless loops (check_file)": lambda: load(
        "steps:\n" + "  - while true; do :; done\n" * 1000, "check_file"),
    "a file of 1,000 endless loops (lab Load)": lambda: load("steps:\n" + "  - while true; do :; done\n" * 1000, "lab"),
    "1,000 lab steps (docker exec)": lambda: lab_steps("exec"),
    "1,000 lab steps (docker run -d app)": lambda: lab_steps("run"),
}


def run_case(name: str) -> dict:
    import simulator.__main__  # noqa: F401  (imports are not part of a case's time)
    import simulator.course.exercises  # noqa: F401
    import simulator.ui  # noqa: F401
    cpu = _cpu()
    t = time.perf_counter()
    outcome = CASES[name]()
    seconds = time.perf_counter() - t
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": seconds, "cpu": _cpu() - cpu, "peak_mb": peak, "outcome": str(outcome).replace("\n", " ")}


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main(names) -> None:
    names = names or list(CASES)
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs: wall time grows with it, CPU time does not")
    print(f"{'case':40} {'wall':>7} {'CPU':>7} {'peak':>6}  outcome")
    for name in names:
        p = subprocess.run([sys.executable, __file__, "--one", name], capture_output=True, text=True, timeout=600)
        if p.returncode:
            print(f"{name:40} {'FAILED':>8}  {p.stderr.strip().splitlines()[-1:]}")
            continue
        r = json.loads(p.stdout.strip().splitlines()[-1])
        print(f"{name:40} {r['seconds']:6.2f}s {r['cpu']:6.2f}s {r['peak_mb']:4.0f}MB  {r['outcome'][:80]}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--one"]:
        print(json.dumps(run_case(sys.argv[2])))
    else:
        main(sys.argv[1:])
