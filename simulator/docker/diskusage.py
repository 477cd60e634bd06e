"""`GET /system/df` (docker system df), as dockerd 26.1 computes it: the size of every layer
once (LayersSize); per image its size, the part of it in layers other images use too
(SharedSize) and how many containers use it; per container its writable layer (SizeRw);
per volume its bytes and how many containers mount it; BuildKit's cache records."""
from __future__ import annotations

from simulator.docker.apidocs import CREATED, container_summary


def _chains(image) -> list[tuple]:
    """A layer is stored once per chain (the layers below it and itself): its key."""
    ids = [layer.id for layer in image.layers]
    return [tuple(ids[:i + 1]) for i in range(len(ids))]


def held_images(engine) -> list[tuple[object, list[str]]]:
    """(image, its names) for every image the engine holds, tagged ones first by name."""
    by_id: dict = {}
    for name, image in sorted(engine.images.items()):
        by_id.setdefault(image.id, (image, []))[1].append(name)
    for image in engine.dangling_images():
        by_id.setdefault(image.id, (image, []))
    return list(by_id.values())


def volume_bytes(v) -> int:
    """A volume's UsageData.Size: the bytes of its files (directory.Size: file sizes, not blocks)."""
    return sum(e.size for _, e in v.fs.tree.walk() if e.kind == "file")


def disk_usage(engine) -> dict:
    images = held_images(engine)
    layer_sizes: dict = {}
    users: dict = {}
    for image, _ in images:
        for chain, layer in zip(_chains(image), image.layers):
            layer_sizes[chain] = layer.size
            users[chain] = users.get(chain, 0) + 1
    containers = sorted(engine.containers.values(), key=lambda c: -c.created_seq)
    image_docs = []
    for image, names in images:
        chains = _chains(image)
        shared = sum(layer_sizes[ch] for ch in chains if users[ch] > 1)
        tags = [n if ":" in n.rsplit("/", 1)[-1] else n + ":latest" for n in names]
        image_docs.append({"Id": image.id, "RepoTags": tags, "Created": CREATED, "Size": image.size,
                           "SharedSize": shared,
                           "Containers": sum(1 for c in containers if c.image.id == image.id)})
    volumes = []
    for name in sorted(engine.volumes):
        v = engine.volumes[name]
        volumes.append({"Name": name, "Driver": "local", "Labels": dict(v.labels) or None,
                        "Mountpoint": v.source, "Scope": "local", "CreatedAt": CREATED,
                        "Options": dict(getattr(v, "options", {}) or {}) or None,
                        "UsageData": {"RefCount": len(engine.volume_users(name)), "Size": volume_bytes(v)}})
    cache = []
    for key, layer in sorted(engine.build_cache().items(), key=lambda kv: str(kv[0])):
        in_image = any(layer in image.layers for image, _ in images)
        cache.append({"ID": layer.id.split(":")[-1][:25], "Type": "regular", "Size": layer.size,
                      "Shared": in_image, "InUse": False, "UsageCount": 1, "CreatedAt": CREATED,
                      "LastUsedAt": CREATED})
    return {"LayersSize": sum(layer_sizes.values()), "Images": image_docs,
            "Containers": [container_summary(engine, c, size=True) for c in containers],
            "Volumes": volumes, "BuildCache": cache,
            "BuilderSize": sum(r["Size"] for r in cache if not r["Shared"])}
