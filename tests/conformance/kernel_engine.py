"""A minimal Docker engine on the real kernel: the bookkeeping of containers and volumes, and the state document.

The kernel decides every file-system outcome (copy-up, whiteouts, opaque dirs,
EXDEV, EROFS, EBUSY, what a mount hides); kernel_runc does the mounting. Only the
engine's bookkeeping is emulated here; each such rule is marked ENGINE RULE and was
checked on dockerd 26.1.5 / runc 1.1.5 (see shared/kernel-oracle/README.md).
"""
from __future__ import annotations

import dataclasses
import os
import secrets
import shlex
import shutil
import stat
import subprocess
from dataclasses import dataclass

import kernel_runc as runc
import kernel_sys as ks
from kernel_cli import VOLUME_NAME, MountRequest, parse_run, split_flags
from kernel_errors import Unsupported
from kernel_images import Image, build_images
from kernel_runc import TOOLS_DIR, Container, Result, run_chrooted
from kernel_tree import describe, is_whiteout, listing, resolve_in_root, walk, write_files

VOLUME_SOURCE = "/var/lib/docker/volumes/{}/_data"


@dataclass
class Volume:
    name: str
    path: str                        # .../volumes/NAME; the data is in _data
    anonymous: bool                  # dockerd's com.docker.volume.anonymous label

    @property
    def data(self) -> str:
        return os.path.join(self.path, "_data")


