"""What a docker command gives back: exit status, stdout, stderr; and how the CLI frames errors."""
from __future__ import annotations

from dataclasses import dataclass

from simulator.errors import DockerError


@dataclass(frozen=True)
class Result:
    exit_code: int = 0
    stdout: str = ""
    stderr: str = ""

    def __add__(self, other: "Result") -> "Result":
        return Result(other.exit_code or self.exit_code, self.stdout + other.stdout, self.stderr + other.stderr)


def trim_dot(msg: str) -> str:
    return msg[:-1] if msg.endswith(".") else msg


def status_code(msg: str) -> int:
    """docker run's toStatusError (and runStartContainerErr, the same rule): 127 for a missing file,
    126 for permission or a directory, else 125."""
    low = msg.lower()
    if "executable file not found" in low or "no such file or directory" in low:
        return 127
    if "permission denied" in low or "is a directory" in low:
        return 126
    return 125


def daemon_line(e: DockerError) -> str:
    return f"Error response from daemon: {e.message}\n"


def run_error(e: DockerError, verb: str) -> Result:
    """docker CLI 26.1.5 framing of an error before the container exists (run/create)."""
    if e.origin == "cli":
        if "\nSee 'docker" in e.message:          # a flag error: already framed
            return Result(e.exit_code, "", e.message + "\n")
        if e.message.startswith("invalid argument "):
            return Result(125, "", f"{e.message}\nSee 'docker {verb} --help'.\n")
        return Result(125, "", f"docker: {trim_dot(e.message)}.\nSee 'docker {verb} --help'.\n")
    if verb == "run":
        return Result(status_code(e.message), "", f"docker: Error response from daemon: {trim_dot(e.message)}.\n"
                                                 f"See 'docker run --help'.\n")
    return Result(1, "", daemon_line(e))


def cli_error(e: DockerError) -> Result:
    """An error of any other command: flag errors as they are, daemon errors with the prefix."""
    if e.origin == "cli":
        return Result(e.exit_code, "", e.message + "\n")
    return Result(e.exit_code or 1, "", daemon_line(e))
