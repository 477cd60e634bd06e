"""The package is the course, installed anywhere: the wheel and the sdist built, each installed into a fresh
virtual environment outside this checkout, and used from another folder (the command, every exercise
and its check, a lesson, the Lab, a copied notebook under nbval); and `./lab` started twice, the second
time with the package index unreachable, serving JupyterLab both times.

Slow (a build, fresh environments, a JupyterLab): `-m "not slow"` leaves them out. Packages come from
uv's cache when they are there (offline), from the index otherwise.
"""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow

CHECK = r'''
import sys
from simulator.course import exercises
from simulator.course.lesson import Lesson
from simulator.ui.lab import Lab
failed = []
for ex in exercises.load_all():
    result = exercises.check_commands(ex, ex.solution) if ex.kind == "goal" else exercises.check_prediction(ex, ex.solution)
    if not result.passed:
        failed.append(ex.id)
lesson = Lesson.open("01-copy-up")
lesson.run("docker run -d --name web app")
picture = lesson.show()
lab = Lab("05-volume-prepopulation")
bundle = lab._repr_mimebundle_()
print(len(exercises.all_ids()), "exercises;", "failed:", failed, "; picture:", bool(picture.svg),
      "; lab:", sorted(bundle))
sys.exit(1 if failed or not picture.svg or "image/png" not in bundle else 0)
'''


def uv(*args, **kwargs) -> subprocess.CompletedProcess:
    """uv with its cache: offline first (no network needed when the packages are cached), then the index."""
    cmd = [sys.executable, "-m", "uv", *args]
    done = subprocess.run(cmd + ["--offline"], capture_output=True, text=True, **kwargs)
    if done.returncode != 0:
        done = subprocess.run(cmd, capture_output=True, text=True, **kwargs)
    assert done.returncode == 0, done.stdout + done.stderr
    return done


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    uv("build", "--sdist", "--wheel", "-q", "-o", str(out), str(ROOT))
    return out


def fresh_env(tmp: Path, artifact: Path, extras: str) -> Path:
    venv = tmp / "venv"
    uv("venv", "-q", str(venv))
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    uv("pip", "install", "-q", "--python", str(python), f"layer-lab[{extras}] @ {artifact.resolve().as_uri()}")
    return venv / ("Scripts" if os.name == "nt" else "bin")


def run(bin_dir: Path, *args, cwd: Path, stdin: bytes | None = None, timeout: int = 300) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["PATH"] = str(bin_dir) + os.pathsep + env.get("PATH", "")
    return subprocess.run([str(bin_dir / args[0]), *map(str, args[1:])], cwd=cwd, input=stdin, capture_output=True,
                          timeout=timeout, env=env)


@pytest.mark.parametrize("kind", ["wheel", "sdist"])
def test_the_installed_package_is_the_whole_course(dist, tmp_path, kind):
    artifact = next(dist.glob("*.whl" if kind == "wheel" else "*.tar.gz"))
    bin_dir = fresh_env(tmp_path, artifact, "test,lab" if kind == "wheel" else "test")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    version = run(bin_dir, "layer-lab", "--version", cwd=elsewhere)
    assert version.returncode == 0 and version.stdout.decode().startswith("layer-lab "), version.stderr
    transcript = run(bin_dir, "layer-lab", "run", "01-copy-up", cwd=elsewhere)
    assert transcript.returncode == 0 and b"$ docker run" in transcript.stdout, transcript.stderr
    # the package's own files, not this checkout's: nothing of ROOT on the path
    where = run(bin_dir, "python", "-c", "import simulator; print(simulator.__file__)", cwd=elsewhere)
    assert str(ROOT) not in where.stdout.decode() and "site-packages" in where.stdout.decode()
    check = run(bin_dir, "python", "-c", CHECK, cwd=elsewhere)
    assert check.returncode == 0, check.stdout.decode() + check.stderr.decode()
    if kind == "sdist":           # (the sdist builds the same wheel: nbval once is enough)
        copied = run(bin_dir, "layer-lab", "course", "copy", "course", cwd=elsewhere)
        assert copied.returncode == 0 and (elsewhere / "course" / "01-filesystem.ipynb").is_file()
        return
    copied = run(bin_dir, "layer-lab", "course", "copy", "course", "--lang", "ko", cwd=elsewhere)
    assert copied.returncode == 0, copied.stderr
    assert sorted(p.name for p in (elsewhere / "course").glob("*.ipynb"))[:2] == ["01-filesystem.ipynb",
                                                                                 "02-writable-layer.ipynb"]
    nbval = run(bin_dir, "python", "-m", "pytest", "--nbval", "--nbval-current-env", "-p", "no:cacheprovider", "-q",
                "course/01-filesystem.ipynb", cwd=elsewhere, timeout=600)
    assert nbval.returncode == 0 and b"passed" in nbval.stdout, nbval.stdout.decode()[-3000:]
    # `layer-lab lab` in an empty folder: the course copied there, JupyterLab serving it, notebook 01 open
    empty = tmp_path / "empty"
    empty.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    served = serve_once(empty, env, tmp_path / "layer-lab-lab.log", timeout=240,
                        command=(str(bin_dir / "layer-lab"), "lab"))
    assert served["served"] and served["url"].endswith("/lab/tree/01-filesystem.ipynb"), served["log"]
    assert (empty / "01-filesystem.ipynb").is_file() and (empty / "playground.ipynb").is_file()


