"""The state document's `state` read from the engine, in an order that cannot disturb what is read."""
from __future__ import annotations

import json
import os
import stat

from . import busybox, markers, rootfs
from .docker import DockerCLI
from .entries import listing
from .paths import PathMap

# Left out of every container's `rootfs` (the `recorder` key lists them):
RUNTIME_TREES = ("/proc", "/sys", "/dev")        # procfs, sysfs, Docker's /dev tmpfs, devpts, mqueue, shm
TOOLS_TREES = (busybox.TOOLS_DIR,)               # the recorder's BusyBox (base layer)
DOCKER_FILES = ("/etc/hosts", "/etc/hostname", "/etc/resolv.conf")   # bind-mounted by Docker at start
# ... and what Docker's init layer alone provides (/.dockerenv, /etc/mtab, /etc without
# anything else in it): entries no image layer, upper layer or mount provides.
ANONYMOUS_LABEL = "com.docker.volume.anonymous"


def under(path: str, top: str) -> bool:
    return path == top or path.startswith(top.rstrip("/") + "/")


def layer_has(layer_dir: str, path: str) -> bool:
    """Does the layer directory hold PATH itself (not a whiteout)? Component by component,
    never following a symlink of the layer."""
    real = layer_dir
    parts = path.strip("/").split("/")
    for i, part in enumerate(parts):
        real = os.path.join(real, part)
        try:
            st = os.lstat(real)
        except OSError:
            return False
        if i < len(parts) - 1 and not stat.S_ISDIR(st.st_mode):
            return False
    return not markers.is_overlay_whiteout(st)


def label(mount: dict) -> str:
    if mount["type"] == "volume":
        return "volume:" + mount.get("name", "")
    if mount["type"] == "bind":
        return "bind:" + mount["source"]
    return mount["type"]


def provider(path: str, mounts: list, upper: dict, image: str, layers: list) -> str | None:
    """`from` of a merged-view path: the deepest mount that holds it, else the upper
    layer, else the topmost image layer that has it (`IMAGE@N`, 0 = the bottom scenario
    layer); None when none of them has it."""
    best = max((m for m in mounts if under(path, m["target"])), key=lambda m: len(m["target"]), default=None)
    if best is not None:
        return label(best)
    if path in upper and upper[path]["type"] != "whiteout":
        return "upper"
    for n in range(len(layers) - 1, -1, -1):
        if layer_has(layers[n], path):
            return f"{image}@{n}"
    return None


def filtered_root(path: str) -> bool:
    return any(under(path, t) for t in RUNTIME_TREES + TOOLS_TREES) or path in DOCKER_FILES


