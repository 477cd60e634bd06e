"""Short descriptions of one version of a path (file text, directory, symlink, whiteout) and of sizes."""
from __future__ import annotations

from simulator.messages import Catalog

from simulator.fs import Dir, File, Symlink, Whiteout
from simulator.render.escape import plain, shorten

PREVIEW = 18                 # characters of file text shown in a cell
UNITS = ("B", "KiB", "MiB", "GiB", "TiB")
NAMED_VOLUME_MAX = 20


def human_size(n: int) -> str:
    """1536 -> '1.5 KiB', like `docker ps -s` but in binary units, which the kernel counts."""
    size, unit = float(n), 0
    while size >= 1024 and unit < len(UNITS) - 1:
        size /= 1024
        unit += 1
    if unit == 0:
        return f"{n} B"
    return f"{size:.1f} {UNITS[unit]}".replace(".0 ", " ")


def short_volume(name: str) -> str:
    """Anonymous volumes are named with 64 hex digits: show 12, as Docker shows ids."""
    if len(name) == 64 and all(c in "0123456789abcdef" for c in name):
        return name[:12]
    return shorten(name, NAMED_VOLUME_MAX)


def place_name(label: str) -> str:
    """A `from`/`where` label (upper, volume:NAME, bind:/p, tmpfs, app@1) shortened for display."""
    if label.startswith("volume:"):
        return "volume:" + short_volume(label[7:])
    return label


def preview(entry, limit: int = PREVIEW, cat: Catalog | None = None) -> str:
    """What a cell says about one version: text in quotes, or the kind of thing it is."""
    kind = type(entry)
    cat = cat or Catalog()
    if kind is File:
        text = entry.blob.text()
        if text is None:
            return cat.t("preview.data", size=human_size(entry.size))
        return '"' + shorten(plain(text), limit) + '"'
    if kind is Dir:
        return cat.t("preview.opaque-dir") if entry.opaque else cat.t("preview.dir")
    if kind is Symlink:
        return "-> " + shorten(plain(entry.target), limit)
    if kind is Whiteout:
        return cat.t("preview.whiteout")
    return str(kind.__name__)


def details(entry) -> str:
    """Size and, when it is not the usual one, the mode and owner."""
    parts = []
    kind = type(entry)
    if kind is File:
        parts.append(human_size(entry.size))
        if entry.mode != 0o644:
            parts.append(format(entry.mode, "04o"))
    elif kind is Dir and entry.mode != 0o755:
        parts.append(format(entry.mode, "04o"))
    if kind in (File, Dir, Symlink) and (entry.uid or entry.gid):
        parts.append(f"{entry.uid}:{entry.gid}")
    return " ".join(parts)
