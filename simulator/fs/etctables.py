"""The files a process reads to name users and groups (/etc/passwd, /etc/group), and `mkdir -p`:
what the shell's applets, the engine (`docker run -u`, a WORKDIR or bind source it makes) and the
builder (USER, COPY --chown, WORKDIR) all do with a namespace's files, in one place.

A table is the file's lines split at ":" (lines that are empty or start with "#" skipped, as
BusyBox's and libcontainer's readers skip them); a file that cannot be read is no table (None
from `read_table`, no rows from `table`)."""
from __future__ import annotations

from simulator.errors import FsError
from simulator.fs import paths
from simulator.fs.entries import is_dir


def read_table(ns, path: str) -> list[list[str]] | None:
    """The rows of a colon-separated file, or None when it cannot be read (missing, a directory, ...)."""
    try:
        text = ns.read(path).to_bytes().decode("utf-8", "replace")
    except (FsError, MemoryError):
        return None
    return [line.split(":") for line in text.splitlines() if line and not line.startswith("#")]


def table(ns, path: str, minfields: int = 0) -> list[list[str]]:
    """The rows with more than `minfields` fields (none when the file cannot be read)."""
    return [row for row in read_table(ns, path) or () if len(row) > minfields]


def user_name(ns, uid: int) -> str | None:
    for row in table(ns, "/etc/passwd", 2):
        if row[2] == str(uid):
            return row[0]
    return None


def group_name(ns, gid: int) -> str | None:
    for row in table(ns, "/etc/group", 2):
        if row[2] == str(gid):
            return row[0]
    return None


def passwd_entry(ns, name: str) -> list[str] | None:
    """The /etc/passwd row of a user name (None: no such user)."""
    for row in table(ns, "/etc/passwd", 3):
        if row[0] == name:
            return row
    return None


def mkdir_p(ns, path: str, mode: int = 0o755) -> list[str]:
    """Make the missing directories of `path` (root's, `mode`); returns the ones it made. A
    component that is not a directory: ENOTDIR."""
    made = []
    for q in paths.prefixes(path):
        entry = ns.resolve(q)[1]
        if entry is None:
            ns.mkdir(q, mode)
            made.append(q)
        elif not is_dir(entry):
            raise FsError("ENOTDIR", q)
    return made
