"""The scenario's `host:` as a real directory: its files, host steps chrooted into it, and host paths in mount specs."""
from __future__ import annotations

import os
import subprocess

from . import busybox, sandbox
from .docker import STEP_TIMEOUT, TIMED_OUT, Result
from .images import parents
from .paths import PathMap
from .scenario import Entry


def materialise(root: str, entries: dict) -> None:
    """Write ENTRIES (path -> Entry) below ROOT; undeclared parents are 0755 root-owned
    directories. Modes are set last, deepest first, so a 0500 directory can still be filled."""
    full = dict.fromkeys((q for p in entries for q in parents(p)), Entry("dir"))
    full.update(entries)
    order = sorted(full, key=lambda p: p.split("/"))
    for path in order:
        e, real = full[path], root + path
        if e.kind == "dir":
            os.makedirs(real, exist_ok=True)
        elif e.kind == "symlink":
            os.symlink(e.target, real)
        else:
            with open(real, "wb") as f:
                f.write(e.content[:e.size])
                f.truncate(e.size)
        os.lchown(real, e.uid, e.gid)
    for path in reversed(order):
        if full[path].kind != "symlink":
            os.chmod(root + path, full[path].mode)


def install_tools(root: str) -> None:
    """BusyBox at ROOT/.recorder/bin, for host steps (the host listing leaves it out)."""
    _, data, applets = busybox.find()
    tools = {busybox.TOOLS_BIN + "/busybox": Entry("file", 0o755, content=data, size=len(data))}
    tools.update({f"{busybox.TOOLS_BIN}/{a}": Entry("symlink", 0o777, target="busybox") for a in applets})
    materialise(root, tools)


def run_step(root: str, text: str, timeout: float = STEP_TIMEOUT) -> Result:
    """A host step: BusyBox `sh -c TEXT` chrooted into ROOT, cwd /, stdin /dev/null."""
    def enter():
        os.chroot(root)
        os.chdir("/")
        os.umask(0o022)

    try:
        p = subprocess.run([busybox.TOOLS_BIN + "/sh", "-c", text], preexec_fn=enter, cwd="/",
                           env={"PATH": busybox.TOOLS_BIN, "HOME": "/"}, stdin=subprocess.DEVNULL,
                           capture_output=True, timeout=timeout)
        code, out, err = p.returncode if p.returncode >= 0 else 128 - p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired as e:
        code, out, err = TIMED_OUT, e.stdout or b"", e.stderr or b""
    return Result(code, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"))


def _bind_source(spec_kind: str, value: str) -> str | None:
    """The host path a `-v` or `--mount` value binds, or None (a named or anonymous volume)."""
    if spec_kind == "-v":
        source, sep, _ = value.partition(":")
        return source if sep and source.startswith((".", "/")) else None
    pairs = [f.partition("=") for f in value.split(",")]
    kind = next((v.strip().lower() for k, _, v in pairs if k.strip().lower() == "type"), "volume")
    if kind != "bind":
        return None
    return next((v for k, eq, v in pairs if eq and k.strip().lower() in ("source", "src")), None)


def check_spec(name: str, value: str) -> None:
    """Refused when the host path of a `-v`/`--mount` value leads out of the host root as
    written (checked before the engine is touched; symlinks are checked at the step)."""
    source = _bind_source("-v" if name in ("-v", "--volume") else "--mount", value)
    if source is not None:
        sandbox.real_host_path("/nonexistent-recorder-root", source)


def volume_spec(spec: str, paths: PathMap) -> str:
    """`-v /home/u/site:/usr/share/nginx/html:ro` -> the real host directory as the source.
    A relative `./x` source is the CLI's, relative to its cwd, the host root: made absolute
    here too, so that no symlink or `..` can lead dockerd out of the host root."""
    source, sep, rest = spec.partition(":")
    return paths.real(source) + sep + rest if _bind_source("-v", spec) is not None else spec


def mount_spec(spec: str, paths: PathMap) -> str:
    """`--mount type=bind,source=/home/u/x,...` -> the real host path as the source (binds only)."""
    if _bind_source("--mount", spec) is None:
        return spec
    fields = spec.split(",")
    pairs = [f.partition("=") for f in fields]
    return ",".join(k + "=" + paths.real(v) if eq and k.strip().lower() in ("source", "src")
                    else f for f, (k, eq, v) in zip(fields, pairs))
