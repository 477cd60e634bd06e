"""Starting and stopping the Jupyter servers of the browser tests, and what they share."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "notebooks" / "playground.ipynb"
PROJECTOR_NOTEBOOK = ROOT / "notebooks" / "projector.ipynb"
# Layer Lab's Voilà template (no stylesheet from a CDN): found through JUPYTER_PATH
VOILA_TEMPLATES = ROOT / "simulator" / "ui" / "jupyter"
SCREENSHOTS = Path(os.environ.get("LAYER_LAB_SCREENSHOTS") or Path(__file__).resolve().parent / "screenshots")
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
START_TIMEOUT = 60


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get_json(url: str, token: str):
    req = urllib.request.Request(url, headers={"Authorization": f"token {token}"})
    with urllib.request.urlopen(req, timeout=5) as r:
        return json.loads(r.read().decode())


def poll_json(url: str, token: str, ready, timeout: float, what: str):
    """GET `url` until `ready(answer)` is true: a server busy starting a kernel may drop or refuse a
    request (urllib's URLError, a reset connection), which only means "not yet"."""
    deadline = time.monotonic() + timeout
    answer, error = None, ""
    while time.monotonic() < deadline:
        try:
            answer = get_json(url, token)
            error = ""
            if ready(answer):
                return answer
        except (OSError, ValueError) as e:       # URLError and HTTPError are OSErrors
            error = f"{type(e).__name__}: {e}"
        time.sleep(0.2)
    raise AssertionError(f"{what}: not so after {timeout}s (last answer {answer!r} {error})")


def _descendants(pid: int) -> list[int]:
    """Every process below `pid` (kernels run in sessions of their own, so a process group misses them)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
        except (OSError, IndexError, ValueError):
            continue
    out, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


class Server:
    """One Jupyter server process we started, and how to reach it."""

    def __init__(self, name: str, argv: list[str], port: int, token: str, cwd: Path, env: dict, log: Path):
        self.name, self.port, self.token, self.log = name, port, token, log
        self.base = f"http://127.0.0.1:{port}"
        self._log_file = open(log, "w")
        self.proc = subprocess.Popen(argv, cwd=cwd, env=env, stdout=self._log_file, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, start_new_session=True)

    def wait_ready(self, path: str) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.proc.returncode}:\n{self.tail()}")
            try:
                urllib.request.urlopen(f"{self.base}{path}", timeout=2).close()
                return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"{self.name} did not answer on {self.base} within {START_TIMEOUT}s:\n{self.tail()}")

    def tail(self, n: int = 40) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-n:])
        except OSError:
            return ""

    def stop(self) -> None:
        """SIGTERM (the server shuts its kernels down), then SIGKILL for anything of ours still there."""
        if self.proc.poll() is None:
            below = _descendants(self.proc.pid)
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)
            for pid in below:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
        self._log_file.close()
