"""The scenario generator: deterministic per seed, and only valid images (spec section 2)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))   # harness modules, not a package

from sequences import generate_scenario                   # noqa: E402


def test_same_seed_same_scenario():
    assert generate_scenario(12) == generate_scenario(12)
    assert generate_scenario(12) != generate_scenario(13)


def _apply(merged: dict[str, str], layer: dict) -> None:
    """Stack one layer on MERGED (path -> "dir" | "other"), checked independently of
    the generator's own bookkeeping."""
    def drop(path, including):
        for p in [p for p in merged if p.startswith(path + "/") or (including and p == path)]:
            del merged[p]

    for path in layer.get("delete") or []:
        drop(path, True)
    for path in layer.get("opaque") or []:
        drop(path, False)
        merged[path] = "dir"
    for raw, spec in (layer.get("files") or {}).items():
        path = raw.rstrip("/")
        parts = path.split("/")
        for end in range(2, len(parts)):
            merged["/".join(parts[:end])] = "dir"
        merged[path] = "dir" if raw.endswith("/") else "other"


@pytest.mark.parametrize("seed", range(300))
def test_deletes_and_opaque_dirs_have_something_below(seed: int):
    layers = generate_scenario(seed)["images"]["img"]["layers"]
    merged: dict[str, str] = {}
    for index, layer in enumerate(layers):
        for path in layer.get("delete") or []:
            assert path in merged, f"layer {index} deletes {path}, which no lower layer has"
            assert not any(path.startswith(o + "/") for o in layer.get("opaque") or [])
        for path in layer.get("opaque") or []:
            assert merged.get(path) == "dir", f"layer {index}: opaque {path} hides nothing"
        _apply(merged, layer)