class Engine:
    def __init__(self, scenario: dict, run_dir: str, tools_root: str):
        self.run_dir = run_dir
        self.tools_root = tools_root
        for sub in ("layers", "volumes", "containers", "host", "empty"):
            os.mkdir(os.path.join(run_dir, sub), 0o755)
        self.host_root = os.path.join(run_dir, "host")
        self.images = build_images(scenario.get("images") or {}, os.path.join(run_dir, "layers"))
        write_files(self.host_root, scenario.get("host"), "host")
        # the host shell needs BusyBox too; read-only so a host step cannot change it
        host_tools = os.path.join(self.host_root, TOOLS_DIR.lstrip("/"))
        os.mkdir(host_tools, 0o755)
        ks.mount(tools_root + TOOLS_DIR, host_tools, None, ks.MS_BIND)
        ks.mount(None, host_tools, None, ks.MS_REMOUNT | ks.MS_BIND | ks.MS_RDONLY)
        self.containers: dict[str, Container] = {}
        self.volumes: dict[str, Volume] = {}        # in order of creation

    # ---- steps ---------------------------------------------------------------------
    def run_step(self, text: str) -> Result:
        words = text.split()
        if not words or words[0] != "docker":
            return run_chrooted(self.host_root, ["sh", "-c", text])
        argv = shlex.split(text)
        command = argv[1:3] if argv[1:2] == ["volume"] else argv[1:2]
        handlers = {("run",): self.docker_run, ("exec",): self.docker_exec,
                    ("stop",): self.docker_stop, ("start",): self.docker_start,
                    ("rm",): self.docker_rm, ("volume", "create"): self.volume_create,
                    ("volume", "rm"): self.volume_rm}
        handler = handlers.get(tuple(command))
        if handler is None:
            raise Unsupported(f"step {text!r}")
        return handler(argv[1 + len(command):])

    def docker_run(self, args: list[str]) -> Result:
        request = parse_run(args)
        image = self.images.get(request.image)
        if image is None:
            raise Unsupported(f"image {request.image} is not in the scenario (docker would pull)")
        if not VOLUME_NAME.match(request.name):
            # ENGINE RULE: container names follow the same pattern as volume names, so
            # they have at least two characters
            return 125, "", (f"docker: Error response from daemon: Invalid container name "
                             f"({request.name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed.\n")
        if request.name in self.containers:
            return 125, "", (f'docker: Error response from daemon: Conflict. The container name '
                             f'"/{request.name}" is already in use.\n')
        for mount in request.mounts:
            if mount.kind == "bind" and not mount.from_dash_v and not os.path.lexists(
                    resolve_in_root(self.host_root, mount.host_path)):
                raise Unsupported(f"--mount bind source {mount.host_path} missing (daemon error)")
        container = self._create_container(request, image)
        self._start(container)
        return 0, container.id + "\n", ""

    def docker_exec(self, args: list[str]) -> Result:
        if not args or args[0].startswith("-") or len(args) < 2:
            raise Unsupported(f"docker exec {' '.join(args)}")
        container = self.containers.get(args[0])
        if container is None:
            return 1, "", f"Error response from daemon: No such container: {args[0]}\n"
        if container.status != "running":
            return 1, "", f"Error response from daemon: container {container.id} is not running\n"
        return run_chrooted(container.merged, args[1:])

    def _each_container(self, names: list[str], action) -> Result:
        code, out, err = 0, "", ""
        for name in names:
            container = self.containers.get(name)
            if container is None:
                code, err = 1, err + f"Error response from daemon: No such container: {name}\n"
                continue
            action(container)
            out += name + "\n"
        return code, out, err

    def docker_stop(self, args: list[str]) -> Result:
        _, names = split_flags(args, {})
        return self._each_container(names, runc.stop)

    def docker_start(self, args: list[str]) -> Result:
        _, names = split_flags(args, {})
        return self._each_container(
            names, lambda c: None if c.status == "running" else self._start(c))

    def docker_rm(self, args: list[str]) -> Result:
        flags, names = split_flags(args, {"-f": "force", "--force": "force",
                                          "-v": "volumes", "--volumes": "volumes"})
        code, out, err = 0, "", ""
        for name in names:
            container = self.containers.get(name)
            if container is None:
                err += f"Error response from daemon: No such container: {name}\n"
                code = code if "force" in flags else 1   # ENGINE RULE: -f exits 0 here
                continue
            if container.status == "running" and "force" not in flags:
                code, err = 1, err + (f'Error response from daemon: cannot remove container '
                                      f'"/{name}": container is running\n')
                continue
            self._remove(container, "volumes" in flags)
            out += name + "\n"
        return code, out, err

    def volume_create(self, args: list[str]) -> Result:
        if len(args) != 1 or args[0].startswith("-") or not VOLUME_NAME.match(args[0]):
            raise Unsupported(f"docker volume create {' '.join(args)}")
        self._create_volume(args[0], anonymous=False)
        return 0, args[0] + "\n", ""

    def volume_rm(self, args: list[str]) -> Result:
        _, names = split_flags(args, {})
        code, out, err = 0, "", ""
        for name in names:
            if name not in self.volumes:
                code, err = 1, err + f"Error response from daemon: get {name}: no such volume\n"
            elif self._users(name):
                # ENGINE RULE: a volume any container references (running or not) stays
                code, err = 1, err + f"Error response from daemon: remove {name}: volume is in use\n"
            else:
                shutil.rmtree(self.volumes.pop(name).path)
                out += name + "\n"
        return code, out, err

    # ---- engine rules -----------------------------------------------------------------
    def _create_volume(self, name: str | None, anonymous: bool) -> Volume:
        name = name or secrets.token_hex(32)
        if name not in self.volumes:
            path = os.path.join(self.run_dir, "volumes", name)
            os.mkdir(path, 0o701)
            os.mkdir(os.path.join(path, "_data"))
            os.chmod(os.path.join(path, "_data"), 0o755)
            self.volumes[name] = Volume(name, path, anonymous)
        return self.volumes[name]

    def _users(self, volume: str) -> list[str]:
        return sorted(c.name for c in self.containers.values()
                      if any(m.kind == "volume" and m.volume == volume for m in c.mounts))

    def _create_container(self, request, image: Image) -> Container:
        cid = secrets.token_hex(32)
        path = os.path.join(self.run_dir, "containers", cid[:12])
        mounts, unnamed = [], set()
        for mount in request.mounts:
            if mount.kind == "volume":
                # ENGINE RULE: `-v NAME:` and `--mount source=NAME` create the volume;
                # `--mount type=volume` without source gets a generated, unlabelled one
                volume = self._create_volume(mount.volume, anonymous=False)
                if mount.volume is None:
                    unnamed.add(volume.name)
                mount = dataclasses.replace(mount, volume=volume.name)
            mounts.append(mount)
        container = Container(request.name, cid, image, path, mounts, request.read_only, unnamed)
        runc.mount_root(container, self.tools_root)
        self.containers[request.name] = container
        self._add_anonymous_volumes(container, request.anonymous_targets + list(image.volumes))
        self._populate_volumes(container)
        return container

    def _add_anonymous_volumes(self, container: Container, targets: list[str]) -> None:
        """ENGINE RULE: one labelled anonymous volume per `-v /t` and image VOLUME that no
        other mount covers (a `-v /x` beside `-v vol:/x` is dropped)."""
        for target in targets:
            if any(m.target == target for m in container.mounts):
                continue
            found = resolve_in_root(container.merged, target)
            if os.path.lexists(found) and not os.path.isdir(found):
                raise Unsupported(f"anonymous volume over the file {target} (daemon error)")
            volume = self._create_volume(None, anonymous=True)
            container.unnamed_volumes.add(volume.name)
            container.mounts.append(MountRequest("volume", target, volume=volume.name))

    def _populate_volumes(self, container: Container) -> None:
        """ENGINE RULE (pre-population, at creation): an EMPTY volume mounted without
        nocopy over an image directory gets a copy of that directory's contents, and its
        root takes the directory's mode and owner (moby fs.CopyDir). Binds, tmpfs and
        non-empty volumes are never filled: the mount just hides what is below it."""
        for mount in runc.by_depth(container.mounts):
            if mount.kind != "volume" or mount.nocopy:
                continue
            source = resolve_in_root(container.merged, mount.target)
            data = self.volumes[mount.volume].data
            if not os.path.exists(source) or os.listdir(data):
                continue
            if not os.path.isdir(source):
                raise Unsupported(f"volume over the image file {mount.target} (daemon error)")
            subprocess.run(["cp", "-a", "--", source + "/.", data + "/"], check=True,
                           capture_output=True)
            info = os.stat(source)
            os.chown(data, info.st_uid, info.st_gid)
            os.chmod(data, stat.S_IMODE(info.st_mode))

    def _source_of(self, mount: MountRequest) -> str:
        if mount.kind == "volume":
            return self.volumes[mount.volume].data
        return resolve_in_root(self.host_root, mount.host_path)

    def _source_for_view(self, mount: MountRequest) -> str:
        # a `-v` host dir removed since the start shows as an empty dir (docker cp
        # would create it on the host)
        source = self._source_of(mount)
        return source if os.path.exists(source) else os.path.join(self.run_dir, "empty")

    def _start(self, container: Container) -> None:
        for mount in container.mounts:
            # ENGINE RULE: a missing `-v` host directory is created (0755) at start
            if mount.kind == "bind" and mount.from_dash_v:
                source = self._source_of(mount)
                if not os.path.lexists(source):
                    os.makedirs(source, 0o755)
        runc.start(container, self._source_of)

    def _remove(self, container: Container, with_volumes: bool) -> None:
        ks.unmount_below(container.path, include_self=True)
        shutil.rmtree(container.path)
        del self.containers[container.name]
        if with_volumes:
            # ENGINE RULE: `rm -v` removes the volumes the command did not name, unless
            # another container still uses them
            for name in sorted(container.unnamed_volumes):
                if name in self.volumes and not self._users(name):
                    shutil.rmtree(self.volumes.pop(name).path)

    # ---- the state document --------------------------------------------------------------
    def _provider(self, container: Container, path: str, labels: dict[str, str]) -> str:
        covering = [t for t in labels if path == t or path.startswith(t + "/")]
        if covering:
            return labels[max(covering, key=len)]
        in_upper = os.path.join(container.upper, path.lstrip("/"))
        if os.path.lexists(in_upper) and not is_whiteout(os.lstat(in_upper)):
            return "upper"
        for index in range(len(container.image.layer_dirs) - 1, -1, -1):
            if os.path.lexists(os.path.join(container.image.layer_dirs[index], path.lstrip("/"))):
                return f"{container.image.name}@{index}"
        raise RuntimeError(f"{container.name}: no layer provides {path}")

    def _mount_doc(self, mount: MountRequest) -> dict:
        doc = {"type": mount.kind, "target": mount.target, "rw": mount.rw}
        if mount.kind == "volume":
            doc.update(name=mount.volume, source=VOLUME_SOURCE.format(mount.volume))
        else:
            doc["source"] = mount.host_path if mount.kind == "bind" else ""
        return doc

    def state(self) -> dict:
        hidden = (TOOLS_DIR,)
        # every upper first: showing a stopped container may create mount points in it
        uppers = {name: listing(c.upper, True, hidden) for name, c in self.containers.items()}
        containers = {}
        for name in sorted(self.containers):
            container = self.containers[name]
            if container.status != "running":
                runc.mount_for_view(container, self._source_for_view)
            labels = runc.mount_labels(container)
            rootfs = {}
            for path, full, info in walk(container.merged, hidden):
                rootfs[path] = describe(full, info, layer_view=False)
                rootfs[path]["from"] = self._provider(container, path, labels)
            containers[name] = {"id": container.id, "image": container.image.name,
                                "status": container.status,
                                "mounts": [self._mount_doc(m) for m in container.mounts],
                                "rootfs": rootfs, "upper": uppers[name]}
        volumes = {name: {"anonymous": v.anonymous, "used_by": self._users(name),
                          "files": listing(v.data, False)} for name, v in self.volumes.items()}
        return {"containers": containers, "volumes": volumes,
                "host": listing(self.host_root, False, hidden)}
