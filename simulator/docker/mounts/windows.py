"""The Windows daemon's mount parser (scenario `platform: windows`)."""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Callable, Optional

from simulator.errors import DockerError
from simulator.docker import units
from simulator.docker.mounts.gotext import go_quote
from simulator.docker.mounts.requests import MountRequest, _daemon_error
from simulator.docker.mounts.linux import _config_error, _is_local, cli_parse_volume
from simulator.docker.mounts.modes import RW_MODES
from simulator.docker.mounts.names import validate_volume_name

# ====================================================================== Windows daemon (windows_parser.go)
# Scenario `platform: windows`. The daemon lower-cases the whole -v spec before matching
# these expressions, so every path it hands to `host_is_dir` is lower case; host_is_dir
# answers True (a directory), False (a file) or None (nothing there).

_WIN_HOST_DIR = r'(?:\\\\\?\\)?[a-z]:[\\/](?:[^\\/:*?"<>|\r\n]+[\\/]?)*'
_WIN_NAME = r'[^\\/:*?"<>|\r\n]+'
_WIN_PIPE = r'[/\\]{2}.[/\\]pipe[/\\][^:*?"<>|\r\n]+'
_WIN_DEST = (r'(?P<destination>((?:\\\\\?\\)?([a-z]):((?:[\\/][^\\/:*?"<>\r\n]+)*[\\/]?))|('
             + _WIN_PIPE + "))")
WIN_SPLIT = re.compile(rf"((?P<source>(({_WIN_HOST_DIR})|({_WIN_NAME})|({_WIN_PIPE}))):)?"
                       + _WIN_DEST + r"(:(?P<mode>(?i:ro|rw)))?")
WIN_VOLUME_NAME = re.compile(_WIN_NAME)
WIN_RESERVED_NAME = re.compile(r"(con|prn|nul|aux|com[1-9]|lpt[1-9])")
WIN_HOST_DIR = re.compile(_WIN_HOST_DIR)
WIN_DESTINATION = re.compile(_WIN_DEST)

HostIsDir = Callable[[str], Optional[bool]]


def _windows_type(path: str) -> str:
    """windowsDetectMountType."""
    if path.startswith("\\\\.\\pipe\\"):
        return "npipe"
    return "bind" if WIN_HOST_DIR.fullmatch(path) else "volume"


def _windows_split(spec: str, host_is_dir: HostIsDir) -> list[str]:
    """splitRawSpec: source, destination, mode (the ones present), lower-cased."""
    m = WIN_SPLIT.fullmatch(units.go_lower(spec))
    if not m:
        raise _daemon_error(f"invalid volume specification: '{spec}'")
    source, dest, mode = (m.group(g) or "" for g in ("source", "destination", "mode"))
    if not source and dest:                 # moby #26329: a lone path that names a file
        if WIN_VOLUME_NAME.fullmatch(dest):
            if WIN_RESERVED_NAME.fullmatch(dest):
                raise _daemon_error(f"volume name {go_quote(dest)} cannot be a reserved word for Windows filenames")
        elif host_is_dir(dest) is False:
            raise _daemon_error(f"file '{dest}' cannot be mapped. Only directories can be mapped on this platform")
    return [part for part in (source, dest, mode) if part]


def parse_volume_spec_windows(spec: str, host_is_dir: HostIsDir, volume_driver: str = "") -> MountRequest:
    """dockerd's Windows ParseMountRaw: [SOURCE:]DEST[:ro|rw] with drive letters, named
    pipes and volume names; bind sources must be existing directories."""
    fields = _windows_split(spec, host_is_dir)
    invalid = _daemon_error(f"invalid volume specification: '{spec}'")
    if len(fields) == 2 and fields[1] in RW_MODES:
        raise invalid                        # a mode where the destination should be
    source, target, mode = (["", *fields, ""] if len(fields) == 1 else fields + [""])[:3]
    source, target = source.replace("/", "\\"), target.replace("/", "\\")
    kind = _windows_type(source)
    req = MountRequest(kind, target, source or None, read_only=mode == "ro", nocopy=kind == "volume",
                       mode=mode, origin="-v", spec=spec,
                       volume_driver=volume_driver if kind == "volume" else "",
                       option_groups=frozenset({"volume"} if volume_driver and kind == "volume" else ()))
    error = _windows_config_error(req, host_is_dir)
    if error:
        raise _daemon_error(f"invalid volume specification: '{spec}': {error}")
    return replace(req, target=_trim_backslash(target), source=_trim_backslash(source) or None)


def _trim_backslash(path: str) -> str:
    """parseMountSpec drops a trailing backslash, except in "c:\\"."""
    return path[:-1] if len(path) > 3 and path.endswith("\\") else path


def validate_mount_windows(req: MountRequest, host_is_dir: HostIsDir) -> None:
    """dockerd's Windows ValidateMountConfig for one --mount (tmpfs: `mount type unknown`)."""
    error = _windows_config_error(req, host_is_dir)
    if error:
        raise _daemon_error(error)


