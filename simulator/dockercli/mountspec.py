"""Docker's mount syntax (-v, --mount, --tmpfs, --volumes-from, names) as docker CLI 26 and dockerd 26 read it."""
# Sources (read at tag v26.1.5 of moby/moby and docker/cli):
#   moby volume/mounts/{linux_parser,windows_parser,parser,validate,volume_copy,mounts}.go,
#   moby daemon/{volumes,create_unix,create_windows,daemon_unix,oci_linux,names}.go,
#   moby volume/local/local.go, volume/service/{store,errors}.go,
#   moby vendor/github.com/moby/sys/mount/flags_unix.go (MergeTmpfsOptions),
#   docker/cli opts/mount.go, cli/compose/loader/volume.go, cli/command/container/{opts,run}.go,
#   Go encoding/csv, strconv, docker/go-units v0.5.0, runc 1.1.5, Linux mm/shmem.c.
# Every function raises DockerError with Docker's own text, without the "docker: " /
# "Error response from daemon: " framing and without a trailing dot.
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Callable, NamedTuple, Optional

from ..errors import DockerError
from . import units

# ====================================================================== Go text helpers


def go_quote(text: str) -> str:
    """Go's %q (strconv.Quote): printable runes kept, the rest escaped; lone surrogates
    stand for invalid UTF-8 bytes and come out as \\xNN."""
    escapes = {"\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t",
               "\v": "\\v", '"': '\\"', "\\": "\\\\"}
    out = []
    for ch in text:
        code = ord(ch)
        if 0xD800 <= code <= 0xDFFF:
            out.append("".join(f"\\x{b:02x}" for b in ch.encode("utf-8", "surrogatepass")))
        elif ch in escapes:
            out.append(escapes[ch])
        elif ch.isprintable():
            out.append(ch)
        elif code < 0x20 or code == 0x7F:
            out.append(f"\\x{code:02x}")
        elif code < 0x10000:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    return '"' + "".join(out) + '"'


def go_clean(path: str) -> str:
    """Go's path.Clean: "" -> ".", "//a/./b/../" -> "/a"; ".." never climbs above "/"."""
    rooted = path.startswith("/")
    parts: list[str] = []
    for part in path.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if parts and parts[-1] != "..":
                parts.pop()
            elif not rooted:
                parts.append("..")
            continue
        parts.append(part)
    cleaned = "/".join(parts)
    return "/" + cleaned if rooted else (cleaned or ".")


class _CsvError(Exception):
    pass


class _CsvLines:
    """encoding/csv Reader.readLine over bytes: lines keep their "\\n", "\\r\\n" -> "\\n"."""

    def __init__(self, data: bytes):
        self.data, self.pos, self.num_line = data, 0, 0

    def read(self) -> tuple[bytes, bool]:
        end = self.data.find(b"\n", self.pos)
        line = self.data[self.pos:] if end < 0 else self.data[self.pos:end + 1]
        self.pos = len(self.data) if end < 0 else end + 1
        eof = end < 0 and not line
        if end < 0 and line.endswith(b"\r"):
            line = line[:-1]               # "drop trailing \r before EOF"
        self.num_line += 1
        if line.endswith(b"\r\n"):
            line = line[:-2] + b"\n"
        return line, eof


def _csv_error(start: int, line: int, col: int, bare: bool) -> _CsvError:
    what = 'bare " in non-quoted-field' if bare else 'extraneous or missing " in quoted-field'
    where = f"parse error on line {line}, column {col}"
    if start != line:
        where = f"record on line {start}; " + where
    return _CsvError(f"{where}: {what}")


def go_csv_record(text: str) -> list[str]:
    """The first record of Go's csv.Reader.Read (comma-separated, RFC 4180 quotes, blank
    lines skipped); raises _CsvError with Go's message ("EOF" for no record at all)."""
    lines = _CsvLines(text.encode("utf-8", "surrogatepass"))
    line, eof = lines.read()
    while not eof and line in (b"", b"\n"):      # blank lines are skipped
        line, eof = lines.read()
    if eof:
        raise _CsvError("EOF")
    state = {"line": line, "eof": False, "pos_line": lines.num_line, "col": 1,
             "start": lines.num_line, "fields": [], "lines": lines}
    while _csv_field(state):
        pass
    return [f.decode("utf-8", "surrogatepass") for f in state["fields"]]


