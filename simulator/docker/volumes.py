"""Docker volumes: named or anonymous directories that Docker manages, outliving containers."""
from __future__ import annotations

from dataclasses import dataclass, field

from simulator.fs import PlainFS

VOLUME_SOURCE = "/var/lib/docker/volumes/{}/_data"


@dataclass(eq=False)
class Volume:
    from simulator.docker.display import _repr_mimebundle_  # Jupyter shows it as its diagram (renderer imported lazily)
    name: str
    anonymous: bool = False           # carries the com.docker.volume.anonymous label
    fs: PlainFS = field(default_factory=PlainFS, repr=False)
    labels: dict = field(default_factory=dict)
    options: dict = field(default_factory=dict)   # the local driver's -o options (docker/localdriver.py)

    @property
    def source(self) -> str:
        return VOLUME_SOURCE.format(self.name)

    def is_empty(self) -> bool:
        return not self.fs.names("/")

    @property
    def size(self) -> int:
        return sum(e.size for _, e in self.fs.tree.walk() if e.kind == "file")
