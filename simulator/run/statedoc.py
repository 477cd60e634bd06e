"""The state document of ../shared/spec/scenarios.md section 4: every image, container, volume and host file."""
from __future__ import annotations

import json

from simulator.fs import describe
from simulator.fs import describe_layer


class Describer:
    """describe() once per entry object: image layers and the containers' merged views
    share their file entries, and a 100,000-file image is described once, not twice."""

    def __init__(self):
        self.seen: dict[int, tuple] = {}

    def __call__(self, entry) -> dict:
        hit = self.seen.get(id(entry))
        if hit is None or hit[0] is not entry:
            hit = self.seen[id(entry)] = (entry, describe(entry))
        return dict(hit[1])


def tree_listing(tree, describe_=describe) -> dict:
    return {p: describe_(e) for p, e in tree.walk()}


def rootfs_listing(ns, describe_=describe) -> dict:
    """Everything a process in the namespace sees (like `find /`), with where each entry lives."""
    out = {}
    for path, entry, source in ns.walk():
        d = describe_(entry)
        d.pop("opaque", None)      # the merged view does not show overlayfs' opaque mark
        d["from"] = source
        out[path] = d
    return out


# Docker binds its own files over these at start (the recorder leaves them out of a rootfs too):
# the simulator has them only where `docker cp` copied the init layer's up (simulator.docker.archive)
RUNTIME_FILES = ("/etc/hostname", "/etc/hosts", "/etc/resolv.conf")


def volume_files(engine, v, describe_=describe) -> dict:
    """What the volume's directory holds: a bind-type or network volume (docker volume create
    -o) shows its files there only while a running container has it mounted."""
    from simulator.docker import localdriver
    kind = localdriver.kind(v)
    if kind in ("bind", "network", "device"):
        if not any(c.running and any(m.type == "volume" and m.name == v.name for m in c.mounts)
                   for c in engine.containers.values()):
            return {}
        try:
            fs, base = localdriver.storage(engine, v)
        except Exception:
            return {}
        from simulator.fs import paths
        return {paths.rebase(p, base, "/"): describe_(e) for p, e in fs.tree.walk(base)}
    return tree_listing(v.fs.tree, describe_)


def container_doc(engine, c, describe_=describe) -> dict:
    ns = engine.namespace(c)
    rootfs = rootfs_listing(ns, describe_)
    for path in RUNTIME_FILES:
        rootfs.pop(path, None)
    return {
        "id": c.id,
        "image": c.image.name,
        "status": c.status,
        "mounts": sorted((m.describe() for m in c.mounts), key=lambda d: (d["target"], d["type"])),
        "rootfs": rootfs,
        "upper": tree_listing(c.upper, describe_),
    }


def state(engine) -> dict:
    describe_ = Describer()
    return {
        "images": {name: {"layers": [describe_layer(layer, describe_) for layer in img.layers],
                          "volumes": list(img.volumes)}
                   for name, img in sorted(engine.images.items())},
        "containers": {c.name: container_doc(engine, c, describe_)
                       for c in sorted(engine.containers.values(), key=lambda c: c.name)},
        "volumes": {name: {"anonymous": v.anonymous, "used_by": engine.volume_users(name),
                           "files": volume_files(engine, v, describe_)}
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


_scalar = json.JSONEncoder(ensure_ascii=False).encode
_string = json.encoder.encode_basestring      # the C function behind the encoder


def _value(v) -> str:
    t = type(v)
    if t is str:
        return _string(v)
    if t is int:
        return str(v)
    return _scalar(v)


def _flat(value) -> str:
    """One line, as json.dumps(sort_keys=True, separators=(", ", ": ")) writes it, with a
    C call per string instead of a whole encoder run per object (a 100,000-file state
    has 200,000 of these)."""
    if type(value) is dict:
        return "{" + ", ".join([f"{_string(k)}: {_value(value[k])}" for k in sorted(value)]) + "}"
    if type(value) is list:
        return "[" + ", ".join([_value(v) for v in value]) + "]"
    return _value(value)


def _is_flat(value) -> bool:
    items = value.values() if isinstance(value, dict) else value
    for v in items:
        if type(v) in (dict, list):
            return False
    return True


def _encode(value, depth: int) -> str:
    if type(value) in (dict, list) and (not value or _is_flat(value)):
        return _flat(value)
    pad, inner = "  " * depth, "  " * (depth + 1)
    if isinstance(value, list):
        return "[\n" + ",\n".join(inner + _encode(v, depth + 1) for v in value) + "\n" + pad + "]"
    if isinstance(value, dict):
        return "{\n" + ",\n".join(f"{inner}{_flat(k)}: {_encode(value[k], depth + 1)}" for k in sorted(value)) \
            + "\n" + pad + "}"
    return _flat(value)
