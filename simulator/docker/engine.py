# long module: the engine's storage rules (create, start, mounts, stop, remove, commit) are one object's invariants
"""The simulated Docker engine: images, containers, volumes and the host, with their lifecycles.

Docker rules modelled here (moby daemon, runc 1.1.5), each checked on a real engine
(see ../shared/reference/docker26-observations.md and tests/docker_recordings):
- a named volume is created on first use; an anonymous one for each `-v /path` and
  image VOLUME that no other mount covers;
- pre-population, at container creation only: an EMPTY volume (never a bind, a tmpfs,
  a `nocopy` or `--volumes-from` mount) mounted where the image has a directory gets
  that directory's content, and its root takes the directory's mode and owner;
- mounts exist while the container runs; runc creates missing mount points through
  the root file system (so they land in the writable layer), parents first; a tmpfs
  is new and empty at every start;
- the writable layer survives stop and start and dies with `docker rm`.
"""
from __future__ import annotations

from simulator.fs import paths
from simulator.docker.container import Container, MountPlan
from simulator.fs import Dir, is_dir
from simulator.fs import Blob
from simulator.events import event as new_event
from simulator.errors import DockerError, FsError
from simulator.docker.mounts import parse_tmpfs_options, tmpfs_capacity
from simulator.docker.ids import IdGenerator
from simulator.fs import Cred, Mount, Namespace
from simulator.fs import OverlayFS
from simulator.fs import PinnedFile, PlainFS
from simulator.fs import Tree, mkdir_p, table
from simulator.docker import localdriver
from simulator.docker.volumes import Volume

RUNC_CREATE = ("failed to create task for container: failed to create shim task: OCI runtime "
               "create failed: runc create failed: unable to start container process: ")
NOT_A_DIR_HINT = (": Are you trying to mount a directory onto a file (or vice-versa)? Check if "
                  "the specified host path exists and is the expected type")
TMPFS_DEFAULT_MODE = 0o1777


class StartError(DockerError):
    """runc could not start the container (a mount failed, ...): the container keeps its status."""


