"""Windows paths of a `platform: windows` scenario, as paths of the simulated file systems.

A Windows container sees its C: drive as its root: `c:\\app\\data` is `/app/data` in the
container's namespace. On the simulated host, a drive is a top directory: the scenario's
host file `/c/users/me/site/index.html` is `c:\\users\\me\\site\\index.html` to Windows
commands. Docker's Windows daemon lower-cases specs before it parses them, so host paths
of Windows scenarios are written in lower case.
"""
from __future__ import annotations

import re

from simulator.fs import paths

DRIVE = re.compile(r"^([a-zA-Z]):(?:[\\/]|$)")


def is_windows_path(text: str) -> bool:
    return bool(DRIVE.match(text))


def _parts(text: str) -> list[str]:
    return [p for p in re.split(r"[\\/]+", text[2:]) if p]


def container_path(text: str) -> str:
    """`c:\\app\\data` -> `/app/data`; another drive `d:\\x` -> `/d:/x`."""
    drive = text[0].lower()
    rest = "/" + "/".join(_parts(text))
    return paths.normalise(rest if drive == "c" else f"/{drive}:{rest}")


def host_path(text: str) -> str:
    """`c:\\users\\me` -> `/c/users/me` on the simulated host."""
    return paths.normalise(f"/{text[0].lower()}/" + "/".join(_parts(text)))
