"""The documented doors through which a real image archive enters or leaves the simulation:
the scenario key `images: {NAME: {archive: PATH}}`, `python -m simulator image load PATH`
and `python -m simulator image save SCENARIO IMAGE -o PATH` (simulator/__main__.py), and the
lab's *Load image* box. Nothing else reads or writes a real file.

Only a regular file is read (not a symbolic link, FIFO or device), through the same checks as
`docker load` (docker/imageload.py: limits, bad archives refused with the file named).
"""
from __future__ import annotations

import os
import stat

from simulator.docker import ArchiveError, read_archive
from simulator.docker import BlobReader


def read_file(path: str, held: dict | None = None) -> list:
    """The images of a real archive file (docker/imageload.LoadedImage)."""
    try:
        st = os.lstat(path)
    except OSError as e:
        raise ArchiveError(f"{path}: {e.strerror.lower()}") from None
    if not stat.S_ISREG(st.st_mode):
        raise ArchiveError(f"{path}: not a regular file (a link, a FIFO or a device is not read)")
    with open(path, "rb") as f:
        return read_archive(f, path, st.st_size, held)


def uploaded(content: bytes):
    """The bytes of an archive the lab's *Load image* was given, to read as a file."""
    import io
    return io.BytesIO(bytes(content))


def write_file(blob, path: str) -> None:
    """Write a simulated archive (a Blob) to a real file, in chunks (runs of zeros never held)."""
    reader = BlobReader(blob)
    with open(path, "wb") as f:
        while True:
            chunk = reader.read(1 << 20)
            if not chunk:
                break
            f.write(chunk)


def describe(images) -> str:
    """What `python -m simulator image load` prints: each image, its layers and what they hold."""
    from simulator.cli import human_size
    lines = []
    for image in images:
        lines.append(f"{', '.join(image.names) or '<none>'}  {image.image_id[7:19]}  "
                     f"{len(image.layers)} layers")
        for i, layer in enumerate(image.layers):
            files = sum(1 for e in layer.entries.values() if e.kind == "file")
            gone = sum(1 for e in layer.entries.values() if e.kind == "whiteout")
            size = human_size(layer.size, 3)
            lines.append(f"  {i}: {layer.diff_id[7:19]}  {size:>8}  {len(layer.entries)} entries, {files} files, "
                         f"{gone} deletions  {layer.created_by[:60]}")
    return "\n".join(lines) + "\n"


def scenario_image(name: str, path: str):
    """The image a scenario's `archive:` names: the archive's image tagged NAME (or its only one)."""
    from simulator.cli import image_from_loaded
    images = read_file(path)
    wanted = [i for i in images if name in i.names or f"{name}:latest" in i.names]
    if not wanted and len(images) == 1:
        wanted = images
    if not wanted:
        raise ArchiveError(f"{path}: no image named {name} (it has {', '.join(n for i in images for n in i.names)})")
    return image_from_loaded(name, wanted[0]), wanted[0].history