def _csv_field(st: dict) -> bool:
    """Parse one field into st["fields"]; True when another field follows on the record."""
    line: bytes = st["line"]
    if not line or line[0:1] != b'"':
        i = line.find(b",")
        text = line[:i] if i >= 0 else line[:len(line) - (line[-1:] == b"\n")]
        j = text.find(b'"')
        if j >= 0:
            raise _csv_error(st["start"], st["lines"].num_line, st["col"] + j, bare=True)
        st["fields"].append(text)
        if i < 0:
            return False
        st["line"], st["col"] = line[i + 1:], st["col"] + i + 1
        return True
    return _csv_quoted_field(st, line[1:])


def _csv_quoted_field(st: dict, line: bytes) -> bool:
    st["col"] += 1
    buf = b""
    while True:
        i = line.find(b'"')
        if i >= 0:
            buf += line[:i]
            line, st["col"] = line[i + 1:], st["col"] + i + 1
            if line[:1] == b'"':
                buf, line, st["col"] = buf + b'"', line[1:], st["col"] + 1
            elif line[:1] == b",":
                st["fields"].append(buf)
                st["line"], st["col"] = line[1:], st["col"] + 1
                return True
            elif line in (b"", b"\n"):
                st["fields"].append(buf)
                return False
            else:
                raise _csv_error(st["start"], st["lines"].num_line, st["col"] - 1, bare=False)
        elif line:
            buf += line
            st["col"] += len(line)
            line, eof = st["lines"].read()
            if line:
                st["pos_line"], st["col"] = st["pos_line"] + 1, 1
        else:
            raise _csv_error(st["start"], st["pos_line"], st["col"], bare=False)


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


# ====================================================================== -v mode words (Linux)

RW_MODES = ("rw", "ro")
LABEL_MODES = ("z", "Z")
PROPAGATION_MODES = ("private", "rprivate", "slave", "rslave", "shared", "rshared")
COPY_MODES = ("nocopy",)                      # `copy` is not a mode (volume_copy.go)
CONSISTENCY_MODES = ("consistent", "cached", "delegated")
MODE_GROUPS = (RW_MODES, LABEL_MODES, PROPAGATION_MODES, COPY_MODES, CONSISTENCY_MODES)


def valid_mount_mode(mode: str) -> bool:
    """linuxValidMountMode: comma-separated known words, at most one of each group."""
    if mode == "":
        return True
    counts = [0] * len(MODE_GROUPS)
    for word in mode.split(","):
        group = next((i for i, g in enumerate(MODE_GROUPS) if word in g), None)
        if group is None:
            return False
        counts[group] += 1
    return max(counts) <= 1


def mode_read_write(mode: str) -> bool:
    """linuxParser.ReadWrite: false for an invalid mode or one that says "ro"."""
    return valid_mount_mode(mode) and "ro" not in mode.split(",")


def mode_propagation(mode: str) -> str:
    return next((w for w in mode.split(",") if w in PROPAGATION_MODES), "")


def _mode_nocopy(mode: str) -> bool:
    return "nocopy" in mode.split(",")


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


def _is_windows_drive(buffer: list[str], ch: str) -> bool:
    return ch == ":" and len(buffer) == 1 and buffer[0].isalpha()


def _is_file_path(source: str) -> bool:
    """docker/cli isFilePath: starts with . / ~, a \\\\ pipe, or a drive letter "X:"."""
    if source[:1] in (".", "/", "~"):
        return True
    if len(source) == 1:
        return False
    return source.startswith("\\\\") or (source[1] == ":" and source[0].isalpha())


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


# ====================================================================== --tmpfs


def check_tmpfs_target(target: str) -> None:
    """dockerd's ValidateTmpfsMountDestination (Linux), at create: not "/", absolute."""
    reason = _target_reason(target)
    if reason:
        raise _daemon_error(reason)


def parse_tmpfs_flag(spec: str) -> MountRequest:
    """--tmpfs PATH[:OPTIONS]: the CLI cuts at the first ':' (HostConfig.Tmpfs[PATH] =
    OPTIONS); dockerd checks PATH at create. The options are checked only at start
    (check_tmpfs_at_start); size/mode/read_only here are what they will mean if valid."""
    target, _, options = spec.partition(":")
    check_tmpfs_target(target)
    words = tuple(options.split(",")) if options else ()
    size, mode, read_only = _tmpfs_values(words)
    return MountRequest("tmpfs", target, read_only=read_only, tmpfs_size=size, tmpfs_mode=mode,
                        tmpfs_options=words, origin="--tmpfs", spec=spec)


