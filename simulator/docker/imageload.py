"""`docker load`: read an image archive (Docker's, any version, or an OCI image layout from
another tool, plain or gzip) into frozen layers and configs, checking everything first.

Read in one pass over the archive, never written anywhere: layer tars become Layer entries
(`.wh.NAME` a whiteout, `.wh..wh..opq` an opaque directory, hard links a copy of their
target, devices and FIFOs left out). Limits, so that a 1 GB image costs memory for its file
list and not its bytes: a file's bytes are kept up to CONTENT_CAP, and up to KEPT_CAP for the
whole archive; a larger file is a size-only entry (its size, shown as zero bytes). Refused,
with one message naming the archive, and nothing loaded: a truncated or corrupt tar, a
member named with `..` or an absolute path, a link member in the archive itself, a member
below a symbolic link of its layer, a manifest naming a blob the archive does not have, a
layer whose sha256 is not its name or diff ID, a gzip stream that expands more than
GZIP_RATIO times (a gzip bomb), more than MAX_ENTRIES entries.
"""
from __future__ import annotations

import hashlib
import json
import tarfile
import zlib
from dataclasses import dataclass

from simulator.fs import paths
from simulator.fs import Blob
from simulator.fs import WHITEOUT, Dir, File, Symlink, is_dir
from simulator.fs import ImageView
from simulator.fs import Layer, implicit_parent

CONTENT_CAP = 4 << 20          # bytes of one file kept as its content (a static BusyBox fits)
KEPT_CAP = 64 << 20            # bytes of file content kept for one archive
META_CAP = 4 << 20             # a JSON member (manifest, config)
GZIP_RATIO = 100               # a gzip stream may expand to this many times its size (+ 1 MiB)
MAX_ENTRIES = 500_000


class ArchiveError(ValueError):
    """The archive cannot be loaded; the message names it."""


class LoadedLayer(Layer):
    __slots__ = ("diff_id",)

    def __init__(self, entries: dict, created_by: str, diff_id: str):
        self.diff_id = diff_id
        super().__init__(entries, created_by)


@dataclass
class LoadedImage:
    names: list          # "repo:tag"
    config: dict         # the image config JSON
    history: list        # {"created_by", "empty_layer", "comment"}
    layers: list         # LoadedLayer, bottom first
    image_id: str        # sha256 of the config


class _Hashing:
    """Reads from `src`, hashing and counting, refusing beyond `limit` bytes."""

    def __init__(self, src, limit: int | None, what: str):
        self.src, self.limit, self.what = src, limit, what
        self.h = hashlib.sha256()
        self.count = 0
        self.pending = b""

    def read(self, n: int = -1) -> bytes:
        data = self.src.read(n) if n is None or n >= 0 else self.src.read()
        self.h.update(data)
        self.count += len(data)
        if self.limit is not None and self.count > self.limit:
            raise ArchiveError(self.what)
        return data

    def drain(self) -> None:
        while self.read(1 << 20):
            pass

    def digest(self) -> str:
        return "sha256:" + self.h.hexdigest()


class _Gunzip:
    """A gzip stream read in pieces: at most 1 MiB is inflated ahead of the reader, and a read
    copies only what it returns (a gzip bomb costs the bytes read, not their square)."""

    def __init__(self, src):
        self.src = src
        self.z = zlib.decompressobj(16 + zlib.MAX_WBITS)
        self.buf = b""
        self.pos = 0
        self.eof = False

    def _refill(self) -> None:
        data = self.z.unconsumed_tail or self.src.read(65536)
        try:
            if data:
                self.buf = self.z.decompress(data, 1 << 20)
            else:
                self.buf, self.eof = self.z.flush(), True
        except zlib.error as e:
            raise ArchiveError(f"a gzip stream is corrupt ({e})") from None
        self.pos = 0

    def read(self, n: int = -1) -> bytes:
        out: list[bytes] = []
        want = n if n >= 0 else None
        while want is None or want > 0:
            if self.pos >= len(self.buf):
                if self.eof:
                    break
                self._refill()
                continue
            end = len(self.buf) if want is None else min(len(self.buf), self.pos + want)
            piece = self.buf[self.pos:end]
            self.pos = end
            out.append(piece)
            if want is not None:
                want -= len(piece)
        return b"".join(out)


