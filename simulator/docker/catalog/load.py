"""Read one repository's catalog file into frozen images: layers built once, shared by digest.

The data format is described in README.md beside this module. Nothing here runs at import
time: a file is read the first time an image of its repository is asked for.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from simulator.fs import paths
from simulator.fs import Blob
from simulator.fs import WHITEOUT, Dir, File, Symlink, is_dir
from simulator.fs import ImageView
from simulator.fs import Layer, implicit_parent

PACKAGE = "simulator.docker.catalog"
UNLISTED = ".unlisted-files"          # DIR/.unlisted-files-LAYER: the size-only entry for a layer's unlisted bytes
CONFIG_KEYS = ("Entrypoint", "Cmd", "Env", "WorkingDir", "User", "Volumes", "ExposedPorts", "StopSignal", "Labels")
ARG_NAME = re.compile(r"(?:^| )[A-Za-z_][A-Za-z0-9_]*=")


class CatalogError(ValueError):
    """A catalog file breaks its format (a bug in the shipped data, caught by the tests)."""


class CatalogLayer(Layer):
    """A layer of a published image: its entries, plus the digest and compressed size of the
    blob a registry serves (what `docker pull` prints)."""

    __slots__ = ("digest", "compressed")

    def __init__(self, entries: dict, created_by: str, digest: str, compressed: int):
        self.digest = digest
        self.compressed = compressed
        super().__init__(entries, created_by)


@dataclass(frozen=True)
class CatalogImage:
    repository: str
    tag: str
    aliases: tuple
    digest: str                  # the repository digest `docker pull` prints
    image_id: str                # the linux/amd64 config digest (docker images' IMAGE ID)
    config: dict = field(hash=False, compare=False)
    history: tuple = ()          # {"created_by", "empty_layer", "comment"}, bottom first
    layers: tuple = ()           # CatalogLayer, bottom first
    program: str = ""            # what the entrypoint does at start (programs.py)
    sources: tuple = ()          # the source ids the tag's facts come from
    created: str = ""            # RFC 3339, the image's creation time

    @property
    def name(self) -> str:
        """The engine's name for it: `nginx` for latest, `postgres:16` for a tag."""
        return self.repository if self.tag == "latest" else f"{self.repository}:{self.tag}"


def repositories() -> list[str]:
    """The repositories the catalog has (file names; no file is parsed)."""
    names = [r.name[:-5] for r in resources.files(PACKAGE).iterdir() if r.name.endswith(".yaml")]
    return sorted(n for n in names if not n.startswith("_"))


