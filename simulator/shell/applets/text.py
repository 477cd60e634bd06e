"""head, tail, wc, tee, basename, dirname: as BusyBox 1.35 (coreutils/*.c) does them, with
its messages and exit statuses. `tail -f` prints, then follows (see `tail`)."""
from __future__ import annotations

from simulator.errors import FsError
from simulator.fs import Blob
from simulator.shell.applets import textio as io
from simulator.shell.applets.fileutils import last_component_strip

HEADER = "\n==> {} <==\n"
STDIN_NAME = "standard input"


# ---- head ----------------------------------------------------------------------------------
def head(cmd, args) -> int:
    """getopt (no argument permutation) on "n:c:qv"; `head -5` is `head -n 5`."""
    count, first_n, in_bytes, threshold = 10, True, False, 1
    i = 0
    if args and args[0][:1] == "-" and args[0][1:2].isdigit():
        count = io.number(cmd, args[0][1:])
        i = 1
    while i < len(args) and args[i].startswith("-") and args[i] != "-":
        a = args[i]
        i += 1
        if a == "--":
            break
        j = 1
        while j < len(a):
            c = a[j]
            if c in "qv":
                threshold = 10 ** 9 if c == "q" else -1
                j += 1
                continue
            if c not in "nc":
                cmd.error(f"invalid option -- '{c}'")
                cmd.usage()
            value = a[j + 1:]
            if not value:
                if i >= len(args):
                    cmd.error(f"option requires an argument -- '{c}'")
                    cmd.usage()
                value = args[i]
                i += 1
            in_bytes = c == "c"
            first_n = not value.startswith("-")
            count = io.number(cmd, value.lstrip("-") if value.startswith("-") else value)
            break
    files = args[i:] or ["-"]
    show = len(files) > threshold or threshold < 0
    fmt = HEADER[1:]
    status = 0
    for name in files:
        inp = io.open_input(cmd, name, count if in_bytes and first_n else None)
        if inp.error is not None and inp.error.errno != "EISDIR":
            cmd.perror(name, inp.error)
            status = 1
            fmt = HEADER
            continue
        if show:
            cmd.out(fmt.format(STDIN_NAME if name == "-" else name))
        fmt = HEADER
        if inp.error is not None:           # a directory: fopen works, reading fails
            cmd.err(f"head: {name}: Input/output error\n")
            status = 1
            continue
        data = inp.data
        if in_bytes:
            data = data[:count] if first_n else data[:max(0, len(data) - count)]
        else:
            lines = io.lines_of(data)
            data = b"".join(lines[:count] if first_n else lines[:max(0, len(lines) - count)])
        io.out_bytes(cmd, data)
    return status


# ---- tail ----------------------------------------------------------------------------------
def _tail_num(cmd, text: str) -> tuple[int, bool]:
    """eat_num: "-N" or "N" counts from the end, "+N" from the start."""
    if text.startswith("+"):
        return io.number(cmd, text[1:]), True
    return io.number(cmd, text[1:] if text.startswith("-") else text), False


def tail(cmd, args) -> int:
    count, from_top, in_bytes = 10, False, False
    if args and args[0][:1] in ("+", "-") and args[0][1:2].isdigit():
        count, from_top = _tail_num(cmd, args[0])
        args = args[1:]
    opts, files = cmd.getopt(args, "fc:n:qs:vF")
    for key in ("c", "n"):
        if key in opts:
            count, from_top = _tail_num(cmd, opts[key])
            in_bytes = key == "c"
    follow = bool(opts.get("f") or opts.get("F"))
    threshold = 10 ** 9 if opts.get("q") else (0 if opts.get("v") else 1)
    opened, status = [], 0
    for name in files or ["-"]:
        inp = io.open_input(cmd, name)
        if inp.error is not None and inp.error.errno != "EISDIR":
            cmd.perror(f"can't open '{name}'", inp.error)
            status = 1
            continue
        opened.append(inp)
    if not opened:
        cmd.die("no files")
    fmt = HEADER[1:]
    for inp in opened:
        if len(opened) > threshold:
            cmd.out(fmt.format(STDIN_NAME if inp.name == "-" else inp.name))
            fmt = HEADER
        if inp.error is not None:
            cmd.die("read error: Is a directory")
        io.out_bytes(cmd, _tail_part(inp.data, count, from_top, in_bytes))
    if follow and any(inp.name != "-" for inp in opened):
        return _follow(cmd, status)
    return status


