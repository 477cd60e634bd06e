"""The `local` volume driver's options (`docker volume create -o type=... -o device=... -o o=...`,
`--mount ...,volume-opt=...`), as recorded on the real engine (tests/docker_recordings/
volume-options.json):

- type=tmpfs, device=tmpfs [, o=size=...]: a tmpfs mounted on the volume's directory while a
  container uses it. What it holds is gone when the last user lets go, and that includes
  `docker create`'s pre-population (the daemon mounts it for the copy, then unmounts it), so
  such a volume never shows the image's files.
- type=none, o=bind, device=/host/dir: the host directory, with a volume's semantics: an
  empty one is pre-populated (into the host directory, where the files stay); a missing one
  fails when the volume is first mounted.
- type=nfs|cifs (device=:/export, o=addr=...): a share on a simulated network server of this
  engine, shared by every container that mounts it (the real engine here has no NFS server:
  it answers "no such device").

The options are checked at create with dockerd's messages; a mount's own failures come when
the volume is first mounted."""
from __future__ import annotations

from simulator.errors import DockerError
from simulator.fs import Dir, PlainFS, Tree
from simulator.docker.mounts import tmpfs_capacity
from simulator.docker.units import ram_in_bytes

VALID = ("type", "device", "o", "size")
TMPFS_ROOT_MODE = 0o1777            # a fresh tmpfs's root (no mode= option)
NETWORK_TYPES = ("nfs", "nfs4", "cifs", "smb")


def check_options(name: str, opts: dict, platform: str = "linux") -> None:
    """dockerd's local driver validateOpts (opts as -o KEY=VALUE gave them)."""
    if not opts:
        return
    if platform == "windows":
        raise DockerError(f"create {name}: options are not supported on this platform")
    for key in opts:
        if key not in VALID:
            raise DockerError(f'create {name}: invalid option: "{key}"')
    if "size" in opts:
        raise DockerError(f"create {name}: quota size requested but no quota support")
    if not opts.get("device"):
        raise DockerError(f'create {name}: missing required option: "device"')
    if not opts.get("type"):
        raise DockerError(f'create {name}: missing required option: "type"')


def parse_opts(items) -> dict:
    """-o KEY=VALUE items (a KEY alone is KEY with no value), later ones win."""
    return dict(item.partition("=")[::2] for item in items)


def kind(v) -> str | None:
    opts = getattr(v, "options", None) or {}
    if not opts:
        return None
    t = opts.get("type", "")
    if t == "tmpfs":
        return "tmpfs"
    if t in NETWORK_TYPES:
        return "network"
    if "bind" in opts.get("o", "").split(","):
        return "bind"
    return "device"


def _mount_fail(v, detail: str) -> DockerError:
    return DockerError(f"error while mounting volume '{v.source}': failed to mount local volume: {detail}")


def tmpfs_size(v) -> int | None:
    for part in (v.options.get("o") or "").split(","):
        k, _, value = part.partition("=")
        if k == "size":
            return tmpfs_capacity(ram_in_bytes(value))
    return None


def storage(engine, v):
    """(file system, base path) holding the volume's files; a DockerError when the mount the
    local driver does fails."""
    k = kind(v)
    if k is None:
        return v.fs, "/"
    opts = v.options
    if k == "tmpfs":
        for part in (opts.get("o") or "").split(","):
            key = part.partition("=")[0]
            if part and key not in ("size", "mode", "nr_inodes", "uid", "gid", "noexec", "nosuid", "nodev"):
                raise _mount_fail(v, f"mount tmpfs:{v.source}, data: {opts['o']}: invalid argument")
        return v.fs, "/"
    if k == "bind":
        device = opts["device"]
        entry = engine.host_namespace().find(device)
        if entry is None:
            raise _mount_fail(v, f"mount {device}:{v.source}, flags: 0x1000: no such file or directory")
        return engine.host, engine.host_namespace().resolve(device)[0]
    if k == "network":
        share = (opts.get("type"), opts.get("o", ""), opts["device"])
        servers = engine.__dict__.setdefault("network_shares", {})
        if share not in servers:
            servers[share] = PlainFS(Tree())
        return servers[share], "/"
    raise _mount_fail(v, f"mount {opts['device']}:{v.source}: no such device")


def release(engine, v) -> None:
    """The last container using the volume let go: a tmpfs volume loses what it held."""
    if kind(v) == "tmpfs":
        v.fs = PlainFS(Tree(Dir(TMPFS_ROOT_MODE)), capacity=tmpfs_size(v))
