"""`docker save`: images as the archive Docker 26 writes, one tar holding both forms.

What Docker 26.1.5 writes, checked on the engine (tests/data/archives/README.md): the layers
as uncompressed tars and the config and OCI manifest as JSON, each a blob named by its
sha256 under blobs/sha256/; `index.json` and `oci-layout` (an OCI image layout); and
`manifest.json` (Config, RepoTags, Layers) and `repositories` for `docker load` of every
version. In a layer tar a deletion is an empty file `.wh.NAME` (mode 0600) and an opaque
directory holds an empty `.wh..wh..opq` (mode 0755, time 0): the tar form of overlayfs'
whiteouts and opaque directories. Left out: Docker's per-layer legacy JSON blobs (no loader
needs them) and real times (every member and history row is dated 1970-01-01, as the
simulator has no clock).
"""
from __future__ import annotations

import hashlib
import json

from simulator.docker.tarfmt import TarWriter, blob_digest
from simulator.fs import Blob
from simulator.fs import Dir, File, Symlink, Whiteout

EPOCH = "1970-01-01T00:00:00Z"
_DIFF_IDS: dict = {}          # layer content id -> (layer tar, diff id): a pure function's results


def go_json(value) -> bytes:
    """JSON as Go's encoding/json writes it: compact, <, > and & escaped."""
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026").encode()


def layer_tar(layer) -> tuple[Blob, str]:
    """The layer as the tar `docker save` writes (and its diff ID, the tar's sha256)."""
    cached = _DIFF_IDS.get(layer.id)
    if cached is not None:
        return cached
    w = TarWriter()
    for path in sorted(layer.entries):
        e = layer.entries[path]
        name = path[1:]
        if type(e) is Whiteout:
            parent, _, base = name.rpartition("/")
            w.add((parent + "/" if parent else "") + ".wh." + base, "file", mode=0o600)
        elif type(e) is Dir:
            w.add(name, "dir", mode=e.mode, uid=e.uid, gid=e.gid)
            if e.opaque:
                w.add(name + "/.wh..wh..opq", "file", mode=0o755)
        elif type(e) is Symlink:
            w.add(name, "symlink", mode=0o777, uid=e.uid, gid=e.gid, target=e.target)
        elif type(e) is File:
            w.add(name, "file", e.blob, mode=e.mode, uid=e.uid, gid=e.gid)
    tar = w.blob()
    result = (tar, blob_digest(tar))
    _DIFF_IDS[layer.id] = result
    return result


def image_config(image, history: list[dict], diff_ids: list[str]) -> dict:
    config: dict = {}
    if image.user:
        config["User"] = image.user
    if image.exposed_ports:
        config["ExposedPorts"] = {p: {} for p in image.exposed_ports}
    config["Env"] = list(image.env) or ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]
    if image.entrypoint:
        config["Entrypoint"] = list(image.entrypoint)
    if image.cmd is not None:
        config["Cmd"] = list(image.cmd) if isinstance(image.cmd, list) else ["/bin/sh", "-c", image.cmd]
    if image.volumes:
        config["Volumes"] = {v: {} for v in image.volumes}
    config["WorkingDir"] = image.workdir or "/"
    if image.labels:
        config["Labels"] = dict(image.labels)
    if image.stop_signal:
        config["StopSignal"] = image.stop_signal
    rows = []
    for row in history:
        out = {"created": EPOCH, "created_by": row["created_by"]}
        if row.get("comment"):
            out["comment"] = row["comment"]
        if row.get("empty_layer"):
            out["empty_layer"] = True
        rows.append(out)
    return {"architecture": "amd64", "config": config, "created": EPOCH, "history": rows, "os": "linux",
            "rootfs": {"type": "layers", "diff_ids": diff_ids}}


def full_name(name: str) -> tuple[str, str]:
    """("nginx", "latest") -> the repository and tag as Docker names them in an archive."""
    repo, sep, tag = name.rpartition(":")
    if not sep or "/" in tag:
        repo, tag = name, "latest"
    return repo, tag


def save(images: list[tuple[list[str], object, list[dict]]]) -> Blob:
    """The archive of `docker save NAME...`: for each image, its names (repository:tag, may
    be empty), the image and its history rows."""
    blobs: dict[str, Blob] = {}
    manifest, index, repositories = [], [], {}
    for names, image, history in images:
        diff_ids, layer_descs, layer_paths = [], [], []
        for layer in image.layers:
            tar, diff_id = layer_tar(layer)
            blobs[diff_id] = tar
            diff_ids.append(diff_id)
            layer_paths.append("blobs/sha256/" + diff_id[7:])
            layer_descs.append({"mediaType": "application/vnd.oci.image.layer.v1.tar", "digest": diff_id,
                                "size": tar.size})
        config = go_json(image_config(image, history, diff_ids))
        config_id = "sha256:" + hashlib.sha256(config).hexdigest()
        blobs[config_id] = Blob.of(config)
        oci = go_json({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                       "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": config_id,
                                  "size": len(config)}, "layers": layer_descs})
        oci_id = "sha256:" + hashlib.sha256(oci).hexdigest()
        blobs[oci_id] = Blob.of(oci)
        tags = []
        for name in names:
            repo, tag = full_name(name)
            tags.append(f"{repo}:{tag}")
            domain = "docker.io/" + ("library/" if "/" not in repo else "")
            index.append({"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": oci_id,
                          "size": len(oci), "annotations": {"io.containerd.image.name": f"{domain}{repo}:{tag}",
                                                            "org.opencontainers.image.ref.name": tag}})
            if diff_ids:
                repositories.setdefault(repo, {})[tag] = diff_ids[-1][7:]
        if not names:
            index.append({"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": oci_id,
                          "size": len(oci)})
        manifest.append({"Config": "blobs/sha256/" + config_id[7:], "RepoTags": tags or None,
                         "Layers": layer_paths})
    w = TarWriter()
    w.add("blobs", "dir", mode=0o755)
    w.add("blobs/sha256", "dir", mode=0o755)
    for digest in sorted(blobs):
        w.add("blobs/sha256/" + digest[7:], "file", blobs[digest])
    w.add("index.json", "file", go_json({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json",
                                         "manifests": index}))
    w.add("manifest.json", "file", go_json(manifest))
    w.add("oci-layout", "file", b'{"imageLayoutVersion": "1.0.0"}')
    if repositories:
        w.add("repositories", "file", go_json(repositories))
    return w.blob()
