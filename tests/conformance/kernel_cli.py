"""The `docker` command lines the kernel runner understands, parsed into mount requests."""
from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field

from kernel_errors import Unsupported

VOLUME_NAME = re.compile(r"^[a-zA-Z0-9][a-zA-Z0-9_.-]+$")   # dockerd's rule for volume and container names


@dataclass(frozen=True)
class MountRequest:
    """One mount as the command line asks for it, before the engine picks volume names.

    kind: volume | bind | tmpfs. volume None on a volume: the engine generates a name.
    labelled_anonymous: dockerd labels the volume com.docker.volume.anonymous (the
    document's `anonymous`): `-v /t` and image VOLUMEs, not `--mount` without source.
    """
    kind: str
    target: str
    rw: bool = True
    volume: str | None = None
    host_path: str | None = None
    nocopy: bool = False
    labelled_anonymous: bool = False
    from_dash_v: bool = False       # `-v /host:/t` creates a missing host dir; --mount refuses


@dataclass
class RunRequest:
    name: str
    image: str
    mounts: list[MountRequest] = field(default_factory=list)
    anonymous_targets: list[str] = field(default_factory=list)    # `-v /t`
    read_only: bool = False


def clean_target(target: str) -> str:
    if not target.startswith("/"):
        raise Unsupported(f"mount target {target!r} is not absolute")
    clean = "/" + posixpath.normpath(target).lstrip("/")
    if clean == "/":
        raise Unsupported("a mount on /")
    return clean


def parse_dash_v(spec: str) -> MountRequest | str:
    """`-v NAME:/t[:opts]`, `-v /host:/t[:opts]` -> MountRequest; `-v /t` -> the target."""
    parts = spec.split(":")
    if len(parts) == 1:
        return clean_target(parts[0])
    if len(parts) not in (2, 3):
        raise Unsupported(f"-v {spec}")
    source, target = parts[0], clean_target(parts[1])
    options = set(parts[2].split(",")) if len(parts) == 3 else set()
    if not options <= {"ro", "rw", "nocopy"} or {"ro", "rw"} <= options:
        raise Unsupported(f"-v {spec}: options")
    rw = "ro" not in options
    if source.startswith("/"):
        if "nocopy" in options:
            raise Unsupported(f"-v {spec}: nocopy on a bind is a daemon error")
        return MountRequest("bind", target, rw, host_path=posixpath.normpath(source),
                            from_dash_v=True)
    if not VOLUME_NAME.match(source):
        raise Unsupported(f"-v {spec}: volume name")
    return MountRequest("volume", target, rw, volume=source, nocopy="nocopy" in options)


def _flag(value: str | None, where: str) -> bool:
    if value is None or value.lower() in ("1", "true"):
        return True
    if value.lower() in ("0", "false"):
        return False
    raise Unsupported(f"{where}={value}")


def parse_dash_mount(spec: str) -> MountRequest:
    """`--mount type=volume|bind|tmpfs,source=,target=,readonly,volume-nocopy`."""
    fields: dict[str, str | None] = {}
    for item in spec.split(","):
        key, sep, value = item.partition("=")
        fields[key.strip().lower()] = value if sep else None
    kind = fields.pop("type", None)
    source = fields.pop("source", None) or fields.pop("src", None)
    target = fields.pop("target", None) or fields.pop("dst", None) or \
        fields.pop("destination", None)
    readonly = nocopy = False
    for key in ("readonly", "ro"):
        if key in fields:
            readonly = _flag(fields.pop(key), key)
    if "volume-nocopy" in fields:
        nocopy = _flag(fields.pop("volume-nocopy"), "volume-nocopy")
    if fields or kind not in ("volume", "bind", "tmpfs") or not target:
        raise Unsupported(f"--mount {spec}")
    target = clean_target(target)
    if kind == "tmpfs":
        if source or nocopy:
            raise Unsupported(f"--mount {spec}: a daemon error")
        return MountRequest("tmpfs", target, not readonly)
    if kind == "bind":
        if not source or not source.startswith("/") or nocopy:
            raise Unsupported(f"--mount {spec}: a daemon error")
        return MountRequest("bind", target, not readonly, host_path=posixpath.normpath(source))
    if source is not None and not VOLUME_NAME.match(source):
        raise Unsupported(f"--mount {spec}: volume name")
    return MountRequest("volume", target, not readonly, volume=source, nocopy=nocopy)


def parse_run(args: list[str]) -> RunRequest:
    """`docker run -d --name N [mount options] [--read-only] IMAGE` (a service, no command)."""
    detached, name, image, read_only = False, None, None, False
    mounts: list[MountRequest] = []
    anonymous: list[str] = []
    queue = list(args)
    while queue:
        word = queue.pop(0)
        if "=" in word and word.startswith("--"):
            word, value = word.split("=", 1)
            queue.insert(0, value)
        if word in ("-d", "--detach"):
            detached = True
        elif word == "--read-only":
            read_only = True
        elif word in ("--name", "-v", "--volume", "--mount", "--tmpfs") and queue:
            value = queue.pop(0)
            if word == "--name":
                name = value
            elif word == "--mount":
                mounts.append(parse_dash_mount(value))
            elif word == "--tmpfs":
                if ":" in value:
                    raise Unsupported(f"--tmpfs {value}: options")
                mounts.append(MountRequest("tmpfs", clean_target(value)))
            else:
                parsed = parse_dash_v(value)
                if isinstance(parsed, str):
                    anonymous.append(parsed)
                else:
                    mounts.append(parsed)
        elif word.startswith("-"):
            raise Unsupported(f"docker run option {word}")
        else:
            image = word
            if queue:
                raise Unsupported("docker run with a command (only services are run)")
    if not detached or not name or not image:
        raise Unsupported("docker run needs -d, --name and an image here")
    targets = [m.target for m in mounts]
    if len(set(targets)) != len(targets):
        raise Unsupported("two mounts at one target (a daemon error)")
    return RunRequest(name, image, mounts, anonymous, read_only)


def split_flags(args: list[str], known: dict[str, str]) -> tuple[set[str], list[str]]:
    """Short/long flags of `docker rm` and friends: ({flag names}, operands)."""
    flags, operands = set(), []
    for word in args:
        if word.startswith("--"):
            if word not in known:
                raise Unsupported(f"option {word}")
            flags.add(known[word])
        elif word.startswith("-") and len(word) > 1:
            for letter in word[1:]:
                if "-" + letter not in known:
                    raise Unsupported(f"option -{letter}")
                flags.add(known["-" + letter])
        else:
            operands.append(word)
    return flags, operands
