# long module: Docker's Linux mount parser (moby volume/mounts/linux_parser.go and docker/cli opts/mount.go) ported as one
"""The Linux daemon's -v parser and mount checks, and the docker CLI's -v and --mount parsing."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Callable

from simulator.docker import units
from simulator.docker.mounts.gotext import _CsvError, go_clean, go_csv_record, go_quote
from simulator.docker.mounts.modes import (PROPAGATION_MODES, _mode_nocopy, mode_propagation, mode_read_write, valid_mount_mode)
from simulator.docker.mounts.requests import (CliVolume, MountRequest, _cli_error, _daemon_error, _is_windows_drive, _mount_flag_error)


# ====================================================================== daemon mount checks (Linux)

ROOT_TARGET = "invalid specification: destination can't be '/'"


def _not_absolute(path: str) -> str:
    return f"invalid mount path: '{path}' mount path must be absolute"


def _target_reason(target: str) -> str | None:
    """The target checks of validateMountConfigImpl and ValidateTmpfsMountDestination;
    both look at the path with backslashes turned into slashes."""
    slashed = target.replace("\\", "/")
    if go_clean(slashed) == "/":
        return ROOT_TARGET
    if not slashed.startswith("/"):
        return _not_absolute(slashed)
    return None


def _config_reason(req: MountRequest, exists: Callable[[str], bool] | None) -> str | None:
    """moby linuxParser.validateMountConfigImpl: the first complaint, in Docker's order.
    `exists` None skips the bind-source check (ParseMountRaw: -v creates it)."""
    if not req.target:
        return "field Target must not be empty"
    reason = _target_reason(req.target)
    if reason:
        return reason
    check = {"bind": _bind_reason, "volume": _volume_reason, "tmpfs": _tmpfs_reason}.get(req.type)
    return check(req, exists) if check else "mount type unknown"


def _bind_reason(req: MountRequest, exists: Callable[[str], bool] | None) -> str | None:
    if not req.source:
        return "field Source must not be empty"
    if "bind" in req.option_groups and req.propagation and req.propagation not in PROPAGATION_MODES:
        return f"invalid propagation mode: {req.propagation}"
    if "volume" in req.option_groups:
        return "field VolumeOptions must not be specified"
    slashed = req.source.replace("\\", "/")
    if not slashed.startswith("/"):
        return _not_absolute(slashed)
    if exists is not None and not exists(req.source):
        return f"bind source path does not exist: {req.source}"
    return None


def _volume_reason(req: MountRequest, exists) -> str | None:
    if "bind" in req.option_groups:
        return "field BindOptions must not be specified"
    if req.volume_subpath:
        if not req.source:
            return "must not set Subpath when using anonymous volumes"
        if not _is_local(req.volume_subpath):
            return "subpath must be a relative path within the volume"
    if req.read_only and not req.source:
        return "must not set ReadOnly mode when using anonymous volumes"
    return None


def _tmpfs_reason(req: MountRequest, exists) -> str | None:
    if "bind" in req.option_groups:
        return "field BindOptions must not be specified"
    if req.source:
        return "field Source must not be specified"
    return None


def _is_local(path: str) -> bool:
    """Go's filepath.IsLocal on Unix: relative, non-empty, never climbing out with ".."."""
    if not path or path.startswith("/"):
        return False
    cleaned = go_clean(path) if any(p in (".", "..") for p in path.split("/")) else path
    return not (cleaned == ".." or cleaned.startswith("../"))


def _config_error(kind: str, reason: str) -> str:
    return f"invalid mount config for type {go_quote(kind)}: {reason}"


def validate_mount(req: MountRequest, host_path_exists: Callable[[str], bool]) -> None:
    """dockerd's ValidateMountConfig for one --mount (HostConfig.Mounts), done at create
    before the image is looked up. The volume name is checked later, when the volume is
    created (validate_volume_name)."""
    reason = _config_reason(req, host_path_exists)
    if reason:
        raise _daemon_error(_config_error(req.type, reason))


# ====================================================================== -v / --volume






