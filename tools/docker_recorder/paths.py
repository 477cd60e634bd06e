"""Where the scenario's paths really are during a recording, and back: host files, the engine's data root."""
from __future__ import annotations

from dataclasses import dataclass

SHOWN_DATA_ROOT = "/var/lib/docker"     # what a standard install shows


@dataclass(frozen=True)
class PathMap:
    host_root: str                      # the real directory that stands for the scenario's host "/"
    data_root: str = ""                 # the engine's real --data-root
    extra: tuple = ()                   # more (real, shown) pairs, e.g. the Dockerfiles' directory

    def real(self, host_path: str) -> str:
        """/home/user/site -> HOST_ROOT/home/user/site (relative: below HOST_ROOT, the CLI's
        cwd), with no symlink left on the way; Refused when the path leads out of HOST_ROOT."""
        from .sandbox import real_host_path
        return real_host_path(self.host_root, host_path)

    def host_path(self, real: str) -> str | None:
        """The inverse of `real`; None for a path outside the host directory."""
        if real == self.host_root:
            return "/"
        if real.startswith(self.host_root + "/"):
            return real[len(self.host_root):]
        return None

    def shown(self, text: str) -> str:
        """Every real path in TEXT (CLI output, inspect values) spelled as the scenario sees it."""
        if not text:
            return text
        pairs = [(self.data_root, SHOWN_DATA_ROOT)] if self.data_root else []
        for real, shown in sorted([*pairs, *self.extra], key=lambda p: -len(p[0])):
            text = text.replace(real, shown)
        return text.replace(self.host_root + "/", "/").replace(self.host_root, "/")
