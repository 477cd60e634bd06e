"""`docker export -o FILE CONTAINER` and `docker import FILE [REPOSITORY[:TAG]]`: a container's
file system flattened into one tar, and a tar back into a one-layer image. The lesson next to
`save`: export keeps the files a container sees through its root file system and loses the
layers, the history, the config (an imported image has no Env and no Cmd) and whatever
volumes, bind mounts and tmpfs held (their mount points stay, empty).

Docker 26 rules modelled, checked on the engine: export writes the image layers merged with
the writable layer, plus what Docker's init layer adds (/.dockerenv, /dev/console, /dev/pts,
/dev/shm, /etc/hostname, /etc/hosts, /etc/resolv.conf as empty 0755 files or directories,
/etc/mtab -> /proc/mounts, /proc and /sys); without -o on a terminal the CLI refuses.
Import makes one layer (whiteout files in the tar are not kept), prints the new image ID,
and its history row's comment is "Imported from -" (the CLI streams the file); running it
without a command fails with "No command specified".
"""
from __future__ import annotations

import hashlib

from simulator.docker import Image
from simulator.docker import ArchiveError, read_layer_file
from simulator.docker import BlobReader, TarWriter
from simulator.errors import DockerError, FsError
from simulator.fs import Mount, Namespace
from simulator.fs import OverlayFS
from simulator.cli.options import Flag, parse, usage_error
from simulator.cli.result import Result, cli_error

INIT_LAYER = [("/.dockerenv", "file"), ("/dev", "dir"), ("/dev/console", "file"), ("/dev/pts", "dir"),
              ("/dev/shm", "dir"), ("/etc", "dir"), ("/etc/hostname", "file"), ("/etc/hosts", "file"),
              ("/etc/mtab", "symlink"), ("/etc/resolv.conf", "file"), ("/proc", "dir"), ("/sys", "dir")]


def export_tar(engine, c):
    """The container's root file system as `docker export` writes it (a Blob)."""
    # the root file system alone (the graph driver's mount): image layers and writable layer
    overlay = OverlayFS(c.image.view, c.upper.copy(), c.image.name, None)
    ns = Namespace(Mount("/", overlay, label="upper"), c.name, [], engine.tick)
    entries = {p: e for p, e, _ in ns.walk()}
    for path, kind in INIT_LAYER:
        if path in entries and kind == "dir":
            continue
        entries[path] = kind
    w = TarWriter()
    for path in sorted(entries):
        e = entries[path]
        name = path[1:]
        if e == "dir":
            w.add(name, "dir", mode=0o755)
        elif e == "file":
            w.add(name, "file", mode=0o755)
        elif e == "symlink":
            w.add(name, "symlink", mode=0o777, target="/proc/mounts")
        elif e.kind == "dir":
            w.add(name, "dir", mode=e.mode, uid=e.uid, gid=e.gid)
        elif e.kind == "symlink":
            w.add(name, "symlink", mode=0o777, uid=e.uid, gid=e.gid, target=e.target)
        elif e.kind == "file":
            w.add(name, "file", e.blob, mode=e.mode, uid=e.uid, gid=e.gid)
    return w.blob()


def docker_export(engine, argv: list[str]) -> Result:
    try:
        opts = parse(argv, [Flag(("-o", "--output"), "output", True)], "export", interspersed=True)
        if len(opts.args) != 1:
            raise usage_error("export", "requires exactly 1 argument", "export [OPTIONS] CONTAINER",
                              "Export a container's filesystem as a tar archive")
    except DockerError as e:
        return cli_error(e)
    if not opts.get("output"):
        return Result(1, "", "cowardly refusing to save to a terminal. Use the -o flag or redirect\n")
    c = engine.find_container(opts.args[0])
    if c is None:
        return Result(1, "", f"Error response from daemon: No such container: {opts.args[0]}\n")
    try:
        engine.host_namespace().write(opts.get("output"), export_tar(engine, c))
    except FsError as e:
        return Result(1, "", f"failed to export container: open {opts.get('output')}: {e.strerror.lower()}\n")
    return Result(0, "", "")


def docker_import(engine, argv: list[str]) -> Result:
    from simulator.cli.images import image_ref
    try:
        opts = parse(argv, [Flag(("-c", "--change"), "change", True, True), Flag(("-m", "--message"), "message", True),
                            Flag(("--platform",), "platform", True)], "import", interspersed=True)
        if not 1 <= len(opts.args) <= 2:
            raise usage_error("import", "requires at least 1 and at most 2 arguments",
                              "import [OPTIONS] file|URL|- [REPOSITORY[:TAG]]",
                              "Import the contents from a tarball to create a filesystem image")
    except DockerError as e:
        return cli_error(e)
    if opts.get("change"):
        return Result(1, "", "the simulator does not model `docker import --change`\n")
    source = opts.args[0]
    if source == "-":
        return Result(1, "", "Error response from daemon: unexpected EOF\n")
    try:
        blob = engine.host_namespace().read(source)
    except FsError as e:
        return Result(1, "", f"open {source}: {e.strerror.lower()}\n")
    try:
        layer = read_layer_file(BlobReader(blob), source, "", blob.size)
    except ArchiveError as e:
        return Result(1, "", f"Error response from daemon: {e}\n")
    name = image_ref(opts.args[1]) if len(opts.args) == 2 else ""
    row = {"created_by": "", "empty_layer": False, "comment": opts.get("message") or "Imported from -"}
    image_id = "sha256:" + hashlib.sha256(f"import|{layer.diff_id}|{row['comment']}".encode()).hexdigest()
    image = Image(name, (layer,), (), [], "", "", (), image_id=image_id)
    engine.register_image(image, [row])
    return Result(0, image.id + "\n", "")