def _tail_part(data: bytes, count: int, from_top: bool, in_bytes: bool) -> bytes:
    if in_bytes:
        if from_top:
            return data[max(count, 1) - 1:]
        return data[len(data) - count:] if count else b""
    lines = io.lines_of(data)
    if from_top:
        return b"".join(lines[max(count, 1) - 1:])
    return b"".join(lines[len(lines) - count:]) if count else b""


def _follow(cmd, status: int) -> int:
    """`tail -f FILE` never ends by itself: once it has printed, it waits for more, as
    `sleep infinity` does (shell/blocking.py): a container's main process stays Up."""
    from simulator.shell.blocking import Blocked
    raise Blocked(None, "sleep")


# ---- wc ------------------------------------------------------------------------------------
LINES, WORDS, CHARS, BYTES, LONGEST = range(5)


def _wc_counts(data: bytes) -> list[int]:
    """wc.c's loop: a word is a run of printable non-space ASCII; other bytes (UTF-8
    included) neither make nor end a word; \\t moves to the next multiple of 8."""
    lines = words = longest = pos = 0
    in_word = False
    for c in data:
        if 0x20 <= c < 0x7f:
            pos += 1
            if c != 0x20:
                in_word = True
                continue
        elif 9 <= c <= 13:
            if c == 9:
                pos = (pos | 7) + 1
            else:
                longest = max(longest, pos)
                if c == 10:
                    lines += 1
                if c != 11:
                    pos = 0
        else:
            continue
        words += in_word
        in_word = False
    words += in_word
    longest = max(longest, pos)
    return [lines, words, len(data), len(data), longest]


def wc(cmd, args) -> int:
    opts, files = cmd.getopt(args, "lwmcL")
    which = [k for k, c in enumerate("lwmcL") if opts.get(c)] or [LINES, WORDS, BYTES]
    names = files or [""]
    one = len(which) == 1 and len(names) <= 1
    totals, status, shown = [0] * 5, 0, 0
    for name in names:
        inp = io.open_input(cmd, name or "-")
        if inp.error is not None:
            cmd.perror(name or "-", inp.error)
            status = 1
            if inp.error.errno != "EISDIR":
                continue
            counts = [0] * 5
        else:
            counts = _wc_counts(inp.data)
        shown += 1
        totals = [a + b for a, b in zip(totals, counts)]
        totals[LONGEST] = max(totals[LONGEST], counts[LONGEST])
        cmd.out(_wc_line(counts, which, one, name))
    if len(names) > 1:
        cmd.out(_wc_line(totals, which, False, "total"))
    return status


def _wc_line(counts: list, which: list, one: bool, name: str) -> str:
    cells = [(f"{counts[k]}" if one else f"{counts[k]:9d}") if i == 0 else f" {counts[k]:9d}"
             for i, k in enumerate(which)]
    return "".join(cells) + (f" {name}\n" if name else "\n")


# ---- tee -----------------------------------------------------------------------------------
def tee(cmd, args) -> int:
    opts, files = cmd.getopt(args, "ia")
    data = io.stdin_bytes(cmd)
    status = 0
    targets = []
    for name in files:
        if name == "-":
            targets.append(None)
            continue
        err = io.write_file(cmd, name, b"", append=bool(opts.get("a")))
        if err is not None:
            cmd.perror(name, err)
            status = 1
            continue
        targets.append(name)
    io.out_bytes(cmd, data)
    for name in targets:
        if name is None:
            io.out_bytes(cmd, data)
        elif data:
            try:
                cmd.write(name, Blob.of(data), True)
            except FsError as e:
                # BusyBox's tee learns of a device's refusal when it flushes: "I/O error"
                full = e.errno == "ENOSPC" and cmd.abspath(name).startswith("/dev/")
                cmd.perror(name, FsError("EIO", name) if full else e)
                status = 1
    return status


