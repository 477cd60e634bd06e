"""What the text applets share: reading a FILE operand (or "-" for stdin) as BusyBox's
fopen_or_warn_stdin does, numbers with BusyBox's suffixes, and writing a file an applet
opens itself (tee, sed -i, sort -o, uniq OUT)."""
from __future__ import annotations

import re

from simulator.errors import FsError
from simulator.fs import Blob
from simulator.shell.applets.base import AppletExit

# xatoul_sfx with bkm_suffixes (head, tail): b 512, k 1024, m 1024*1024
BKM = {"": 1, "b": 512, "k": 1024, "m": 1024 * 1024}
# The largest input an applet holds as text: a bigger (declared-size) file is refused.
TEXT_LIMIT = 64 * 1024 * 1024


class Input:
    """One opened operand: its name as shown, and its bytes (None when it could not be
    opened: `error` then holds the FsError)."""

    def __init__(self, name: str, data: bytes | None, error: FsError | None = None):
        self.name, self.data, self.error = name, data, error

    @property
    def text(self) -> str:
        return self.data.decode("utf-8", "surrogateescape")


def read_bytes(cmd, name: str, limit: int | None = None) -> bytes:
    """The bytes of FILE ("-": stdin), at most LIMIT of an endless device (/dev/zero: without
    a limit the applet stops with one line). Raises FsError (EISDIR for a directory)."""
    if name == "-":
        return stdin_bytes(cmd)
    if cmd.device(name) == "zero" and cmd.ns.owner is None:
        cmd.endless(name)
    blob = cmd.read(name, limit)
    if blob.size > TEXT_LIMIT:
        raise FsError("EFBIG", name)
    cmd.budget.charge(1 + blob.size // 1024)     # reading is work: a unit per KiB
    return blob.to_bytes()


def stdin_bytes(cmd) -> bytes:
    data = cmd.stdin
    data = data.encode("utf-8", "surrogateescape") if isinstance(data, str) else data
    cmd.budget.charge(1 + len(data) // 1024)
    return data


def open_input(cmd, name: str, limit: int | None = None) -> Input:
    try:
        return Input(name, read_bytes(cmd, name, limit))
    except FsError as e:
        return Input(name, None, e)
    except MemoryError:
        return Input(name, None, FsError("EFBIG", name))


def out_bytes(cmd, data: bytes) -> None:
    """Bytes to stdout: through a pipe or into a file they stay the same bytes; on the
    terminal (the step's output) what is not UTF-8 shows as U+FFFD, as a terminal would."""
    from simulator.shell.process import ProcessStream
    terminal = isinstance(cmd.out_stream, ProcessStream)
    cmd.out(data.decode("utf-8", "replace" if terminal else "surrogateescape"))


def out_text(cmd, text: str) -> None:
    """Text made from bytes read with surrogateescape: as out_bytes."""
    out_bytes(cmd, text.encode("utf-8", "surrogateescape"))


def lines_of(data: bytes) -> list[bytes]:
    """Lines with their newline kept (the last one may lack it)."""
    parts = data.split(b"\n")
    out = [p + b"\n" for p in parts[:-1]]
    if parts[-1]:
        out.append(parts[-1])
    return out


def number(cmd, text: str, suffixes: dict = BKM, signed: bool = False) -> int:
    """xatoul_sfx / xatoi_sfx: digits with an optional suffix; "invalid number 'X'" otherwise."""
    m = re.fullmatch(r"([-+]?)(\d+)([a-zA-Z]*)", text)
    if not m or m.group(3) not in suffixes or (m.group(1) == "-" and not signed):
        cmd.die(f"invalid number '{text}'")
    value = int(m.group(2)) * suffixes[m.group(3)]
    return -value if m.group(1) == "-" else value


def write_file(cmd, name: str, data: bytes, append: bool = False) -> FsError | None:
    """open(O_WRONLY|O_CREAT|O_TRUNC or O_APPEND, 0666) then write: the error, or None."""
    try:
        cmd.write(name, Blob.of(b""), append, 0o666)
        if data:
            cmd.write(name, Blob.of(data), True)
    except FsError as e:
        return e
    return None


def die_usage_if(cmd, cond: bool) -> None:
    if cond:
        cmd.usage()


__all__ = ["Input", "open_input", "read_bytes", "stdin_bytes", "out_bytes", "lines_of", "number",
           "write_file", "AppletExit", "TEXT_LIMIT"]