def _read(name: str) -> dict:
    import yaml
    text = resources.files(PACKAGE).joinpath(f"{name}.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


@lru_cache(maxsize=None)
def _shared() -> dict:
    return _read("_layers")


@lru_cache(maxsize=None)
def load_repository(name: str) -> dict:
    """tag -> CatalogImage for every tag (and alias) of one repository's file."""
    if name not in repositories():
        return {}
    data = _read(name)
    sources = data.get("sources") or {}
    images = {}
    for tag, spec in (data.get("tags") or {}).items():
        tag = str(tag)
        missing = [s for s in spec.get("sources", []) if s not in sources]
        if missing:
            raise CatalogError(f"{name}.yaml, tag {tag}: unknown source {missing[0]}")
        image = _image(name, tag, spec)
        images[tag] = image
        for alias in spec.get("also", []):
            images.setdefault(str(alias), image)
    return images


def _image(repository: str, tag: str, spec: dict) -> CatalogImage:
    config = {k: (spec.get("config") or {}).get(k) for k in CONFIG_KEYS}
    config["Env"] = list(config["Env"] or [])
    config["Volumes"] = list(config["Volumes"] or [])
    config["ExposedPorts"] = list(config["ExposedPorts"] or [])
    config["Labels"] = dict(config["Labels"] or {})
    config["WorkingDir"] = config["WorkingDir"] or ""
    config["User"] = config["User"] or ""
    config["StopSignal"] = config["StopSignal"] or ""
    legacy = int(spec.get("legacy_rows", 0))
    history, layer_rows = [], []
    for i, row in enumerate(spec.get("history", [])):
        made = "L" in row
        text = docker_created_by(row["L"] if made else row["E"], row.get("args", ""), legacy=i < legacy)
        history.append({"created_by": text, "empty_layer": not made, "comment": ""})
        if made:
            layer_rows.append(text)
    specs = spec.get("layers", [])
    if len(specs) != len(layer_rows):
        raise CatalogError(f"{repository}.yaml, tag {tag}: {len(specs)} layers but {len(layer_rows)} "
                           "history rows that made one")
    ratio = float(spec.get("size_ratio", 1.0))
    layers, view = [], ImageView([])
    for layer_spec, created_by in zip(specs, layer_rows):
        layer = _layer(layer_spec, created_by, ratio, view, repository)
        layers.append(layer)
        view.add(layer)
    return CatalogImage(repository, tag, tuple(str(a) for a in spec.get("also", [])), spec["digest"],
                        spec["image_id"], config, tuple(history), tuple(layers), spec.get("program", ""),
                        tuple(spec.get("sources", [])), str(spec.get("created", "")))


def docker_created_by(text: str, args: str = "", legacy: bool = False) -> str:
    """The history row as Docker stores it (what `docker history --no-trunc` shows) from the
    form repo-info publishes: BuildKit's RUN rows carry the shell ("RUN /bin/sh -c CMD #
    buildkit", as our engine records them) and their build arguments ("RUN |2 A=1 B=2 /bin/sh
    -c ..."); a row that is no instruction ("# debian.sh ...", "BusyBox 1.38.0 ...") was shown
    with "RUN " in front; rows of the legacy builder start with "/bin/sh -c #(nop) "."""
    if legacy:
        if text.startswith("ADD ") or text.startswith("COPY "):
            return "/bin/sh -c #(nop) " + text
        return "/bin/sh -c #(nop)  " + text
    if text.startswith("RUN ") and text.endswith(" # buildkit"):
        command = text[4:]
        if args:
            return f"RUN |{len(ARG_NAME.findall(args))} {args} /bin/sh -c {command}"
        return "RUN /bin/sh -c " + command
    if text.startswith("RUN "):
        return text[4:]
    return text


def _fileset(name: str) -> dict:
    sets = _shared()["filesets"]
    spec = dict(sets[name])
    include = spec.pop("include", None)
    if include is None:
        return spec
    merged = _fileset(include)
    for path, entry in spec.items():
        if "append" in entry and path in merged:
            base = dict(merged[path])
            base["content"] = base["content"] + entry["append"]
            merged[path] = base
        else:
            merged[path] = entry
    return merged


def _base_layer(digest: str, created_by: str, ratio: float) -> CatalogLayer:
    spec = _shared()["layers"].get(digest)
    if spec is None:
        raise CatalogError(f"_layers.yaml has no layer {digest}")
    # a shared layer's size must not depend on which image named it first: its own ratio
    return _build(digest, dict(spec), created_by, float(_shared().get("size_ratio", 1.0)), ImageView([]))


_BUILT: dict = {}      # digest -> CatalogLayer: a blob is one layer, whatever image names it


def _layer(spec: dict, created_by: str, ratio: float, view: ImageView, repository: str) -> CatalogLayer:
    digest = spec["digest"]
    if digest in _BUILT:
        return _BUILT[digest]
    if spec.get("base"):
        layer = _base_layer(digest, created_by, ratio)
    else:
        layer = _build(digest, spec, created_by, ratio, view)
    _BUILT[digest] = layer
    return layer


def _mode(text, default: int) -> int:
    return int(str(text), 8) if text is not None else default


def _entry(path: str, spec: dict, view: ImageView):
    uid, gid = int(spec.get("uid", 0)), int(spec.get("gid", 0))
    if spec.get("whiteout"):
        return WHITEOUT
    if "dir" in spec:
        return Dir(_mode(spec["dir"], 0o755), uid, gid)
    if "symlink" in spec:
        return Symlink(spec["symlink"], uid, gid)
    if "append" in spec or "remove_line" in spec:
        below = view.get(path)
        if below is None or below.kind != "file":
            raise CatalogError(f"{path}: `append` needs the file in a lower layer")
        text = below.blob.to_bytes().decode()
        drop = spec.get("remove_line")
        if drop:
            text = "".join(line for line in text.splitlines(True) if not line.startswith(drop))
        return File(Blob.of(text + spec.get("append", "")), below.mode, below.uid, below.gid)
    if "content" in spec:
        return File(Blob.of(spec["content"]), _mode(spec.get("mode"), 0o644), uid, gid)
    if "size" in spec:
        return File(Blob.zeros(int(spec["size"])), _mode(spec.get("mode"), 0o644), uid, gid)
    raise CatalogError(f"{path}: an entry needs dir, symlink, content, size, append or whiteout")


def _build(digest: str, spec: dict, created_by: str, ratio: float, view: ImageView) -> CatalogLayer:
    compressed = int(spec.get("compressed", 0))
    files = dict(_fileset(spec["files_from"])) if spec.get("files_from") else {}
    files.update(spec.get("files") or {})
    entries = {}
    for path, entry_spec in files.items():
        if not paths.is_normalised(path) or path == "/":
            raise CatalogError(f"layer {digest}: bad path {path!r}")
        entries[path] = _entry(path, entry_spec, view)
    if spec.get("empty"):
        return CatalogLayer({}, created_by, digest, compressed)
    listed = sum(e.size for e in entries.values() if e.kind == "file")
    on_disk = round(compressed * ratio)
    where = spec.get("unlisted")
    if where:
        owner = spec.get("unlisted_owner") or [0, 0]
        if spec.get("unlisted_mode") is not None:
            path, mode = where, _mode(spec["unlisted_mode"], 0o644)
        else:
            # one name per layer: a later layer's would otherwise hide a lower one's bytes
            path, mode = paths.join(where, f"{UNLISTED}-{digest[7:19]}"), 0o644
        entries[path] = File(Blob.zeros(max(0, on_disk - listed)), mode, int(owner[0]), int(owner[1]))
    for path in list(entries):
        for parent in paths.prefixes(paths.parent(path)):
            if parent != "/" and parent not in entries:
                entries[parent] = implicit_parent(view, parent)
    parents = {paths.parent(p) for p in entries}
    bad = [p for p in parents if p in entries and not is_dir(entries[p])]
    if bad:
        raise CatalogError(f"layer {digest}: {bad[0]} holds entries but is not a directory")
    return CatalogLayer(entries, created_by, digest, compressed)
