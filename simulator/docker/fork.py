"""An engine's state shared between timeline steps: each step copies only what it uses.

The lab keeps the engine as it was after every step. Copying it whole at each step cost
time and memory that grew with every container (1,000 `docker run -d` steps: 85 s, 2.2 GB).
`fork(engine)` makes the next step's engine in time proportional to the number of names:
- trees (writable layers, volumes, the host) are shared until one side changes them
  (Tree.copy is copy-on-write);
- containers and volumes stay the previous step's objects until this engine first uses
  one (`engine.containers[name]`, `.get`, `.values()`, ...): then it gets its own copy,
  its mounts re-pointed at this engine's volumes and host;
- images, layers and file contents never change, so every step shares them.
The engine a fork came from must not change afterwards (the timeline never runs a
command on a kept step: it runs it on a fork).
"""
from __future__ import annotations

import copy

from simulator.fs import PinnedFile

# the fields fork() handles itself; every other field is deep-copied (small ones)
_SHARED = {"containers", "volumes", "host", "images", "events", "dockerfiles", "compose_files"}


class ForkedMap(dict):
    """name -> object, taken over from the engine this one forked from: an object is copied
    (by `clone`) the first time this map hands it out, and from then on it is this map's.
    Membership, `len` and iteration over names copy nothing."""

    def __init__(self, items, clone):
        super().__init__(items)
        self._clone = clone
        self._own: set = set()

    def _take(self, key):
        value = dict.__getitem__(self, key)
        if key not in self._own:
            value = self._clone(value)
            dict.__setitem__(self, key, value)
            self._own.add(key)
        return value

    def __getitem__(self, key):
        return self._take(key)

    def get(self, key, default=None):
        return self._take(key) if key in self else default

    def __setitem__(self, key, value) -> None:
        dict.__setitem__(self, key, value)
        self._own.add(key)

    def setdefault(self, key, default=None):
        if key not in self:
            self[key] = default
        return self._take(key)

    def pop(self, key, *default):
        if key not in self:
            return dict.pop(self, key, *default)
        value = self._take(key)
        dict.__delitem__(self, key)
        self._own.discard(key)
        return value

    def __delitem__(self, key) -> None:
        dict.__delitem__(self, key)
        self._own.discard(key)

    def values(self):
        return [self._take(k) for k in list(dict.keys(self))]

    def items(self):
        return [(k, self._take(k)) for k in list(dict.keys(self))]

    def copy(self) -> dict:
        return dict(self.items())

    def __deepcopy__(self, memo):
        return {k: copy.deepcopy(v, memo) for k, v in self.items()}

    def __reduce__(self):
        return dict, (self.copy(),)


def fork(engine):
    """The engine for the next step: shares everything until it is used (see above)."""
    new = copy.copy(engine)
    new.events = []
    new.images = dict(engine.images)
    new.dockerfiles = dict(engine.dockerfiles)
    new.compose_files = dict(engine.compose_files)
    new.host = copy.deepcopy(engine.host)                   # its tree is copy-on-write
    new.volumes = ForkedMap(dict.items(engine.volumes), copy.deepcopy)
    new.containers = ForkedMap(dict.items(engine.containers), lambda c: _clone_container(new, c))
    memo = {id(engine.host): new.host}
    for name, value in vars(engine).items():
        if name not in _SHARED:
            setattr(new, name, copy.deepcopy(value, memo))
    return new


def _clone_container(engine, container):
    """The container's own copy for ENGINE: its writable layer shared until changed, its
    running mounts re-pointed at ENGINE's volumes and host (by what they are, since the
    container may come from a step several forks back)."""
    memo: dict = {}
    for mount in container.active.values():
        fs = mount.fs
        if mount.label.startswith("volume:") and mount.label[7:] in engine.volumes:
            memo[id(fs)] = engine.volumes[mount.label[7:]].fs
        elif type(fs) is PinnedFile:
            memo[id(fs)] = PinnedFile(engine.host, fs.path, fs.ino)
        elif mount.label.startswith("bind:"):
            memo[id(fs)] = engine.host
    return copy.deepcopy(container, memo)
