"""libbb's copy_file() and remove_file(): the call sequences `cp`, `mv` and `rm` make.

The order of calls matters here because the overlay turns each one into copy-ups and
whiteouts: remove_file lstat()s, recurses into a directory's entries first and
rmdir()s it only if every entry went (unlink for the rest); copy_file mkdir()s a
directory with its mode | 0700 under umask 0, copies its entries, chmod()s it, and
with PRESERVE_STATUS (cp -p/-a, mv) finishes each object with utime, chown, chmod.
A regular file is copied by open(O_WRONLY|O_CREAT|O_TRUNC, source mode) and write.
"""
from __future__ import annotations

from simulator.fs import Blob
from simulator.fs import File, Symlink, is_dir
from simulator.errors import FsError

PRESERVE = 1 << 0       # -p
DEREF = 1 << 1          # follow symlinks (cp without -d/-P/-R/-a)
RECUR = 1 << 2          # -R
FORCE = 1 << 3          # -f
INTERACTIVE = 1 << 4    # -i
NO_OVERWRITE = 1 << 5   # -n
HARDLINK = 1 << 6       # -l
SOFTLINK = 1 << 7       # -s
DEREF_L0 = 1 << 9       # -H
VERBOSE = 1 << 13       # -v
UPDATE = 1 << 14        # -u


def concat_path_file(path: str, name: str) -> str:
    return path + name if path.endswith("/") else f"{path}/{name}"


def strip_slashes(path: str) -> str:
    """What bb_get_last_path_component_strip leaves in its argument: "d//" -> "d", "/" stays."""
    return path.rstrip("/") or path[:1]


def last_component_strip(path: str) -> str:
    """bb_get_last_path_component_strip: "a/b/" -> "b", "/" -> "/"."""
    stripped = path.rstrip("/")
    if not stripped:
        return "/" if path else ""
    return stripped.rpartition("/")[2]


# ---- remove_file --------------------------------------------------------------------------
def remove_file(cmd, path: str, recur: bool, force: bool, ask: bool = False, verbose: bool = False) -> bool:
    try:
        st = cmd.lstat(path)
    except FsError as e:
        if e.errno != "ENOENT":
            cmd.perror(f"can't stat '{path}'", e)
            return False
        if not force:
            cmd.perror(f"can't remove '{path}'", e)
            return False
        return True
    if is_dir(st.entry):
        if not recur:
            cmd.error(f"'{path}' is a directory")
            return False
        if ask and not cmd.ask(f"{cmd.name}: descend into directory '{path}'? "):
            return True
        try:
            names = cmd.listdir(path)
        except FsError:
            return False          # opendir failed: BusyBox says nothing
        ok = True
        for name in names:
            if not remove_file(cmd, concat_path_file(path, name), recur, force, ask, verbose):
                ok = False
        if ask and not cmd.ask(f"{cmd.name}: remove directory '{path}'? "):
            return ok
        if ok:
            try:
                cmd.rmdir(path)
            except FsError as e:
                cmd.perror(f"can't remove '{path}'", e)
                return False
            if verbose:
                cmd.out(f"removed directory: '{path}'\n")
        return ok
    if ask and not cmd.ask(f"{cmd.name}: remove '{path}'? "):
        return True
    try:
        cmd.unlink(path)
    except FsError as e:
        cmd.perror(f"can't remove '{path}'", e)
        return False
    if verbose:
        cmd.out(f"removed '{path}'\n")
    return True


# ---- copy_file ----------------------------------------------------------------------------
def _ask_and_unlink(cmd, dest: str, flags: int, err: FsError) -> int:
    """-1 error, 0 the user said no, 1 removed (try again). Without -f or -i the open's
    error is reported; -i asks, then unlinks."""
    if not flags & (FORCE | INTERACTIVE):
        cmd.perror(f"can't create '{dest}'", err)
        return -1
    if flags & INTERACTIVE and not cmd.ask(f"{cmd.name}: overwrite '{dest}'? "):
        return 0
    try:
        cmd.unlink(dest)
    except FsError:
        cmd.perror(f"can't create '{dest}'", err)
        return -1
    return 1


def _same(a, b) -> bool:
    return a.path == b.path and a.mount is b.mount


def copy_file(cmd, source: str, dest: str, flags: int, made: set | None = None) -> int:
    """Returns 0 when the copy was made (failures to preserve attributes only warn), -1 not."""
    made = made if made is not None else set()
    deref = flags & (DEREF | DEREF_L0)
    try:
        sst = cmd.stat(source) if deref else cmd.lstat(source)
    except FsError as e:
        if flags & (SOFTLINK | HARDLINK):
            return _make_link(cmd, source, dest, flags)
        cmd.perror(f"can't stat '{source}'", e)
        return -1
    dst = None
    try:
        dst = cmd.lstat(dest)
    except FsError as e:
        if e.errno != "ENOENT":
            cmd.perror(f"can't stat '{dest}'", e)
            return -1
    if dst is not None:
        if _same(sst, dst):
            cmd.error(f"'{source}' and '{dest}' are the same file")
            return -1
        if flags & NO_OVERWRITE:
            return 0
    if is_dir(sst.entry):
        return _copy_dir(cmd, source, dest, flags, sst, dst, made)
    if dst is not None and flags & UPDATE and sst.entry.mtime <= dst.entry.mtime:
        return 0
    if flags & (SOFTLINK | HARDLINK):
        return _make_link(cmd, source, dest, flags)
    if type(sst.entry) is Symlink:      # only seen without dereferencing: copy the link
        return _copy_symlink(cmd, source, dest, flags, sst, dst)
    if dst is not None and flags & INTERACTIVE:
        # cp -i opens with O_EXCL: an existing file is asked about, then unlinked
        ovr = _ask_and_unlink(cmd, dest, flags, FsError("EEXIST", dest))
        if ovr <= 0:
            return ovr
    return _copy_regular(cmd, source, dest, flags, sst)


