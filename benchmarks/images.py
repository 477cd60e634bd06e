"""Image archives and the catalog (issue 14). Prints figures; asserts nothing.

1. Loading a 100 MB `docker save` archive of 10,000 files (`python -m simulator image load`'s
   reader, docker/imageload.py): time and peak memory (targets: faster than `docker load` of
   the same archive on the real engine here, under 300 MB). With an engine
   (LAYERLAB_TEST_DOCKER_HOST or DOCKER_HOST, tools/docker_recorder README) its `docker load`
   time is printed beside it.
2. What the catalog adds to import time (target: nothing until an image is used), then the
   time of a first `docker pull postgres:16`.

    .venv/bin/python benchmarks/images.py
"""
from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def make_archive(path: str, files: int = 10_000, total: int = 100 << 20) -> None:
    """An archive as `docker save` writes it: one layer of `files` files, `total` bytes."""
    import hashlib
    import json
    size = total // files
    layer = io.BytesIO()
    with tarfile.open(fileobj=layer, mode="w", format=tarfile.PAX_FORMAT) as t:
        for i in range(files):
            info = tarfile.TarInfo(f"data/d{i // 100:03d}/f{i:05d}.bin")
            info.size = size
            t.addfile(info, io.BytesIO(bytes([i % 251]) * size))
    data = layer.getvalue()
    diff = "sha256:" + hashlib.sha256(data).hexdigest()
    config = json.dumps({"architecture": "amd64", "os": "linux", "config": {"Cmd": ["sh"]},
                         "rootfs": {"type": "layers", "diff_ids": [diff]},
                         "history": [{"created_by": "COPY data /data"}]}).encode()
    config_id = hashlib.sha256(config).hexdigest()
    manifest = json.dumps([{"Config": f"blobs/sha256/{config_id}", "RepoTags": ["bench:1"],
                            "Layers": [f"blobs/sha256/{diff[7:]}"]}]).encode()
    with tarfile.open(path, "w", format=tarfile.PAX_FORMAT) as t:
        for name, blob in ((f"blobs/sha256/{diff[7:]}", data), (f"blobs/sha256/{config_id}", config),
                           ("manifest.json", manifest)):
            info = tarfile.TarInfo(name)
            info.size = len(blob)
            t.addfile(info, io.BytesIO(blob))


def bench_load(path: str) -> None:
    from simulator.run.imagefile import read_file
    size = os.path.getsize(path)
    t0 = time.perf_counter()
    images = read_file(path)
    t = time.perf_counter() - t0
    del images
    tracemalloc.start()                  # memory on a second run (tracing slows it down)
    images = read_file(path)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    files = sum(1 for e in images[0].layers[0].entries.values() if e.kind == "file")
    print(f"1. load a {size / 1e6:.0f} MB archive of {files:,} files: {t:.2f} s, peak {peak / 1e6:.0f} MB "
          "(targets: faster than docker load, < 300 MB)")
    host = os.environ.get("LAYERLAB_TEST_DOCKER_HOST") or os.environ.get("DOCKER_HOST")
    if host and shutil.which("docker"):
        env = {**os.environ, "DOCKER_HOST": host}
        t0 = time.perf_counter()
        done = subprocess.run(["docker", "load", "-i", path], env=env, capture_output=True, text=True)
        t = time.perf_counter() - t0
        subprocess.run(["docker", "rmi", "bench:1"], env=env, capture_output=True)
        print(f"   docker load of the same archive on the engine at {host}: {t:.2f} s"
              + ("" if done.returncode == 0 else f" (failed: {done.stderr.strip()})"))
    else:
        print("   (no engine: set LAYERLAB_TEST_DOCKER_HOST to compare with docker load)")


def bench_catalog() -> None:
    code = ("import time; t0 = time.perf_counter(); import simulator.run.session, simulator.cli.dispatch; "
            "t1 = time.perf_counter(); from simulator.docker.catalog import load; "
            "print(f'{t1 - t0:.3f} {load.load_repository.cache_info().currsize}')")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT).stdout.split()
    print(f"2. import of the model: {float(out[0]):.3f} s with {out[1]} catalog files read (target: 0 read)")
    from simulator.run.session import Session
    s = Session()
    t0 = time.perf_counter()
    s.run("docker pull postgres:16")
    print(f"   first docker pull postgres:16 (reads and builds its file): {time.perf_counter() - t0:.3f} s")


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as d:
        archive = os.path.join(d, "bench.tar")
        make_archive(archive)
        bench_load(archive)
    bench_catalog()
