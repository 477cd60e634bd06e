"""Three ways to see a container's files: live through /proc/PID/root, `docker cp C:/ -`, or an overlay of its layers."""
from __future__ import annotations

import os
import stat
import subprocess
import tarfile

from .docker import DockerCLI
from .entries import describe, listing, tar_listing, walk

NOT_STORAGE = ("/proc", "/sys", "/dev")       # procfs, sysfs, Docker's /dev tmpfs: not walked


def live(pid: int) -> dict:
    """The running container's own mount namespace: layers, volumes, binds and tmpfs in place."""
    return listing(f"/proc/{pid}/root", skip=NOT_STORAGE)


def copied(cli: DockerCLI, container_id: str) -> tuple[dict | None, str]:
    """What `docker cp` shows of a container that is not running: its layers, with its
    volumes and binds mounted by the daemon (no tmpfs). The daemon creates missing mount
    points in the upper layer for this, so read the upper layer first. (entries, "") or
    (None, why)."""
    proc = subprocess.Popen([cli.binary, "cp", container_id + ":/", "-"], cwd=cli.cwd, env=cli.env(),
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        entries, why = tar_listing(proc.stdout), ""
    except tarfile.TarError as e:
        entries, why = None, str(e)
    err = proc.stderr.read().decode("utf-8", "replace").strip()
    if proc.wait() != 0:
        return None, err or why
    return entries, why


def overlay(layer_dirs: list, mounts: list, sources: dict, view: str) -> tuple[dict, list]:
    """When the daemon cannot mount a stopped container (a file bound over a directory...):
    LAYER_DIRS (upper first) mounted read-only at VIEW, then each volume or bind whose type
    fits its target put in place; tmpfs never. SOURCES: mount target -> real directory or
    file. Returns (entries, targets that were left out)."""
    os.makedirs(view, exist_ok=True)
    options = "ro,index=off,lowerdir=" + ":".join(layer_dirs)
    subprocess.run(["mount", "-t", "overlay", "overlay", "-o", options, view], check=True,
                   capture_output=True)
    try:
        entries = listing(view, skip=NOT_STORAGE)
    finally:
        subprocess.run(["umount", "-l", view], capture_output=True)
    left_out = []
    for m in sorted(mounts, key=lambda m: m["target"].count("/")):
        source = sources.get(m["target"])
        target, here = m["target"], entries.get(m["target"])
        try:
            st = os.stat(source) if source else None
        except OSError:
            st = None
        if m["type"] == "tmpfs":
            continue
        if st is None or here is None or (here["type"] == "dir") != stat.S_ISDIR(st.st_mode):
            left_out.append(target)
            continue
        for p in [p for p in entries if p.startswith(target + "/")]:
            del entries[p]
        entries[target] = describe(source, st, False)
        if stat.S_ISDIR(st.st_mode):
            entries.update({target + p: describe(real, s, False) for p, real, s in walk(source)})
    return entries, left_out
