"""The union of an image's layers, flattened once: 'apply the layers in order, a later layer wins'."""
from __future__ import annotations

from simulator.fs import paths
from simulator.fs.entries import Dir, Whiteout, is_dir
from simulator.fs.tree import walk_index

ROOT_DIR = Dir()


class ImageView:
    """Read-only merged view of a stack of layers (bottom first).

    Built by applying each layer in order: an entry replaces what is below it (a
    non-directory also drops the lower subtree, since only directories merge), a
    whiteout removes the path and its subtree, an opaque directory drops the lower
    subtree. `source[path]` is the index of the layer whose entry is visible.
    This is exactly what overlayfs shows for these layers as lowerdirs.
    """

    __slots__ = ("entries", "source", "children", "depth", "layers")

    def __init__(self, layers):
        self.entries: dict = {"/": ROOT_DIR}
        self.source: dict[str, int] = {}
        self.children: dict[str, set[str]] = {"/": set()}
        self.depth = 0
        self.layers: list = []
        for layer in layers:
            self.add(layer)

    def add(self, layer) -> None:
        """Put one more layer on top (used while an image is being built, bottom first)."""
        self._apply(layer, self.depth)
        self.layers.append(layer)
        self.depth += 1

    def _drop(self, path: str) -> None:
        for name in self.children.pop(path, ()):
            self._drop(paths.join(path, name))
        self.entries.pop(path, None)
        self.source.pop(path, None)

    def _apply(self, layer, index: int) -> None:
        # Parents sort before their children, so each parent is in place first.
        for path in sorted(layer.entries):
            entry = layer.entries[path]
            parent, name = paths.split(path)
            if type(entry) is Whiteout:
                if path in self.entries:
                    self._drop(path)
                    self.children[parent].discard(name)
                continue
            old = self.entries.get(path)
            if old is not None and (not is_dir(entry) or not is_dir(old) or entry.opaque):
                for child in self.children.get(path, ()):
                    self._drop(paths.join(path, child))
                if path in self.children:
                    self.children[path] = set()
            kids = self.children.get(parent)
            if kids is None:  # parent not a directory here: the layer builder prevents this
                raise ValueError(f"layer {index}: {path} has no parent directory below it")
            kids.add(name)
            self.entries[path] = Dir(entry.mode, entry.uid, entry.gid, entry.mtime) if is_dir(entry) else entry
            self.source[path] = index
            if is_dir(entry):
                self.children.setdefault(path, set())
            else:
                self.children.pop(path, None)

    def __deepcopy__(self, memo):
        return self          # built once from frozen layers, then only read

    def get(self, path: str):
        return self.entries.get(path)

    def dir_stack(self, path: str) -> int:
        """How many layers' directories overlayfs merges at this visible directory, from
        the top down until a whiteout, an opaque directory or a non-directory stops it."""
        if not is_dir(self.entries.get(path)):
            return 0
        count, ancestors = 0, paths.prefixes(paths.parent(path))
        for layer in reversed(self.layers):
            for q in ancestors:
                above = layer.entries.get(q)
                if above is not None and not is_dir(above):
                    return count                      # a whiteout or a file over an ancestor
            entry = layer.entries.get(path)
            if entry is not None:
                if not is_dir(entry):
                    return count
                count += 1
                if entry.opaque:
                    return count
            if any(is_dir(layer.entries.get(q)) and layer.entries[q].opaque for q in ancestors):
                return count                          # an opaque ancestor hides the layers below
        return count

    def names(self, path: str) -> list[str]:
        return sorted(self.children.get(path, ()))

    def walk(self, top: str = "/"):
        return walk_index(self.children, self.entries, top)