def _clean(name: str, where: str) -> str | None:
    """A member name as an absolute, normalised path; None for the root itself."""
    if name.startswith("/"):
        raise ArchiveError(f"{where}member {name!r} has an absolute path")
    parts = [p for p in name.split("/") if p not in ("", ".")]
    if ".." in parts:
        raise ArchiveError(f"{where}member {name!r} goes up with '..'")
    return "/" + "/".join(parts) if parts else None


class _Budget:
    def __init__(self):
        self.kept = 0
        self.entries = 0


def _read_layer(stream, budget: _Budget, where: str) -> list:
    """A layer tar as raw members [(path, kind, attrs)], in order."""
    members, links = [], set()
    try:
        tar = tarfile.open(fileobj=stream, mode="r|")
    except tarfile.ReadError:
        return members                      # an empty layer: no header at all
    with tar:
        for m in tar:
            path = _clean(m.name, where)
            if path is None:
                continue
            budget.entries += 1
            if budget.entries > MAX_ENTRIES:
                raise ArchiveError(f"more than {MAX_ENTRIES:,} entries")
            for q in paths.prefixes(paths.parent(path)):
                if q in links:
                    raise ArchiveError(f"{where}member {m.name!r} is below the symbolic link {q[1:]!r}")
            attrs = {"mode": m.mode & 0o7777, "uid": m.uid, "gid": m.gid}
            if m.isdir():
                members.append((path, "dir", attrs))
            elif m.issym():
                links.add(path)
                members.append((path, "symlink", {**attrs, "target": m.linkname}))
            elif m.islnk():
                target = _clean(m.linkname, where)
                members.append((path, "hardlink", {**attrs, "target": target}))
            elif m.isreg():
                if m.size <= CONTENT_CAP and budget.kept + m.size <= KEPT_CAP:
                    data = tar.extractfile(m).read()
                    if len(data) != m.size:
                        raise ArchiveError(f"{where}member {m.name!r} is truncated")
                    budget.kept += m.size
                    blob = Blob.of(data)
                else:
                    blob = Blob.zeros(m.size)
                members.append((path, "file", {**attrs, "blob": blob}))
    return members


def _build(members: list, view: ImageView, diff_id: str, created_by: str) -> LoadedLayer:
    entries: dict = {}
    for path, kind, a in members:
        parent, base = paths.split(path)
        if base == ".wh..wh..opq":
            d = entries.get(parent) or implicit_parent(view, parent)
            entries[parent] = Dir(d.mode, d.uid, d.gid, opaque=True)
        elif base.startswith(".wh."):
            entries[paths.join(parent, base[4:])] = WHITEOUT
        elif kind == "dir":
            old = entries.get(path)
            entries[path] = Dir(a["mode"], a["uid"], a["gid"], opaque=bool(old is not None and is_dir(old)
                                                                            and old.opaque))
        elif kind == "symlink":
            entries[path] = Symlink(a["target"], a["uid"], a["gid"])
        elif kind == "hardlink":
            target = entries.get(a["target"]) or view.get(a["target"] or "/")
            if target is None or target.kind != "file":
                raise ArchiveError(f"hard link {path[1:]!r} names {a['target']!r}, which the layer does not have")
            entries[path] = target
        else:
            entries[path] = File(a["blob"], a["mode"], a["uid"], a["gid"])
    for path in list(entries):
        for q in paths.prefixes(paths.parent(path)):
            if q not in entries:
                entries[q] = implicit_parent(view, q)
    return LoadedLayer(entries, created_by, diff_id)


def _json(meta: dict, name: str, where: str, what: str):
    if name not in meta:
        raise ArchiveError(f"{where}{what} names {name!r}, which the archive does not have")
    try:
        return json.loads(meta[name])
    except ValueError:
        raise ArchiveError(f"{where}{name!r} is not JSON") from None