def _tmpfs_values(words) -> TmpfsOptions:
    """The effective size, mode and ro of option words: the last of each wins."""
    size = mode = None
    read_only = False
    for word in words:
        key, eq, value = word.partition("=")
        if word in ("ro", "rw"):
            read_only = word == "ro"
        elif eq and key == "size":
            size = _kernel_size(value)
        elif eq and key == "mode":
            mode = _kernel_mode(value)
    return TmpfsOptions(size, mode, read_only)


def _kernel_size(value: str) -> int | None:
    number, rest = units.kernel_memparse(value)
    return number if value and rest == "" else None


def _kernel_mode(value: str) -> int | None:
    try:
        return units.kernel_kstrtouint(value, 8) & 0o7777
    except ValueError:
        return None


# moby/sys/mount flags_unix.go: the words MergeTmpfsOptions knows as mount flags, each
# with the flag bit it sets or clears (two words for one bit: the later one wins).
MOUNT_FLAG_BITS = {
    "ro": 0x1, "rw": 0x1, "suid": 0x2, "nosuid": 0x2, "dev": 0x4, "nodev": 0x4,
    "exec": 0x8, "noexec": 0x8, "sync": 0x10, "async": 0x10, "dirsync": 0x80, "remount": 0x20,
    "mand": 0x40, "nomand": 0x40, "atime": 0x400, "noatime": 0x400, "diratime": 0x800,
    "nodiratime": 0x800, "relatime": 0x200000, "norelatime": 0x200000,
    "strictatime": 0x1000000, "nostrictatime": 0x1000000,
}
PROPAGATION_FLAGS = ("bind", "rbind", "unbindable", "runbindable", "private", "rprivate",
                     "shared", "rshared", "slave", "rslave")
TMPFS_DATA_KEYS = ("", "size", "mode", "uid", "gid", "nr_inodes", "nr_blocks", "mpol")
TMPFS_DEFAULTS = ("noexec", "nosuid", "nodev", "rprivate")      # daemon/oci_linux.go
SETS_FLAG = {"ro", "nosuid", "nodev", "noexec", "sync", "dirsync", "remount", "mand", "noatime",
             "nodiratime", "relatime", "strictatime"}


def merge_tmpfs_options(options) -> tuple[str, ...]:
    """moby MergeTmpfsOptions: from the end, keep the first word per flag bit (one for all
    propagation words) and per data key; `invalid tmpfs option %q` (of the word split at
    '=') for anything else. dockerd runs it when the container starts."""
    seen: set = set()
    kept: list[str] = []
    for word in reversed(options):
        if word == "defaults":
            continue
        if word in MOUNT_FLAG_BITS or word in PROPAGATION_FLAGS:
            key = "propagation" if word in PROPAGATION_FLAGS else MOUNT_FLAG_BITS[word]
        else:
            parts = word.split("=", 1)
            if len(parts) != 2 or parts[0] not in TMPFS_DATA_KEYS:
                quoted = " ".join(go_quote(p) for p in parts)
                raise MountStartError(f"invalid tmpfs option [{quoted}]")
            key = "data:" + parts[0]
        if key not in seen:
            seen.add(key)
            kept.insert(0, word)
    return tuple(kept)


def parse_tmpfs_options(options: str, target: str = "") -> TmpfsOptions:
    """The start-time fate of a tmpfs's option string (the --tmpfs OPTIONS, or the data
    dockerd derived from --mount): Docker's defaults merged with it, then what the
    kernel makes of the data words. Raises MountStartError: `invalid tmpfs option …`
    from dockerd, or runc's mount error (with `target`) for a value the kernel refuses."""
    merged = merge_tmpfs_options(TMPFS_DEFAULTS + (tuple(options.split(",")) if options else ()))
    flags, data = _runc_flags_and_data(merged)
    if any(not _kernel_accepts(word) for word in data):
        raise MountStartError(_runc_mount_error(target, flags, ",".join(data)))
    return _tmpfs_values(merged)


def check_tmpfs_at_start(req: MountRequest) -> TmpfsOptions:
    """parse_tmpfs_options for a tmpfs MountRequest (--tmpfs keeps its path as typed,
    --mount's is cleaned)."""
    target = req.target if req.origin == "--tmpfs" else req.destination
    return parse_tmpfs_options(",".join(req.tmpfs_options), target)


