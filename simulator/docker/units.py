"""Numbers and sizes parsed the way Go's strconv, go-units and the Linux kernel parse them."""
from __future__ import annotations

import math
import re

UINT64 = 1 << 64
INT64_MIN = -(1 << 63)

# strconv.ParseBool
GO_TRUE = frozenset({"1", "t", "T", "TRUE", "true", "True"})
GO_FALSE = frozenset({"0", "f", "F", "FALSE", "false", "False"})


def parse_go_bool(text: str) -> bool:
    """strconv.ParseBool; ValueError for anything else."""
    if text in GO_TRUE:
        return True
    if text in GO_FALSE:
        return False
    raise ValueError(text)


def parse_go_uint(text: str, base: int, bits: int) -> int:
    """strconv.ParseUint with an explicit base (2..36): no sign, no prefix, no underscores."""
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"[:base]
    if not text or any(c.lower() not in digits or not c.isascii() for c in text):
        raise ValueError(text)
    value = int(text, base)
    if value >= 1 << bits:
        raise ValueError(text)             # strconv.ErrRange
    return value


# --- strconv.ParseFloat(s, 64) -------------------------------------------------------
_DEC_FLOAT = re.compile(r"[+-]?(?=\.?[0-9])[0-9_]*(\.[0-9_]*)?([eE][+-]?[0-9][0-9_]*)?")
_HEX_FLOAT = re.compile(r"[+-]?0[xX](?=\.?[0-9a-fA-F_])[0-9a-fA-F_]*(\.[0-9a-fA-F_]*)?[pP][+-]?[0-9][0-9_]*")
_SPECIAL = re.compile(r"([+-]?)(inf|infinity)|nan", re.IGNORECASE)


def _underscores_ok(s: str) -> bool:
    """strconv.underscoreOK: a '_' only between digits (a base prefix counts as a digit)."""
    if s[:1] in "+-":
        s = s[1:]
    saw, i, hexa = "^", 0, False
    if len(s) >= 2 and s[0] == "0" and s[1].lower() in "box":
        i, saw, hexa = 2, "0", s[1].lower() == "x"
    for c in s[i:]:
        if c.isdigit() and c.isascii() or hexa and c.lower() in "abcdef":
            saw = "0"
        elif c == "_":
            if saw != "0":
                return False
            saw = "_"
        elif saw == "_":
            return False
        else:
            saw = "!"
    return saw != "_"


def parse_go_float(text: str) -> float:
    """strconv.ParseFloat(text, 64): decimal or hex (needs a 'p' exponent), '_' between
    digits, inf/infinity/nan; ValueError on bad syntax or overflow (ErrRange)."""
    special = _SPECIAL.fullmatch(text)
    if special:
        return math.nan if text.lower() == "nan" else float(special.group(1) + "inf")
    hexa = _HEX_FLOAT.fullmatch(text)
    if not (hexa or _DEC_FLOAT.fullmatch(text)) or ("_" in text and not _underscores_ok(text)):
        raise ValueError(text)
    plain = text.replace("_", "")
    try:
        value = float.fromhex(plain) if hexa else float(plain)
    except OverflowError:
        raise ValueError(text) from None
    if math.isinf(value):
        raise ValueError(text)             # ErrRange: more than half an ULP past the largest
    return value


def go_int64(value: float) -> int:
    """Go's int64(float64) on amd64: truncation; NaN and out-of-range give the minimum int64."""
    if math.isnan(value) or not (-(2.0 ** 63) <= value < 2.0 ** 63):
        return INT64_MIN
    return int(value)


