"""The rows of a container's stack, top first: its mounts, the writable layer, each image layer.

Built from the model's public state. With an engine, the mounts are those of
`engine.namespace(container)` (a stopped container: what `docker cp` sees, as in the
state document); without one, those of a running container (`container.active`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from simulator.fs import paths
from simulator.fs import Dir
from simulator.render.index import image_index


@dataclass(frozen=True)
class Row:
    key: str                       # stable id: m0, m1, ..., upper, L0, L1, ... (L = image layer index)
    kind: str                      # mount | upper | layer | folded
    label: str                     # upper, volume:NAME, bind:/host/path, tmpfs, app@1, app@2..app@47
    lookup: Callable = field(compare=False, repr=False)   # container path -> entry or None
    target: str = ""               # mounts: where it is mounted
    read_only: bool = False
    in_effect: bool = True         # a mount that is mounted (or visible to `docker cp`) now
    users: tuple = ()              # mounts: every container using the same volume
    created_by: str = ""
    layers: tuple = ()             # layer indexes (one, or a run for a folded row)
    size: int = 0                  # bytes of files (image layers)
    entries: int = 0               # the writable layer: how many entries it holds
    mount: object = field(default=None, compare=False, repr=False)   # the namespace Mount, in effect

    @property
    def mount_type(self) -> str:
        return self.label.split(":", 1)[0] if self.kind == "mount" else ""

    @property
    def source(self) -> str:
        return self.label.split(":", 1)[1] if ":" in self.label else ""

    def covers(self, path: str) -> bool:
        return self.kind == "mount" and self.in_effect and paths.is_within(path, self.target)


def _nothing(path):
    return None


def mount_lookup(mount):
    fs, target = mount.fs, mount.target

    def lookup(path):
        if not paths.is_within(path, target):
            return None
        return fs.lookup(mount.inner(path))
    return lookup


def effective_mounts(container, engine=None) -> dict:
    """target -> namespace Mount, for the mounts the container sees now (no root)."""
    if engine is not None:
        ns = engine.namespace(container)
        return {t: m for t, m in ns.mounts.items() if t != "/"}
    if container.running:
        return dict(container.active)
    return {}


def container_rows(container, engine=None) -> list[Row]:
    """Every row, top first (nothing folded yet)."""
    rows = []
    mounts = effective_mounts(container, engine)
    users = engine.volume_users if engine is not None else (lambda name: [])
    matched = set()
    for target in sorted(mounts, key=lambda t: (-len(paths.components(t)), t)):
        m = mounts[target]
        plan = next((p for i, p in enumerate(container.mounts)
                     if i not in matched and p.label == m.label and p.path == target), None) \
            or next((p for i, p in enumerate(container.mounts) if i not in matched and p.label == m.label), None)
        if plan is not None:
            matched.add(container.mounts.index(plan))
        rows.append(Row(f"m{len(rows)}", "mount", m.label, mount_lookup(m), target, m.read_only, True,
                        tuple(users(plan.name)) if plan is not None and plan.type == "volume" else (),
                        mount=m))
    for i, plan in enumerate(container.mounts):
        if i not in matched:
            rows.append(Row(f"m{len(rows)}", "mount", plan.label, _nothing, plan.path, not plan.rw, False,
                            tuple(users(plan.name)) if plan.type == "volume" else ()))
    rows.append(Row("upper", "upper", "upper", container.upper.get, read_only=container.read_only,
                    entries=len(container.upper) - 1))
    image = container.image
    sizes = image_index(tuple(image.layers)).sizes
    for index in reversed(range(len(image.layers))):
        layer = image.layers[index]
        rows.append(Row(f"L{index}", "layer", image.layer_label(index), layer.entries.get,
                        created_by=layer.created_by, layers=(index,), size=sizes[index]))
    return rows


def row_entries(row, container):
    """(container path, entry) of everything a row holds (a mount in effect: what its file
    system holds under it, read through `lookup` and `names`, which every file system has)."""
    if row.kind == "upper":
        return container.upper.walk()
    if row.kind == "layer":
        return container.image.layers[row.layers[0]].entries.items()
    if row.mount is None:
        return ()
    fs, base = row.mount.fs, row.mount.base
    top = fs.lookup(base)
    if top is None:
        return ()
    out = [(row.target, top)]
    stack = [base] if type(top) is Dir else []
    while stack:
        d = stack.pop()
        for name in fs.names(d):
            p = paths.join(d, name)
            e = fs.lookup(p)
            out.append((paths.rebase(p, base, row.target), e))
            if type(e) is Dir:
                stack.append(p)
    return out