# ---- basename, dirname -------------------------------------------------------------------
def basename(cmd, args) -> int:
    """getopt32 "^+as:" with at least one operand: `basename NAME [SUFFIX]`, -a, -s SUF."""
    i, all_, suffix = 0, False, None
    while i < len(args) and args[i].startswith("-") and len(args[i]) > 1:
        a = args[i]
        i += 1
        if a == "--":
            break
        if a[1] == "a":
            all_ = True
        elif a[1] == "s":
            all_ = True
            if len(a) > 2:
                suffix = a[2:]
            elif i < len(args):
                suffix, i = args[i], i + 1
            else:
                cmd.error("option requires an argument -- 's'")
                cmd.usage()
        else:
            cmd.error(f"invalid option -- '{a[1]}'")
            cmd.usage()
    names = args[i:]
    if not names:
        cmd.usage()
    if not all_:
        if len(names) > 2:
            cmd.usage()
        if len(names) == 2:
            suffix = names.pop()
    for name in names:
        base = last_component_strip(name) if name.strip("/") else ("/" if name else "")
        if suffix and len(base) > len(suffix) and base.endswith(suffix):
            base = base[:-len(suffix)]
        cmd.out(base + "\n")
    return 0


def dirname_of(path: str) -> str:
    """glibc dirname(): trailing slashes and the last component go; exactly two leading
    slashes stay "//" (XBD 4.10)."""
    last = path.rfind("/")
    if last == len(path) - 1 and last > 0:          # trailing slashes: look further back
        run = last
        while run > 0 and path[run - 1] == "/":
            run -= 1
        if run > 0:
            last = path.rfind("/", 0, run)
    if last < 0:
        return "."
    run = last
    while run > 0 and path[run - 1] == "/":
        run -= 1
    if run == 0:
        return "//" if last == 1 else "/"
    return path[:run]


def dirname(cmd, args) -> int:
    opts, ops = cmd.getopt(args, "")
    if len(ops) != 1:
        cmd.usage()
    cmd.out(dirname_of(ops[0]) + "\n")
    return 0


# ---- seq -------------------------------------------------------------------------------------
def seq(cmd, args) -> int:
    """`seq [-w] [-s SEP] [FIRST [INC]] LAST`: numbers printed with as many decimals as the
    most precise argument has (BusyBox's %0*.*f)."""
    i, width, sep = 0, False, "\n"
    while i < len(args) and args[i].startswith("-") and len(args[i]) > 1:
        a = args[i]
        i += 1
        if a == "-w":
            width = True
        elif a.startswith("-s"):
            if len(a) > 2:
                sep = a[2:]
            elif i < len(args):
                sep, i = args[i], i + 1
            else:
                cmd.usage()
        else:
            cmd.error(f"invalid option -- '{a[1]}'")
            cmd.usage()
    ops = args[i:]
    if not 1 <= len(ops) <= 3:
        cmd.usage()
    values = []
    for o in ops:
        try:
            values.append(float(o))
        except ValueError:
            cmd.usage()
    prec = max((len(o.partition(".")[2]) if "." in o else 0) for o in ops)
    first, inc, last = (1.0, 1.0, values[0]) if len(values) == 1 else \
        (values[0], 1.0, values[1]) if len(values) == 2 else tuple(values)
    if inc == 0 or (last - first) / inc > 10_000_000:
        return 0 if inc else 1
    n = int((last - first) / inc + 1e-9) + 1 if (last - first) * inc >= 0 else 0
    cmd.budget.charge(1 + n // 1024)
    texts = [f"{first + k * inc:.{prec}f}" for k in range(n)]
    if width and texts:
        w = max(len(t) for t in texts)
        texts = [t.zfill(w) if not t.startswith("-") else "-" + t[1:].zfill(w - 1) for t in texts]
    if texts:
        cmd.out(sep.join(texts) + "\n")
    return 0
