"""`docker save -o FILE IMAGE...` and `docker load -i FILE` inside the simulation: the archive
is a file of the simulated host (docker/imagesave.py, docker/imageload.py); nothing here
touches a real file. Output as docker 26 prints it when not on a terminal: `load` prints
"Loaded image: NAME" per name (or "Loaded image ID: ..." for an image without one) and, for a
name another image had, "The image NAME already exists, renaming the old one with ID ... to
empty string" first.
"""
from __future__ import annotations

from simulator.docker import Image
from simulator.docker import ArchiveError, LoadedLayer, read_archive
from simulator.docker import save_image as save
from simulator.docker import BlobReader
from simulator.errors import DockerError, FsError
from simulator.cli.options import Flag, parse, usage_error
from simulator.cli.result import Result, cli_error


def catalog_program(name: str, cfg: dict) -> str:
    """A loaded official image keeps what its entrypoint does at start (docker/catalog/programs.py)
    when its name and its Entrypoint and Cmd are a catalog image's."""
    from simulator.docker import catalog
    entry = catalog.lookup(name) if name else None
    if entry is None or not entry.program:
        return ""
    same = (cfg.get("Entrypoint") or None) == entry.config["Entrypoint"] and cfg.get("Cmd") == entry.config["Cmd"]
    return entry.program if same else ""


def image_from_loaded(name: str, loaded) -> Image:
    cfg = loaded.config.get("config") or {}
    return Image(name, tuple(loaded.layers), tuple(sorted(cfg.get("Volumes") or {})), cfg.get("Cmd"),
                 cfg.get("WorkingDir") or "", cfg.get("User") or "", tuple(cfg.get("Env") or ()),
                 entrypoint=cfg.get("Entrypoint"), exposed_ports=tuple(sorted(cfg.get("ExposedPorts") or {})),
                 stop_signal=cfg.get("StopSignal") or "", labels=tuple(sorted((cfg.get("Labels") or {}).items())),
                 image_id=loaded.image_id, program=catalog_program(name, cfg))


def held_diff_ids(engine) -> dict:
    return {layer.diff_id: layer for image in list(engine.images.values()) + engine.dangling_images()
            for layer in image.layers if isinstance(layer, LoadedLayer)}


def register_loaded(engine, images) -> str:
    """Put loaded images into the engine; the lines `docker load` prints."""
    from simulator.cli.images import image_ref
    out = ""
    for loaded in images:
        names = [image_ref(n) for n in loaded.names]
        for name in names or [""]:
            old = engine.images.get(name) if name else None
            if old is not None and old.id != loaded.image_id:
                out += (f"The image {loaded.names[names.index(name)]} already exists, renaming the old one with "
                        f"ID {old.id} to empty string\n")
            engine.register_image(image_from_loaded(name, loaded), loaded.history)
        out += "".join(f"Loaded image: {n}\n" for n in loaded.names) or f"Loaded image ID: {loaded.image_id}\n"
    return out


def docker_save(engine, argv: list[str]) -> Result:
    from simulator.cli.images import find_image, image_ref
    try:
        opts = parse(argv, [Flag(("-o", "--output"), "output", True)], "save", interspersed=True)
        if not opts.args:
            raise usage_error("save", "requires at least 1 argument", "save [OPTIONS] IMAGE [IMAGE...]",
                              "Save one or more images to a tar archive (streamed to STDOUT by default)")
    except DockerError as e:
        return cli_error(e)
    if not opts.get("output"):
        return Result(1, "", "cowardly refusing to save to a terminal. Use the -o flag or redirect\n")
    chosen = []
    for ref in opts.args:
        image = find_image(engine, ref)
        if image is None:
            return Result(1, "", "Error response from daemon: reference does not exist\n")
        by_name = image_ref(ref) in engine.images
        names = [image_ref(ref) if ":" in image_ref(ref) else image_ref(ref) + ":latest"] if by_name else []
        chosen.append((names, image, engine.image_history(image)))
    blob = save(chosen)
    ns = engine.host_namespace()
    try:
        ns.write(opts.get("output"), blob)
    except FsError as e:
        return Result(1, "", f"failed to save image: open {opts.get('output')}: {e.strerror.lower()}\n")
    return Result(0, "", "")


def docker_load(engine, argv: list[str]) -> Result:
    try:
        opts = parse(argv, [Flag(("-i", "--input"), "input", True), Flag(("-q", "--quiet"), "quiet")], "load",
                     interspersed=True)
        if opts.args:
            raise usage_error("load", "accepts no arguments", "load [OPTIONS]",
                              "Load an image from a tar archive or STDIN")
    except DockerError as e:
        return cli_error(e)
    path = opts.get("input")
    if not path:
        return Result(1, "", "requested load from stdin, but stdin is empty\n")
    ns = engine.host_namespace()
    try:
        blob = ns.read(path)
    except FsError as e:
        return Result(1, "", f"open {path}: {e.strerror.lower()}\n")
    try:
        images = read_archive(BlobReader(blob), path, blob.size, held_diff_ids(engine))
    except ArchiveError as e:
        return Result(1, "", f"Error response from daemon: {e}\n")
    out = register_loaded(engine, images)
    return Result(0, "" if opts.get("quiet") else out, "")
