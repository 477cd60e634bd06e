"""Images: a name, a stack of shared, frozen layers and the config a container starts from."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from simulator.fs import ImageView


@dataclass(eq=False)
class Image:
    from simulator.docker.display import _repr_mimebundle_  # Jupyter shows it as its diagram (renderer imported lazily)
    name: str
    layers: tuple                     # Layer objects, bottom first (shared between images)
    volumes: tuple = ()               # Dockerfile VOLUME paths
    cmd: str | list | None = None     # None: a long-running service
    workdir: str = ""
    user: str = ""
    env: tuple = ()                   # ("K=V", ...)
    created_by: tuple = ()            # one history line per layer (layer.created_by by default)
    _view: ImageView | None = field(default=None, repr=False)
    # the rest of an image config (a pulled or loaded image has them; built ones mostly not)
    entrypoint: list | None = None
    exposed_ports: tuple = ()         # ("80/tcp", ...)
    stop_signal: str = ""
    labels: tuple = ()                # (("key", "value"), ...), sorted
    program: str = ""                 # what its entrypoint does at start (docker/catalog/programs.py)
    image_id: str = ""                # the ID the registry's config digest gives (else derived)
    repo_digest: str = ""             # "sha256:..." of the repository, for a pulled image
    created: str = ""                 # RFC 3339 creation time of a pulled image

    def __deepcopy__(self, memo):
        return self          # an image never changes once it exists

    @property
    def view(self) -> ImageView:
        """The merged view of the layers, built once and shared by every container."""
        if self._view is None:
            self._view = ImageView(self.layers)
        return self._view

    @property
    def id(self) -> str:
        if self.image_id:
            return self.image_id
        text = "|".join(layer.id for layer in self.layers) + f"|{self.volumes}|{self.cmd}|{self.workdir}|{self.user}"
        return "sha256:" + hashlib.sha256(text.encode()).hexdigest()

    @property
    def size(self) -> int:
        return sum(layer.size for layer in self.layers)

    def layer_label(self, index: int) -> str:
        return f"{self.name}@{index}"
