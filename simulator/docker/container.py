"""Containers: the writable layer, the mounts Docker set up for them, and their lifecycle status."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from simulator.fs import Tree, container_path, is_windows_path
from simulator.docker.volumes import VOLUME_SOURCE

DATA_ROOT = "/var/lib/docker"


@dataclass
class MountPlan:
    """One mount of a container, as the daemon registered it at `docker create`.

    origin: "v" (-v SRC:DST), "anon" (-v DST), "image" (image VOLUME), "mount" (--mount),
    "tmpfs" (--tmpfs: not listed in inspect .Mounts), "from" (--volumes-from).
    `unnamed`: the spec gave no source, so `rm -v` and `--rm` remove the volume.
    """

    type: str                      # volume | bind | tmpfs
    target: str                    # as the daemon keeps it (cleaned; a relative one counts from /)
    name: str | None = None        # volume name
    host_path: str | None = None   # bind source on the simulated host
    rw: bool = True
    nocopy: bool = False
    origin: str = "v"
    mode: str = ""
    unnamed: bool = False
    propagation: str = ""
    tmpfs_size: int | None = None
    tmpfs_mode: int | None = None
    tmpfs_options: str = ""
    subpath: str = ""              # --mount ...,volume-subpath=SUB: one directory of the volume

    @property
    def path(self) -> str:
        """The target as a path in the container (runc mounts `a:b` at `/a:b`; a Windows
        container's `c:\\data` is `/data`)."""
        if is_windows_path(self.target):
            return container_path(self.target)
        return self.target if self.target.startswith("/") else "/" + self.target

    @property
    def label(self) -> str:
        if self.type == "volume":
            return "volume:" + self.name
        if self.type == "bind":
            return "bind:" + self.host_path
        return "tmpfs"

    @property
    def source(self) -> str:
        if self.type == "volume":
            return VOLUME_SOURCE.format(self.name)
        if self.type == "bind":
            return self.host_path
        return ""

    def describe(self) -> dict:
        d = {"type": self.type}
        if self.type == "volume":
            d["name"] = self.name
        d["source"] = self.source
        d["target"] = self.target
        d["rw"] = self.rw
        return d

    def inspect(self) -> dict:
        """One entry of `docker inspect .Mounts` (Docker's field order)."""
        d = {"Type": self.type}
        if self.type == "volume":
            d["Name"] = self.name
        d["Source"] = self.source
        d["Destination"] = self.target
        if self.type == "volume":
            d["Driver"] = "local"
        d["Mode"] = self.mode
        d["RW"] = self.rw
        d["Propagation"] = (self.propagation or "rprivate") if self.type == "bind" else ""
        return d


@dataclass(eq=False)
class Container:
    from simulator.docker.display import _repr_mimebundle_  # Jupyter shows it as its diagram (renderer imported lazily)
    id: str
    name: str
    image: object                  # Image
    upper: Tree = field(default_factory=Tree)
    mounts: list = field(default_factory=list)      # MountPlan, in registration order
    status: str = "created"        # created | running | exited
    exit_code: int = 0
    cmd: list | None = None        # argv; None: a service that runs until stopped
    cmd_from_image: bool = False
    user: str = ""
    workdir: str = "/"
    env: dict = field(default_factory=dict)
    read_only: bool = False
    auto_remove: bool = False
    logs: str = ""
    created_seq: int = 0
    binds: list = field(default_factory=list)       # HostConfig.Binds as given
    volumes_from: list = field(default_factory=list)
    tmpfs_specs: dict = field(default_factory=dict) # HostConfig.Tmpfs
    active: dict = field(default_factory=dict)      # target path -> mounted file system (while running)
    labels: dict = field(default_factory=dict)      # --label K=V (Config.Labels)
    attached: bool = False                          # created without -d: Config.AttachStdout/Stderr
    start_error: str = ""                           # why the last start failed (State.Error)
    # the main process (cli/procs.py): while it waits, what it waits in (a shell Blocked)
    process: object = None
    wake_ms: int | None = None     # when its sleep ends on the engine's clock; None: a signal or input
    paused: bool = False
    init: bool = False             # --init: docker-init is PID 1 and passes signals on
    tty: bool = False              # -t
    stdin_open: bool = False       # -i
    pending_signals: list = field(default_factory=list)  # trapped, to run when the current sleep ends
    started_ms: int = 0
    finished_ms: int = 0
    log: list = field(default_factory=list)          # ("stdout" | "stderr", text) as printed

    @property
    def layer_dir(self) -> str:
        """The overlay2 directory a daemon would give this container's layer (for messages
        and `docker inspect`): derived from the id, so it repeats with the seed."""
        return f"{DATA_ROOT}/overlay2/{hashlib.sha256(('overlay2-layer' + self.id).encode()).hexdigest()}"

    @property
    def running(self) -> bool:
        return self.status == "running"

    def __repr__(self) -> str:
        return f"<Container {self.name} {self.id[:12]} {self.status}>"
