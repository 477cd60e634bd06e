"""A container's root file system: the writable (upper) layer over the image's layers, as overlayfs does it.

Rules modelled (Linux fs/overlayfs, mounted by Docker's overlay2 with index=off and the
kernel defaults redirect_dir=off, metacopy=off):
- lookup: the upper entry wins; a whiteout hides the lower one; an opaque upper
  directory, or any upper non-directory, hides everything below it in the lower layers;
- copy-up: before a lower object is changed (write, append, truncate, touch, chmod,
  chown, rename) the WHOLE object is copied to the upper layer, parents first; a
  directory is copied without its children;
- removal: a name that a lower layer still provides becomes a whiteout; an upper-only
  name is just removed;
- a directory created where a whiteout is becomes opaque (ovl_create_over_whiteout);
  with Docker's options a directory created elsewhere does not (ovl_create_upper skips
  its optimisation when offline changes are allowed), but a pure-upper directory
  renamed into a merged parent does (ovl_rename);
- rename(2) of a directory that exists in a lower layer fails with EXDEV.
"""
from __future__ import annotations

from dataclasses import replace

from simulator.fs import paths
from simulator.fs.entries import Dir, File, Whiteout, WHITEOUT, is_dir
from simulator.errors import FsError
from simulator.fs.imageview import ImageView
from simulator.fs.links import LinkIndex, fresh_ino, layer_nlink
from simulator.fs.tree import Tree


_UNKNOWN = object()


