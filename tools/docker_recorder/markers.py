"""Whiteouts and opaque directories as the two formats spell them, encoded and decoded only here.

In an image layer tar (OCI image-spec, layer.md "Whiteouts"): a deleted NAME is an empty
file `.wh.NAME` beside it, an opaque directory holds an empty file `.wh..wh..opq`.
On disk, in an overlayfs layer directory (kernel Documentation/filesystems/overlayfs.rst):
a whiteout is a character device 0/0, an opaque directory has the xattr
`trusted.overlay.opaque` set to `y`. Docker's overlay2 driver turns the first into the
second when it unpacks a layer.
"""
from __future__ import annotations

import os
import posixpath
import stat

TAR_WHITEOUT_PREFIX = ".wh."
TAR_OPAQUE_MARKER = ".wh..wh..opq"
OVERLAY_OPAQUE_XATTR = "trusted.overlay.opaque"
OVERLAY_OPAQUE_VALUE = b"y"      # "x" also exists (a dir holding xattr whiteouts): not opaque


def tar_whiteout_name(path: str) -> str:
    """/srv/www/old.html -> /srv/www/.wh.old.html"""
    return posixpath.join(posixpath.dirname(path), TAR_WHITEOUT_PREFIX + posixpath.basename(path))


def tar_opaque_name(directory: str) -> str:
    """/srv/www -> /srv/www/.wh..wh..opq"""
    return posixpath.join(directory, TAR_OPAQUE_MARKER)


def is_overlay_whiteout(st: os.stat_result) -> bool:
    return stat.S_ISCHR(st.st_mode) and st.st_rdev == 0


def is_overlay_opaque(path: str) -> bool:
    try:
        return os.getxattr(path, OVERLAY_OPAQUE_XATTR, follow_symlinks=False) == OVERLAY_OPAQUE_VALUE
    except OSError:
        return False