def _windows_config_error(req: MountRequest, host_is_dir: HostIsDir) -> str | None:
    """validateMountConfigReg with windowsValidators, in Docker's order."""
    if not req.target:
        return _config_error(req.type, "field Target must not be empty")
    lowered = units.go_lower(req.target.replace("/", "\\"))
    if lowered in ("c:", "c:\\"):
        return _config_error(req.type, f"destination path cannot be `c:` or `c:\\`: {lowered}")
    if not WIN_DESTINATION.fullmatch(units.go_lower(req.target)):
        return _config_error(req.type, f"invalid mount path: '{req.target}'")
    check = {"bind": _windows_bind_reason, "volume": _windows_volume_reason,
             "npipe": _windows_pipe_reason}.get(req.type)
    reason = check(req, host_is_dir) if check else "mount type unknown"
    if reason == ANONYMOUS_SUBPATH:
        return reason                        # the one error the Windows parser returns bare
    return _config_error(req.type, reason) if reason else None


ANONYMOUS_SUBPATH = "must not set Subpath when using anonymous volumes"


def _windows_bind_reason(req: MountRequest, host_is_dir: HostIsDir) -> str | None:
    if not req.source:
        return "field Source must not be empty"
    if "bind" in req.option_groups and req.propagation:
        return f"invalid propagation mode: {req.propagation}"   # no propagation on Windows
    if "volume" in req.option_groups:
        return "field VolumeOptions must not be specified"
    if not WIN_DESTINATION.fullmatch(units.go_lower(req.source)):
        return f"invalid mount path: '{req.source}' mount path must be absolute"
    state = host_is_dir(req.source)
    if state is None:
        return f"bind source path does not exist: {req.source}"
    return None if state else "source path must be a directory"


def _windows_volume_reason(req: MountRequest, host_is_dir: HostIsDir) -> str | None:
    if "bind" in req.option_groups:
        return "field BindOptions must not be specified"
    if req.volume_subpath:
        if not req.source:
            return ANONYMOUS_SUBPATH
        if not _is_local_windows(req.volume_subpath):
            return "subpath must be a relative path within the volume"
    if req.read_only and not req.source:
        return "must not set ReadOnly mode when using anonymous volumes"
    return _windows_name_reason(req.source) if req.source else None


def _windows_pipe_reason(req: MountRequest, host_is_dir: HostIsDir) -> str | None:
    if not req.source:
        return "field Source must not be empty"
    if "bind" in req.option_groups:
        return "field BindOptions must not be specified"
    if req.read_only:
        return "field ReadOnly must not be specified"
    for path in (req.source, req.target):
        if _windows_type(path) != "npipe":
            return f"'{path}' is not a valid pipe path"
    return None


def _windows_name_reason(name: str) -> str | None:
    """windowsParser.ValidateVolumeName."""
    if not WIN_VOLUME_NAME.fullmatch(name):
        return "invalid volume name"
    if WIN_RESERVED_NAME.fullmatch(name):
        return f"volume name {go_quote(name)} cannot be a reserved word for Windows filenames"
    return None


def _is_local_windows(path: str) -> bool:
    """filepath.IsLocal on Windows (approximately): relative, no drive, no reserved
    device name as a component, never climbing out with ".."."""
    parts = re.split(r"[\\/]", path)
    if not path or path[:1] in "\\/" or path[1:2] == ":":
        return False
    if any(WIN_RESERVED_NAME.fullmatch(units.go_lower(p.split(".")[0])) for p in parts):
        return False
    return _is_local(path.replace("\\", "/"))


def validate_volume_name_windows(name: str) -> None:
    """Volume names on a Windows daemon: lower-cased, the Windows parser's rules, then the
    local driver's; wrapped as `create NAME: …`."""
    if name == "":
        return
    lowered = units.go_lower(name)
    reason = _windows_name_reason(lowered)
    if reason:
        raise DockerError(f"create {lowered}: {reason}", origin="daemon", exit_code=1)
    validate_volume_name(lowered)


def check_tmpfs_target_windows(target: str) -> None:
    """--tmpfs on a Windows daemon (ValidateTmpfsMountDestination)."""
    raise _daemon_error("platform does not support tmpfs")


def parse_volume_flag_windows(spec: str, host_is_dir: HostIsDir, volume_driver: str = "") -> MountRequest:
    """The whole -v path against a Windows daemon: the CLI's split, then Binds through
    ParseMountRaw; a source-less spec is parsed the same way from Config.Volumes
    (daemon/create_windows.go), its error prefixed `Unrecognised volume spec: `."""
    parsed = cli_parse_volume(spec)
    if parsed.source is not None:
        return parse_volume_spec_windows(spec, host_is_dir, volume_driver)
    try:
        req = parse_volume_spec_windows(spec, host_is_dir, volume_driver)
    except DockerError as e:
        raise _daemon_error(f"Unrecognised volume spec: {e.message}") from None
    return replace(req, origin="-v")
