"""Engine speed and memory figures (issue 2). Prints figures and ratios; asserts nothing.

    python benchmarks/engine.py            # all
    python benchmarks/engine.py --quick    # smaller sequences

1. One shell operation (an append that copies a file up) on a 3-layer image of 50 files
   and on a 50-layer image of 100,000 files: the ratio should stay within 2x.
2. Building the 100,000-file image, creating a container and listing its whole rootfs:
   wall time and peak memory, in-process and through `python -m simulator run` on a
   ~4 MB JSON scenario file.
3. The same 10,000-operation sequence on a single-layer container, on pyfakefs, and on a
   real overlayfs mount (root only): ratios.
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

from simulator.fs.content import Blob  # noqa: E402
from simulator.run.scenario import from_dict  # noqa: E402
from simulator.run.samples import large_image as image_spec  # noqa: E402
from simulator.run.session import Session  # noqa: E402


def per_op_cost(spec: dict, rounds: int = 300) -> float:
    s = Session(from_dict(spec))
    s.run("docker run -d --name bench img")
    t0 = time.perf_counter()
    for i in range(rounds):
        s.run(f"docker exec bench sh -c 'echo {i} >> /d{i % 10}/new{i}; echo x >> /etc/app.conf'")
    return (time.perf_counter() - t0) / rounds


def bench_op_cost():
    small = per_op_cost(image_spec(3, 50))
    big = per_op_cost(image_spec(50, 100_000))
    print(f"1. one exec with copy-up: 3 layers/50 files {small * 1e3:.2f} ms, "
          f"50 layers/100,000 files {big * 1e3:.2f} ms, ratio {big / small:.2f} (target <= 2)")


BUILD_AND_LIST = """
import resource, sys, time
sys.path.insert(0, {root!r}); sys.path.insert(0, {bench!r})
from simulator.run.samples import large_image as image_spec
from simulator.run.scenario import from_dict
from simulator.run.session import Session
t0 = time.perf_counter()
s = Session(from_dict(image_spec(50, 100_000)))
s.run("docker create --name big img")
n = sum(1 for _ in s.engine.namespace(s.engine.containers["big"]).walk())
print(time.perf_counter() - t0, n, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def bench_build_and_list():
    code = BUILD_AND_LIST.format(root=str(ROOT), bench=str(ROOT / "benchmarks"))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    t, n, rss = float(out[0]), int(out[1]), int(out[2]) / 1e3
    print(f"2a. build a 50-layer 100,000-file image + create + list the rootfs ({n} entries), in a fresh "
          f"process: {t:.2f} s, peak RSS {rss:.0f} MB (target < 2 s, < 300 MB)")
    spec = image_spec(50, 100_000)
    spec["steps"] = ["docker create --name big img"]
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(spec, f)
    size = os.path.getsize(f.name) / 1e6
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c",
                           "import resource, runpy, sys; sys.argv=['simulator','run',sys.argv[1],'--json'];"
                           "exec('try:\\n runpy.run_module(\"simulator\", run_name=\"__main__\")\\nexcept SystemExit: pass');"
                           "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)", f.name],
                          cwd=ROOT, capture_output=True, text=True)
    t = time.perf_counter() - t0
    rss = int(proc.stderr.strip().splitlines()[-1]) / 1e3
    os.unlink(f.name)
    print(f"2b. python -m simulator run on a {size:.1f} MB JSON scenario, printing the whole state document "
          f"({len(proc.stdout) / 1e6:.0f} MB): {t:.2f} s, peak RSS {rss:.0f} MB (target < 2 s, < 300 MB)")


def op_sequence(n: int):
    """10 mkdirs, then write, append, read and stat of one file after another (100 files
    in 10 directories, each written again every 400 operations)."""
    ops = [("mkdir", f"/w/d{i}") for i in range(10)]
    for i in range(n - 10):
        k = i // 4
        ops.append((("write", "append", "read", "stat")[i % 4], f"/w/d{k % 10}/f{k % 100}"))
    return ops


def run_on_simulator(ops):
    spec = {"images": {"img": {"layers": [{"files": {"/w/": {}}}]}}}
    s = Session(from_dict(spec))
    s.run("docker run -d --name seq img")
    c = s.engine.containers["seq"]
    ns = s.engine.namespace(c)
    data = Blob.of("hello\n")
    t0 = time.perf_counter()
    for kind, p in ops:
        if kind == "mkdir":
            ns.mkdir(p)
        elif kind == "write":
            ns.write(p, data)
        elif kind == "append":
            ns.write(p, data, append=True)
        elif kind == "read":
            ns.read(p)
        else:
            ns.stat(p)
    return time.perf_counter() - t0


def run_on_real(ops, base: str):
    t0 = time.perf_counter()
    for kind, p in ops:
        path = base + p
        if kind == "mkdir":
            os.mkdir(path)
        elif kind == "write":
            with open(path, "w") as f:
                f.write("hello\n")
        elif kind == "append":
            with open(path, "a") as f:
                f.write("hello\n")
        elif kind == "read":
            with open(path) as f:
                f.read()
        else:
            os.stat(path)
    return time.perf_counter() - t0


def bench_sequence(n: int):
    ops = op_sequence(n)
    sim = run_on_simulator(ops)
    line = f"3. {n} operations on a single-layer container: simulator {sim * 1e3:.0f} ms"
    try:
        from pyfakefs.fake_filesystem_unittest import Patcher
        with Patcher() as patcher:
            patcher.fs.create_dir("/w")
            fake = run_on_real(ops, "")
        line += f", pyfakefs {fake * 1e3:.0f} ms (simulator/pyfakefs {sim / fake:.2f}, target <= 1)"
    except ImportError:
        line += ", pyfakefs not installed"
    line += overlay_figure(ops, sim)
    print(line)


def overlay_figure(ops, sim: float) -> str:
    if os.geteuid() != 0:
        return ", real overlayfs skipped (needs root)"
    with tempfile.TemporaryDirectory() as t:
        for d in ("lower/w", "upper", "work", "merged"):
            os.makedirs(os.path.join(t, d))
        opts = f"index=off,redirect_dir=off,metacopy=off,lowerdir={t}/lower,upperdir={t}/upper,workdir={t}/work"
        if subprocess.run(["mount", "-t", "overlay", "overlay", "-o", opts, f"{t}/merged"]).returncode:
            return ", real overlayfs could not be mounted"
        try:
            real = run_on_real(ops, f"{t}/merged")
        finally:
            subprocess.run(["umount", f"{t}/merged"])
    return f", real overlayfs {real * 1e3:.0f} ms (simulator/kernel {sim / real:.2f})"


def main():
    quick = "--quick" in sys.argv
    bench_op_cost()
    bench_build_and_list()
    bench_sequence(1_000 if quick else 10_000)
    print(f"peak RSS of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3:.0f} MB")


if __name__ == "__main__":
    main()
