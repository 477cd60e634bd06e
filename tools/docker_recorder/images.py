"""Scenario images as a `docker load` archive: a BusyBox base layer, then one layer tar per scenario layer."""
from __future__ import annotations

import hashlib
import io
import json
import os
import tarfile
from dataclasses import dataclass

from . import busybox, markers
from .errors import ScenarioInvalid
from .scenario import WHITEOUT, Entry, ImageSpec, LayerSpec

FIXED_MTIME = 1704067200                  # 2024-01-01T00:00:00Z on every entry: same input, same layer ids
FIXED_CREATED = "2024-01-01T00:00:00Z"
BASE_CREATED_BY = f"layer lab recorder: BusyBox at {busybox.TOOLS_BIN} (not part of the scenario)"
# `cmd: null` is a service. sh as PID 1 with a TERM trap, so `docker stop` ends it at once
# with status 0 (a PID 1 without a handler ignores SIGTERM: 10 s, then SIGKILL, status 137).
SERVICE_CMD = ["sh", "-c", "trap 'exit 0' TERM; sleep 2147483647 & wait"]
CHUNK = 1 << 20


def parents(path: str) -> list[str]:
    """/a/b/c -> [/a, /a/b]"""
    parts = path.strip("/").split("/")
    return ["/" + "/".join(parts[:i]) for i in range(1, len(parts))]


def below(path: str, top: str) -> bool:
    return path.startswith(top + "/")


def plan_layer(spec: LayerSpec, view: dict, where: str) -> dict:
    """The entries of one layer (path -> Entry, whiteouts included) over VIEW, the merged
    image below (path -> Entry). A parent the layer needs but does not declare is held the
    way a real build's layer holds it: copied up (its mode and owner below) or new (0755)."""
    layer = dict(spec.files)
    for path in spec.delete:
        if path in layer:
            raise ScenarioInvalid(f"{where}.delete: {path} is both added and deleted in this layer")
        if path not in view:
            raise ScenarioInvalid(f"{where}.delete: {path} is not provided by a lower layer")
        layer[path] = WHITEOUT
    for path in spec.opaque:
        if view.get(path, WHITEOUT).kind != "dir":
            raise ScenarioInvalid(f"{where}.opaque: {path} has no lower directory to hide")
        own = layer.get(path)
        if own is None and path in _needed(layer):
            own = implicit_parent(view, path)           # the layer holds it anyway, as a parent
        if own is not None and own.kind != "dir":
            raise ScenarioInvalid(f"{where}.opaque: {path} is not a directory in this layer")
        # as after `rm -rf d; mkdir d`: new (0755) unless the layer holds it anyway
        own = own or Entry("dir")
        layer[path] = Entry("dir", own.mode, own.uid, own.gid, opaque=True)
        for p, e in layer.items():
            if e.kind == "whiteout" and below(p, path):
                raise ScenarioInvalid(f"{where}.delete: {p} is inside {path}, which this layer makes opaque")
    for path in _needed(layer):
        if path in layer and layer[path].kind == "whiteout":
            raise ScenarioInvalid(f"{where}: {path} is deleted in this layer, but has entries inside it")
        layer.setdefault(path, implicit_parent(view, path))
    return {p: layer[p] for p in sorted(layer, key=lambda p: p.split("/"))}


def _needed(layer: dict) -> set:
    return {q for p in layer for q in parents(p)}


def implicit_parent(view: dict, path: str) -> Entry:
    lower = view.get(path)
    if lower is not None and lower.kind == "dir":
        return Entry("dir", lower.mode, lower.uid, lower.gid)
    return Entry("dir")


def stack(view: dict, layer: dict) -> dict:
    """The merged view after LAYER: upper wins, a whiteout removes, a non-directory or an
    opaque directory hides everything below it."""
    out = dict(view)
    for path, e in layer.items():
        if e.kind == "whiteout" or e.kind != "dir" or e.opaque:
            for p in [p for p in out if below(p, path)]:
                del out[p]
        if e.kind == "whiteout":
            out.pop(path, None)
        else:
            out[path] = e
    return out


def base_layer() -> dict:
    """BusyBox with one symlink per applet, and the empty /dev, /proc, /sys every real base
    image has (without them BuildKit leaves the three in each RUN layer it commits)."""
    _, data, applets = busybox.find()
    layer = {"/dev": Entry("dir"), "/proc": Entry("dir"), "/sys": Entry("dir"),
             busybox.TOOLS_DIR: Entry("dir"), busybox.TOOLS_BIN: Entry("dir"),
             busybox.TOOLS_BIN + "/busybox": Entry("file", 0o755, content=data, size=len(data))}
    for name in applets:
        layer[f"{busybox.TOOLS_BIN}/{name}"] = Entry("symlink", 0o777, target="busybox")
    return {p: layer[p] for p in sorted(layer, key=lambda p: p.split("/"))}


class _Zeros:
    """A file's bytes: its content, then NULs up to its size (a file declared by size)."""

    def __init__(self, e: Entry):
        self.head, self.left = e.content[:e.size], e.size

    def read(self, n: int = -1) -> bytes:
        n = self.left if n is None or n < 0 else min(n, self.left)
        chunk, self.head = (self.head[:n], self.head[n:]) if self.head else (bytes(min(n, CHUNK)), b"")
        self.left -= len(chunk)
        return chunk