def _runc_flags_and_data(merged) -> tuple[int, list[str]]:
    """runc's parseMountOptions: flag words become mount(2) flags, propagation words are
    applied separately, the rest is the data string. runc mounts a tmpfs without
    MS_RDONLY and remounts it read-only afterwards."""
    flags, data = 0, []
    for word in merged:
        if word in MOUNT_FLAG_BITS:
            bit = MOUNT_FLAG_BITS[word]
            flags = flags | bit if word in SETS_FLAG else flags & ~bit
        elif word not in PROPAGATION_FLAGS:
            data.append(word)
    return flags & ~0x1, data


def _runc_mount_error(target: str, flags: int, data: str) -> str:
    """runc 1.1.5's mount error as dockerd reports it (fd 6: as observed with Docker 26)."""
    flag_text = f", flags: 0x{flags:x}" if flags else ""
    return ("failed to create task for container: failed to create shim task: OCI runtime create "
            "failed: runc create failed: unable to start container process: error during container "
            f'init: error mounting "tmpfs" to rootfs at "{target}": mount tmpfs:{target} '
            f"(via /proc/self/fd/6){flag_text}, data: {data}: invalid argument: unknown")


def _kernel_accepts(word: str) -> bool:
    """Linux shmem_parse_one for one key=value data word (any failure is EINVAL)."""
    key, _, value = word.partition("=")
    check = TMPFS_KERNEL_CHECKS.get(key)
    return "\0" not in word and value != "" and check is not None and check(value)


def _memparse_ok(value: str, limit: int, percent: bool = False) -> bool:
    number, rest = units.kernel_memparse(value)
    if percent and rest[:1] == "%":
        rest = rest[1:]
    return rest == "" and number <= limit


def _u32_ok(value: str, base: int, forbidden: int | None = None) -> bool:
    try:
        return units.kernel_kstrtouint(value, base) != forbidden
    except ValueError:
        return False


TMPFS_KERNEL_CHECKS = {
    "size": lambda v: _memparse_ok(v, units.UINT64, percent=True),
    "nr_blocks": lambda v: _memparse_ok(v, (1 << 63) - 1),
    "nr_inodes": lambda v: _memparse_ok(v, (units.UINT64 - 1) // 1024),   # BOGO_INODE_SIZE
    "mode": lambda v: _u32_ok(v, 8),
    "uid": lambda v: _u32_ok(v, 0, forbidden=0xFFFFFFFF),                 # (uid_t)-1 is invalid
    "gid": lambda v: _u32_ok(v, 0, forbidden=0xFFFFFFFF),
    "mpol": lambda v: _mpol_ok(v),
}

MPOL_MODES = ("default", "prefer", "bind", "interleave", "local", "prefer (many)", "weighted interleave")


def _mpol_ok(value: str) -> bool:
    """mm/mempolicy.c mpol_parse_str, on a host with one memory node (node 0):
    MODE[=static|relative][:NODELIST] (the two suffixes may come in either order)."""
    colon, equal = value.find(":"), value.find("=")
    ends = [i for i in (colon, equal) if i >= 0]
    mode = value[:min(ends)] if ends else value
    nodelist = None if colon < 0 else value[colon + 1:(equal if equal > colon else None)]
    flags = None if equal < 0 else value[equal + 1:(colon if colon > equal else None)]
    nodes = _node_list(nodelist) if nodelist is not None else set()
    if nodes is None or mode not in MPOL_MODES:
        return False
    if mode == "default":                  # checked before the flags are even looked at
        return nodelist is None
    if flags is not None and flags not in ("static", "relative"):
        return False
    if mode == "local":
        return nodelist is None and flags is None
    if mode == "prefer":
        if nodelist is None:
            return flags is None           # becomes "local"
        return re.fullmatch("[0-9]+", nodelist) is not None and bool(nodes)
    if mode in ("interleave", "weighted interleave") and nodelist is None:
        return True                        # all nodes with memory
    return bool(nodes)


def _node_list(text: str) -> set | None:
    """bitmap_parselist of one comma-free group ("0", "0-0", "N"); None if invalid or
    naming a node other than 0."""
    if text == "":
        return set()
    m = re.fullmatch(r"([0-9]+|N)(?:-([0-9]+|N)(?::[0-9]+/[0-9]+)?)?", text)
    if not m:
        return None
    lo, hi = (0 if g == "N" else int(g) for g in (m.group(1), m.group(2) or m.group(1)))
    return {0} if lo == hi == 0 else None


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
