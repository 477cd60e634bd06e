"""Advance widths read from a font file (TrueType or OpenType/CFF, `sfnt`): just the tables that say
how wide a character is (head, hhea, hmtx, cmap formats 4 and 12), so a picture's layout can leave
the room the real glyphs take instead of an estimate."""
from __future__ import annotations

import struct
from functools import lru_cache


class FontError(ValueError):
    """Not a font this reader understands (no sfnt header, a table missing or cut short)."""


def _tables(data: bytes) -> dict:
    if len(data) < 12 or data[:4] not in (b"\x00\x01\x00\x00", b"OTTO", b"true"):
        raise FontError("not an sfnt font (TrueType or OpenType)")
    count = struct.unpack_from(">H", data, 4)[0]
    out = {}
    for i in range(count):
        tag, _, offset, length = struct.unpack_from(">4sIII", data, 12 + 16 * i)
        if offset + length > len(data):
            raise FontError(f"table {tag.decode('latin-1')} is cut short")
        out[tag.decode("latin-1")] = (offset, length)
    for need in ("head", "hhea", "hmtx", "cmap"):
        if need not in out:
            raise FontError(f"the font has no {need} table")
    return out


def _cmap(data: bytes, offset: int) -> dict:
    """Code point -> glyph id, from the best Unicode subtable (format 12, else 4)."""
    count = struct.unpack_from(">H", data, offset + 2)[0]
    best = None
    for i in range(count):
        platform, encoding, sub = struct.unpack_from(">HHI", data, offset + 4 + 8 * i)
        fmt = struct.unpack_from(">H", data, offset + sub)[0]
        if (platform, fmt) in ((3, 12), (0, 12)) or (fmt == 4 and best is None and platform in (0, 3)):
            best = (fmt, offset + sub)
    if best is None:
        raise FontError("no Unicode character map (cmap format 4 or 12)")
    fmt, at = best
    out = {}
    if fmt == 12:
        groups = struct.unpack_from(">I", data, at + 12)[0]
        for g in range(groups):
            start, end, gid = struct.unpack_from(">III", data, at + 16 + 12 * g)
            for cp in range(start, end + 1):
                out[cp] = gid + cp - start
        return out
    segs = struct.unpack_from(">H", data, at + 6)[0] // 2
    ends = struct.unpack_from(f">{segs}H", data, at + 14)
    starts = struct.unpack_from(f">{segs}H", data, at + 16 + 2 * segs)
    deltas = struct.unpack_from(f">{segs}h", data, at + 16 + 4 * segs)
    ranges_at = at + 16 + 6 * segs
    ranges = struct.unpack_from(f">{segs}H", data, ranges_at)
    for s in range(segs):
        for cp in range(starts[s], ends[s] + 1):
            if cp == 0xFFFF:
                continue
            if ranges[s] == 0:
                gid = (cp + deltas[s]) & 0xFFFF
            else:
                where = ranges_at + 2 * s + ranges[s] + 2 * (cp - starts[s])
                gid = struct.unpack_from(">H", data, where)[0]
                gid = (gid + deltas[s]) & 0xFFFF if gid else 0
            if gid:
                out[cp] = gid
    return out


class Metrics:
    """The advance width of each character a font has, in em."""

    def __init__(self, data: bytes):
        tables = _tables(data)
        units = struct.unpack_from(">H", data, tables["head"][0] + 18)[0]
        n_metrics = struct.unpack_from(">H", data, tables["hhea"][0] + 34)[0]
        hmtx = tables["hmtx"][0]
        advances = [struct.unpack_from(">H", data, hmtx + 4 * i)[0] for i in range(n_metrics)]
        self.units = units
        self._cmap = _cmap(data, tables["cmap"][0])
        self._advances = advances

    def advance(self, ch: str) -> float | None:
        """`ch`'s width in em, or None when the font has no glyph for it."""
        gid = self._cmap.get(ord(ch))
        if gid is None:
            return None
        return self._advances[min(gid, len(self._advances) - 1)] / self.units

    def widest(self, first: int, last: int) -> float:
        """The widest advance among the characters from `first` to `last` the font has (0 if none)."""
        found = [self.advance(chr(cp)) for cp in range(first, last + 1) if cp in self._cmap]
        return max(found, default=0.0)


@lru_cache(maxsize=8)
def metrics(path: str) -> Metrics:
    with open(path, "rb") as f:
        return Metrics(f.read())
