"""The docker CLI, the recorder's only way to talk to the engine (OS errors become EngineError here)."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass

from .errors import EngineError

STEP_TIMEOUT = 120          # seconds; a step that takes longer is killed and recorded with exit 124
TIMED_OUT = 124             # as coreutils' timeout(1)


@dataclass(frozen=True)
class Result:
    exit_code: int
    stdout: str
    stderr: str


@dataclass(frozen=True)
class DockerCLI:
    host: str                            # DOCKER_HOST, unix://...
    cwd: str                             # the host directory: `-v ./x:/y` resolves against it
    binary: str = ""
    config: str = ""                     # DOCKER_CONFIG (holds the buildx plugin), or "" for ~/.docker

    @staticmethod
    def find(host: str, cwd: str) -> "DockerCLI":
        binary = os.environ.get("DOCKER_CLI") or shutil.which("docker")
        if not binary:
            raise EngineError("no docker CLI on PATH (or set DOCKER_CLI)")
        return DockerCLI(host, cwd, binary, os.environ.get("DOCKER_CONFIG", ""))

    def env(self) -> dict:
        env = {"PATH": os.environ.get("PATH", "/usr/local/bin:/usr/bin:/bin"), "LANG": "C.UTF-8",
               "HOME": os.environ.get("HOME", "/root"), "DOCKER_HOST": self.host}
        if self.config:
            env["DOCKER_CONFIG"] = self.config
        return env

    def run(self, args: list, timeout: float = STEP_TIMEOUT, stdin_writer=None) -> Result:
        """Run `docker ARGS` with stdin /dev/null (or fed by STDIN_WRITER(pipe)); never raises on
        the command's own failure; a timeout kills it and gives exit 124."""
        with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
            try:
                proc = subprocess.Popen([self.binary, *args], cwd=self.cwd, env=self.env(),
                                        stdin=subprocess.PIPE if stdin_writer else subprocess.DEVNULL,
                                        stdout=out, stderr=err)
            except OSError as e:
                raise EngineError(f"cannot run {self.binary}: {e.strerror}")
            if stdin_writer:
                try:
                    stdin_writer(proc.stdin)
                except BrokenPipeError:
                    pass
                finally:
                    try:
                        proc.stdin.close()
                    except BrokenPipeError:
                        pass
            try:
                code = proc.wait(timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
                code = TIMED_OUT
            out.seek(0)
            err.seek(0)
            return Result(code, out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"))

    def run_terminal(self, args: list, lines, settle: float = 1.0) -> Result:
        """Run `docker ARGS` on a pseudo-terminal (as a person at a terminal does) and type
        LINES, each once the output has been quiet for SETTLE seconds; after the last, wait
        for the end (5 s), else detach with Ctrl-P Ctrl-Q. The terminal's answer-back query
        that BusyBox's line editing sends (ESC [6n, asking where the cursor is) is left out
        of the output: no terminal answers it here."""
        import pty
        import select
        import time
        master, slave = pty.openpty()
        try:
            proc = subprocess.Popen([self.binary, *args], cwd=self.cwd, env={**self.env(), "TERM": "xterm"},
                                    stdin=slave, stdout=slave, stderr=slave, start_new_session=True)
        except OSError as e:
            raise EngineError(f"cannot run {self.binary}: {e.strerror}")
        os.close(slave)
        out = bytearray()

        def drain(quiet: float, limit: float) -> None:
            end, last = time.monotonic() + limit, time.monotonic()
            while time.monotonic() < end and time.monotonic() - last < quiet:
                ready, _, _ = select.select([master], [], [], 0.05)
                if ready:
                    try:
                        data = os.read(master, 65536)
                    except OSError:
                        return
                    if not data:
                        return
                    out.extend(data)
                    last = time.monotonic()
                elif proc.poll() is not None:
                    return
        drain(settle, 15)
        for line in lines:
            if proc.poll() is not None:
                break
            os.write(master, line.encode() + b"\r")
            drain(settle, 15)
        if proc.poll() is None:
            drain(settle, 5)
        if proc.poll() is None:
            os.write(master, b"\x10\x11")                   # Ctrl-P Ctrl-Q: detach
            drain(settle, 5)
        try:
            code = proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            code = TIMED_OUT
        os.close(master)
        text = bytes(out).replace(b"\x1b[6n", b"").decode("utf-8", "replace")
        return Result(code, text, "")

    def check(self, args: list, timeout: float = STEP_TIMEOUT, stdin_writer=None) -> str:
        """stdout of `docker ARGS`, which must succeed."""
        r = self.run(args, timeout, stdin_writer)
        if r.exit_code != 0:
            raise EngineError(f"docker {' '.join(args)}: exit {r.exit_code}: {r.stderr.strip()[-800:]}")
        return r.stdout

    def inspect(self, kind: str, refs) -> list:
        """`docker KIND inspect` of REFS (container, volume or image) as parsed JSON."""
        refs = list(refs)
        if not refs:
            return []
        return json.loads(self.check([kind, "inspect", *refs]))

    def ids(self, args: list) -> list:
        return self.check(args).split()
