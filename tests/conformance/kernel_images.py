"""Image layers as real overlayfs lower directories, built from a scenario's `images:`."""
from __future__ import annotations

import os
import posixpath
import re
from dataclasses import dataclass

from kernel_errors import ScenarioInvalid, Unsupported
from kernel_tree import OPAQUE_XATTR, listing, make_parents, normalise, write_files


@dataclass(frozen=True)
class Image:
    name: str
    layer_dirs: tuple[str, ...]     # bottom first, as the scenario lists them
    volumes: tuple[str, ...]        # Dockerfile VOLUME targets


def _drop_below(view: dict, path: str, including: bool) -> None:
    for known in [p for p in view if p.startswith(path + "/") or (including and p == path)]:
        del view[known]


def _stack(view: dict, layer: dict) -> None:
    """Put one layer's listing on top of the merged view below it (the overlay rule)."""
    for path, entry in layer.items():
        if entry["type"] == "whiteout":
            _drop_below(view, path, including=True)
        elif entry.get("opaque"):
            _drop_below(view, path, including=False)
    for path, entry in sorted(layer.items()):
        if entry["type"] == "whiteout":
            continue
        if entry["type"] != "dir":
            _drop_below(view, path, including=False)
        view[path] = entry


def _build_layer(layer_dir: str, spec: dict, below: dict, where: str) -> None:
    unknown = set(spec) - {"created_by", "files", "delete", "opaque"}
    if unknown:
        raise ScenarioInvalid(f"{where}: unknown keys {sorted(unknown)}")
    opaque = [normalise(p, f"{where}.opaque") for p in spec.get("opaque") or []]
    deleted = [normalise(p, f"{where}.delete") for p in spec.get("delete") or []]

    def parent_attrs(path: str) -> tuple[int, int, int]:
        # A real build stores a parent it did not create as a copy-up of the one below
        # (same mode and owner), or as new (0755 root). This holds for an opaque dir the
        # layer also needs as a parent; see the opaque loop below for one it does not.
        lower = below.get(path)
        if lower is None or lower["type"] != "dir":
            return 0o755, 0, 0
        return int(lower["mode"], 8), lower.get("uid", 0), lower.get("gid", 0)

    declared = write_files(layer_dir, spec.get("files"), f"{where}.files", parent_attrs)
    for path in deleted:
        if path not in below:
            raise ScenarioInvalid(f"{where}.delete: {path} is not in a lower layer")
        if any(p == path or p.startswith(path + "/") for p in declared):
            raise ScenarioInvalid(f"{where}.delete: {path} is also written by this layer")
        if any(path.startswith(o + "/") for o in opaque):
            # The kernel lists such a whiteout as a phantom `c?????????` entry (a
            # directory only one layer provides is read straight through); builds
            # never make it.
            raise Unsupported(f"{where}: whiteout {path} inside opaque dir of the same layer")
        parent = make_parents(layer_dir, path, parent_attrs)
        os.mknod(os.path.join(parent, posixpath.basename(path)), 0o600 | 0o020000,
                 os.makedev(0, 0))
    for path in opaque:
        lower = below.get(path)
        if lower is None or lower["type"] != "dir":
            raise ScenarioInvalid(f"{where}.opaque: {path} has no lower directory to hide")
        full = os.path.join(make_parents(layer_dir, path, parent_attrs), posixpath.basename(path))
        if not os.path.lexists(full):
            # an opaque dir the layer holds for no other reason is new, as after
            # `rm -rf d && mkdir d` (the simulator and the company oracle agree)
            os.mkdir(full)
            os.chmod(full, 0o755)
        os.setxattr(full, OPAQUE_XATTR, b"y", follow_symlinks=False)


def build_images(images_spec: object, layers_root: str) -> dict[str, Image]:
    if not isinstance(images_spec, dict):
        raise ScenarioInvalid("images: must be a mapping")
    images = {}
    for name, spec in images_spec.items():
        where = f"images.{name}"
        if not isinstance(spec, dict):
            raise ScenarioInvalid(f"{where}: must be a mapping")
        if spec.get("cmd") is not None:
            raise Unsupported(f"{where}.cmd: the kernel runner only runs services")
        unknown = set(spec) - {"layers", "volumes", "cmd"}
        if unknown:
            raise ScenarioInvalid(f"{where}: unknown keys {sorted(unknown)}")
        view: dict[str, dict] = {}
        dirs = []
        for index, layer_spec in enumerate(spec.get("layers") or []):
            layer_dir = os.path.join(layers_root, "%s.%d" % (re.sub(r"\W", "_", name), index))
            os.mkdir(layer_dir)
            os.chmod(layer_dir, 0o755)
            _build_layer(layer_dir, layer_spec or {}, view, f"{where}.layers[{index}]")
            _stack(view, listing(layer_dir, layer_view=True))
            dirs.append(layer_dir)
        volumes = tuple(normalise(v, f"{where}.volumes") for v in spec.get("volumes") or [])
        images[name] = Image(name, tuple(dirs), volumes)
    return images
