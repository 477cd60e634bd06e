"""Namespaces to run the shell on, and ways to look at them after."""
from __future__ import annotations

from simulator.fs.content import Blob
from simulator.fs.entries import Dir, File, Symlink, is_dir
from simulator.fs.imageview import ImageView
from simulator.fs.layer import Layer
from simulator.fs.namespace import Cred, Mount, Namespace
from simulator.fs.overlay import OverlayFS
from simulator.fs.plainfs import PlainFS
from simulator.shell import Process, run_argv, run_script
from simulator.fs.tree import Tree

PASSWD = "root:x:0:0:root:/root:/bin/sh\nwww-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\n"
GROUP = "root:x:0:\nwww-data:x:33:\n"


def entry(spec):
    """"text" -> file, {"dir": True} / "/" -> dir, {"link": T} -> symlink, dict with mode/uid."""
    if isinstance(spec, str):
        return Dir() if spec == "/" else File(Blob.of(spec))
    if "link" in spec:
        return Symlink(spec["link"], spec.get("uid", 0), spec.get("gid", 0))
    if spec.get("dir"):
        return Dir(spec.get("mode", 0o755), spec.get("uid", 0), spec.get("gid", 0))
    blob = Blob.zeros(spec["size"]) if "size" in spec else Blob.of(spec.get("text", ""))
    return File(blob, spec.get("mode", 0o644), spec.get("uid", 0), spec.get("gid", 0))


def tree_of(files: dict, etc: bool = True) -> Tree:
    t = Tree()
    if etc:
        t.set_with_parents("/etc/passwd", File(Blob.of(PASSWD)))
        t.set("/etc/group", File(Blob.of(GROUP)))
    for path in sorted(files):
        t.set_with_parents(path, entry(files[path]))
    return t


def host(files: dict, sink=None) -> Namespace:
    return Namespace(Mount("/", PlainFS(tree_of(files)), label="host"), sink=sink)


def container(image: dict, sink=None, extra_layers=()) -> tuple[Namespace, OverlayFS]:
    """An overlay root over one image layer (plus /etc/passwd and /etc/group)."""
    base = {"/etc": Dir(), "/etc/passwd": File(Blob.of(PASSWD)), "/etc/group": File(Blob.of(GROUP))}
    for path in sorted(image):
        for parent in _parents(path):
            base.setdefault(parent, Dir())
        base[path] = entry(image[path])
    layers = [Layer(base, "base")] + [Layer(l, "extra") for l in extra_layers]
    ov = OverlayFS(ImageView(layers), Tree(), "app", None)
    ns = Namespace(Mount("/", ov, label="upper"), owner="web", sink=sink)
    return ns, ov


def _parents(path: str) -> list[str]:
    parts = path.strip("/").split("/")[:-1]
    return ["/" + "/".join(parts[:i + 1]) for i in range(len(parts))]


def _mount_point(ns: Namespace, target: str) -> None:
    """Docker creates a missing mount point in the container's file system first."""
    cur = ""
    for part in target.strip("/").split("/"):
        cur += "/" + part
        if not ns.exists(cur):
            ns.mkdir(cur)


def add_tmpfs(ns: Namespace, target: str, capacity: int | None = None, read_only: bool = False) -> PlainFS:
    _mount_point(ns, target)
    fs = PlainFS(Tree(Dir(0o1777)), capacity)
    ns.add_mount(Mount(target, fs, read_only=read_only, label="tmpfs"))
    return fs


def add_volume(ns: Namespace, target: str, files: dict | None = None, read_only: bool = False) -> PlainFS:
    t = Tree()
    for path in sorted(files or {}):
        t.set_with_parents(path, entry(files[path]))
    fs = PlainFS(t)
    _mount_point(ns, target)
    ns.add_mount(Mount(target, fs, read_only=read_only, label="volume:data"))
    return fs


def sh(ns: Namespace, script: str, cwd: str = "/", cred: Cred | None = None):
    p = Process(ns, cwd=cwd) if cred is None else Process(ns, cred=cred, cwd=cwd)
    rc = run_script(script, p)
    return p.stdout, p.stderr, rc


def exe(ns: Namespace, argv: list, cwd: str = "/"):
    p = Process(ns, cwd=cwd)
    rc = run_argv(argv, p)
    return p.stdout, p.stderr, rc


def describe(e) -> str:
    if type(e) is Symlink:
        return f"-> {e.target}"
    if is_dir(e):
        return f"dir {e.mode:04o}" + (" opaque" if e.opaque else "") + (f" {e.uid}:{e.gid}" if e.uid or e.gid else "")
    text = e.blob.text()
    body = repr(text) if text is not None else f"<{e.size} bytes>"
    return f"file {e.mode:04o} {body}" + (f" {e.uid}:{e.gid}" if e.uid or e.gid else "")


def visible(ns: Namespace, top: str = "/") -> dict:
    """Every path the namespace shows below `top` (mounts included): path -> description."""
    out = {}

    def walk(d):
        for name in ns.listdir(d):
            p = d.rstrip("/") + "/" + name
            e = ns.lstat(p).entry
            out[p] = describe(e)
            if is_dir(e):
                walk(p)
    walk(top)
    return out


def upper(ov: OverlayFS) -> dict:
    """The container's writable layer: path -> description ('whiteout' for deletions)."""
    out = {}
    for p, e in ov.upper.walk():
        out[p] = "whiteout" if e.kind == "whiteout" else describe(e)
    return out