# ---- ./lab, twice -------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def closed_port() -> int:
    return free_port()          # nothing listens there: connections are refused at once


def serve_once(clone: Path, env: dict, log: Path, timeout: float = 420, command=("./lab",)) -> dict:
    """Start ./lab (or `command`), wait until its JupyterLab answers on its port (or it ends), stop it.
    Returns what it saw."""
    port = free_port()
    with open(log, "wb") as out:
        proc = subprocess.Popen([*command, "--no-browser", f"--port={port}", "--ServerApp.token=",
                                 "--ServerApp.password=", "--ServerApp.port_retries=0"],
                                cwd=clone, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        seen = {"served": False, "code": None}
        deadline = time.monotonic() + timeout
        try:
            while time.monotonic() < deadline:
                if proc.poll() is not None:
                    seen["code"] = proc.returncode
                    break
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as r:
                        seen["served"] = r.status == 200 and b"JupyterLab" in r.read()
                        seen["url"] = r.geturl()           # where "/" leads: notebook 01
                        break
                except OSError:
                    time.sleep(0.5)
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
                try:
                    proc.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait()
    seen["log"] = log.read_text("utf-8", "replace")[-3000:]
    return seen


@pytest.mark.skipif(os.name != "posix", reason="./lab is the POSIX face of scripts/dev.py")
def test_lab_starts_twice_the_second_time_with_the_index_unreachable(tmp_path):
    clone = tmp_path / "clone"
    files = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                           capture_output=True, check=True).stdout.decode().split("\0")
    for name in filter(None, files):
        src = ROOT / name
        if src.is_file():
            (clone / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, clone / name)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    first = serve_once(clone, env, tmp_path / "first.log")
    assert first["served"], f"./lab did not serve JupyterLab:\n{first['log']}"
    assert first["url"].endswith("/lab/tree/01-filesystem.ipynb"), first["url"]
    assert (clone / ".venv" / "layer-lab-stamp.json").is_file()
    dead = f"http://127.0.0.1:{closed_port()}/simple"
    offline = dict(env, UV_INDEX_URL=dead, UV_DEFAULT_INDEX=dead, PIP_INDEX_URL=dead, UV_OFFLINE="1",
                   PIP_NO_INDEX="1", PIP_FIND_LINKS="", UV_FIND_LINKS="")
    second = serve_once(clone, offline, tmp_path / "second.log", timeout=180)
    assert second["served"], f"the second ./lab, with no package index, did not serve JupyterLab:\n{second['log']}"
    # pyproject.toml changed while offline: reinstalled from uv's cache (or, failing that, the old .venv used)
    with open(clone / "pyproject.toml", "a", encoding="utf-8") as f:
        f.write("\n# changed\n")
    third = serve_once(clone, offline, tmp_path / "third.log", timeout=240)
    assert third["served"], f"./lab after a change to pyproject.toml, offline, did not serve:\n{third['log']}"