# --- go-units v0.5.0 -------------------------------------------------------------------
BINARY_UNITS = {"k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40, "p": 1 << 50}


def go_lower(text: str) -> str:
    """strings.ToLower: rune by rune (simple case mapping); invalid UTF-8 becomes U+FFFD."""
    out = []
    for c in text:
        if "\ud800" <= c <= "\udfff":
            out.append("\ufffd")
        else:
            low = c.lower()
            out.append(low[0] if low else c)
    return "".join(out)


def ram_in_bytes(text: str) -> int:
    """go-units RAMInBytes (binary units: "1m" = "1MB" = "1MiB" = 1048576); ValueError if invalid.

    The number is whatever precedes the last digit, '.' or ' ' (a space separates the
    suffix), parsed by strconv.ParseFloat; the suffix is b, or k/m/g/t/p optionally
    followed by b or ib, in any case.
    """
    raw = text.encode("utf-8", "surrogatepass")
    sep = max(raw.rfind(bytes([c])) for c in b"0123456789. ")
    if sep < 0:
        raise ValueError(f"invalid size: '{text}'")
    num_b, sfx_b = (raw[:sep + 1], raw[sep + 1:]) if raw[sep:sep + 1] != b" " else (raw[:sep], raw[sep + 1:])
    num, sfx = num_b.decode("utf-8", "surrogatepass"), sfx_b.decode("utf-8", "surrogatepass")
    size = parse_go_float(num)
    if size < 0:
        raise ValueError(f"invalid size: '{text}'")
    if not sfx_b:
        return go_int64(size)
    return go_int64(size * _binary_multiplier(sfx, len(sfx_b)))


def _binary_multiplier(sfx: str, nbytes: int) -> int:
    """The suffix checks of go-units parseSize, on the bytes of the lower-cased suffix."""
    low = go_lower(sfx).encode("utf-8", "surrogatepass")
    unit = chr(low[0])
    if nbytes > 3 or (unit != "b" and unit not in BINARY_UNITS):
        raise ValueError(f"invalid suffix: '{sfx}'")
    if unit == "b":
        if len(low) > 1:
            raise ValueError(f"invalid suffix: '{sfx}'")
        return 1
    if (len(low) == 2 and low[1:] != b"b") or (len(low) == 3 and low[1:] != b"ib"):
        raise ValueError(f"invalid suffix: '{sfx}'")
    return BINARY_UNITS[unit]


def tmpfs_size_option(size: int) -> str:
    """moby ConvertTmpfsOptions: "size=N" with the largest of g/m/k that divides evenly."""
    for suffix, divisor in (("g", 1 << 30), ("m", 1 << 20), ("k", 1 << 10)):
        if abs(size) % divisor == 0:
            return f"size={size // divisor}{suffix}"
    return f"size={size}"


# --- Linux lib/kstrtox.c and lib/cmdline.c ---------------------------------------------
def _fixup_radix(s: str, base: int) -> tuple[str, int]:
    """_parse_integer_fixup_radix: base 0 means 0x.. hex, 0.. octal, else decimal."""
    if base == 0:
        if s[:1] == "0":
            base = 16 if s[1:2].lower() == "x" and _is_digit(s[2:3], 16) else 8
        else:
            base = 10
    if base == 16 and s[:1] == "0" and s[1:2].lower() == "x":
        s = s[2:]
    return s, base


def _is_digit(c: str, base: int) -> bool:
    return len(c) == 1 and c.isascii() and c.lower() in "0123456789abcdef"[:base]


def _parse_integer(s: str, base: int) -> tuple[int, int, bool]:
    """(value mod 2**64, digits read, overflowed)."""
    value, n, overflow = 0, 0, False
    while n < len(s) and _is_digit(s[n], base):
        value = value * base + int(s[n], 16)
        overflow = overflow or value >= UINT64
        value %= UINT64
        n += 1
    return value, n, overflow


def kernel_strtoull(text: str) -> tuple[int, str]:
    """simple_strtoull(text, &rest, 0): the value (wrapping) and the unparsed rest."""
    s, base = _fixup_radix(text, 0)
    value, n, _ = _parse_integer(s, base)
    return value, s[n:]


def kernel_memparse(text: str) -> tuple[int, str]:
    """memparse: a number (base 0) with an optional K/M/G/T/P/E suffix; (bytes, rest)."""
    value, rest = kernel_strtoull(text)
    shifts = {"k": 10, "m": 20, "g": 30, "t": 40, "p": 50, "e": 60}
    if rest[:1] and rest[0] in "KkMmGgTtPpEe":
        value = (value << shifts[rest[0].lower()]) % UINT64
        rest = rest[1:]
    return value, rest


def kernel_kstrtouint(text: str, base: int) -> int:
    """kstrtouint: an optional '+', digits, an optional trailing newline; ValueError else."""
    s = text[1:] if text[:1] == "+" else text
    s, base = _fixup_radix(s, base)
    value, n, overflow = _parse_integer(s, base)
    rest = s[n:]
    if n == 0 or overflow or value >= 1 << 32 or rest not in ("", "\n"):
        raise ValueError(text)
    return value


def human_duration(seconds: float) -> str:
    """go-units HumanDuration, as `docker images` and `docker ps` print ages ("2 months")."""
    s = int(seconds)
    if s < 1:
        return "Less than a second"
    if s == 1:
        return "1 second"
    if s < 60:
        return f"{s} seconds"
    minutes = s // 60
    if minutes == 1:
        return "About a minute"
    if minutes < 60:
        return f"{minutes} minutes"
    hours = int(round(seconds / 3600))
    if hours == 1:
        return "About an hour"
    if hours < 48:
        return f"{hours} hours"
    if hours < 24 * 7 * 2:
        return f"{hours // 24} days"
    if hours < 24 * 30 * 2:
        return f"{hours // 24 // 7} weeks"
    if hours < 24 * 365 * 2:
        return f"{hours // 24 // 30} months"
    return f"{int(seconds / 3600) // 24 // 365} years"
