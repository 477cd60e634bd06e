"""The static BusyBox (Debian's busybox-static) that images and the host directory carry."""
from __future__ import annotations

import os
import struct
import subprocess
from functools import lru_cache

from .errors import EngineError

TOOLS_DIR = "/.recorder"             # in every image's base layer and in the host directory
TOOLS_BIN = TOOLS_DIR + "/bin"
CANDIDATES = ("/bin/busybox", "/usr/bin/busybox")
PT_INTERP = 3                        # ELF program header of a dynamically linked program


def is_static_elf(data: bytes) -> bool:
    """A 64-bit little-endian ELF without an interpreter (nothing to load in the image)."""
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        return False
    phoff, = struct.unpack_from("<Q", data, 0x20)
    phentsize, phnum = struct.unpack_from("<HH", data, 0x36)
    types = (struct.unpack_from("<I", data, phoff + i * phentsize)[0] for i in range(phnum))
    return PT_INTERP not in types


@lru_cache(maxsize=1)
def find() -> tuple[str, bytes, tuple[str, ...]]:
    """(path, the binary, its applet names) of a static BusyBox on this machine."""
    for path in CANDIDATES:
        if os.path.exists(path):
            with open(path, "rb") as f:
                data = f.read()
            if not is_static_elf(data):
                raise EngineError(f"{path} is not statically linked: apt-get install busybox-static")
            names = subprocess.run([path, "--list"], capture_output=True, text=True,
                                   check=True).stdout.split()
            return path, data, tuple(sorted({n for n in names if n != "busybox" and "/" not in n}))
    raise EngineError("no BusyBox at " + " or ".join(CANDIDATES) + ": apt-get install busybox-static")
