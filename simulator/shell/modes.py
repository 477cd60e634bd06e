"""Permission bits as BusyBox reads and prints them: `bb_parse_mode` and `bb_mode_string`."""
from __future__ import annotations

S_IFMT = {"file": 0o100000, "dir": 0o040000, "symlink": 0o120000, "chardev": 0o020000}
TYPE_CHAR = {"file": "-", "dir": "d", "symlink": "l", "chardev": "c"}

_WHO = {"a": 0o7777, "u": 0o4700, "g": 0o2070, "o": 0o0007}
_PERM = {"r": 0o444, "w": 0o222, "x": 0o111, "X": 0o111, "s": 0o6000, "t": 0o1000}


def mode_string(kind: str, mode: int) -> str:
    """`ls -l`'s "drwxr-xr-x": setuid/setgid/sticky show as s/S and t/T in the x column."""
    out = [TYPE_CHAR.get(kind, "?")]
    for shift, special, on, off in ((6, 0o4000, "s", "S"), (3, 0o2000, "s", "S"), (0, 0o1000, "t", "T")):
        bits = (mode >> shift) & 7
        out.append("r" if bits & 4 else "-")
        out.append("w" if bits & 2 else "-")
        if mode & special:
            out.append(on if bits & 1 else off)
        else:
            out.append("x" if bits & 1 else "-")
    return "".join(out)


def parse_mode(text: str, current: int, umask: int, is_dir: bool = False) -> int | None:
    """The new mode for `chmod TEXT` / `mkdir -m TEXT`, or None when TEXT is invalid.

    Octal is taken as is (at most 07777). Symbolic clauses "[ugoa]*[+-=][rwxXst]*|[ugo]"
    separated by commas apply in turn; with no who-list, + and - are masked by the umask
    (as POSIX chmod does); X counts only for directories or files already executable.
    """
    if text and text[0] in "01234567":
        if any(c not in "01234567" for c in text) or int(text, 8) > 0o7777:
            return None
        return int(text, 8)
    mode = current
    i, n = 0, len(text)
    while i < n:
        if text[i] == ",":
            i += 1
            continue
        who = 0
        while i < n and text[i] in _WHO:
            who |= _WHO[text[i]]
            i += 1
            if i == n:
                return None          # "u" alone is an error
        while True:
            if i >= n or text[i] not in "+-=":
                return None
            op = text[i]
            i += 1
            if op == "=":
                mode &= ~who if who else ~0o7777
            perms = 0
            if i < n and text[i] in "ugo":       # permcopy: g=u
                src = _WHO[text[i]] & 0o777 & mode
                for m in (0o444, 0o222, 0o111):
                    if src & m:
                        perms |= m
                i += 1
            else:
                while i < n and text[i] in _PERM:
                    if text[i] != "X" or is_dir or mode & 0o111:
                        perms |= _PERM[text[i]]
                    i += 1
            if perms:
                perms &= who if who else ~umask
                mode = mode & ~perms if op == "-" else mode | perms
            if i >= n or text[i] == ",":
                break
    return mode