def tar_members(layer: dict):
    """(TarInfo, stream or None) per member, the only place that spells `.wh.`. A hard link
    comes after the file it names (an extractor makes the link to what it already has)."""
    for path, e in layer.items():
        if e.link_to:
            continue
        if e.kind == "whiteout":
            yield _info(markers.tar_whiteout_name(path), tarfile.REGTYPE, 0o600), None
            continue
        info = _info(path, {"dir": tarfile.DIRTYPE, "file": tarfile.REGTYPE,
                            "symlink": tarfile.SYMTYPE}[e.kind], e.mode, e.uid, e.gid)
        if e.kind == "symlink":
            info.linkname = e.target
        if e.kind == "file":
            info.size = e.size
        yield info, (_Zeros(e) if e.kind == "file" else None)
        if e.opaque:
            yield _info(markers.tar_opaque_name(path), tarfile.REGTYPE, 0o644), None
    for path, e in layer.items():
        if e.link_to:
            info = _info(path, tarfile.LNKTYPE, e.mode, e.uid, e.gid)
            info.linkname = e.link_to.lstrip("/")
            yield info, None


def _info(path: str, kind: bytes, mode: int, uid: int = 0, gid: int = 0) -> tarfile.TarInfo:
    info = tarfile.TarInfo(path.lstrip("/"))
    info.type, info.mode, info.uid, info.gid = kind, mode, uid, gid
    info.mtime, info.uname, info.gname = FIXED_MTIME, "", ""
    return info


class _Hashing:
    """A write-only file that hashes what passes through (the layer's diffID)."""

    def __init__(self, out):
        self.out, self.sha, self.size = out, hashlib.sha256(), 0

    def write(self, data: bytes) -> int:
        self.sha.update(data)
        self.size += len(data)
        return self.out.write(data) if self.out is not None else len(data)

    def tell(self) -> int:
        return self.size


def write_layer(layer: dict, out) -> str:
    """Write LAYER as an uncompressed tar to OUT; returns its diffID (sha256 of the tar)."""
    sink = _Hashing(out)
    with tarfile.open(fileobj=sink, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for info, stream in tar_members(layer):
            tar.addfile(info, stream)
    return "sha256:" + sink.sha.hexdigest()


def image_config(image: ImageSpec, diff_ids: list, created_by: list) -> dict:
    if image.cmd is None:
        cmd = SERVICE_CMD
    else:
        cmd = [str(a) for a in image.cmd] if isinstance(image.cmd, list) else ["sh", "-c", image.cmd]
    config = {"Env": ["PATH=" + busybox.TOOLS_BIN, *image.env], "Cmd": cmd,
              "Shell": [busybox.TOOLS_BIN + "/sh", "-c"]}       # RUN in `docker build FROM` it
    if image.volumes:
        config["Volumes"] = {v: {} for v in image.volumes}
    if image.workdir:
        config["WorkingDir"] = image.workdir
    if image.user:
        config["User"] = image.user
    arch = {"x86_64": "amd64", "aarch64": "arm64"}.get(os.uname().machine, os.uname().machine)
    return {"architecture": arch, "os": "linux", "created": FIXED_CREATED, "config": config,
            "rootfs": {"type": "layers", "diff_ids": diff_ids},
            "history": [{"created": FIXED_CREATED, "created_by": c} for c in created_by]}


@dataclass(frozen=True)
class PlannedImage:
    spec: ImageSpec
    layers: tuple          # dict per layer (path -> Entry), bottom first, base layer excluded


def plan_images(images, path: str = "") -> list:
    """Each image's layers planned over the base layer; PATH (the scenario file) names
    the file in the message of an invalid layer."""
    out = []
    base = base_layer()
    for image in images:
        view, layers = stack({}, base), []
        for i, spec in enumerate(image.layers):
            where = f"{path}: images.{image.name}.layers[{i}]" if path else f"images.{image.name}.layers[{i}]"
            layer = plan_layer(spec, view, where)
            layers.append(layer)
            view = stack(view, layer)
        out.append(PlannedImage(image, tuple(layers)))
    return out


def write_archive(images: list, workdir: str, out) -> dict:
    """Write a docker-archive (`docker save` format) of IMAGES to OUT; each layer tar is
    written once to WORKDIR first (a tar header needs the size). Returns image tag ->
    its diffIDs, bottom (the base layer) first."""
    written: dict = {}                                       # id(layer dict) -> diffID

    def layer_file(layer: dict) -> str:
        if id(layer) not in written:
            tmp = os.path.join(workdir, f"layer-{len(written)}.tar")
            with open(tmp, "wb") as f:
                diff_id = write_layer(layer, f)
            os.replace(tmp, os.path.join(workdir, diff_id[7:] + ".tar"))
            written[id(layer)] = diff_id
        return written[id(layer)]

    base_id = layer_file(base_layer())
    manifest, layer_ids = [], {}
    with tarfile.open(fileobj=out, mode="w|", format=tarfile.PAX_FORMAT) as archive:
        for image in images:
            diff_ids = [base_id] + [layer_file(layer) for layer in image.layers]
            config = json.dumps(image_config(image.spec, diff_ids, [BASE_CREATED_BY] +
                                             [l.created_by for l in image.spec.layers]),
                                sort_keys=True).encode()
            name = hashlib.sha256(config).hexdigest() + ".json"
            _add_bytes(archive, name, config)
            manifest.append({"Config": name, "RepoTags": [tag(image.spec.name)],
                             "Layers": [d[7:] + "/layer.tar" for d in diff_ids]})
            layer_ids[tag(image.spec.name)] = diff_ids
        for diff_id in sorted(set(written.values())):
            archive.add(os.path.join(workdir, diff_id[7:] + ".tar"), diff_id[7:] + "/layer.tar")
        _add_bytes(archive, "manifest.json", json.dumps(manifest).encode())
    return layer_ids


def tag(name: str) -> str:
    return name if ":" in name.rsplit("/", 1)[-1] else name + ":latest"


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = len(data), FIXED_MTIME, 0o644
    archive.addfile(info, io.BytesIO(data))
