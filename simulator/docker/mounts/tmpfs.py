"""--tmpfs and tmpfs options: Docker's merge (MergeTmpfsOptions) and what runc and the kernel accept."""
from __future__ import annotations

import re

from simulator.docker import units
from simulator.docker.mounts.gotext import go_quote
from simulator.docker.mounts.requests import MountRequest, MountStartError, TmpfsOptions, _daemon_error
from simulator.docker.mounts.linux import _target_reason

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
