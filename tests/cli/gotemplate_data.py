"""Test data of the Go-template tests (tests/cli/data/gotemplate): YAML values with `!TYPE`
keys made into the Go values simulator.cli.gotemplate executes on."""
from __future__ import annotations

import json
from pathlib import Path

import yaml

from simulator.cli.gotemplate.values import Map, Ptr, Slice, Struct

DATA = Path(__file__).parent / "data" / "gotemplate"


def load(name: str):
    return yaml.safe_load((DATA / name).read_text(encoding="utf-8"))


def typed(v):
    """{"!struct T": {...}}, {"!ptr *T": x}, {"![]T": [...] | null}, {"!map[K]V": {...} | null},
    {"!uint16": n}, {"!float64": n}; anything else as YAML gives it (dicts and lists are
    map[string]interface {} and []interface {})."""
    if isinstance(v, dict) and len(v) == 1 and str(next(iter(v))).startswith("!"):
        tag, inner = next(iter(v.items()))
        tag = tag[1:]
        if tag.startswith("struct "):
            gotype = tag[7:]
            fields = {k: typed(x) for k, x in inner.items()}
            s = Struct(gotype.lstrip("*"), fields)
            return Ptr(gotype, s) if gotype.startswith("*") else s
        if tag.startswith("ptr "):
            return Ptr(tag[4:], None if inner is None else typed(inner))
        if tag.startswith("[]"):
            return Slice((), tag, nil=True) if inner is None else Slice([typed(x) for x in inner], tag)
        if tag.startswith("map["):
            return Map((), tag, nil=True) if inner is None else Map({k: typed(x) for k, x in inner.items()}, tag)
        if tag == "float64":
            return float(inner)
        return inner
    if isinstance(v, dict):
        return {k: typed(x) for k, x in v.items()}
    if isinstance(v, list):
        return [typed(x) for x in v]
    return v


def container_json() -> dict:
    """`docker inspect` of a running container on the real engine (tools/docker_recorder's
    engine, Docker 26.1.5): the document the engine-side tests decode."""
    return json.loads((DATA / "container.json").read_text(encoding="utf-8"))[0]
