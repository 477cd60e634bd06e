# long module: every system call of a mount namespace: one class whose methods share path resolution and errno order
"""A mount namespace: path resolution (symlinks, mount points) and the file-system calls a process makes.

This is where errno rules that do not depend on the kind of file system live: ENOENT,
ENOTDIR, EEXIST, EISDIR, ENOTEMPTY, EBUSY for mount points, EXDEV across mounts,
EROFS for read-only mounts, ELOOP and EACCES. Every check runs before anything
changes; the file system underneath (overlay or plain) then does the change.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from simulator.fs import paths
from simulator.fs.content import Blob
from simulator.fs.entries import Dir, File, Symlink, is_dir
from simulator.events import check as check_event
from simulator.errors import FsError
from simulator.fs.links import fresh_ino

MAX_SYMLINKS = 40
PATH_MAX = 4096          # bytes of a path argument, with its NUL (linux/limits.h)
NAME_MAX = 255           # bytes of one name
DELETED_DIR = Dir(0o755)


@dataclass(frozen=True)
class Cred:
    uid: int = 0
    gid: int = 0
    groups: tuple = ()

    @property
    def is_root(self) -> bool:
        return self.uid == 0


ROOT = Cred()


@dataclass
class Mount:
    target: str          # where it is mounted in the namespace
    fs: object           # OverlayFS or PlainFS
    base: str = "/"      # the path inside fs that appears at target
    read_only: bool = False
    label: str = "upper" # the state document's `from`: upper, volume:NAME, bind:/path, tmpfs, host

    def inner(self, path: str) -> str:
        return paths.rebase(path, self.target, self.base)


@dataclass(frozen=True)
class Stat:
    path: str            # resolved path in the namespace
    entry: object
    mount: Mount

    @property
    def kind(self) -> str:
        return self.entry.kind


def check_length(path: str) -> None:
    """getname(): a path argument of PATH_MAX bytes or more, with its NUL, is ENAMETOOLONG."""
    if len(path) >= PATH_MAX or len(path) * 4 >= PATH_MAX and len(path.encode()) >= PATH_MAX:
        raise FsError("ENAMETOOLONG", path)


def event_path(path: str) -> str:
    """A path as an event names it: an absolute one normalised (`mkdir -p` asks for
    "/app/", the event is about /app), a relative one without its trailing slashes."""
    if path.startswith("/"):
        return paths.normalise(path)
    return path.rstrip("/") or path


def reports_errors(op: str):
    """A failed change is also an `error` event (errno and path), and a refused rename of a
    directory an `exdev` event, so narration and diagrams can show it. Nothing changed."""
    def wrap(method):
        def call(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except FsError as e:
                if not getattr(e, "reported", False):       # once, not again by a caller
                    e.reported = True
                    if e.errno == "EXDEV" and op == "rename":
                        self.emit("exdev", args[0], to=args[1])
                    else:
                        self.emit("error", event_path(e.path or (args[0] if args else "")), op=op, errno=e.errno)
                raise
        call.__name__, call.__doc__ = method.__name__, method.__doc__
        return call
    return wrap


class Namespace:
    def __init__(self, root: Mount, owner: str | None = None, sink: list | None = None, clock=None):
        self.mounts: dict[str, Mount] = {"/": root}
        self.owner = owner          # container name; None on the host
        self.sink = sink if sink is not None else []
        self.clock = clock or (lambda: 0)
        if hasattr(root.fs, "emit"):
            root.fs.emit = self.emit
            root.fs.clock = self.clock

    # ---- events ----------------------------------------------------------------------
    def emit(self, type_: str, path: str, **fields) -> None:
        """Record a file event (a kind listed in simulator/events.py) as this namespace's owner's."""
        check_event(type_, fields)
        event = {"type": type_}
        if self.owner is not None:
            event["container"] = self.owner
        else:
            event["host"] = True
        event["path"] = path
        event.update(fields)
        self.sink.append(event)

    # ---- mounts ----------------------------------------------------------------------
    def add_mount(self, mount: Mount) -> None:
        self.mounts[mount.target] = mount

    def mount_for(self, path: str) -> Mount:
        """The deepest mount whose target holds PATH (a walk over the few mounts, not over
        the path's many prefixes)."""
        best = self.mounts["/"]
        if len(self.mounts) == 1:
            return best
        m = self.mounts.get(path)
        if m is not None:
            return m
        size = 1
        for target, m in self.mounts.items():
            if len(target) > size and path.startswith(target) and path[len(target):len(target) + 1] == "/":
                best, size = m, len(target)
        return best

    def is_mount_point(self, path: str) -> bool:
        return path != "/" and path in self.mounts

    def _entry(self, path: str):
        m = self.mount_for(path)
        entry = m.fs.lookup(m.inner(path))
        if entry is None and path == m.target and path != "/":
            # the host directory behind a bind mount was removed: the mount still shows it
            entry = DELETED_DIR
        return entry, m

    # ---- resolution ------------------------------------------------------------------
    def resolve(self, path: str, follow: bool = True, cred: Cred = ROOT, cwd: str = "/"):
        """Walk `path` like the kernel: returns (resolved path, entry or None, mount).

        Intermediate components must exist and be directories (ENOENT, ENOTDIR), each
        symlink met is followed (ELOOP after 40), and the last one is followed if
        `follow`. A missing last component gives entry None (its parent exists).
        """
        if not path:
            raise FsError("ENOENT", path)
        check_length(path)
        todo = [c for c in path.split("/") if c]
        cur = "/" if path.startswith("/") else cwd
        here = None                                    # cur's entry, once known
        seen = self._walk_cache(cred)                  # directories already walked to
        if seen is not None and todo and ".." not in todo:
            names = [c for c in todo if c != "."] if "." in todo else todo
            cur, here, skip = self._walked(seen, cur, names)
            if skip and names is not todo:             # `./a/./b`: the dots up to there are walked too
                k = 0
                while skip:
                    skip -= todo[k] != "."
                    k += 1
                skip = k
            todo = todo[skip:]
        todo.reverse()                                 # taken from the end: pop() is O(1)
        if path.endswith("/") and todo:
            # a trailing slash asks for a directory: symlinks are followed, a file is ENOTDIR
            follow = True
            todo.append(".")
        links = 0
        while True:
            if not todo:
                entry, m = self._entry(cur)
                return cur, entry, m
            comp = todo.pop()
            if len(comp) > NAME_MAX // 4 and len(comp.encode()) > NAME_MAX:
                raise FsError("ENAMETOOLONG", path)
            if comp == ".":
                here, _ = self._entry(cur)
                if here is None:
                    return cur, None, self.mount_for(cur)
                if not is_dir(here):
                    raise FsError("ENOTDIR", path)
                continue
            if comp == "..":
                cur, here, seen = paths.parent(cur), None, None
                continue
            if here is None:
                here, _ = self._entry(cur)
            if not is_dir(here):
                raise FsError("ENOTDIR", path)
            if not self._may(here, cred, 1):
                raise FsError("EACCES", path)
            nxt = paths.join(cur, comp)
            entry, m = self._entry(nxt)
            last = not todo
            if entry is None:
                if last:
                    return nxt, None, m
                raise FsError("ENOENT", path)
            if type(entry) is Symlink and (follow or not last):
                links += 1
                if links > MAX_SYMLINKS:
                    raise FsError("ELOOP", path)
                target = entry.target
                todo.extend(reversed([c for c in target.split("/") if c]))
                if target.startswith("/"):
                    cur = "/"
                here, seen = None, None                # only plain walks are remembered
                continue
            cur, here = nxt, entry
            if seen is not None and is_dir(entry):
                seen[cur] = entry

    # ---- the lookup cache (the kernel's dcache, in small) ---------------------------------
    def _walk_cache(self, cred: Cred):
        """Directories this credential has walked to (path -> entry), good while no mount
        changes and no file system alters or removes a path that existed (`shape`): a new
        name leaves them good, so `mkdir -p` 2,000 levels deep walks each level once."""
        key = [cred]
        for target, m in self.mounts.items():
            shape = getattr(m.fs, "shape", None)
            if shape is None:
                return None
            key.append((target, id(m.fs), m.base, shape))
        key = tuple(key)
        if getattr(self, "_walk_key", None) != key:
            self._walk_key, self._walked_to = key, {}
        return self._walked_to

    @staticmethod
    def _walked(seen: dict, start: str, comps: list):
        """(path, entry, components done) for the longest walked prefix of START/COMPS."""
        full = start.rstrip("/") + "/" + "/".join(comps)
        end = len(full)
        for k in range(len(comps) - 1, 0, -1):
            end = full.rfind("/", 0, end)              # where the first K components end
            entry = seen.get(full[:end])
            if entry is not None:
                return full[:end], entry, k
        return start, None, 0

    def _may(self, entry, cred: Cred, bits: int) -> bool:
        """Unix permission check: bits 4 read, 2 write, 1 search/execute."""
        if cred.is_root:
            return True
        if cred.uid == entry.uid:
            have = (entry.mode >> 6) & 7
        elif cred.gid == entry.gid or entry.gid in cred.groups:
            have = (entry.mode >> 3) & 7
        else:
            have = entry.mode & 7
        return have & bits == bits

    def _require(self, path: str, entry, cred: Cred, bits: int) -> None:
        if not self._may(entry, cred, bits):
            raise FsError("EACCES", path)

    def _parent_for_change(self, path: str, cred: Cred, cwd: str, shown: str):
        """Resolve the parent of `path` (following symlinks in it); the new name's
        directory must be writable and searchable. Returns (resolved path, entry, mount)."""
        check_length(path)
        head, _, name = path.rstrip("/").rpartition("/")
        if not name or name in (".", ".."):
            raise FsError("EINVAL" if name in (".", "..") else "ENOENT", shown)
        parent_path = head if head else ("/" if path.startswith("/") else cwd)
        ppath, pentry, _ = self.resolve(parent_path, True, cred, cwd)
        if pentry is None:
            raise FsError("ENOENT", shown)
        if not is_dir(pentry):
            raise FsError("ENOTDIR", shown)
        full = paths.join(ppath, name)
        entry, _ = self._entry(full)
        # the directory that holds the name decides EROFS (a read-only mount point itself
        # can still be EBUSY or EEXIST)
        return full, entry, self.mount_for(ppath), pentry

    def _writable(self, m: Mount, shown: str) -> None:
        if m.read_only:
            raise FsError("EROFS", shown)

    # ---- reading ---------------------------------------------------------------------
    def lstat(self, path: str, cred: Cred = ROOT, cwd: str = "/") -> Stat:
        p, entry, m = self.resolve(path, False, cred, cwd)
        if entry is None:
            raise FsError("ENOENT", path)
        return Stat(p, entry, m)

    def stat(self, path: str, cred: Cred = ROOT, cwd: str = "/") -> Stat:
        p, entry, m = self.resolve(path, True, cred, cwd)
        if entry is None:
            raise FsError("ENOENT", path)
        return Stat(p, entry, m)

    def find(self, path: str):
        """The entry at `path` (symlinks followed), or None when there is none or the walk fails."""
        try:
            return self.resolve(path)[1]
        except FsError:
            return None

    def exists(self, path: str, cred: Cred = ROOT, cwd: str = "/") -> bool:
        try:
            self.stat(path, cred, cwd)
            return True
        except FsError:
            return False

    def listdir(self, path: str, cred: Cred = ROOT, cwd: str = "/") -> list[str]:
        st = self.stat(path, cred, cwd)
        if not is_dir(st.entry):
            raise FsError("ENOTDIR", path)
        self._require(path, st.entry, cred, 4)
        return st.mount.fs.names(st.mount.inner(st.path))

    def read(self, path: str, cred: Cred = ROOT, cwd: str = "/") -> Blob:
        st = self.stat(path, cred, cwd)
        if is_dir(st.entry):
            raise FsError("EISDIR", path)
        self._require(path, st.entry, cred, 4)
        return st.entry.blob

    def readlink(self, path: str, cred: Cred = ROOT, cwd: str = "/") -> str:
        st = self.lstat(path, cred, cwd)
        if type(st.entry) is not Symlink:
            raise FsError("EINVAL", path)
        return st.entry.target

    def walk(self):
        """(path, entry, from) of everything visible below "/", as `find /` lists it;
        a mount point shows the mounted file system's root."""
        stack = ["/"]
        while stack:
            d = stack.pop()
            m = self.mount_for(d)
            inner_d = m.inner(d)
            for name in m.fs.names(inner_d):
                p = paths.join(d, name)
                mp = self.mounts.get(p)
                if mp is not None:
                    entry, source = self._entry(p)[0], mp.label
                else:
                    entry, source = m.fs.entry_and_source(m.inner(p))
                    if m.label != "upper":
                        source = m.label
                    elif source != "upper" and is_dir(entry) and not self._has_mount_below(p):
                        # a directory only the image holds: its whole subtree comes from there
                        yield p, entry, source
                        yield from m.fs.walk_lower(m.inner(p))
                        continue
                yield p, entry, source
                if is_dir(entry):
                    stack.append(p)

    def _has_mount_below(self, path: str) -> bool:
        return any(t != "/" and paths.is_within(t, path) for t in self.mounts)

    def source_of(self, path: str) -> str:
        """The state document's `from` for a resolved path."""
        m = self.mount_for(path)
        if m.label == "upper":
            return m.fs.source(m.inner(path))
        return m.label

    # ---- writing ---------------------------------------------------------------------
    @reports_errors("write")
    def write(self, path: str, data: Blob, append: bool = False, cred: Cred = ROOT, cwd: str = "/",
              create_mode: int = 0o644) -> None:
        """open(O_WRONLY|O_CREAT|(O_APPEND or O_TRUNC)) + write(data) + close."""
        p, entry, m = self.resolve(path, True, cred, cwd)
        if entry is None:
            full, _, m, pentry = self._parent_for_change(p, cred, cwd, path)
            self._writable(m, path)
            self._require(path, pentry, cred, 3)
            tick = self.clock()
            new = File(data, create_mode, cred.uid, cred.gid, tick, ino=tick)
            m.fs.create(m.inner(full), new)
            self.emit("create", full, where=m.label, bytes=data.size)
            return
        if is_dir(entry):
            raise FsError("EISDIR", path)
        self._writable(m, path)
        self._require(path, entry, cred, 2)
        blob = (entry.blob + data) if append else data
        m.fs.replace(m.inner(p), replace(entry, blob=blob, mtime=self.clock()))
        self.emit("write", p, where=m.label, bytes=data.size, append=append)

    @reports_errors("open")
    def open_for_write(self, path: str, cred: Cred = ROOT, cwd: str = "/") -> None:
        """open(O_WRONLY) of an existing file, before anything is written: on overlayfs the
        open alone copies a lower file up (`>> file` with no output, `> empty-file`)."""
        p, entry, m = self.resolve(path, True, cred, cwd)
        if entry is None:
            raise FsError("ENOENT", path)
        if is_dir(entry):
            raise FsError("EISDIR", path)
        self._writable(m, path)
        self._require(path, entry, cred, 2)
        m.fs.replace(m.inner(p), entry)      # a plain file system keeps it as it is

    @reports_errors("truncate")
    def truncate(self, path: str, size: int, cred: Cred = ROOT, cwd: str = "/", create: bool = True) -> None:
        p, entry, m = self.resolve(path, True, cred, cwd)
        if entry is None:
            if not create:
                raise FsError("ENOENT", path)
            self.write(p, Blob.zeros(0), cred=cred, cwd=cwd)
            p, entry, m = self.resolve(p, True, cred, cwd)
        if is_dir(entry):
            raise FsError("EISDIR", path)
        self._writable(m, path)
        self._require(path, entry, cred, 2)
        m.fs.replace(m.inner(p), replace(entry, blob=entry.blob.truncated(size), mtime=self.clock()))
        self.emit("truncate", p, where=m.label, size=size)

    @reports_errors("mkdir")
    def mkdir(self, path: str, mode: int = 0o755, cred: Cred = ROOT, cwd: str = "/") -> None:
        last = path.rstrip("/").rpartition("/")[2]
        if path.strip("/") == "" or last in (".", ".."):
            self.stat(path, cred, cwd)
            raise FsError("EEXIST", path)
        full, entry, m, pentry = self._parent_for_change(path, cred, cwd, path)
        if entry is not None:
            raise FsError("EEXIST", path)
        self._writable(m, path)
        self._require(path, pentry, cred, 3)
        m.fs.create(m.inner(full), Dir(mode, cred.uid, cred.gid, self.clock()))
        self.emit("mkdir", full, where=m.label)

    @reports_errors("symlink")
    def symlink(self, target: str, path: str, cred: Cred = ROOT, cwd: str = "/") -> None:
        if len(target.encode()) >= PATH_MAX:
            raise FsError("ENAMETOOLONG", path)        # symlink(2): the target is a path too
        full, entry, m, pentry = self._parent_for_change(path, cred, cwd, path)
        if entry is not None:
            raise FsError("EEXIST", path)
        self._writable(m, path)
        self._require(path, pentry, cred, 3)
        m.fs.create(m.inner(full), Symlink(target, cred.uid, cred.gid, self.clock()))
        self.emit("create", full, where=m.label, kind="symlink", target=target)

    @reports_errors("link")
    def link(self, old: str, new: str, cred: Cred = ROOT, cwd: str = "/") -> None:
        """link(2): NEW becomes another name of OLD's inode, on the same mount. The kernel's
        order of checks (do_linkat, vfs_link): OLD exists (its last symlink is not followed),
        NEW's directory, NEW free, the mount writable, one mount for both (EXDEV), the
        protected_hardlinks rule, NEW's directory writable, OLD not a directory (EPERM)."""
        opath, oentry, om = self.resolve(old, False, cred, cwd)
        if oentry is None:
            raise FsError("ENOENT", old)
        full, nentry, nm, npentry = self._parent_for_change(new, cred, cwd, new)
        if nentry is not None:
            raise FsError("EEXIST", new)
        self._writable(nm, new)
        if om is not nm:
            raise FsError("EXDEV", new)
        if not cred.is_root and cred.uid != oentry.uid and not (
                type(oentry) is File and not oentry.mode & 0o6000 and self._may(oentry, cred, 6)):
            raise FsError("EPERM", new)         # fs.protected_hardlinks = 1
        self._require(new, npentry, cred, 3)
        if is_dir(oentry):
            raise FsError("EPERM", new)
        tick = self.clock()
        nm.fs.link(nm.inner(opath), nm.inner(full), tick if tick else fresh_ino(full, opath))
        self.emit("hard-link", full, where=nm.label, to=opath, links=max(2, nm.fs.nlink(nm.inner(full))))

    def _removable(self, path: str, cred: Cred, cwd: str):
        full, entry, m, pentry = self._parent_for_change(path, cred, cwd, path)
        self._writable(m, path)
        if entry is None:
            raise FsError("ENOENT", path)
        if self.is_mount_point(full):
            raise FsError("EBUSY", path)
        self._require(path, pentry, cred, 3)
        self._sticky(path, pentry, entry, cred)
        return full, entry, m

    @staticmethod
    def _sticky(path: str, pentry, entry, cred: Cred) -> None:
        """In a sticky directory (/tmp) only the owner of a name (or of the directory) may
        remove or rename it."""
        if not cred.is_root and pentry.mode & 0o1000 and cred.uid not in (entry.uid, pentry.uid):
            raise FsError("EPERM", path)

    @reports_errors("unlink")
    def unlink(self, path: str, cred: Cred = ROOT, cwd: str = "/") -> None:
        full, entry, m = self._removable(path, cred, cwd)
        if is_dir(entry):
            raise FsError("EISDIR", path)
        m.fs.remove(m.inner(full))
        self.emit("delete", full, where=m.label, kind=entry.kind)

    @reports_errors("rmdir")
    def rmdir(self, path: str, cred: Cred = ROOT, cwd: str = "/") -> None:
        if path.rstrip("/").endswith("/.") or path == ".":
            raise FsError("EINVAL", path)
        full, entry, m = self._removable(path, cred, cwd)
        if not is_dir(entry):
            raise FsError("ENOTDIR", path)
        if m.fs.names(m.inner(full)):
            raise FsError("ENOTEMPTY", path)
        m.fs.remove(m.inner(full))
        self.emit("delete", full, where=m.label, kind="dir")

    @reports_errors("rename")
    def rename(self, old: str, new: str, cred: Cred = ROOT, cwd: str = "/") -> None:
        """rename(2), with the kernel's order of checks (do_renameat2, vfs_rename)."""
        ofull, oentry, _, opentry = self._parent_for_change(old, cred, cwd, old)
        nfull, nentry, _, npentry = self._parent_for_change(new, cred, cwd, new)
        # the mounts of the two parent directories decide EXDEV; a mount point itself is EBUSY
        om, nm = self.mount_for(paths.parent(ofull)), self.mount_for(paths.parent(nfull))
        if om is not nm:
            raise FsError("EXDEV", old)
        self._writable(om, old)
        if oentry is None:
            raise FsError("ENOENT", old)
        if ofull == nfull:
            return
        if paths.is_within(nfull, ofull):
            raise FsError("EINVAL", old)
        if nentry is not None and paths.is_within(ofull, nfull):
            raise FsError("ENOTEMPTY", new)
        self._require(old, opentry, cred, 3)
        self._require(new, npentry, cred, 3)
        self._sticky(old, opentry, oentry, cred)
        if nentry is not None:
            self._sticky(new, npentry, nentry, cred)
            if is_dir(oentry) and not is_dir(nentry):
                raise FsError("ENOTDIR", new)
            if not is_dir(oentry) and is_dir(nentry):
                raise FsError("EISDIR", new)
        if self.is_mount_point(ofull) or self.is_mount_point(nfull):
            raise FsError("EBUSY", old)
        if nentry is not None and is_dir(nentry) and om.fs.names(om.inner(nfull)):
            raise FsError("ENOTEMPTY", new)
        om.fs.check_rename(om.inner(ofull), om.inner(nfull))
        om.fs.rename(om.inner(ofull), om.inner(nfull))
        # mounts below a renamed directory move with it
        for target in [t for t in self.mounts if t != "/" and paths.is_within(t, ofull) and t != ofull]:
            mount = self.mounts.pop(target)
            mount.target = paths.rebase(target, ofull, nfull)
            self.mounts[mount.target] = mount
        self.emit("rename", ofull, to=nfull, where=om.label, kind=oentry.kind)

    def _change_meta(self, path: str, follow: bool, cred: Cred, cwd: str, owner_only: bool, **changes):
        p, entry, m = self.resolve(path, follow, cred, cwd)
        if entry is None:
            raise FsError("ENOENT", path)
        self._writable(m, path)
        if owner_only and not cred.is_root and cred.uid != entry.uid:
            raise FsError("EPERM", path)
        new = replace(entry, **changes)
        m.fs.replace(m.inner(p), new)
        return p, m

    @reports_errors("chmod")
    def chmod(self, path: str, mode: int, cred: Cred = ROOT, cwd: str = "/") -> None:
        p, m = self._change_meta(path, True, cred, cwd, True, mode=mode & 0o7777)
        self.emit("chmod", p, where=m.label, mode=format(mode & 0o7777, "04o"))

    @reports_errors("chown")
    def chown(self, path: str, uid: int, gid: int, follow: bool = False, cred: Cred = ROOT, cwd: str = "/") -> None:
        if not cred.is_root:
            # an owner may keep the uid and move the group to one of their own groups
            st = self.stat(path, cred, cwd) if follow else self.lstat(path, cred, cwd)
            if st.entry.uid != cred.uid or uid != cred.uid or (
                    gid != st.entry.gid and gid != cred.gid and gid not in cred.groups):
                raise FsError("EPERM", path)
        p, m = self._change_meta(path, follow, cred, cwd, True, uid=uid, gid=gid)
        self.emit("chown", p, where=m.label, uid=uid, gid=gid)

    @reports_errors("utime")
    def utime(self, path: str, cred: Cred = ROOT, cwd: str = "/", mtime: int | None = None) -> None:
        p, entry, m = self.resolve(path, True, cred, cwd)
        if entry is None:
            raise FsError("ENOENT", path)
        self._writable(m, path)
        if not cred.is_root and cred.uid != entry.uid and not self._may(entry, cred, 2):
            raise FsError("EACCES", path)
        m.fs.replace(m.inner(p), replace(entry, mtime=self.clock() if mtime is None else mtime))
        self.emit("touch", p, where=m.label)