class StateReader:
    def __init__(self, cli: DockerCLI, paths: PathMap, base_diff_id: str):
        self.cli, self.paths, self.base_diff_id = cli, paths, base_diff_id
        self.notes: list = []
        self.containers_info: dict = {}      # name -> {"rootfs_source", "filtered"}
        self._images: dict = {}

    # -- images ---------------------------------------------------------------------------
    def image_layers(self, ref: str) -> tuple[dict, list]:
        """(inspect, [(diffID, layer dir, created_by)]) bottom first, the base layer left out."""
        if ref not in self._images:
            info = self.cli.inspect("image", [ref])[0]
            data = (info.get("GraphDriver") or {}).get("Data") or {}
            dirs = [d for d in reversed((data.get("LowerDir") or "").split(":")) if d] + [data["UpperDir"]]
            ids = info["RootFS"]["Layers"]
            created = self.history(info["Id"], len(ids))
            layers = list(zip(ids, dirs, created))
            if layers and layers[0][0] == self.base_diff_id:
                layers = layers[1:]
            self._images[ref] = (info, layers)
        return self._images[ref]

    def history(self, image_id: str, count: int) -> list:
        """created_by of the layers, from the image config in the engine's image store
        (`docker history` does not say which rows are empty layers)."""
        config = os.path.join(self.paths.data_root, "image", "overlay2", "imagedb", "content", "sha256",
                              image_id.split(":", 1)[1])
        try:
            with open(config) as f:
                rows = [h.get("created_by", "") for h in json.load(f).get("history") or []
                        if not h.get("empty_layer")]
        except (OSError, ValueError):
            rows = []
        return rows if len(rows) == count else [""] * count

    def images(self) -> dict:
        out = {}
        refs = self.cli.check(["image", "ls", "--format", "{{.Repository}}:{{.Tag}}"]).split()
        for ref in sorted(set(refs)):
            if "<none>" in ref:
                continue
            info, layers = self.image_layers(ref)
            out[ref.removesuffix(":latest")] = {
                "layers": [{"id": i, "created_by": c, "files": listing(d, layer=True)} for i, d, c in layers],
                "volumes": sorted(((info.get("Config") or {}).get("Volumes") or {}))}
        return out

    # -- volumes and mounts ---------------------------------------------------------------
    def volumes(self, containers: list) -> dict:
        out = {}
        for v in self.cli.inspect("volume", self.cli.ids(["volume", "ls", "-q"])):
            users = sorted({c["Name"].lstrip("/") for c in containers for m in c.get("Mounts") or []
                            if m.get("Type") == "volume" and m.get("Name") == v["Name"]})
            out[v["Name"]] = {"anonymous": ANONYMOUS_LABEL in (v.get("Labels") or {}), "used_by": users,
                              "files": listing(v["Mountpoint"])}
        return out

    def mounts(self, c: dict) -> list:
        """.Mounts, plus one tmpfs entry per `--tmpfs` (Docker lists those only in
        .HostConfig.Tmpfs), sorted by target."""
        out = []
        for m in c.get("Mounts") or []:
            doc = {"type": m["Type"], "target": m["Destination"], "rw": bool(m.get("RW"))}
            if m["Type"] == "volume":
                doc["name"] = m.get("Name", "")
            source = m.get("Source") or ""
            shown = self.paths.host_path(source) if m["Type"] == "bind" else None
            doc["source"] = shown or self.paths.shown(source)    # a bind: the scenario's host path
            out.append(doc)
        for target, opts in ((c.get("HostConfig") or {}).get("Tmpfs") or {}).items():
            if not any(m["target"] == target for m in out):
                out.append({"type": "tmpfs", "target": target, "source": "",
                            "rw": "ro" not in (opts or "").split(",")})
        return sorted(out, key=lambda m: (m["target"].split("/"), m["type"]))

    def mount_sources(self, c: dict) -> dict:
        """mount target -> the real directory or file behind it (volumes and binds)."""
        return {m["Destination"]: m.get("Source") or "" for m in c.get("Mounts") or []
                if m.get("Type") in ("volume", "bind")}

    # -- containers -----------------------------------------------------------------------
    def rootfs(self, c: dict, name: str, mounts: list, upper: dict, view_dir: str):
        data = (c.get("GraphDriver") or {}).get("Data") or {}
        state = c.get("State") or {}
        if state.get("Status") == "running" and state.get("Pid"):
            entries = rootfs.live(state["Pid"])
            again = self.cli.inspect("container", [c["Id"]])[0]["State"]
            if again.get("Pid") == state["Pid"] and again.get("Running"):
                return entries, mounts, "live: /proc/PID/root of the running container"
        shown = [m for m in mounts if m["type"] != "tmpfs"]
        entries, why = rootfs.copied(self.cli, c["Id"])
        if entries is not None:
            return entries, shown, "docker cp (not running: layers, volumes and binds; no tmpfs)"
        layer_dirs = [data["UpperDir"]] + [d for d in (data.get("LowerDir") or "").split(":") if d]
        try:
            entries, left_out = rootfs.overlay(layer_dirs, mounts, self.mount_sources(c), view_dir)
        except (OSError, ValueError) as e:
            self.notes.append(f"{name}: no rootfs: docker cp failed ({self.paths.shown(why)}), overlay failed ({e})")
            return None, shown, "unavailable"
        shown = [m for m in shown if m["target"] not in left_out]
        return entries, shown, ("read-only overlay of its layers, volumes and binds put in place where "
                                f"their type fits (docker cp failed: {self.paths.shown(why)})"
                                + (f"; left out: {', '.join(left_out)}" if left_out else ""))

    def label_rootfs(self, name: str, entries: dict, mounts: list, upper: dict, image: str, layers: list,
                     init_dir: str, copied: bool) -> tuple[dict, list]:
        """Entries with `from`, and the roots of what was filtered."""
        out, dropped = {}, []
        for path in sorted(entries, key=lambda p: p.split("/")):
            if filtered_root(path):
                dropped.append(path)
                continue
            source = provider(path, mounts, upper, image, layers)
            if source is None and init_dir and layer_has(init_dir, path):
                dropped.append(path)                     # Docker's init layer alone made it
                continue
            if source is None:
                # a `docker cp` view: a mount point the daemon created in the upper layer
                # after the upper layer was read
                source = "upper" if copied else "?"
                if not copied:
                    self.notes.append(f"{name}: {path}: no layer or mount holds it")
            out[path] = dict(entries[path], **{"from": source})
        roots = [p for p in dropped if not any(under(p, q) and p != q for q in dropped)]
        return out, roots

    def containers(self, infos: list, work: str) -> dict:
        uppers = {c["Id"]: listing(((c.get("GraphDriver") or {}).get("Data") or {})["UpperDir"], layer=True)
                  for c in infos}                        # every upper layer before any `docker cp`
        running = sorted(infos, key=lambda c: (c["State"].get("Status") != "running", c["Name"]))
        out = {}
        for c in running:
            name = c["Name"].lstrip("/")
            image = (c.get("Config") or {}).get("Image") or c["Image"]
            mounts, upper = self.mounts(c), uppers[c["Id"]]
            lower = ((c.get("GraphDriver") or {}).get("Data") or {}).get("LowerDir") or ""
            init_dir = next((d for d in lower.split(":") if d.endswith("-init/diff")), "")
            entries, shown, how = self.rootfs(c, name, mounts, upper, os.path.join(work, "view"))
            _, layers = self.image_layers(c["Image"])
            doc = {"id": c["Id"], "image": image.removesuffix(":latest"), "status": c["State"].get("Status"),
                   "mounts": mounts, "rootfs": None, "upper": upper}
            filtered = []
            if entries is not None:
                doc["rootfs"], filtered = self.label_rootfs(name, entries, shown, upper, doc["image"],
                                                            [d for _, d, _ in layers], init_dir,
                                                            how.startswith("docker cp"))
            out[name] = doc
            self.containers_info[name] = {"rootfs_source": how, "filtered": filtered}
        return out

    def read(self, work: str) -> dict:
        """host and volumes first, then every upper layer, then images, then the merged
        views: running containers live, then the others through `docker cp`, which makes
        the daemon mount volumes and create missing mount points."""
        host = listing(self.paths.host_root, skip=TOOLS_TREES)
        infos = self.cli.inspect("container", self.cli.ids(["ps", "-aq", "--no-trunc"]))
        volumes = self.volumes(infos)
        images = self.images()
        return {"host": host, "volumes": volumes, "images": images,
                "containers": self.containers(infos, work)}