def _verbose(cmd, source: str, dest: str, flags: int) -> None:
    if flags & VERBOSE:
        cmd.out(f"'{source}' -> '{dest}'\n")


def _copy_dir(cmd, source, dest, flags, sst, dst, made) -> int:
    if not flags & RECUR:
        cmd.error(f"omitting directory '{source}'")
        return -1
    if sst.path in made:
        cmd.error(f"recursion detected, omitting directory '{source}'")
        return -1
    umask = cmd.umask
    if dst is not None:
        if not is_dir(dst.entry):
            cmd.error(f"target '{dest}' is not a directory")
            return -1
    else:
        mode = sst.entry.mode if flags & PRESERVE else sst.entry.mode & ~umask
        try:
            cmd.mkdir(dest, mode | 0o700, umask=0)      # umask(0) around mkdir
            dst_new = cmd.lstat(dest)
        except FsError as e:
            cmd.perror(f"can't create directory '{dest}'", e)
            return -1
        made.add(dst_new.path)
    if dst is not None:
        made.add(dst.path)
    retval = 0
    try:
        names = cmd.listdir(source)
    except FsError:
        names = None
        retval = -1
    for name in names or ():
        if copy_file(cmd, concat_path_file(source, name), concat_path_file(dest, name),
                     flags & ~DEREF_L0, made) < 0:
            retval = -1
    if names is not None and dst is None:
        try:
            cmd.chmod(dest, sst.entry.mode & ~umask)
        except FsError as e:
            cmd.perror(f"can't preserve permissions of '{dest}'", e)
    _preserve(cmd, dest, flags, sst)
    _verbose(cmd, source, dest, flags)
    return retval


def _copy_regular(cmd, source, dest, flags, sst) -> int:
    try:
        blob = cmd.read(source)
    except FsError as e:
        cmd.perror(f"can't open '{source}'", e)
        return -1
    if _same_file_through_symlink(cmd, source, dest):
        # the same-file check looked at dest with lstat; open(dest, O_TRUNC) then follows the
        # symlink and empties the source before a byte is read: the copy is empty
        blob = Blob.of(b"")
    regular = type(sst.entry) is File
    mode = sst.entry.mode if regular else 0o666
    try:
        _write_new(cmd, dest, blob, mode)
    except FsError as e:
        if e.errno in ("ENOSPC", "EFBIG"):
            cmd.perror("write error", e)
            return -1
        ovr = _ask_and_unlink(cmd, dest, flags, e)
        if ovr <= 0:
            return ovr
        try:
            _write_new(cmd, dest, blob, mode)
        except FsError as e2:
            cmd.perror(f"can't open '{dest}'", e2)
            return -1
    if regular:
        _preserve(cmd, dest, flags, sst)
        _verbose(cmd, source, dest, flags)
    return 0


def _same_file_through_symlink(cmd, source: str, dest: str) -> bool:
    try:
        return cmd.stat(source).path == cmd.stat(dest).path
    except FsError:
        return False


def _write_new(cmd, dest: str, blob: Blob, mode: int) -> None:
    """open(O_WRONLY|O_CREAT|O_TRUNC, mode) then write: a full disk leaves the file empty."""
    try:
        cmd.write(dest, blob, False, mode)
    except FsError as e:
        if e.errno not in ("ENOSPC", "EFBIG") or not blob.size:
            raise
        cmd.write(dest, Blob.of(b""), False, mode)
        raise


def _copy_symlink(cmd, source, dest, flags, sst, dst) -> int:
    if dst is not None:
        ovr = _ask_and_unlink(cmd, dest, flags, FsError("EEXIST", dest))
        if ovr <= 0:
            return ovr
    target = sst.entry.target
    try:
        cmd.symlink(target, dest)
    except FsError as e:
        cmd.perror(f"can't create symlink '{dest}' to '{target}'", e)
        return -1
    if flags & PRESERVE:
        try:
            cmd.chown(dest, sst.entry.uid, sst.entry.gid, follow=False)
        except FsError as e:
            cmd.perror(f"can't preserve ownership of '{dest}'", e)
    _verbose(cmd, source, dest, flags)
    return 0


def _make_link(cmd, source, dest, flags) -> int:
    def link():
        if flags & SOFTLINK:
            cmd.symlink(source, dest)
        else:
            raise FsError("EPERM", dest, "hard links are not modelled")
    try:
        link()
    except FsError as e:
        ovr = _ask_and_unlink(cmd, dest, flags, e)
        if ovr <= 0:
            return ovr
        try:
            link()
        except FsError as e2:
            cmd.perror(f"can't create link '{dest}'", e2)
            return -1
    return 0


def _preserve(cmd, dest: str, flags: int, sst) -> None:
    if not flags & PRESERVE:
        return
    e = sst.entry
    mode = e.mode
    try:
        cmd.utime(dest, e.mtime)
    except FsError as err:
        cmd.perror(f"can't preserve times of '{dest}'", err)
    try:
        cmd.chown(dest, e.uid, e.gid)
    except FsError as err:
        mode &= ~0o6000
        cmd.perror(f"can't preserve ownership of '{dest}'", err)
    try:
        cmd.chmod(dest, mode)
    except FsError as err:
        cmd.perror(f"can't preserve permissions of '{dest}'", err)