def cli_parse_volume(spec: str) -> CliVolume:
    """docker/cli loader.ParseVolume, the CLI's own -v check: fields split on ':' except
    after a single letter (a Windows drive), so `a:b` is one anonymous target."""
    if spec == "":
        raise _cli_error("invalid empty volume spec")
    if len(spec.encode("utf-8", "surrogatepass")) <= 2:
        return CliVolume(None, spec)
    source, target, buffer = "", "", []
    for ch in spec + "\0":                  # "\0" is the CLI's end-of-spec marker
        if _is_windows_drive(buffer, ch) or ch not in (":", "\0"):
            buffer.append(ch)
            continue
        if not buffer:
            raise _cli_error(f"invalid spec: {spec}: empty section between colons")
        if source == "" and ch == "\0":
            target = "".join(buffer)
        elif source == "":
            source = "".join(buffer)
        elif target == "":
            target = "".join(buffer)
        elif ch == ":":
            raise _cli_error(f"invalid spec: {spec}: too many colons")
        buffer = []                         # a mode field: the CLI ignores it for `run`
    return CliVolume(source, target) if source else CliVolume(None, spec)


def cli_bind_spec(spec: str, cwd: str = "/") -> str | None:
    """What the CLI sends for this -v: the HostConfig.Binds entry, or None when the spec
    has no source (it then goes to Config.Volumes). CLI 26 makes only a host part "." or
    "./…" absolute against `cwd`: "../x" and "~/x" stay volume names (CLI 28 also
    converts "../x"). The CLI hands its -v values over as a map: duplicates collapse and
    the order of the Binds is random."""
    parsed = cli_parse_volume(spec)
    if parsed.source is None:
        return None
    host, sep, rest = spec.partition(":")
    if parsed.type == "bind" and sep and (host == "." or host.startswith("./")):
        return go_clean(cwd + "/" + host) + ":" + rest
    return spec


def parse_volume_spec(spec: str, volume_driver: str = "") -> MountRequest:
    """dockerd's Linux ParseMountRaw for one HostConfig.Binds entry: [SOURCE:]TARGET[:MODE];
    an absolute SOURCE is a bind, anything else a volume name."""
    fields = spec.split(":", 3)
    invalid = _daemon_error(f"invalid volume specification: '{spec}'")
    if fields[0] == "" or len(fields) == 4 or (len(fields) == 2 and valid_mount_mode(fields[1])):
        raise invalid                        # `/foo:rw`: a mode where the target should be
    if len(fields) == 1:
        source, target, mode = None, fields[0], ""
    else:
        source, target, mode = (fields + [""])[:3]
    if not valid_mount_mode(mode):
        raise _daemon_error(f"invalid mode: {mode}")
    raw = _raw_bind(spec, source, target, mode, volume_driver)
    reason = _config_reason(raw, None)
    if reason:
        raise _daemon_error(f"invalid volume specification: '{spec}': {_config_error(raw.type, reason)}")
    return _parsed_bind(raw)


def _raw_bind(spec: str, source: str | None, target: str, mode: str, driver: str) -> MountRequest:
    """The mount.Mount that ParseMountRaw builds before validating it."""
    kind = "bind" if source and source.startswith("/") else "volume"
    groups = set()
    if _mode_nocopy(mode) or (driver and kind == "volume"):
        groups.add("volume")
    if mode_propagation(mode):
        groups.add("bind")
    return MountRequest(kind, target, source or None, read_only=not mode_read_write(mode),
                        nocopy=_mode_nocopy(mode), propagation=mode_propagation(mode), mode=mode,
                        origin="-v", spec=spec, volume_driver=driver if kind == "volume" else "",
                        option_groups=frozenset(groups))


def _parsed_bind(raw: MountRequest) -> MountRequest:
    """The MountPoint: cleaned paths, bind propagation defaulting to rprivate, and the
    "z" Mode dockerd gives a local-driver volume that has no mode (setBindModeIfNull)."""
    if raw.type == "bind":
        return replace(raw, target=raw.destination, source=raw.host_path,
                       propagation=raw.propagation or "rprivate")
    local = raw.volume_driver in ("", "local")
    return replace(raw, target=raw.destination, mode=raw.mode or ("z" if local else ""))


def config_volume(path: str, origin: str = "-v", volume_driver: str = "") -> MountRequest:
    """An anonymous volume from Config.Volumes: a source-less -v, or an image VOLUME
    (origin "VOLUME"). dockerd only cleans the path: nothing checks it is absolute."""
    return MountRequest("volume", go_clean(path), origin=origin, spec=path, volume_driver=volume_driver)


def parse_volume_flag(spec: str, cwd: str = "/", volume_driver: str = "") -> MountRequest:
    """The whole -v path: the CLI's check and split, then either an anonymous
    Config.Volumes entry or the daemon's ParseMountRaw of the Binds entry."""
    bind = cli_bind_spec(spec, cwd)
    if bind is None:
        return config_volume(spec, volume_driver=volume_driver)
    return replace(parse_volume_spec(bind, volume_driver), spec=spec)


