"""`docker run` mounts against a Windows daemon (scenario `platform: windows`).

Docker's Windows parser: drive-letter paths, `ro`/`rw` only, bind sources must be
existing DIRECTORIES (a single file cannot be bind-mounted: `source path must be a
directory`), no tmpfs, and volumes are never filled from the image.
"""
from __future__ import annotations

from simulator.docker import MountPlan
from simulator.fs import is_dir
from simulator.errors import DockerError
from simulator.fs import host_path, is_windows_path
from simulator.docker import mounts as mountspec


def host_is_dir(engine):
    """For the parser: True (a directory), False (a file) or None (nothing) at a host path."""
    def probe(path: str):
        if not is_windows_path(path):
            return None
        entry = engine.host_namespace().find(host_path(path))
        return None if entry is None else is_dir(entry)
    return probe


def register_mounts_windows(engine, volumes: list[str], mounts: list, tmpfs: dict) -> tuple[list, list]:
    """(mount plans, anonymous targets) for -v and --mount on a Windows daemon."""
    probe = host_is_dir(engine)
    if tmpfs:
        mountspec.check_tmpfs_target_windows(next(iter(tmpfs)))
        raise DockerError("platform does not support tmpfs")
    plans, anon, seen = [], [], set()
    for spec in volumes:
        req = mountspec.parse_volume_flag_windows(spec, probe)
        if req.target in seen:
            raise DockerError(f"Duplicate mount point: {req.target}")
        seen.add(req.target)
        if req.type == "volume" and not req.source:
            anon.append(req.target)
        elif req.type == "volume":
            mountspec.validate_volume_name_windows(req.source)
            engine.ensure_volume(req.source)
            plans.append(MountPlan("volume", req.target, name=req.source, rw=not req.read_only, nocopy=True,
                                   origin="v", mode=req.mode))
        else:
            plans.append(MountPlan("bind", req.target, host_path=host_path(req.source), rw=not req.read_only,
                                   origin="v", mode=req.mode))
    for req in mounts:
        mountspec.validate_mount_windows(req, probe)
        if req.type == "bind":
            plans.append(MountPlan("bind", req.target, host_path=host_path(req.source), rw=not req.read_only,
                                   origin="mount"))
        else:
            name = engine.ensure_volume(req.source).name if req.source else engine.ensure_volume(None).name
            plans.append(MountPlan("volume", req.target, name=name, rw=not req.read_only, nocopy=True,
                                   origin="mount", unnamed=not req.source))
    return plans, anon
