"""A parsed mount (MountRequest) and the errors mount parsing raises, in Docker's words."""
from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from simulator.errors import DockerError
from simulator.docker.mounts.gotext import go_clean, go_quote

# ====================================================================== errors


def run_exit_code(message: str) -> int:
    """docker CLI runStartContainerErr: what `docker run` exits with for a daemon error."""
    if any(s in message for s in ("executable file not found", "no such file or directory",
                                  "system cannot find the file specified")):
        return 127
    if "permission denied" in message or "is a directory" in message:
        return 126
    return 125


def _cli_error(message: str) -> DockerError:
    return DockerError(message, origin="cli", exit_code=125)


def _daemon_error(message: str) -> DockerError:
    """A daemon error before the container exists; exit code as `docker run` reports it
    (`docker create` exits 1 instead: the caller frames that)."""
    return DockerError(message, origin="daemon", exit_code=run_exit_code(message))


def _mount_flag_error(spec: str, reason: str) -> DockerError:
    """pflag's wrapping of a --mount value the CLI refused."""
    return _cli_error(f'invalid argument {go_quote(spec)} for "--mount" flag: {reason}')


class MountStartError(DockerError):
    """An error Docker reports only when the container *starts* (the OCI spec is built,
    or runc mounts), never at `docker create`: a bad `--tmpfs` option."""

    def __init__(self, message: str):
        super().__init__(message, origin="daemon", exit_code=run_exit_code(message))


# ====================================================================== values


@dataclass(frozen=True)
class MountRequest:
    """One mount as the user asked for it, after Docker's parsing.

    `target`: for -v and VOLUME Docker's cleaned destination (`-v a:b` -> "a:b",
    `-v relative` -> "relative": relative targets count from "/"); for --mount and
    --tmpfs the text as given (Docker keeps it so in HostConfig); `destination` is the
    cleaned one in every case. `source`: volume name (None: anonymous) or host path.
    `option_groups`: which of the API's BindOptions/VolumeOptions/TmpfsOptions the
    request carries ("bind", "volume", "tmpfs"); Docker refuses options of another type.
    """

    type: str
    target: str
    source: str | None = None
    read_only: bool = False
    nocopy: bool = False
    propagation: str = ""
    mode: str = ""
    tmpfs_size: int | None = None
    tmpfs_mode: int | None = None
    tmpfs_options: tuple[str, ...] = ()
    origin: str = "-v"
    spec: str = ""
    volume_driver: str = ""
    volume_subpath: str = ""
    volume_labels: tuple[tuple[str, str], ...] = ()
    volume_driver_opts: tuple[tuple[str, str], ...] = ()
    bind_flags: frozenset[str] = frozenset()     # nonrecursive, readonly-nonrecursive, readonly-force-recursive
    consistency: str = ""
    option_groups: frozenset[str] = frozenset()
    warnings: tuple[str, ...] = ()

    @property
    def destination(self) -> str:
        """moby MountPoint.Destination: path.Clean of the target (backslashes untouched)."""
        return go_clean(self.target)

    @property
    def host_path(self) -> str | None:
        """The bind source as the daemon mounts it (cleaned), None for other types."""
        if self.type != "bind" or self.source is None:
            return None
        return go_clean(self.source)

    @property
    def anonymous(self) -> bool:
        return self.type == "volume" and not self.source

    @property
    def via_config_volumes(self) -> bool:
        """A source-less -v or an image VOLUME: Docker handles it like Config.Volumes
        (after all other mounts, silently skipped where another mount has the target)."""
        return self.anonymous and self.origin in ("-v", "VOLUME")


class CliVolume(NamedTuple):
    """docker CLI's reading of a -v value: `source` None means an anonymous volume, and
    then `target` is the whole spec (the key of Config.Volumes)."""

    source: str | None
    target: str

    @property
    def type(self) -> str:
        return "bind" if self.source is not None and _is_file_path(self.source) else "volume"


class TmpfsOptions(NamedTuple):
    """A tmpfs mount's options after Docker merged them and the kernel accepted them."""

    size: int | None          # requested bytes (None: kernel default, half of RAM, or a % size)
    mode: int | None          # permission bits of the tmpfs root (None: not given)
    read_only: bool


def tmpfs_capacity(size: int) -> int:
    """What a tmpfs of `size=` really holds: the kernel rounds up to 4096-byte pages."""
    return -(-size // 4096) * 4096


def _is_windows_drive(buffer: list[str], ch: str) -> bool:
    return ch == ":" and len(buffer) == 1 and buffer[0].isalpha()


def _is_file_path(source: str) -> bool:
    """docker/cli isFilePath: starts with . / ~, a \\\\ pipe, or a drive letter "X:"."""
    if source[:1] in (".", "/", "~"):
        return True
    if len(source) == 1:
        return False
    return source.startswith("\\\\") or (source[1] == ":" and source[0].isalpha())