def read_archive(fileobj, source: str, total_size: int, held: dict | None = None) -> list[LoadedImage]:
    """Every image of the archive. `held`: diff ID -> a layer the engine has (reused, stored once)."""
    meta: dict = {}
    layers: dict = {}                     # member name -> (members, diff id, blob digest)
    budget = _Budget()
    try:
        outer = tarfile.open(fileobj=fileobj, mode="r|*")
        compressed = getattr(outer.fileobj, "comptype", "tar") != "tar"
        declared = 0
        with outer:
            for m in outer:
                name = (_clean(m.name, "") or "/")[1:]
                if m.issym() or m.islnk():
                    raise ArchiveError(f"member {m.name!r} is a link: an image archive holds none "
                                       "(it could point outside the archive)")
                if not m.isreg():
                    continue
                declared += m.size
                if compressed and declared > GZIP_RATIO * total_size + (1 << 20):
                    raise ArchiveError(f"it expands more than {GZIP_RATIO} times (a gzip bomb?)")
                raw = _Hashing(outer.extractfile(m), None, "")
                head = raw.read(512)
                if head[:2] == b"\x1f\x8b" or _is_tar(head):
                    layers[name] = _read_blob(raw, head, m.size, budget, f"layer {name!r}: ")
                elif m.size <= META_CAP:
                    meta[name] = head + raw.read()
                else:
                    raw.drain()
                if raw.count != m.size:
                    raise ArchiveError(f"the archive is truncated or corrupt (member {name!r} ends early)")
        if not compressed and total_size % 512:
            raise ArchiveError("the archive is truncated or corrupt (it does not end on a tar block)")
    except ArchiveError as e:
        raise ArchiveError(f"{source}: {e}") from None
    except (tarfile.TarError, EOFError, OSError, zlib.error) as e:
        raise ArchiveError(f"{source}: the archive is truncated or corrupt ({e})") from None
    for name, (_, _, blob_digest) in layers.items():
        if name.startswith("blobs/sha256/") and blob_digest != "sha256:" + name.rpartition("/")[2]:
            raise ArchiveError(f"{source}: blob {name!r} is corrupt (its sha256 is {blob_digest})")
    try:
        if "manifest.json" in meta:
            found = _docker_images(meta, layers)
        elif "index.json" in meta:
            found = _oci_images(meta, layers)
        else:
            raise ArchiveError("neither manifest.json nor index.json: not an image archive")
        return [_image(names, config_bytes, layer_names, layers, held or {}) for names, config_bytes, layer_names
                in found]
    except ArchiveError as e:
        raise ArchiveError(f"{source}: {e}") from None


def _is_tar(head: bytes) -> bool:
    if len(head) < 512:
        return False
    if head[257:262] == b"ustar" or head == bytes(512):
        return True
    try:
        return int(head[148:156].strip(b"\0 ") or b"-1", 8) == sum(head[:148]) + 256 + sum(head[156:])
    except ValueError:
        return False


class _Prefixed:
    def __init__(self, head: bytes, src):
        self.head, self.src = head, src

    def read(self, n: int = -1) -> bytes:
        if self.head:
            out = self.head if n < 0 else self.head[:n]
            self.head = self.head[len(out):]
            if n < 0:
                return out + self.src.read()
            if len(out) == n:
                return out
            return out + self.src.read(n - len(out))
        return self.src.read(n)


def _read_blob(raw: _Hashing, head: bytes, size: int, budget: _Budget, where: str):
    stream = _Prefixed(head, raw)
    if head[:2] == b"\x1f\x8b":
        stream = _Gunzip(stream)
        limit = GZIP_RATIO * size + (1 << 20)
        diff = _Hashing(stream, limit, f"{where}it expands more than {GZIP_RATIO} times (a gzip bomb?)")
    else:
        diff = _Hashing(stream, None, "")
    members = _read_layer(diff, budget, where)
    diff.drain()
    raw.drain()
    return members, diff.digest(), raw.digest()