class OverlayFS:
    kind = "overlay"

    def __init__(self, lower: ImageView, upper: Tree, image_name: str, emit):
        self.lower = lower
        self.upper = upper
        self.image_name = image_name
        self.emit = emit            # emit(type, path, **fields)
        self.clock = lambda: 0      # the namespace's clock (new inode numbers)
        self.links = LinkIndex()    # names of one upper inode (hard links)
        self._cache = None          # (upper tree, its version, {directory: lookup state})

    # ---- lookup -------------------------------------------------------------------
    def _locate(self, path: str):
        """(visible entry, where, lower entry still reachable at this name).

        `where` is "upper", a layer index, or None when nothing is visible. The third
        value is what overlayfs calls "lower positive": a removal must leave a whiteout.
        """
        if path == "/":
            return self.upper.root, "upper", self.lower.get("/")
        state = self._below(paths.parent(path))
        if state is None:
            return None, None, None
        upper_chain, lower_ok = state
        u = self.upper.get(path) if upper_chain else None
        low = self.lower.get(path) if lower_ok else None
        if u is not None:
            if type(u) is Whiteout:
                return None, None, low
            return u, "upper", low
        if low is not None:
            return low, self.lower.source[path], low
        return None, None, None

    def _below(self, d: str):
        """How a name inside directory D is looked up: (the upper layer has every directory
        down to D, lower layers still show below D), or None when D is not a visible
        directory. Kept per directory while the upper layer is unchanged, so a path of depth
        N costs N steps once, not N at every component of every lookup."""
        cache = self._cache
        if cache is None or cache[0] is not self.upper or cache[1] != self.upper.version:
            cache = self._cache = (self.upper, self.upper.version, {"/": (True, True)})
        known = cache[2]
        state = known.get(d, _UNKNOWN)
        if state is not _UNKNOWN:
            return state
        todo = []
        q = d
        while q not in known:
            todo.append(q)
            q = paths.parent(q)
        state = known[q]
        for q in reversed(todo):
            if state is not None:
                upper_chain, lower_ok = state
                u = self.upper.get(q) if upper_chain else None
                if u is None:
                    state = (False, lower_ok) if lower_ok and is_dir(self.lower.get(q)) else None
                elif not is_dir(u):
                    state = None
                elif u.opaque or not (lower_ok and is_dir(self.lower.get(q))):
                    state = (upper_chain, False)
            known[q] = state
        return state

    def lookup(self, path: str):
        return self._locate(path)[0]

    @property
    def shape(self) -> int:
        """Counts the changes that alter or hide a visible path (a namespace's lookup cache)."""
        return self.upper.shape

    def source(self, path: str):
        where = self._locate(path)[1]
        return where if where in (None, "upper") else f"{self.image_name}@{where}"

    def lower_positive(self, path: str) -> bool:
        return self._locate(path)[2] is not None

    def is_merge_dir(self, path: str) -> bool:
        """A directory with an upper part and a lower directory merged into it."""
        u = self.upper.get(path)
        if path == "/":
            return True
        entry, where, low = self._locate(path)
        return where == "upper" and is_dir(u) and not u.opaque and is_dir(low)

    def is_merged(self, path: str) -> bool:
        """overlayfs' OVL_TYPE_MERGE: a directory made of more than one layer (the upper
        over a lower one, or several lower layers). Such a directory reports nlink 1."""
        entry, where, low = self._locate(path)
        if not is_dir(entry):
            return False
        if where == "upper":
            return self.is_merge_dir(path)
        return self.lower.dir_stack(path) > 1

    def names(self, path: str) -> list[str]:
        entry, where, low = self._locate(path)
        names = set()
        if where == "upper":
            u_names = self.upper.children.get(path, ())
            whiteouts = {n for n in u_names if type(self.upper.get(paths.join(path, n))) is Whiteout}
            names.update(n for n in u_names if n not in whiteouts)
            if not entry.opaque and is_dir(low):
                names.update(n for n in self.lower.children.get(path, ()) if n not in whiteouts)
        else:
            names.update(self.lower.children.get(path, ()))
        return sorted(names)

    # ---- copy-up ------------------------------------------------------------------
    def _changed_only(self, before: int, path: str) -> None:
        """The upper layer changed at PATH alone (a new name, or a directory that stays a
        directory of the same opacity): only PATH's lookup state is out of date."""
        cache = self._cache
        if cache is not None and cache[0] is self.upper and cache[1] == before:
            cache[2].pop(path, None)
            self._cache = (self.upper, self.upper.version, cache[2])

    def copy_up(self, path: str) -> None:
        """Make `path` (and its parents) exist in the upper layer, copying whole files."""
        if path in self.upper:         # a tree holds every parent of what it holds
            return
        for q in paths.prefixes(path):
            if q in self.upper:
                continue
            entry, where, _ = self._locate(q)
            if is_dir(entry):
                self.upper.set(q, Dir(entry.mode, entry.uid, entry.gid, entry.mtime))
                self.emit("copy-up", q, **{"from": f"{self.image_name}@{where}", "kind": "dir"})
            else:
                others = self._lower_names(q, where, entry)
                if others:                  # index=off: the copy is a new inode of its own
                    entry = replace(entry, ino=self.clock() or fresh_ino(q, str(entry.ino)))
                self.upper.set(q, entry)
                fields = {"from": f"{self.image_name}@{where}", "kind": entry.kind}
                if type(entry) is File:
                    fields["bytes"] = entry.size
                self.emit("copy-up", q, **fields)
                if others:
                    self.emit("link-broken", q, others=others)

    def _copy_up_parent(self, path: str) -> None:
        self.copy_up(paths.parent(path))

    # ---- changes (the namespace has checked every precondition) -------------------
    def create(self, path: str, entry) -> None:
        self._copy_up_parent(path)
        over_whiteout = type(self.upper.get(path)) is Whiteout
        if is_dir(entry) and over_whiteout:
            entry = Dir(entry.mode, entry.uid, entry.gid, entry.mtime, opaque=True)
            self.emit("opaque", path, reason="over-whiteout")
        before = self.upper.version
        self.upper.set(path, entry)
        self._changed_only(before, path)        # nothing was visible there: nothing below it either

    def replace(self, path: str, entry) -> None:
        """Change an existing object (content or metadata): copy it up first. Every upper
        name of the object's inode sees the change (hard links)."""
        self.copy_up(path)
        old = self.upper.get(path)
        if is_dir(old) and is_dir(entry) and old.opaque and not entry.opaque:
            entry = Dir(entry.mode, entry.uid, entry.gid, entry.mtime, opaque=True)
        if type(old) is File and type(entry) is File and entry.ino != old.ino:
            entry = replace(entry, ino=old.ino)          # the upper inode, not the lower's
        others = self.links.names(self.upper, path) if type(entry) is File and entry.ino else [path]
        self.upper.set(path, entry)
        for other in others:
            if other != path and getattr(self.upper.get(other), "ino", 0) == entry.ino:
                self.upper.set(other, entry)

    def link(self, old: str, new: str, ino: int) -> None:
        """ovl_link: OLD is copied up (a new upper inode), then NEW is a name of it."""
        self.copy_up(old)
        self._copy_up_parent(new)
        entry = self.upper.get(old)
        if type(entry) is File and not entry.ino:
            entry = replace(entry, ino=ino)
            self.upper.set(old, entry)
        self.upper.set(new, entry)

    def nlink(self, path: str) -> int:
        """st_nlink of a non-directory: its upper inode's names, or its image inode's."""
        entry, where, _ = self._locate(path)
        if where == "upper":
            return len(self.links.names(self.upper, path))
        if where is None or type(entry) is not File:
            return 1
        return layer_nlink(self.lower.layers[where].entries, path)

    def _lower_names(self, path: str, where, entry) -> list:
        """The other names the image layer gives PATH's inode (hard links in the image)."""
        if type(entry) is not File or not entry.ino or not isinstance(where, int):
            return []
        layer = self.lower.layers[where]
        return sorted(p for p, e in layer.entries.items() if p != path and type(e) is File and e.ino == entry.ino)

    def remove(self, path: str) -> None:
        if self.lower_positive(path):
            self._copy_up_parent(path)
            self.upper.set(path, WHITEOUT)
            self.upper.shape += 1          # a new name in the tree, but it hides what was seen
            self.emit("whiteout", path)
        else:
            self.upper.remove(path)

    def check_rename(self, old: str, new: str) -> None:
        entry, where, low = self._locate(old)
        if is_dir(entry) and (where != "upper" or (not self.upper.get(old).opaque and is_dir(low))):
            # ovl_can_move(): without redirect_dir a lower or merged directory cannot move
            raise FsError("EXDEV", old)

    def rename(self, old: str, new: str) -> None:
        self.check_rename(old, new)
        entry = self.lookup(old)
        self.copy_up(old)
        self._copy_up_parent(new)
        whiteout_old = self.lower_positive(old)
        target_lower = self.lower_positive(new)
        if new in self.upper:
            self.upper.remove(new)
        self.upper.move(old, new)
        moved = self.upper.get(new)
        if is_dir(entry) and not moved.opaque and (self.is_merge_dir(paths.parent(new)) or target_lower):
            self.upper.set(new, Dir(moved.mode, moved.uid, moved.gid, moved.mtime, opaque=True))
            self.emit("opaque", new, reason="renamed-into-merged-dir")
        if whiteout_old:
            self.upper.set(old, WHITEOUT)
            self.emit("whiteout", old)

    # ---- listing for the state document ---------------------------------------------
    def entry_and_source(self, path: str):
        entry, where, _ = self._locate(path)
        return entry, (where if where in (None, "upper") else f"{self.image_name}@{where}")

    def walk_lower(self, top: str):
        """(path, entry, source) below a directory that only the image layers hold."""
        source, name = self.lower.source, self.image_name
        for p, e in self.lower.walk(top):
            yield p, e, f"{name}@{source[p]}"
