"""The event vocabulary: what a step did to storage, as the model tells it to the renderers.

An event is a plain dict (so it is printed, saved and compared as it is):
    {"type": KIND, "container": NAME or "host": True, "path": ..., FIELD: value, ...}
`container`/`host` and `path` are set by the emitter that knows them (a mount namespace for file
events); every other field is the kind's own, listed below with its type. KINDS is the single
list of kinds: `Engine.emit` and `Namespace.emit` refuse a kind or a field that is not listed,
tests/test_events.py checks that every `emit("kind", field=...)` in the code uses a listed kind
and listed fields, and that the renderer narrates every kind (render/narrate.py, NARRATION).

Adding a kind is one line here:
    kind("soft-delete", "where", "until", by="fs", doc="what it means")
then one line in render/narrate.py's NARRATION table and an `event.soft-delete` message in
simulator/messages/en.yaml and ko.yaml. The tests name whichever of those is missing.
"""
from __future__ import annotations

from dataclasses import dataclass

# fields any event may carry, set by whoever emits it
COMMON = ("type", "container", "host", "path")
TYPES = {"str": str, "int": int, "bool": bool, "list": list}


@dataclass(frozen=True)
class Kind:
    name: str
    types: dict                   # its own fields (besides COMMON) -> their type: str, int, bool or list
    by: str                       # the package that emits it: fs, docker, cli
    doc: str

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(self.types)

    def check(self, fields) -> None:
        unknown = set(fields) - set(self.types) - set(COMMON)
        if unknown:
            raise ValueError(f"event {self.name!r} has no field {', '.join(sorted(unknown))} "
                             f"(its fields: {', '.join(self.types) or 'none'}; add it in simulator/events.py)")


KINDS: dict[str, Kind] = {}


def kind(name: str, *fields: str, by: str, doc: str) -> Kind:
    """List a kind: its fields as "name" (text) or "name:int", "name:bool", "name:list"."""
    if name in KINDS:
        raise ValueError(f"event kind {name!r} is listed twice")
    types = {}
    for spec in fields:
        field, _, type_name = spec.partition(":")
        types[field] = TYPES[type_name or "str"]
    KINDS[name] = k = Kind(name, types, by, doc)
    return k


# ---- the file system (simulator/fs: overlay copy-up and whiteouts, a namespace's changes) ----------
kind("copy-up", "from", "kind", "bytes:int", by="fs", doc="a lower entry copied into the upper layer (from: image@layer)")
kind("whiteout", by="fs", doc="a whiteout hides a lower entry")
kind("opaque", "reason", by="fs", doc="a directory made opaque (over-whiteout, renamed-into-merged-dir)")
kind("write", "where", "bytes:int", "append:bool", by="fs", doc="a file's content written (or appended to)")
kind("create", "where", "bytes:int", "kind", "target", by="fs", doc="a new file or symlink (kind, target)")
kind("delete", "where", "kind", by="fs", doc="an entry removed")
kind("mkdir", "where", by="fs", doc="a directory made")
kind("rename", "where", "to", "kind", by="fs", doc="an entry renamed (to)")
kind("chmod", "where", "mode", by="fs", doc="permission bits changed (mode: 4 octal digits)")
kind("chown", "where", "uid:int", "gid:int", by="fs", doc="owner changed")
kind("touch", "where", by="fs", doc="times changed")
kind("truncate", "where", "size:int", by="fs", doc="a file's size set")
kind("exdev", "to", by="fs", doc="rename(2) refused with EXDEV (a merged directory): nothing changed")
kind("hard-link", "where", "to", "links:int", by="fs",
     doc="a new name for an existing file (to: the name it was linked to; links: its link count now)")
kind("link-broken", "others:list", by="fs",
     doc="a copy-up gave a file its own inode: the other names of its image inode keep the image's file (index=off)")
kind("error", "op", "errno", by="fs", doc="an operation failed with errno: nothing changed")

# ---- the engine (simulator/docker) --------------------------------------------------------------
kind("populate", "volume", "entries:int", by="docker", doc="an empty volume filled from the image at its target")
kind("obscure", "volume", "reason", "hidden:int", "by", "names:list", by="docker",
     doc="a mount hides what the image has at its target (by: what; names: the first few)")
kind("mount", "source", "rw:bool", by="docker", doc="a mount made at container start")
kind("unmount", "source", "discarded:bool", by="docker", doc="a mount taken down (a tmpfs's content discarded)")
kind("volume-create", "volume", "anonymous:bool", by="docker", doc="a volume made")
kind("volume-remove", "volume", by="docker", doc="a volume removed")
kind("volume-survives", "volume", by="docker", doc="a container removed, its volume kept")
kind("volume-use", "volume", "target", by="docker", doc="a container created with a volume at target")
kind("container-create", "image", "id", by="docker", doc="a container created from an image")
kind("container-start", by="docker", doc="a container started")
kind("container-stop", by="docker", doc="a container stopped")
kind("process-wait", "on", "ms:int", by="cli",
     doc="the main process waits (on: sleep, stdin); ms: how long, 0 for ever (until a signal or input)")
kind("process-exit", "status:int", "why", by="cli", doc="the main process ended (why: exit, signal)")
kind("signal", "signal", by="cli", doc="a signal sent to a container's main process (docker stop, kill)")
kind("container-pause", by="cli", doc="docker pause: the container's processes are frozen")
kind("container-unpause", by="cli", doc="docker unpause: its processes go on")
kind("container-remove", "upper_entries:int", by="docker", doc="a container and its writable layer removed")
kind("host-mkdir", "reason", by="docker", doc="dockerd made a missing bind source on the host")
kind("image-create", "image", "id", "layers:int", by="docker", doc="an image made (build, commit, load)")
kind("layer-commit", "image", "step", "created_by", "entries:int", "whiteouts:int", "opaque:int", "bytes:int",
     "cached:bool", "left_out:list", by="docker", doc="a layer committed: a build step's, or a container's (docker commit)")

# ---- the command line (simulator/cli: build, images, compose) ---------------------------------
kind("image-remove", "image", "id", by="cli", doc="an image removed")
kind("build-volume", "image", "paths:list", "note", by="cli", doc="a Dockerfile VOLUME")
kind("volume-build-change", "image", "step", "volume", "paths:list", "kept:bool", "builder", "legacy_builder",
     by="cli", doc="a build step changed a path under a VOLUME (BuildKit keeps it, the legacy builder did not)")
kind("build-mount-stubs", "image", "step", "note", by="cli", doc="BuildKit's /etc/hosts and /etc/resolv.conf stubs")
kind("network-create", "network", "project", by="cli", doc="compose made a project's network")
kind("network-remove", "network", "project", by="cli", doc="compose removed a project's network")


def check(type_: str, fields) -> None:
    """ValueError, naming what to add, unless `type_` is a listed kind and `fields` are its own."""
    k = KINDS.get(type_)
    if k is None:
        raise ValueError(f"unknown event kind {type_!r}: add it to simulator/events.py (one line: "
                         f"kind({type_!r}, FIELDS..., by=..., doc=...))")
    k.check(fields)


def event(type_: str, **fields) -> dict:
    """A new event of a listed kind with listed fields."""
    check(type_, fields)
    return {"type": type_, **fields}


__all__ = ["COMMON", "KINDS", "TYPES", "Kind", "check", "event", "kind"]
