"""Sizes as the docker CLI prints them (go-units HumanSizeWithPrecision: decimal units, %.Ng)."""
from __future__ import annotations

from simulator.docker import units

DECIMAL_UNITS = ["B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"]


def human_size(size: float, precision: int = 4) -> str:
    i = 0
    while size >= 1000.0 and i < len(DECIMAL_UNITS) - 1:
        size /= 1000.0
        i += 1
    return f"{size:.{precision}g}{DECIMAL_UNITS[i]}"


# go-units HumanDuration lives with the engine (docker ps's Status is the daemon's text)
human_duration = units.human_duration
