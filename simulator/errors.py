"""The errors the simulator raises: file-system errors with errno names, Docker's and the scenario's."""
from __future__ import annotations

# strerror() texts of glibc, which Debian's busybox-static is linked against.
STRERROR = {
    "EPERM": "Operation not permitted",
    "ENOENT": "No such file or directory",
    "EIO": "I/O error",
    "ENXIO": "No such device or address",
    "EACCES": "Permission denied",
    "EBUSY": "Device or resource busy",
    "EEXIST": "File exists",
    "EXDEV": "Invalid cross-device link",
    "ENOTDIR": "Not a directory",
    "EISDIR": "Is a directory",
    "EINVAL": "Invalid argument",
    "EFBIG": "File too large",
    "ENOSPC": "No space left on device",
    "EROFS": "Read-only file system",
    "EMLINK": "Too many links",
    "ENAMETOOLONG": "File name too long",
    "ENOTEMPTY": "Directory not empty",
    "ELOOP": "Too many levels of symbolic links",
    "ENOTSUP": "Operation not supported",
    "ENOSYS": "Function not implemented",
}


class SimulatorError(Exception):
    """Base class of every error the simulator raises on purpose."""


class FsError(SimulatorError):
    """A failed file-system call: errno name plus the path it was about.

    Raised *before* any state changes, so a failed call leaves the state as it was.
    """

    def __init__(self, errno: str, path: str = "", detail: str = ""):
        if errno not in STRERROR:
            raise ValueError(f"unknown errno name {errno!r}; known: {sorted(STRERROR)}")
        self.errno = errno
        self.path = path
        self.detail = detail
        super().__init__(f"{path}: {self.strerror}" if path else self.strerror)

    @property
    def strerror(self) -> str:
        return STRERROR[self.errno]


class DockerError(SimulatorError):
    """An error the docker CLI or the daemon reports; `message` is Docker's own text.

    `origin` is "cli" (the client refused the command line) or "daemon" (the engine
    refused it: printed after "Error response from daemon: "). `exit_code` is what the
    docker CLI exits with.
    """

    def __init__(self, message: str, origin: str = "daemon", exit_code: int = 1):
        if origin not in ("cli", "daemon"):
            raise ValueError(f"origin must be 'cli' or 'daemon', not {origin!r}")
        self.message = message
        self.origin = origin
        self.exit_code = exit_code
        super().__init__(message)


class ScenarioError(SimulatorError):
    """An invalid scenario file: names the file and the key or step at fault."""

    def __init__(self, message: str, where: str = "", file: str = ""):
        self.message = message
        self.where = where
        self.file = file
        super().__init__(self.render())

    def render(self) -> str:
        parts = [p for p in (self.file, self.where) if p]
        return (": ".join(parts) + ": " if parts else "") + self.message


def shown(value, limit: int = 40, quote: bool = True) -> str:
    """An untrusted value as an error message shows it: text cut to LIMIT characters, any
    other value by its kind (a YAML alias bomb or a huge list is never turned into text)."""
    if isinstance(value, str):
        text = value if len(value) <= limit else value[:limit] + "..."
        return repr(text) if quote else text
    if isinstance(value, bool) or value is None:
        return repr(value)
    if isinstance(value, int):
        return str(value) if abs(value) < 10**20 else "a very large number"
    if isinstance(value, float):
        return repr(value)
    kinds = {dict: "a mapping", list: "a list"}
    return kinds.get(type(value), f"a {type(value).__name__}")
