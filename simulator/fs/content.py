"""File data as an immutable value: literal bytes and runs of zero bytes (sparse or declared by size)."""
from __future__ import annotations

from dataclasses import dataclass

# The state document shows `content` only for small, UTF-8, NUL-free files, as the
# kernel oracle reads it (a {size: N} file is all NUL bytes, so it never has content).
CONTENT_LIMIT = 64 * 1024
# Reading more than this into Python memory (cat of a 1 GiB declared-size file) is refused.
MATERIALISE_LIMIT = 64 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Blob:
    """Bytes of a file. `parts` holds `bytes` chunks and `int` runs of NUL bytes.

    A run of zeros is kept as a count so that a 1 GiB file declared by size costs
    nothing; such runs are holes (they take no pages on a tmpfs), while zeros that were
    written as data are literal bytes.
    """

    parts: tuple = ()
    size: int = 0

    def __deepcopy__(self, memo):
        return self          # immutable: a snapshot shares it

    @staticmethod
    def of(data: bytes | str) -> "Blob":
        if isinstance(data, str):
            # bytes a tool read as text come back as they were (surrogateescape round trip)
            data = data.encode("utf-8", "surrogateescape")
        return Blob((data,), len(data)) if data else EMPTY

    @staticmethod
    def zeros(n: int) -> "Blob":
        return Blob((n,), n) if n else EMPTY

    def __add__(self, other: "Blob") -> "Blob":
        if not other.size:
            return self
        if not self.size:
            return other
        parts = list(self.parts)
        for p in other.parts:
            if parts and type(parts[-1]) is type(p):
                parts[-1] = parts[-1] + p
            else:
                parts.append(p)
        return Blob(tuple(parts), self.size + other.size)

    def truncated(self, n: int) -> "Blob":
        """The first n bytes, or the data extended with zero bytes up to n (truncate(2))."""
        if n >= self.size:
            return self + Blob.zeros(n - self.size)
        parts, left = [], n
        for p in self.parts:
            length = p if isinstance(p, int) else len(p)
            if left <= 0:
                break
            take = min(length, left)
            parts.append(take if isinstance(p, int) else p[:take])
            left -= take
        return Blob(tuple(parts), n)

    @property
    def literal_bytes(self) -> int:
        """Bytes that were written as data (not runs of zeros)."""
        return sum(len(p) for p in self.parts if not isinstance(p, int))

    def has_zero_runs(self) -> bool:
        return any(isinstance(p, int) for p in self.parts)

    def to_bytes(self) -> bytes:
        if self.size > MATERIALISE_LIMIT:
            raise MemoryError(f"file of {self.size} bytes is too large to read in the simulator")
        return b"".join(b"\0" * p if isinstance(p, int) else p for p in self.parts)

    def text(self) -> str | None:
        """The content as the state document shows it, or None (too large, binary, NULs)."""
        if self.size >= CONTENT_LIMIT or self.has_zero_runs():
            return None
        data = self.to_bytes()
        if b"\0" in data:
            return None
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            return None


EMPTY = Blob()
