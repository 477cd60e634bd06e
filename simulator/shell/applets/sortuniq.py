"""sort and uniq: as BusyBox 1.35 (coreutils/sort.c, uniq.c) does them, in the C locale."""
from __future__ import annotations

import functools
import re

from simulator.shell.applets import textio as io
from simulator.shell.applets.columns import positive_number


# ---- sort ----------------------------------------------------------------------------------
SORT_FLAGS = "ngMVucszbrdfimS:T:o:k:t:"
KEY_FLAGS = set("ngMbrdfi")
NUM = re.compile(rb"\s*[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


def _atof(s: bytes) -> float:
    m = NUM.match(s)
    return float(m.group()) if m else 0.0


class _Key:
    def __init__(self):
        self.range = [1, 0, 0, 0]
        self.flags: set = set()


def _parse_key(cmd, spec: str) -> _Key:
    key, i, pos = _Key(), 0, 0
    key.range = [0, 0, 0, 0]

    def num():
        nonlocal pos
        m = re.match(r"\d+", spec[pos:])
        if not m or int(m.group()) == 0:
            cmd.die("bad field specification", 2)
        pos += m.end()
        return int(m.group())
    while pos < len(spec):
        key.range[2 * i] = num()
        if spec[pos:pos + 1] == ".":
            pos += 1
            key.range[2 * i + 1] = num()
        while pos < len(spec):
            c = spec[pos]
            if c == "," and i == 0:
                i, pos = 1, pos + 1
                break
            if c not in SORT_FLAGS.replace(":", ""):
                cmd.die("unknown key option", 2)
            if c not in KEY_FLAGS:
                cmd.die("unknown sort type", 2)
            key.flags.add("B" if (i and c == "b") else c)
            pos += 1
    return key


def _get_key(line: bytes, key: _Key, flags: set, sep: bytes | None) -> bytes:
    if key.range == [1, 0, 0, 0] and not flags & set("bdfiB"):
        return line
    n = len(line)
    start = end = 0
    for j in range(2):
        if not key.range[2 * j]:
            end = n
        else:
            end, ch = 0, None
            for _ in range(1, key.range[2 * j] + j):
                if sep is not None:
                    ch = None
                    while end < n:
                        ch = line[end:end + 1]
                        end += 1
                        if ch == sep:
                            break
                    else:
                        ch = None            # the end of the line, not a separator
                else:
                    while end < n and line[end:end + 1].isspace():
                        end += 1
                    while end < n and not line[end:end + 1].isspace():
                        end += 1
            if j and ch:
                end -= 1
        if not j:
            start = end
    if "b" in flags:
        while start < n and line[start:start + 1].isspace():
            start += 1
    if "B" in flags:
        while end > start and line[end - 1:end].isspace():
            end -= 1
    if key.range[3]:
        end = min(key.range[3], n)
    if key.range[1]:
        start = min(start + key.range[1] - 1, n)
    end = max(end, start)
    s = line[start:end]
    if "d" in flags:
        s = bytes(c for c in s if chr(c).isspace() or chr(c).isalnum() and c < 128)
    if "i" in flags:
        s = bytes(c for c in s if 32 <= c < 127)
    if "f" in flags:
        s = s.upper()
    return s


def sort(cmd, args) -> int:
    opts, files = _sort_getopt(cmd, args)
    glob = {c for c in "ngMVucszbrdfim" if opts.get(c)}
    if "b" in glob:
        glob.add("B")
    sep = None
    if "t" in opts:
        t = opts["t"].encode("utf-8", "surrogateescape")
        if len(t) != 1:
            cmd.die("bad -t parameter", 2)
        sep = t
    keys = [_parse_key(cmd, k) for k in opts.get("k", [])] or [_Key()]
    lines = []
    for name in files or ["-"]:
        inp = io.open_input(cmd, name)
        if inp.error is not None and inp.error.errno != "EISDIR":   # a directory reads as nothing
            cmd.perror(name, inp.error)
            return 2
        data = inp.data or b""
        if "z" in glob:
            lines += (data[:-1] if data.endswith(b"\0") else data).split(b"\0") if data else []
        else:
            lines += [ln[:-1] if ln.endswith(b"\n") else ln for ln in io.lines_of(data)]

    cache: dict = {}

    def key_of(item, k: int, key, flags):
        """A line's key K (a number for -n/-g), worked out once per line, not per comparison."""
        found = cache.get((item[0], k))
        if found is None:
            found = _get_key(item[1], key, flags, sep)
            if "n" in flags or "g" in flags:
                found = _atof(found)
            cache[(item[0], k)] = found
        return found

    def compare(x, y, tie_break=True) -> int:
        x_line, y_line = x[1], y[1]
        retval, flags = 0, glob
        for k, key in enumerate(keys):
            flags = key.flags or glob
            a, b = key_of(x, k, key, flags), key_of(y, k, key, flags)
            retval = (a > b) - (a < b)
            if retval:
                break
        if not retval:
            if "s" in glob:
                retval = 1 if x[0] > y[0] else -1
            elif tie_break:
                flags = glob
                retval = (x_line > y_line) - (x_line < y_line)
        return -retval if "r" in flags else retval

    items = list(enumerate(lines))
    cmd.budget.charge(1 + len(items) * max(1, len(items).bit_length()) * max(1, len(keys)) // 64)
    if "c" in glob:
        limit = -1 if "u" in glob else 0
        for i in range(1, len(items)):
            if compare(items[i - 1], items[i]) > limit:
                cmd.err(f"Check line {i}\n")
                return 1
        return 0
    items.sort(key=functools.cmp_to_key(compare))
    if "u" in glob:
        kept = []
        for it in items:
            if not kept or compare(kept[-1], it, tie_break=False) != 0:
                kept.append(it)
        items = kept
    data = b"".join(ln + (b"\0" if "z" in glob else b"\n") for _, ln in items)
    if "o" in opts:
        err = io.write_file(cmd, opts["o"], data)
        if err is not None:
            cmd.perror(f"can't open '{opts['o']}'", err)
            return 2
        return 0
    io.out_bytes(cmd, data)
    return 0


def _sort_getopt(cmd, args):
    """getopt32 with "k:*" (a list): collect every -k; the rest as getopt."""
    keys, rest, i = [], [], 0
    while i < len(args):
        a = args[i]
        if a == "--":
            rest += args[i:]
            break
        if a.startswith("-k"):
            if len(a) > 2:
                keys.append(a[2:])
            elif i + 1 < len(args):
                keys.append(args[i + 1])
                i += 1
            else:
                rest.append(a)
        else:
            rest.append(a)
        i += 1
    opts, files = cmd.getopt(rest, SORT_FLAGS)
    if keys:
        opts["k"] = keys
    return opts, files


# ---- uniq ----------------------------------------------------------------------------------
def uniq(cmd, args) -> int:
    opts, ops = cmd.getopt(args, "cduf:s:w:iz")
    nums = {k: positive_number(cmd, opts[k]) for k in "fsw" if k in opts}
    name = ops[0] if ops else "-"
    inp = io.open_input(cmd, name)
    if inp.error is not None and inp.error.errno != "EISDIR":
        cmd.perror(f"can't open '{name}'", inp.error)
        return 1
    if len(ops) > 2:
        cmd.usage()
    out_name = ops[1] if len(ops) > 1 and ops[1] != "-" else None
    if out_name is not None:
        err = io.write_file(cmd, out_name, b"")
        if err is not None:
            cmd.perror(f"can't open '{out_name}'", err)
            return 1
    eol = b"\0" if opts.get("z") else b"\n"
    lines = [ln[:-1] if ln.endswith(b"\n") else ln for ln in io.lines_of(inp.data or b"")]
    out = bytearray()
    prev, prev_key, dups = None, None, 0
    for line in lines + [None]:
        key = None if line is None else _uniq_key(line, nums, bool(opts.get("i")))
        if prev is not None and line is not None and key == prev_key:
            dups += 1
            continue
        if prev is not None and not (opts.get("u") if dups else opts.get("d")):
            if opts.get("c"):
                out += f"{dups + 1:7d} ".encode()
            out += prev + eol
        prev, prev_key, dups = line, key, 0
    if inp.error is not None:
        cmd.error(f"{name}: I/O error")
        return 1
    if out_name is not None:
        err = io.write_file(cmd, out_name, bytes(out))
        return 1 if err else 0
    io.out_bytes(cmd, bytes(out))
    return 0


def _uniq_key(line: bytes, nums: dict, fold: bool) -> bytes:
    pos = 0
    for _ in range(nums.get("f", 0)):
        while pos < len(line) and line[pos:pos + 1].isspace():
            pos += 1
        while pos < len(line) and not line[pos:pos + 1].isspace():
            pos += 1
    pos = min(len(line), pos + nums.get("s", 0))
    key = line[pos:pos + nums["w"]] if "w" in nums else line[pos:]
    return key.lower() if fold else key