# ====================================================================== --mount (docker CLI)


@dataclass
class _MountDraft:
    """The mount.Mount the CLI fills in while it reads the CSV fields (mutable, private)."""

    cwd: str
    type: str = "volume"                      # "type defaults to volume"
    source: str = ""
    target: str = ""
    read_only: bool = False
    consistency: str = ""
    propagation: str = ""
    bind_flags: set = field(default_factory=set)
    subpath: str = ""
    nocopy: bool = False
    labels: dict = field(default_factory=dict)
    driver: str = ""
    driver_opts: dict = field(default_factory=dict)
    tmpfs_size: int = 0
    tmpfs_mode: int = 0
    groups: set = field(default_factory=set)
    warnings: list = field(default_factory=list)


class _FieldError(Exception):
    pass


def _parse_bool(key: str, value: str, what: str | None = None) -> bool:
    try:
        return units.parse_go_bool(value)
    except ValueError:
        raise _FieldError(f"invalid value for {what or key}: {value}") from None


def _set_source(d: _MountDraft, key: str, value: str) -> None:
    # the CLI makes "." and "./x" absolute (against its working directory)
    d.source = go_clean(d.cwd + "/" + value) if value == "." or value.startswith("./") else value


def _set_bind_nonrecursive(d: _MountDraft, key: str, value: str) -> None:
    d.groups.add("bind")
    d.bind_flags.discard("nonrecursive")
    if _parse_bool(key, value):
        d.bind_flags.add("nonrecursive")
    d.warnings.append("bind-nonrecursive is deprecated, use bind-recursive=disabled instead")


BIND_RECURSIVE = {"enabled": None, "disabled": "nonrecursive", "writable": "readonly-nonrecursive",
                  "readonly": "readonly-force-recursive"}


def _set_bind_recursive(d: _MountDraft, key: str, value: str) -> None:
    if value not in BIND_RECURSIVE:
        raise _FieldError(f'invalid value for {key}: {value} (must be "enabled", "disabled", '
                          '"writable", or "readonly")')
    if BIND_RECURSIVE[value]:                 # "enabled" touches nothing, not even BindOptions
        d.groups.add("bind")
        d.bind_flags.add(BIND_RECURSIVE[value])


def _set_nocopy(d: _MountDraft, key: str, value: str) -> None:
    d.groups.add("volume")
    d.nocopy = _parse_bool(key, value, "volume-nocopy")


def _set_key_value(target: dict, value: str) -> None:
    k, _, v = value.partition("=")
    if k:
        target[k] = v


def _set_tmpfs_size(d: _MountDraft, key: str, value: str) -> None:
    try:
        d.tmpfs_size = units.ram_in_bytes(value)
    except ValueError:
        raise _FieldError(f"invalid value for {key}: {value}") from None
    d.groups.add("tmpfs")


def _set_tmpfs_mode(d: _MountDraft, key: str, value: str) -> None:
    try:
        d.tmpfs_mode = units.parse_go_uint(value, 8, 32)
    except ValueError:
        raise _FieldError(f"invalid value for {key}: {value}") from None
    d.groups.add("tmpfs")


def _set_type(d: _MountDraft, key: str, value: str) -> None:
    d.type = units.go_lower(value)


def _set_target(d: _MountDraft, key: str, value: str) -> None:
    d.target = value


def _set_readonly(d: _MountDraft, key: str, value: str) -> None:
    d.read_only = _parse_bool(key, value)


def _set_consistency(d: _MountDraft, key: str, value: str) -> None:
    d.consistency = units.go_lower(value)   # accepted, ignored on Linux


def _set_propagation(d: _MountDraft, key: str, value: str) -> None:
    d.groups.add("bind")
    d.propagation = units.go_lower(value)   # checked by the daemon


def _set_subpath(d: _MountDraft, key: str, value: str) -> None:
    d.groups.add("volume")
    d.subpath = value


def _set_label(d: _MountDraft, key: str, value: str) -> None:
    d.groups.add("volume")
    _set_key_value(d.labels, value)


def _set_driver(d: _MountDraft, key: str, value: str) -> None:
    d.groups.add("volume")
    d.driver = value


def _set_driver_opt(d: _MountDraft, key: str, value: str) -> None:
    d.groups.add("volume")
    _set_key_value(d.driver_opts, value)


