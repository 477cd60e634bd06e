"""The -v MODE words of the Linux daemon (linuxValidMountMode): rw/ro, z/Z, propagation, nocopy."""
from __future__ import annotations

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