class Engine:
    from simulator.docker.display import _repr_mimebundle_  # Jupyter shows it as its diagram (renderer imported lazily)
    def __init__(self, seed: int | str = 0, platform: str = "linux"):
        self.platform = platform
        self.ids = IdGenerator(seed)
        self.images: dict = {}
        self.containers: dict[str, Container] = {}
        self.volumes: dict[str, Volume] = {}
        self.host = PlainFS(Tree())
        self.events: list = []          # events of the current step
        self.work = None                # all the steps of a file together: a shell Budget (run.session)
        self.time = 0                   # a logical clock: one tick per change
        self.clock_ms = 0               # virtual time (cli/procs.py): what sleeps, stops and waits take
        self.created = 0
        self.dockerfiles: dict = {}     # the scenario's texts, for docker build / compose
        self.compose_files: dict = {}
        # images made in the session (docker build, docker commit): cli/build.py, images.py
        self._image_records: dict = {}  # Image -> {"history": [...], "parent": Image | None, "seq": n}
        self._dangling_images: list = []
        self._build_cache: dict = {}
        self._compose: dict = {}        # project -> {"network": bool, "containers": {service: name}}
        self.network_shares: dict = {}  # (type, o, device) -> the simulated server's share (localdriver)

    def __repr__(self) -> str:
        return (f"<Engine: {len(self.images)} images, {len(self.containers)} containers, "
                f"{len(self.volumes)} volumes>")

    # ---- small services ----------------------------------------------------------
    def tick(self) -> int:
        self.time += 1
        return self.time

    def fork(self) -> "Engine":
        """The engine for a next step that shares this one's state until it changes it
        (docker/fork.py); this engine must not change afterwards."""
        from simulator.docker.fork import fork
        return fork(self)

    def take_events(self) -> list:
        events, self.events = self.events, []
        return events

    def emit(self, type_: str, **fields) -> None:
        """Record an event of a kind listed in simulator/events.py."""
        self.events.append(new_event(type_, **fields))

    def host_namespace(self) -> Namespace:
        return Namespace(Mount("/", self.host, label="host"), None, self.events, self.tick)

    def find_container(self, ref: str) -> Container | None:
        c = self.containers.get(ref)
        if c is None and ref:
            matches = [x for x in self.containers.values() if x.id.startswith(ref)]
            if len(matches) == 1:
                c = matches[0]
        return c

    # ---- volumes -----------------------------------------------------------------
    def ensure_volume(self, name: str | None = None, anonymous: bool = False, labels=None, options=None) -> Volume:
        """`docker volume create`: an existing name is returned as it is."""
        if name is not None and name in self.volumes:
            return self.volumes[name]
        if name is None:
            name = self.ids.next("volume")
        v = Volume(name, anonymous, PlainFS(Tree()), dict(labels or {}), dict(options or {}))
        localdriver.release(self, v)
        if anonymous:
            v.labels["com.docker.volume.anonymous"] = ""
        self.volumes[name] = v
        self.emit("volume-create", volume=name, anonymous=anonymous)
        return v

    def volume_users(self, name: str) -> list[str]:
        return sorted(c.name for c in self.containers.values()
                      if any(m.type == "volume" and m.name == name for m in c.mounts))

    def remove_volume(self, name: str) -> None:
        users = self.volume_users(name)
        if users:
            ids = ", ".join(self.containers[u].id for u in users)
            raise DockerError(f"remove {name}: volume is in use - [{ids}]")
        del self.volumes[name]
        self.emit("volume-remove", volume=name)

    # ---- containers: create --------------------------------------------------------
    def new_container(self, name: str | None, image, mounts: list[MountPlan], anon_targets: list[str],
                      **settings) -> Container:
        """Create a container: its writable layer, anonymous volumes, pre-population.

        Raises DockerError (the container is then not created, but volumes made on
        the way stay, as in Docker)."""
        self.created += 1
        cid = self.ids.next("container")
        c = Container(cid, name or f"layerlab_{self.created}", image, Tree(), list(mounts),
                      created_seq=self.created, **settings)
        ns = self._rootfs_namespace(c, sink=[])
        if c.workdir != "/":
            mkdir_p(ns, c.workdir)
        targets = {m.path for m in c.mounts}
        for target, origin in [(t, "anon") for t in anon_targets] + [(t, "image") for t in image.volumes]:
            path = target if target.startswith("/") else "/" + target
            path = paths.normalise(path)
            if path in targets:
                continue
            entry = ns.find(path)
            if entry is not None and not is_dir(entry):
                raise DockerError("cannot mount volume over existing file, file exists "
                                  + self.merged_path(c, path))
            v = self.ensure_volume(None, anonymous=True)
            c.mounts.append(MountPlan("volume", target, name=v.name, origin=origin, unnamed=True))
            targets.add(path)
        self._populate_volumes(c, ns)
        self.containers[c.name] = c
        self._release_volumes(c)
        self.emit("container-create", container=c.name, image=image.name, id=c.id)
        for m in c.mounts:
            if m.type == "volume":
                self.emit("volume-use", container=c.name, volume=m.name, target=m.path)
        return c

    def merged_path(self, c: Container, path: str) -> str:
        """How the daemon names a path of the container's root file system in messages."""
        return f"{c.layer_dir}/merged{path if path != '/' else ''}"

    def _populate_volumes(self, c: Container, ns: Namespace) -> None:
        """moby populateVolumes at create: copy the image's directory into an empty volume."""
        for m in sorted(c.mounts, key=lambda m: len(paths.components(m.path))):
            if m.type != "volume" or m.nocopy or m.origin == "from" or m.subpath:
                continue
            try:
                src, entry, _ = ns.resolve(m.path)
            except FsError:
                continue
            if entry is None:
                continue
            volume = self.volumes[m.name]
            try:
                vfs, vbase = localdriver.storage(self, volume)
            except DockerError as e:
                raise DockerError("failed to populate volume: " + e.message) from None
            if vfs.names(vbase):
                self.emit("obscure", container=c.name, path=m.path, volume=m.name,
                          reason="volume-not-empty", hidden=len(ns.listdir(src)) if is_dir(entry) else 1)
                continue
            if not is_dir(entry):
                raise DockerError(f"source {self.merged_path(c, src)} is not directory")
            count = self._copy_tree(ns, src, vfs, vbase)
            vfs.tree.set(vbase, Dir(entry.mode, entry.uid, entry.gid, entry.mtime))
            self.emit("populate", container=c.name, path=m.path, volume=m.name, entries=count)

    @staticmethod
    def _copy_tree(ns: Namespace, src: str, dest: PlainFS, base: str = "/") -> int:
        """cp -a of the directory's content (fs.CopyDir): modes, owners, times, symlinks."""
        count = 0
        stack = [src]
        while stack:
            d = stack.pop()
            for name in ns.listdir(d):
                p = paths.join(d, name)
                st = ns.lstat(p)
                dest.tree.set(paths.rebase(p, src, base), Dir(st.entry.mode, st.entry.uid, st.entry.gid,
                                                            st.entry.mtime) if is_dir(st.entry) else st.entry)
                count += 1
                if is_dir(st.entry):
                    stack.append(p)
        return count

    # ---- namespaces ------------------------------------------------------------------
    def _rootfs_namespace(self, c: Container, sink=None, upper: Tree | None = None) -> Namespace:
        overlay = OverlayFS(c.image.view, upper if upper is not None else c.upper, c.image.name, None)
        ns = Namespace(Mount("/", overlay, label="upper"), c.name,
                       self.events if sink is None else sink, self.tick)
        return ns

    def namespace(self, c: Container) -> Namespace:
        """The namespace a process in the container sees: running: every mount; else
        what `docker cp` sees (volumes and binds, no tmpfs) on a scratch copy of the
        writable layer, so that looking never changes it."""
        if c.running:
            ns = self._rootfs_namespace(c)
            for path, (mount) in sorted(c.active.items(), key=lambda kv: len(paths.components(kv[0]))):
                ns.add_mount(mount)
            if c.read_only:
                ns.mounts["/"].read_only = True
            return ns
        return self._stopped_view(c)

    def _stopped_view(self, c: Container) -> Namespace:
        ns = self._rootfs_namespace(c, sink=[], upper=c.upper.copy())
        plans = [m for m in self._sorted_mounts(c) if m.type != "tmpfs"]
        scratch: set[str] = set()
        for m in plans:
            try:
                fs, base = self._mount_source(m, create=False)
            except DockerError:
                continue        # the local driver cannot mount it (a missing volume-subpath...): not there
            if fs is None:
                continue        # a bind whose host path is gone: the daemon cannot mount it (recorded)
            src_is_dir = is_dir(fs.lookup(base))
            try:
                dest, entry = self._resolve_mount_target(ns, m.path)
                if entry is None:
                    # like the daemon for `docker cp`, create the missing mount point, but in
                    # scratch copies: looking at a container never changes anything
                    holder = ns.mount_for(paths.parent(dest))
                    if holder.target != "/" and holder.target not in scratch:
                        ns.mounts[holder.target] = Mount(holder.target, PlainFS(holder.fs.tree.copy()),
                                                         holder.base, False, holder.label)
                        scratch.add(holder.target)
                    self._make_mount_point(ns, dest, src_is_dir)
                elif is_dir(entry) != src_is_dir:
                    continue
                ns.add_mount(Mount(dest, fs, base, False, m.label))
            except FsError:
                continue
        return ns

    def _make_mount_point(self, ns: Namespace, dest: str, directory: bool) -> None:
        """runc: MkdirAll(dest, 0755) for a directory, an empty 0755 file for a file bind."""
        if directory:
            mkdir_p(ns, dest)
        else:
            mkdir_p(ns, paths.parent(dest))
            ns.write(dest, Blob(), create_mode=0o755)

    @staticmethod
    def _sorted_mounts(c: Container) -> list[MountPlan]:
        return sorted(c.mounts, key=lambda m: len(paths.components(paths.normalise(m.path))))

    def _mount_source(self, m: MountPlan, create: bool):
        """(file system, base path) behind a volume or bind mount; (None, None) if missing."""
        if m.type == "volume":
            v = self.volumes[m.name]
            fs, base = localdriver.storage(self, v)
            if m.subpath:
                where = f"{v.source}/{m.subpath}"
                base = paths.normalise(paths.join(base, m.subpath))
                if fs.lookup(base) is None:
                    raise DockerError(f"cannot access path {where}: lstat {where}: no such file or directory")
            return fs, base
        entry = self.host_namespace().find(m.host_path)
        if entry is None:
            if not create:
                return None, None
            ns = self.host_namespace()
            try:
                mkdir_p(ns, m.host_path)
            except FsError:
                return None, None
            self.emit("host-mkdir", path=m.host_path, reason="bind-source-missing")
        real = self.host_namespace().resolve(m.host_path)[0]
        return self.host, real

    # ---- containers: start, stop, remove --------------------------------------------
    def start(self, c: Container) -> None:
        """Set up the mounts as runc does (raises StartError); the command is run by the caller."""
        if c.running:
            return
        try:
            c.active = self._runc_mounts(c)
        except FsError as e:
            raise StartError(RUNC_CREATE + f"error during container init: {e}: unknown", exit_code=125)
        # on a StartError the mount points runc already made stay in the writable layer
        # (and a -v host directory dockerd made stays on the host), as on a real engine
        c.status = "running"
        self.emit("container-start", container=c.name)

    def _runc_mounts(self, c: Container) -> dict:
        ns = self._rootfs_namespace(c)
        active = {}
        for m in c.mounts:
            if m.type == "bind" and m.origin != "mount":
                self._mount_source(m, create=True)     # dockerd creates a missing -v host dir (0755)
        for m in self._sorted_mounts(c):
            mount = self._runc_mount_one(c, ns, m)
            ns.add_mount(mount)
            active[mount.target] = mount
            self.emit("mount", container=c.name, path=mount.target, source=m.label, rw=m.rw)
            self._note_obscured(c, ns, mount)
        return active

    def _note_obscured(self, c: Container, ns: Namespace, mount: Mount) -> None:
        """Tell (as an event) what the new mount hides from the image or the upper layer."""
        below = Namespace(ns.mounts["/"], c.name, [], self.tick)
        for t, m in ns.mounts.items():
            if t != "/" and t != mount.target:
                below.add_mount(m)
        try:
            p, entry, _ = below.resolve(mount.target)
            hidden = below.listdir(p) if is_dir(entry) else [paths.basename(p)]
        except FsError:
            return
        if hidden:
            self.emit("obscure", container=c.name, path=mount.target, by=mount.label,
                      hidden=len(hidden), names=hidden[:5])

    def _runc_fail(self, m: MountPlan, detail: str) -> StartError:
        msg = (RUNC_CREATE + f'error during container init: error mounting "{m.source or "tmpfs"}" '
               f'to rootfs at "{m.target}": {detail}: unknown')
        if "not a directory" in msg.lower():
            msg += NOT_A_DIR_HINT
        return StartError(msg, exit_code=125)

    @staticmethod
    def _resolve_mount_target(ns: Namespace, path: str):
        """Where a mount target lands (symlinks followed inside the root, as runc's
        securejoin does); a missing part is taken as it is, to be created."""
        path = paths.normalise(path)
        for q in reversed(paths.prefixes(path)):
            try:
                real, entry, _ = ns.resolve(q)
            except FsError as e:
                if e.errno == "ENOENT":
                    continue
                raise
            if entry is None and q != path:
                continue
            return (paths.normalise(real + path[len(q):]) if q != path else real), (entry if q == path else None)
        return path, None

    def _runc_mount_one(self, c: Container, ns: Namespace, m: MountPlan) -> Mount:
        try:
            dest, entry = self._resolve_mount_target(ns, m.path)
        except FsError as e:
            raise self._runc_fail(m, f"mkdir {self.merged_path(c, m.path)}: not a directory"
                                  if e.errno == "ENOTDIR" else f"securejoin: {e.strerror.lower()}")
        if m.type == "tmpfs":
            if m.origin == "tmpfs":
                # dockerd merges and checks --tmpfs options only now, then the kernel reads them
                try:
                    opts = parse_tmpfs_options(m.tmpfs_options, m.target)
                except DockerError as e:
                    raise StartError(e.message, exit_code=125)
                size, mode_given = opts.size, opts.mode
            else:
                size, mode_given = m.tmpfs_size, m.tmpfs_mode
            if entry is not None and not is_dir(entry):
                raise self._runc_fail(m, f"mkdir {self.merged_path(c, dest)}: not a directory")
            if entry is None:
                self._runc_mount_point(c, ns, m, dest, True)
                mode = mode_given if mode_given is not None else TMPFS_DEFAULT_MODE
            else:
                mode = entry.mode    # runc chmods the tmpfs root to the existing directory's mode
            fs = PlainFS(Tree(Dir(mode)), capacity=None if size is None else tmpfs_capacity(size))
            return Mount(dest, fs, "/", not m.rw, "tmpfs")
        try:
            fs, base = self._mount_source(m, create=False)
        except DockerError as e:                 # the local driver's own mount failed
            raise StartError(e.message, exit_code=125) from None
        if fs is None:
            raise self._runc_fail(m, f"stat {m.source}: no such file or directory")
        src_is_dir = is_dir(fs.lookup(base))
        if entry is None:
            self._runc_mount_point(c, ns, m, dest, src_is_dir)
        elif is_dir(entry) != src_is_dir:
            raise self._runc_fail(m, f"mount {m.source}:{m.target} (via /proc/self/fd/6), flags: 0x5000: "
                                     "not a directory")
        if not src_is_dir and m.type == "bind":
            # a file bind mount holds the host file's inode, not its name
            source = fs.lookup(base)
            fs.pin(source.ino)
            return Mount(dest, PinnedFile(fs, base, source.ino), "/", not m.rw, m.label)
        return Mount(dest, fs, base, not m.rw, m.label)

    def abort_start(self, c: Container, status: str, error: str = "") -> None:
        """The process could not start: runc tears the container down, its status stays; the
        daemon keeps why (State.Error) and an exit code: 127 for a missing command or file,
        126 for permission or a directory (containerd's errors), else 128 (recorded)."""
        c.active = {}
        c.status = status
        if error:
            c.start_error = error[:-1] if error.endswith(".") else error
            low = error.lower()
            c.exit_code = 128
            if error.startswith("failed to create task for container"):
                if "executable file not found" in low or "no such file or directory" in low:
                    c.exit_code = 127
                elif "permission denied" in low or "is a directory" in low:
                    c.exit_code = 126

    def verify_mounts(self, c: Container) -> None:
        """dockerd's check when a container is started (not restarted): a --mount bind's source
        must exist (a -v one is made again)."""
        for m in c.mounts:
            if m.type == "bind" and m.origin == "mount" and self.host_namespace().find(m.host_path) is None:
                raise DockerError(f'invalid mount config for type "bind": bind source path does not exist: '
                                  f"{m.host_path}")

    def _runc_mount_point(self, c: Container, ns: Namespace, m: MountPlan, dest: str, directory: bool) -> None:
        try:
            self._make_mount_point(ns, dest, directory)
        except FsError as e:
            if e.errno in ("ENOTDIR", "EEXIST"):
                raise self._runc_fail(m, f"mkdir {self.merged_path(c, self._first_non_dir(ns, dest))}: "
                                         "not a directory")
            raise self._runc_fail(m, f"mkdir {self.merged_path(c, dest)}: {e.strerror.lower()}")

    @staticmethod
    def _first_non_dir(ns: Namespace, path: str) -> str:
        for q in paths.prefixes(path):
            entry = ns.find(q)
            if entry is not None and not is_dir(entry):
                return q
        return path

    def stop(self, c: Container, exit_code: int = 0) -> None:
        if not c.running:
            return
        c.status = "exited"
        c.exit_code = exit_code
        had_tmpfs = [t for t, m in c.active.items() if m.label == "tmpfs"]
        for m in c.active.values():
            if isinstance(m.fs, PinnedFile):
                m.fs.host.unpin(m.fs.ino)
        c.active = {}
        self._release_volumes(c)
        for t in had_tmpfs:
            self.emit("unmount", container=c.name, path=t, source="tmpfs", discarded=True)
        self.emit("container-stop", container=c.name)

    def _release_volumes(self, c: Container) -> None:
        """A volume no running container mounts any more is unmounted (a tmpfs one empties)."""
        for m in c.mounts:
            if m.type == "volume" and m.name in self.volumes and not any(
                    o.running and any(x.type == "volume" and x.name == m.name for x in o.mounts)
                    for o in self.containers.values()):
                localdriver.release(self, self.volumes[m.name])

    def remove(self, c: Container, remove_volumes: bool = False) -> None:
        """Delete the container and its writable layer; with remove_volumes (`rm -v`,
        `--rm`) also the volumes its specs did not name, unless another container uses them."""
        self.stop(c)
        del self.containers[c.name]
        self.emit("container-remove", container=c.name, upper_entries=len(c.upper) - 1)
        for m in c.mounts:
            if m.type == "volume" and m.name in self.volumes:
                if remove_volumes and m.unnamed and not self.volume_users(m.name):
                    self.remove_volume(m.name)
                else:
                    self.emit("volume-survives", container=c.name, volume=m.name)

    # ---- processes ---------------------------------------------------------------------
    def process_cred(self, c: Container, user: str) -> Cred:
        """-u USER[:GROUP]: numbers, or names from the container's /etc/passwd and /etc/group."""
        if not user:
            return Cred(0, 0, (0,))
        ns = self.namespace(c)
        u, _, g = user.partition(":")
        passwd = table(ns, "/etc/passwd", 3)
        if u.isdigit():
            uid = int(u)
            ent = next((ln for ln in passwd if ln[2] == u), None)
        else:
            ent = next((ln for ln in passwd if ln[0] == u), None)
            if ent is None:
                raise DockerError(f"unable to find user {u}: no matching entries in passwd file")
            uid = int(ent[2])
        if g:
            if g.isdigit():
                gid = int(g)
            else:
                gent = next((ln for ln in table(ns, "/etc/group", 2) if ln[0] == g), None)
                if gent is None:
                    raise DockerError(f"unable to find group {g}: no matching entries in group file")
                gid = int(gent[2])
        else:
            gid = int(ent[3]) if ent and ent[3].isdigit() else 0
        # Docker adds the primary gid as a supplementary group (`id` shows groups=GID)
        return Cred(uid, gid, (gid,))

    # ---- images made in the session: docker build, docker commit (cli/build.py, images.py) ----
    def image_records(self) -> dict:
        """Image (by identity) -> {"history": [...], "parent": Image | None, "seq": n} for the
        images this session built or committed; scenario images have no record."""
        return self._image_records

    def dangling_images(self) -> list:
        """Images that lost their name to a newer build or commit (`<none>` in `docker images`)."""
        return self._dangling_images

    def build_cache(self) -> dict:
        """BuildKit's cache: (parent layers, instruction, inputs) -> the layer it made."""
        return self._build_cache

    def layer_from_upper(self, upper: Tree, created_by: str):
        """Freeze a writable layer exactly as overlay2's diff directory holds it: copied-up
        parents, whiteouts, opaque directories and the mount points runc created. Volume,
        bind and tmpfs contents were never written to it, so they are not in the layer."""
        from simulator.fs import Layer
        return Layer({p: e for p, e in upper.walk()}, created_by)

    def image_history(self, image) -> list[dict]:
        """`docker history` rows, bottom first: {"created_by", "empty_layer", "comment"}."""
        record = self.image_records().get(image)
        if record is not None:
            return list(record["history"])
        return [{"created_by": layer.created_by, "empty_layer": False, "comment": ""} for layer in image.layers]

    def register_image(self, image, history: list[dict], parent=None):
        """Tag a new image and return it. An image that had this name keeps existing untagged
        (dangling), as Docker keeps it; containers made from it still use it. A rebuild with
        the same content is the same image (same ID): it is kept as it is."""
        old = self.images.get(image.name) if image.name else None
        if old is not None and old.id == image.id:
            return old
        if old is not None:
            del self.images[image.name]
            self.dangling_images().append(old)
        if image.name:
            self.images[image.name] = image
        else:
            self.dangling_images().append(image)
        records = self.image_records()
        records[image] = {"history": list(history), "parent": parent, "seq": len(records) + 1}
        self.emit("image-create", image=image.name or None, id=image.id, layers=len(image.layers))
        return image

    def commit_container(self, c: Container, name: str, created_by: str, comment: str = ""):
        """`docker commit`: the writable layer becomes one new image layer on top of the
        container's image; the config is the container's (its command, user, working
        directory, environment; an anonymous `-v /path` becomes a VOLUME)."""
        from simulator.docker.image import Image
        layer = self.layer_from_upper(c.upper, created_by)
        volumes = list(c.image.volumes)
        for m in c.mounts:
            if m.origin == "anon" and m.target not in volumes:
                volumes.append(m.target)
        workdir = "" if c.workdir == "/" and not c.image.workdir else c.workdir
        image = Image(name, tuple(c.image.layers) + (layer,), tuple(volumes),
                      list(c.cmd) if c.cmd is not None else None, workdir, c.user,
                      tuple(f"{k}={v}" for k, v in c.env.items()))
        self.emit("layer-commit", container=c.name, image=name or None, entries=len(layer),
                  whiteouts=len(layer.whiteouts()), opaque=len(layer.opaque_dirs()), bytes=layer.size,
                  left_out=[m.target for m in c.mounts])
        history = self.image_history(c.image) + [{"created_by": created_by, "empty_layer": False,
                                                  "comment": comment}]
        return self.register_image(image, history, parent=c.image)

    def compose_state(self, project: str) -> dict:
        """What compose made for a project: {"network": bool, "containers": {service: name}}."""
        return self._compose.setdefault(project, {"network": False, "containers": {}})