_KEYED_FIELDS: dict[str, Callable[[_MountDraft, str, str], None]] = {
    "type": _set_type, "source": _set_source, "src": _set_source,
    "target": _set_target, "dst": _set_target, "destination": _set_target,
    "readonly": _set_readonly, "ro": _set_readonly, "consistency": _set_consistency,
    "bind-propagation": _set_propagation, "bind-nonrecursive": _set_bind_nonrecursive,
    "bind-recursive": _set_bind_recursive, "volume-subpath": _set_subpath,
    "volume-nocopy": _set_nocopy, "volume-label": _set_label, "volume-driver": _set_driver,
    "volume-opt": _set_driver_opt, "tmpfs-size": _set_tmpfs_size, "tmpfs-mode": _set_tmpfs_mode,
}

# fields that may stand alone, without "=value" (the word means "=true")
_BARE_FIELDS = {"readonly": _set_readonly, "ro": _set_readonly, "volume-nocopy": _set_nocopy}


def _apply_field(d: _MountDraft, text: str) -> None:
    """One CSV field of --mount; keys are case-insensitive, values are not."""
    key, eq, value = text.partition("=")
    key = units.go_lower(key)
    if not eq:
        if key == "bind-nonrecursive":       # bare: no deprecation warning
            d.groups.add("bind")
            d.bind_flags.add("nonrecursive")
        elif key in _BARE_FIELDS:
            _BARE_FIELDS[key](d, key, "true")
        else:
            raise _FieldError(f"invalid field '{text}' must be a key=value pair")
        return
    if key not in _KEYED_FIELDS:
        raise _FieldError(f"unexpected key '{key}' in '{text}'")
    _KEYED_FIELDS[key](d, key, value)


def _check_draft(d: _MountDraft) -> None:
    """The checks MountOpt.Set makes once every field is read, in its order."""
    if d.type == "":
        raise _FieldError("type is required")
    if d.target == "":
        raise _FieldError("target is required")
    for group in ("volume", "bind", "tmpfs"):
        if group in d.groups and d.type != group:
            raise _FieldError(f"cannot mix '{group}-*' options with mount type '{d.type}'")
    if "readonly-nonrecursive" in d.bind_flags and not d.read_only:
        raise _FieldError("option 'bind-recursive=writable' requires 'readonly' to be specified in conjunction")
    if "readonly-force-recursive" in d.bind_flags:
        if not d.read_only:
            raise _FieldError("option 'bind-recursive=readonly' requires 'readonly' to be specified in conjunction")
        if d.propagation != "rprivate":
            raise _FieldError("option 'bind-recursive=readonly' requires 'bind-propagation=rprivate' "
                              "to be specified in conjunction")


def parse_mount_flag(spec: str, cwd: str = "/") -> MountRequest:
    """docker CLI's --mount parsing (opts.MountOpt.Set): CSV `key=value` fields, type
    `volume` by default. Errors are pflag's `invalid argument "…" for "--mount" flag: …`."""
    try:
        fields = go_csv_record(spec)
    except _CsvError as e:
        raise _mount_flag_error(spec, str(e)) from None
    draft = _MountDraft(cwd)
    try:
        for text in fields:
            _apply_field(draft, text)
        _check_draft(draft)
    except _FieldError as e:
        raise _mount_flag_error(spec, str(e)) from None
    return _request_of(draft, spec)


def _request_of(d: _MountDraft, spec: str) -> MountRequest:
    local = d.driver in ("", "local")
    return MountRequest(
        d.type, d.target, d.source or None, read_only=d.read_only, nocopy=d.nocopy,
        propagation=(d.propagation or "rprivate") if d.type == "bind" else d.propagation,
        mode="z" if d.type == "volume" and local else "",
        tmpfs_size=d.tmpfs_size or None, tmpfs_mode=d.tmpfs_mode or None,
        tmpfs_options=_tmpfs_data(d) if d.type == "tmpfs" else (), origin="--mount", spec=spec,
        volume_driver=d.driver, volume_subpath=d.subpath, volume_labels=tuple(d.labels.items()),
        volume_driver_opts=tuple(d.driver_opts.items()), bind_flags=frozenset(d.bind_flags),
        consistency=d.consistency, option_groups=frozenset(d.groups), warnings=tuple(d.warnings))


def _tmpfs_data(d: _MountDraft) -> tuple[str, ...]:
    """moby ConvertTmpfsOptions: the mount data dockerd derives from --mount's options."""
    words = ["ro"] if d.read_only else []
    if d.tmpfs_mode:
        words.append(f"mode={d.tmpfs_mode:o}")
    if d.tmpfs_size:
        words.append(units.tmpfs_size_option(d.tmpfs_size))
    return tuple(words)