def read_layer_file(fileobj, source: str, created_by: str, total_size: int = 0) -> LoadedLayer:
    """One layer tar (plain or gzip), as `docker import` reads it: a base layer, so its
    whiteout files have nothing to hide and are not kept."""
    try:
        raw = _Hashing(fileobj, None, "")
        head = raw.read(512)
        if not (head[:2] == b"\x1f\x8b" or _is_tar(head)):
            raise ArchiveError("unexpected EOF")
        members, diff_id, _ = _read_blob(raw, head, total_size, _Budget(), "")
    except ArchiveError as e:
        raise ArchiveError(f"{source}: {e}") from None
    except (tarfile.TarError, EOFError, OSError, zlib.error) as e:
        raise ArchiveError(f"{source}: the archive is truncated or corrupt ({e})") from None
    kept = [(p, k, a) for p, k, a in members if not paths.basename(p).startswith(".wh.")]
    return _build(kept, ImageView([]), diff_id, created_by)


def _docker_images(meta: dict, layers: dict) -> list:
    manifest = _json(meta, "manifest.json", "", "the archive")
    if not isinstance(manifest, list):
        raise ArchiveError("manifest.json is not a list")
    out = []
    for entry in manifest:
        config = entry.get("Config", "")
        if config not in meta:
            raise ArchiveError(f"manifest.json names the config {config!r}, which the archive does not have")
        out.append((list(entry.get("RepoTags") or []), meta[config], list(entry.get("Layers") or [])))
    return out


def _oci_images(meta: dict, layers: dict) -> list:
    out = []
    pending = [(d, None) for d in _json(meta, "index.json", "", "the archive").get("manifests", [])]
    while pending:
        desc, name = pending.pop(0)
        blob = "blobs/sha256/" + desc.get("digest", "")[7:]
        doc = _json(meta, blob, "", "index.json")
        annotations = desc.get("annotations") or {}
        name = annotations.get("io.containerd.image.name") or annotations.get("org.opencontainers.image.ref.name") or name
        if "manifests" in doc:                       # an image index: the linux/amd64 image
            pending.extend((d, name) for d in doc["manifests"]
                           if (d.get("platform") or {}).get("architecture", "amd64") == "amd64")
            continue
        config = "blobs/sha256/" + doc.get("config", {}).get("digest", "")[7:]
        if config not in meta:
            raise ArchiveError(f"the manifest {blob!r} names the config {config!r}, which the archive does not have")
        names = [_short(name)] if name else []
        out.append((names, meta[config], ["blobs/sha256/" + d.get("digest", "")[7:] for d in doc.get("layers", [])]))
    return out


def _short(name: str) -> str:
    for prefix in ("docker.io/library/", "docker.io/"):
        if name.startswith(prefix):
            name = name[len(prefix):]
    return name if ":" in name.rpartition("/")[2] else f"{name}:latest"


def _image(names, config_bytes, layer_names, layers, held) -> LoadedImage:
    try:
        config = json.loads(config_bytes)
    except ValueError:
        raise ArchiveError("an image config is not JSON") from None
    diff_ids = list((config.get("rootfs") or {}).get("diff_ids") or [])
    if len(diff_ids) != len(layer_names):
        raise ArchiveError(f"the config has {len(diff_ids)} layers, the manifest {len(layer_names)}")
    history = [{"created_by": h.get("created_by", ""), "empty_layer": bool(h.get("empty_layer")),
                "comment": h.get("comment", "")} for h in config.get("history") or []]
    made = [h["created_by"] for h in history if not h["empty_layer"]]
    view, built = ImageView([]), []
    for i, name in enumerate(layer_names):
        if name not in layers:
            raise ArchiveError(f"the manifest names the layer {name!r}, which the archive does not have")
        members, diff_id, _ = layers[name]
        if diff_id != diff_ids[i]:
            raise ArchiveError(f"layer {name!r} is not the layer its config names (sha256 {diff_id})")
        layer = held.get(diff_id)
        if layer is None:
            layer = _build(members, view, diff_id, made[i] if i < len(made) else "")
            held[diff_id] = layer
        built.append(layer)
        view.add(layer)
    image_id = "sha256:" + hashlib.sha256(config_bytes).hexdigest()
    return LoadedImage(names, config, history, built, image_id)
