"""Pulling an image from the offline catalog into an engine (`docker pull`, and `docker run`
of an image the engine does not have yet).

Docker 26 rules modelled: a layer the engine already holds (another image with the same
base) is not fetched again ("Already exists") and is stored once; pulling an image the
engine has with the same repository digest changes nothing ("Image is up to date"); a
pulled image that takes a name another image had leaves that one untagged (`<none>`).
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from simulator.docker import catalog
from simulator.docker.image import Image


@dataclass
class Pulled:
    image: Image
    reference: str               # "nginx:latest"
    layers: list                 # [(short digest, "Already exists" | "Pull complete")]
    up_to_date: bool


def image_from_catalog(entry: catalog.CatalogImage) -> Image:
    """An engine image made from a catalog entry (its layers are the catalog's, shared)."""
    c = entry.config
    cmd = list(c["Cmd"]) if c["Cmd"] is not None else None
    return Image(entry.name, tuple(entry.layers), tuple(c["Volumes"]), cmd, c["WorkingDir"], c["User"],
                 tuple(c["Env"]), entrypoint=list(c["Entrypoint"]) if c["Entrypoint"] else None,
                 exposed_ports=tuple(c["ExposedPorts"]), stop_signal=c["StopSignal"],
                 labels=tuple(sorted(c["Labels"].items())), program=entry.program, image_id=entry.image_id,
                 repo_digest=entry.digest, created=entry.created)


def held_layers(engine) -> set:
    return {id(layer) for image in list(engine.images.values()) + engine.dangling_images()
            for layer in image.layers}


def pull(engine, ref: str) -> Pulled | None:
    """Pull `ref` from the catalog into the engine; None when the catalog does not have it."""
    entry = catalog.lookup(ref)
    if entry is None:
        return None
    name, tag = catalog.split_ref(ref)
    reference = f"{name}:{tag}"
    key = name if tag == "latest" else reference
    current = engine.images.get(key)
    if current is not None and current.repo_digest == entry.digest:
        return Pulled(current, reference, [], True)
    held = held_layers(engine)
    lines = [(layer.digest[7:19], "Already exists" if id(layer) in held else "Pull complete")
             for layer in entry.layers]
    image = image_from_catalog(entry)
    if key != image.name:
        image = replace(image, name=key, _view=None)
    history = [dict(row) for row in entry.history]
    image = engine.register_image(image, history)
    return Pulled(image, reference, lines, False)


def known_names() -> list[str]:
    """Every "repository:tag" the catalog can pull, for the simulator's note."""
    out = []
    for repository in catalog.repositories():
        out.extend(f"{repository}:{tag}" for tag in catalog.tags(repository))
    return out
