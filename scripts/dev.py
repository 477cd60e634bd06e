#!/usr/bin/env python3
"""What `./lab` and `./test` do, for every system (Windows: `py scripts\\dev.py lab` or `py scripts\\dev.py test`).

    python3 scripts/dev.py lab [voila] [OPTIONS]   ./.venv with the lab, then `layer-lab lab notebooks` (notebook 01
                                                   open) or `layer-lab voila notebooks/playground.ipynb`
    python3 scripts/dev.py test [PYTEST OPTIONS]   ./.venv with everything the tests need, then pytest

./.venv is made once and installed into only when pyproject.toml changed, or an extra is missing: a stamp
file (.venv/layer-lab-stamp.json) keeps the SHA-256 of the pyproject.toml it was installed from and its
extras. So a second start needs no network; when a reinstall is due and the package index cannot be
reached, the packages uv keeps in its cache are tried (--offline), and if that fails too, an environment
that has the extras asked for is used as it is, with a warning.
"""
from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
STAMP = VENV / "layer-lab-stamp.json"
EXTRAS = {"lab": ["lab"], "test": ["test", "lab", "browser"]}


def bin_path(name: str) -> Path:
    return VENV / ("Scripts" if os.name == "nt" else "bin") / (name + (".exe" if os.name == "nt" else ""))


def say(message: str) -> None:
    print(f"{Path(sys.argv[0]).name}: {message}", file=sys.stderr, flush=True)


def read_stamp() -> dict:
    try:
        stamp = json.loads(STAMP.read_text("utf-8"))
        return stamp if isinstance(stamp, dict) else {}
    except (OSError, ValueError):
        return {}


def pyproject_digest() -> str:
    return hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()


def python_works() -> bool:
    try:
        return subprocess.run([str(bin_path("python")), "-c", "import simulator"], cwd=str(ROOT.parent),
                              capture_output=True, timeout=60).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def install(extras: list[str]) -> bool:
    """uv into the venv (once), then the package, editable, with its extras: online, else from uv's cache."""
    python = str(bin_path("python"))
    quiet = ["-q", "--disable-pip-version-check"]
    if subprocess.run([python, "-m", "uv", "--version"], capture_output=True).returncode != 0:
        if subprocess.run([python, "-m", "pip", "install", *quiet, "uv"]).returncode != 0:
            return False
    spec = f".[{','.join(extras)}]"
    base = [python, "-m", "uv", "pip", "install", "-q", "--python", python, "-e", spec]
    if subprocess.run(base, cwd=ROOT).returncode == 0:
        return True
    say("the package index cannot be reached: trying the packages uv has cached")
    return subprocess.run(base + ["--offline"], cwd=ROOT).returncode == 0


def ensure(role: str) -> int:
    wanted = EXTRAS[role]
    stamp = read_stamp()
    digest = pyproject_digest()
    have = set(stamp.get("extras", ()))
    if bin_path("python").exists() and stamp.get("pyproject") == digest and have >= set(wanted):
        return 0                                     # up to date: nothing to install, no network
    if not bin_path("python").exists():
        if subprocess.run([sys.executable, "-m", "venv", str(VENV)]).returncode != 0:
            say("cannot make .venv (on Debian: apt-get install python3-venv)")
            return 2
    extras = sorted(set(wanted) | (have if stamp.get("pyproject") == digest else set()))
    if install(extras):
        STAMP.write_text(json.dumps({"pyproject": digest, "extras": extras}, indent=1) + "\n", encoding="utf-8")
        return 0
    if have >= set(wanted) and python_works():
        say("could not reinstall after pyproject.toml changed (no network?): using .venv as it is")
        return 0
    say("could not install Layer Lab into .venv: the package index is needed the first time")
    return 2


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in EXTRAS:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    role, rest = argv[0], argv[1:]
    code = ensure(role)
    if code:
        return code
    if role == "test":
        command = [str(bin_path("python")), "-m", "pytest", *rest]
    elif rest[:1] == ["voila"]:
        command = [str(bin_path("layer-lab")), "voila", str(Path("notebooks", "playground.ipynb")), *rest[1:]]
    else:
        command = [str(bin_path("layer-lab")), "lab", "notebooks", *rest]
    os.chdir(ROOT)
    if os.name == "posix":
        os.execv(command[0], command)
    return subprocess.call(command)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
