"""Volume and container names, and --volumes-from."""
from __future__ import annotations

import re
from dataclasses import replace

from simulator.errors import DockerError
from simulator.docker.mounts.gotext import go_quote
from simulator.docker.mounts.requests import MountRequest, _daemon_error
from simulator.docker.mounts.modes import _mode_nocopy, mode_propagation, mode_read_write, valid_mount_mode

# ====================================================================== names and --volumes-from

RESTRICTED_NAME_CHARS = "[a-zA-Z0-9][a-zA-Z0-9_.-]"           # moby daemon/names
RESTRICTED_NAME = re.compile(RESTRICTED_NAME_CHARS + "+")


def validate_volume_name(name: str) -> None:
    """The local volume driver's name rules (checked when the volume is created), wrapped
    by the volume store as `create NAME: …`; exit 1 as for `docker volume create`
    (`docker run` exits 125 on any daemon error)."""
    if name == "":
        return                               # dockerd picks a random name itself
    if len(name.encode("utf-8", "surrogatepass")) == 1:
        reason = "volume name is too short, names should be at least two alphanumeric characters"
    elif not RESTRICTED_NAME.fullmatch(name):
        reason = (f"{go_quote(name)} includes invalid characters for a local volume name, only "
                  f"{go_quote(RESTRICTED_NAME_CHARS)} are allowed. If you intended to pass a host "
                  "directory, use absolute path")
    else:
        return
    raise DockerError(f"create {name}: {reason}", origin="daemon", exit_code=1)


def validate_container_name(name: str) -> None:
    """dockerd reserveName: one leading '/' is allowed; "" means "pick a name"."""
    if name and not RESTRICTED_NAME.fullmatch(name[1:] if name.startswith("/") else name):
        raise _daemon_error(f"Invalid container name ({name}), only {RESTRICTED_NAME_CHARS} are allowed")


def parse_volumes_from(spec: str) -> tuple[str, str]:
    """dockerd ParseVolumesFrom: CONTAINER[:MODE], MODE "rw" by default; a propagation or
    copy word is refused like an unknown one."""
    if spec == "":
        raise _daemon_error("volumes-from specification cannot be an empty string")
    container, _, mode = spec.partition(":")
    if mode == "":
        return container, "rw"
    if not valid_mount_mode(mode) or mode_propagation(mode) or _mode_nocopy(mode):
        raise _daemon_error(f"invalid mode: {mode}")
    return container, mode


def inherit_mount(mount: MountRequest, mode: str, spec: str = "") -> MountRequest:
    """A mount copied by --volumes-from: read-only if either side says so (`rw` cannot
    make a read-only mount writable), never pre-populated, Mode not copied."""
    return replace(mount, read_only=mount.read_only or not mode_read_write(mode), nocopy=True,
                   mode="", origin="--volumes-from", spec=spec or mount.spec)
