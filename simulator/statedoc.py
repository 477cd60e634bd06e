"""The state document of ../shared/spec/scenarios.md section 4: every image, container, volume and host file."""
from __future__ import annotations

import json

from . import paths
from .entries import describe
from .layer import describe_layer


def tree_listing(tree) -> dict:
    return {p: describe(e) for p, e in tree.walk()}


def rootfs_listing(ns) -> dict:
    """Everything a process in the namespace sees (like `find /`), with where each entry lives."""
    out = {}
    for path, entry, source in ns.walk():
        d = describe(entry)
        d.pop("opaque", None)      # the merged view does not show overlayfs' opaque mark
        d["from"] = source
        out[path] = d
    return out


def container_doc(engine, c) -> dict:
    ns = engine.namespace(c)
    return {
        "id": c.id,
        "image": c.image.name,
        "status": c.status,
        "mounts": sorted((m.describe() for m in c.mounts), key=lambda d: (d["target"], d["type"])),
        "rootfs": rootfs_listing(ns),
        "upper": tree_listing(c.upper),
    }


def state(engine) -> dict:
    return {
        "images": {name: {"layers": [describe_layer(layer) for layer in img.layers],
                          "volumes": list(img.volumes)}
                   for name, img in sorted(engine.images.items())},
        "containers": {c.name: container_doc(engine, c) for c in sorted(engine.containers.values(), key=lambda c: c.name)},
        "volumes": {name: {"anonymous": v.anonymous, "used_by": engine.volume_users(name),
                           "files": tree_listing(v.fs.tree)}
                    for name, v in sorted(engine.volumes.items())},
        "host": tree_listing(engine.host.tree),
    }


def document(title: str, records, engine) -> dict:
    return {"title": title, "steps": [r.as_dict() for r in records], "state": state(engine)}


def dumps(doc: dict) -> str:
    """Indented JSON with sorted keys, where a flat object (one file entry, one event) or a
    flat list stays on one line: one path per line reads and diffs well, and it lets the
    C encoder do most of the work on a 100,000-file state."""
    return _encode(doc, 0) + "\n"


_flat = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(", ", ": ")).encode


def _is_flat(value) -> bool:
    items = value.values() if isinstance(value, dict) else value
    return all(not isinstance(v, (dict, list)) for v in items)


def _encode(value, depth: int) -> str:
    if isinstance(value, (dict, list)) and (not value or _is_flat(value)):
        return _flat(value)
    pad, inner = "  " * depth, "  " * (depth + 1)
    if isinstance(value, list):
        return "[\n" + ",\n".join(inner + _encode(v, depth + 1) for v in value) + "\n" + pad + "]"
    if isinstance(value, dict):
        return "{\n" + ",\n".join(f"{inner}{_flat(k)}: {_encode(value[k], depth + 1)}" for k in sorted(value)) \
            + "\n" + pad + "}"
    return _flat(value)
