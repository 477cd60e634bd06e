"""xargs: BusyBox 1.35 findutils/xargs.c (-n -I -t -r -0 -d -s -E -e), its statuses: 123 when
a run failed, 124 when one exited 255, 127 when the program is missing."""
from __future__ import annotations

from simulator.shell.applets import textio as io


def _xargs_words(text: str, zero: bool, delim: str | None) -> list[str]:
    if zero or delim is not None:
        parts = text.split("\0" if zero else delim)
        if parts and parts[-1] in ("", "\n") and not zero:
            parts = parts[:-1] if parts[-1] == "" else parts
        return [p for p in parts if p] if zero else parts
    words, cur, quote, have = [], [], None, False
    i = 0
    while i < len(text):
        c = text[i]
        if quote:
            if c == quote:
                quote = None
            else:
                cur.append(c)
        elif c in "'\"":
            quote, have = c, True
        elif c == "\\" and i + 1 < len(text):
            i += 1
            cur.append(text[i])
            have = True
        elif c.isspace():
            if cur or have:
                words.append("".join(cur))
            cur, have = [], False
        else:
            cur.append(c)
        i += 1
    if quote:
        raise ValueError(quote)
    if cur or have:
        words.append("".join(cur))
    return words


def xargs(cmd, args) -> int:
    i, opts = 0, {}
    while i < len(args) and args[i].startswith("-") and len(args[i]) > 1:
        a = args[i]
        i += 1
        if a == "--":
            break
        j = 1
        while j < len(a):
            c = a[j]
            if c == "e":                       # -e[EOF]: an optional argument, in the same word
                opts["E"] = a[j + 1:] or None
                break
            if c in "nsIEdP":
                value = a[j + 1:] or (args[i] if i < len(args) else None)
                if not a[j + 1:]:
                    i += 1
                if value is None:
                    cmd.error(f"option requires an argument -- '{c}'")
                    cmd.usage()
                opts[c] = value
                break
            if c not in "trx0p":
                cmd.error(f"invalid option -- '{c}'")
                cmd.usage()
            opts[c] = True
            j += 1
    command = args[i:] or ["echo"]
    per = io.number(cmd, opts["n"], {"": 1}) if "n" in opts else None
    try:
        words = _xargs_words(io.stdin_bytes(cmd).decode("utf-8", "surrogateescape"), "0" in opts, opts.get("d"))
    except ValueError as e:
        cmd.die(f"unmatched {'single' if str(e) == chr(39) else 'double'} quote")
    if opts.get("E"):
        words = words[:words.index(opts["E"])] if opts["E"] in words else words
    if "I" in opts:
        lines = [w.lstrip(" \t\v\f\r") for w in io.stdin_bytes(cmd).decode("utf-8", "surrogateescape").split("\n")]
        runs = [[a.replace(opts["I"], line) for a in command] for line in lines if line]
    elif not words:
        runs = [] if opts.get("r") else [command]
    else:
        runs = _batches(cmd, command, words, per, io.number(cmd, opts["s"], {"": 1}) if "s" in opts else 128 * 1024)
    status = 0
    for argv in runs:
        cmd.budget.charge()
        if opts.get("t"):
            cmd.err(" ".join(argv) + "\n")
        rc = _run(cmd, argv)
        if rc in (126, 127):
            return rc
        if rc == 255:
            cmd.error(f"{argv[0]}: exited with status 255; aborting")
            return 124
        if rc:
            status = 123
    return status


def _batches(cmd, command: list, words: list, per, max_chars: int) -> list:
    """Invocations of COMMAND with at most PER words each and at most MAX_CHARS
    characters in all (each argument counts its length + 1, as BusyBox counts)."""
    base = sum(len(a) + 1 for a in command)
    if base >= max_chars:
        cmd.die("can't fit single argument within argument list size limit")
    runs, cur, size = [], [], base
    for w in words:
        if cur and ((per and len(cur) >= per) or size + len(w) + 1 > max_chars):
            runs.append(command + cur)
            cur, size = [], base
        if base + len(w) + 1 > max_chars:
            cmd.die("argument line too long")
        cur.append(w)
        size += len(w) + 1
    if cur:
        runs.append(command + cur)
    return runs


def _run(cmd, argv: list[str]) -> int:
    from simulator.shell.applets import APPLETS
    name = argv[0].rpartition("/")[2]
    if name not in APPLETS and "/" not in argv[0]:
        cmd.error(f"{argv[0]}: No such file or directory")
        return 127
    return cmd.shell.exec_applet(argv, cmd.env)
