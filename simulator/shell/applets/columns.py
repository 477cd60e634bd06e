"""cut and tr: as BusyBox 1.35 (coreutils/*.c) does them, in the C locale."""
from __future__ import annotations

import re

from simulator.shell.applets import textio as io


def _inputs(cmd, files: list[str]):
    """fopen_or_warn_stdin over the operands: (name, bytes) for each opened one; a
    missing one is reported as "APPLET: NAME: strerror" and makes the status 1."""
    status = 0
    out = []
    for name in files or ["-"]:
        inp = io.open_input(cmd, name)
        if inp.error is not None and inp.error.errno != "EISDIR":
            cmd.perror(name, inp.error)
            status = 1
            continue
        out.append((name, inp.data or b""))
    return out, status


# ---- cut -----------------------------------------------------------------------------------
def positive_number(cmd, text: str) -> int:
    if not text.isdigit():
        cmd.die(f"invalid number '{text}'")
    return int(text)


def _cut_list(cmd, spec: str) -> list[tuple[int, int]]:
    ranges = []
    for tok in spec.split(","):
        if not tok:
            continue
        start_s, dash, end_s = tok.partition("-")
        s = positive_number(cmd, start_s) if start_s else 0
        s = s - 1 if s else 0
        if not dash:
            e = s
        elif not end_s:
            e = 1 << 31
        else:
            e = positive_number(cmd, end_s)
            if e < s:
                cmd.die(f"{e}<{s}")
            e -= 1
        ranges.append((s, e))
    if not ranges:
        cmd.die("missing list of positions")
    return ranges


def cut(cmd, args) -> int:
    opts, files = cmd.getopt(args, "b:c:f:d:O:sDF:n")
    kinds = [k for k in "bcfF" if k in opts]
    if len(kinds) > 1:
        cmd.usage()
    if not kinds:
        cmd.die("expected a list of bytes, characters, or fields")
    kind = kinds[0]
    if kind in "bc":
        if opts.get("s"):
            cmd.die("suppressing non-delimited lines makes sense only when operating on fields")
        if "d" in opts:
            cmd.die("a delimiter may be specified only when operating on fields")
    ranges = _cut_list(cmd, opts[kind])
    if not opts.get("D"):
        ranges.sort()
    delim = (opts.get("d") or "\t").encode("utf-8", "surrogateescape")[:1]
    odelim = opts.get("O", None)
    odelim = delim if odelim is None else odelim.encode("utf-8", "surrogateescape")
    inputs, status = _inputs(cmd, files)
    for _, data in inputs:
        for line in io.lines_of(data):
            line = line[:-1] if line.endswith(b"\n") else line
            if kind in "bc":
                io.out_bytes(cmd, _cut_chars(line, ranges) + b"\n")
            else:
                row = _cut_fields(line, ranges, delim, odelim, bool(opts.get("s")))
                if row is not None:
                    io.out_bytes(cmd, row + b"\n")
    return status


def _cut_chars(line: bytes, ranges) -> bytes:
    printed, out = set(), bytearray()
    for s, e in ranges:
        for pos in range(s, min(e + 1, len(line))):
            if pos not in printed:
                printed.add(pos)
                out.append(line[pos])
    return bytes(out)


def _cut_fields(line: bytes, ranges, delim: bytes, odelim: bytes, suppress: bool):
    if delim not in line:
        return None if suppress else line
    fields = line.split(delim)
    chosen, out = set(), []
    for s, e in ranges:
        for k in range(s, min(e + 1, len(fields))):
            if k not in chosen:
                chosen.add(k)
                out.append(fields[k])
    return odelim.join(out)


# ---- tr ------------------------------------------------------------------------------------
CLASSES = {
    "alnum": b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
    "alpha": b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
    "digit": b"0123456789", "lower": b"abcdefghijklmnopqrstuvwxyz",
    "upper": b"ABCDEFGHIJKLMNOPQRSTUVWXYZ", "space": b"\t\n\v\f\r ", "blank": b"\t ",
    "punct": bytes(c for c in range(33, 127) if not chr(c).isalnum()),
    "print": bytes(range(32, 127)), "graph": bytes(range(33, 127)),
    "cntrl": bytes(range(0, 32)) + b"\x7f", "xdigit": b"0123456789ABCDEFabcdef",
}
ESC = {"a": 7, "b": 8, "f": 12, "n": 10, "r": 13, "t": 9, "v": 11, "\\": 92}


def _tr_char(arg: bytes, i: int) -> tuple[int, int]:
    """One character of a tr string, an escape decoded: (value, next index)."""
    c = arg[i]
    if c != 0x5C or i + 1 >= len(arg):
        return c, i + 1
    m = re.match(rb"[0-7]{1,3}", arg[i + 1:])
    if m:
        return int(m.group(), 8) & 0xFF, i + 1 + m.end()
    return ESC.get(chr(arg[i + 1]), arg[i + 1]), i + 2


def _tr_expand(arg: bytes) -> bytes:
    out = bytearray()
    i = 0
    while i < len(arg):
        if arg[i:i + 2] == b"[:":
            end = arg.find(b":]", i + 2)
            name = arg[i + 2:end].decode("latin-1") if end > 0 else ""
            if name in CLASSES:
                out += CLASSES[name]
                i = end + 2
                continue
        if arg[i:i + 2] == b"[=" and arg[i + 3:i + 5] == b"=]":
            out.append(arg[i + 2])
            i += 5
            continue
        c, j = _tr_char(arg, i)
        if j < len(arg) - 1 and arg[j] == 0x2D:          # "a-z"
            hi, k = _tr_char(arg, j + 1)
            out += bytes(range(c, hi + 1))
            i = k
            continue
        out.append(c)
        i = j
    return bytes(out)


def tr(cmd, args) -> int:
    opts, ops = cmd.getopt(args, "cdsCt")
    if not ops or len(ops) > 2 or (len(ops) == 1 and not (opts.get("d") or opts.get("s"))):
        cmd.usage()
    enc = [o.encode("utf-8", "surrogateescape") for o in ops]
    set1 = _tr_expand(enc[0])
    if opts.get("c") or opts.get("C"):
        set1 = bytes(c for c in range(256) if c not in set(set1))
    set2 = _tr_expand(enc[1]) if len(enc) > 1 else b""
    table = list(range(256))
    if set2 and not opts.get("d"):
        padded = set2 + set2[-1:] * max(0, len(set1) - len(set2))
        for a, b in zip(set1, padded):
            table[a] = b
    delete = set(set1) if opts.get("d") else set()
    squeeze = set(set2 if (set2 and (not opts.get("d") or len(ops) > 1)) else set1) if opts.get("s") else set()
    out, last = bytearray(), -1
    for c in io.stdin_bytes(cmd):
        if c in delete:
            continue
        c = table[c]
        if c in squeeze and c == last:
            continue
        out.append(c)
        last = c
    io.out_bytes(cmd, bytes(out))
    return 0
