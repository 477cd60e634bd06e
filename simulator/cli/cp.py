"""`docker cp CONTAINER:SRC DEST` and `docker cp SRC CONTAINER:DEST`, with docker 26.1.5's rules
(those of `cp -r` in docker's archive package) and its messages. The container side is what
dockerd mounts for a copy (simulator.docker.archive): its root file system, volumes and bind
mounts, never its tmpfs. `-a` keeps owners, `-L` follows a symbolic link given as SRC; a tar
stream (`-` as SRC or DEST) is not part of the simulation (a note says so)."""
from __future__ import annotations

from simulator.cli.options import Flag, parse, usage_error
from simulator.cli.result import Result, cli_error
from simulator.docker import check_writable, copy_namespace
from simulator.errors import DockerError, FsError
from simulator.fs import paths
from simulator.fs import is_dir

CP_FLAGS = [Flag(("-a", "--archive"), "archive"), Flag(("-L", "--follow-link"), "follow"),
            Flag(("-q", "--quiet"), "quiet")]


def split_arg(arg: str) -> tuple[str | None, str]:
    """docker's splitCpArg: an absolute path is local; NAME:PATH names a container."""
    if arg.startswith("/") or ":" not in arg:
        return None, arg
    name, _, path = arg.partition(":")
    return name, path


def daemon(msg: str) -> DockerError:
    return DockerError(msg)


def cli(msg: str) -> DockerError:
    return DockerError(msg, origin="cli", exit_code=1)


def _abs(path: str, cwd: str = "/") -> str:
    """filepath.Abs, keeping a trailing separator or "/." (they change what is copied)."""
    full = paths.normalise(path if path.startswith("/") else paths.join(cwd, path))
    if path.endswith("/."):
        return full.rstrip("/") + "/."
    if path.endswith("/") and full != "/":
        return full + "/"
    return full


def _clean(path: str) -> str:
    return paths.normalise(path.rstrip("/") or "/") if not path.endswith("/.") else paths.normalise(path[:-2] or "/")


def docker_cp(engine, argv) -> Result:
    try:
        opts = parse(argv, CP_FLAGS, "cp", interspersed=True)
        if len(opts.args) != 2:
            raise usage_error("cp", "requires exactly 2 arguments",
                              "cp [OPTIONS] CONTAINER:SRC_PATH DEST_PATH|-\n\tdocker cp [OPTIONS] SRC_PATH|- "
                              "CONTAINER:DEST_PATH",
                              "Copy files/folders between a container and the local filesystem")
        src, dst = opts.args
        if "-" in (src, dst):
            from simulator.messages import Catalog
            return Result(1, "", Catalog().t("note.cp-tar-stream") + "\n")
        (s_name, s_path), (d_name, d_path) = split_arg(src), split_arg(dst)
        if s_name is not None and d_name is not None:
            raise cli("copying between containers is not supported")
        if s_name is None and d_name is None:
            raise cli("must specify at least one container source")
        if s_name is not None:
            _from_container(engine, s_name, s_path, d_path, opts)
        else:
            _to_container(engine, s_path, d_name, d_path, opts)
    except DockerError as e:
        return cli_error(e)
    return Result(0, "", "")


def _container(engine, name: str):
    c = engine.find_container(name)
    if c is None:
        raise daemon(f"No such container: {name}")
    return c


def _stat_source(ns, path: str, follow: bool, name: str | None):
    """(resolved path, entry) of a copy's source; docker's messages when it is not there."""
    clean = _clean(path)
    try:
        p, entry, _ = ns.resolve(clean, follow=follow)
    except FsError as e:
        if e.errno == "ENOTDIR":
            raise daemon(f"lstat {clean}: not a directory") if name else cli(f"lstat {clean}: not a directory")
        entry = None
        p = clean
    if entry is None:
        if name is not None:
            raise daemon(f"Could not find the file {clean} in container {name}")
        raise cli(f"lstat {clean}: no such file or directory")
    return p, entry


def _from_container(engine, name, path, dest, opts) -> None:
    c = _container(engine, name)
    ns = copy_namespace(engine, c)
    src = _abs(path)
    s_path, s_entry = _stat_source(ns, src, bool(opts.get("follow")), name)
    host = engine.host_namespace()
    target = _abs(dest)
    d_clean = _clean(target)
    try:
        d_real, d_entry, _ = host.resolve(d_clean)
    except FsError:
        d_real, d_entry = d_clean, None
    if target.endswith("/") and target != "/":
        if d_entry is None:
            raise cli("no such directory")
        if not is_dir(d_entry):
            raise cli(f"stat {target}: not a directory")
    if d_entry is None:
        parent = paths.parent(d_clean)
        p_entry = host.find(parent)
        if p_entry is None or not is_dir(p_entry):
            raise cli(f'invalid output path: directory "{parent}" does not exist')
    _copy(ns, s_path, s_entry, src, host, d_real, d_entry, keep_owner=False)


def _to_container(engine, path, name, dest, opts) -> None:
    host = engine.host_namespace()
    src = _abs(path)
    s_path, s_entry = _stat_source(host, src, bool(opts.get("follow")), None)
    c = _container(engine, name)
    ns = copy_namespace(engine, c)
    target = _abs(dest)
    d_clean = _clean(target)
    try:
        d_real, d_entry, _ = ns.resolve(d_clean)
    except FsError:
        raise daemon(f"Could not find the file {paths.parent(d_clean)} in container {name}") from None
    if target.endswith("/") and target != "/" and (d_entry is None or not is_dir(d_entry)):
        raise cli("no such directory")
    if d_entry is None:
        parent = paths.parent(d_real)
        p_entry = ns.find(parent)
        if p_entry is None or not is_dir(p_entry):
            raise daemon(f"Could not find the file {paths.parent(d_clean)} in container {name}")
        check_writable(c, parent)
    else:
        check_writable(c, d_real if is_dir(d_entry) else paths.parent(d_real))
    _copy(host, s_path, s_entry, src, ns, d_real, d_entry, keep_owner=bool(opts.get("archive")))


def _copy(src_ns, s_path, s_entry, src_arg, dst_ns, d_path, d_entry, keep_owner: bool) -> None:
    """archive.CopyTo: a file onto a file or into a directory; a directory to a new name, into
    a directory (SRC/. : its contents)."""
    if d_entry is not None and not is_dir(d_entry):
        if is_dir(s_entry):
            raise DockerError("cannot copy directory", origin="cli", exit_code=1)
        _put(src_ns, s_path, s_entry, dst_ns, d_path, keep_owner)
        return
    if d_entry is None:
        _put(src_ns, s_path, s_entry, dst_ns, d_path, keep_owner)
        return
    if is_dir(s_entry) and src_arg.endswith("/."):
        for name in sorted(src_ns.listdir(s_path)):
            child = paths.join(s_path, name)
            _put(src_ns, child, src_ns.lstat(child).entry, dst_ns, paths.join(d_path, name), keep_owner)
        return
    _put(src_ns, s_path, s_entry, dst_ns, paths.join(d_path, paths.basename(_clean(s_path))), keep_owner)


def _put(src_ns, s_path, entry, dst_ns, d_path, keep_owner: bool) -> None:
    """One entry (a directory with all below it) as tar extraction writes it: an existing
    non-directory is replaced, an existing directory is kept and gets the source's mode."""
    uid, gid = (entry.uid, entry.gid) if keep_owner else (0, 0)
    existing = dst_ns.find(d_path)
    if existing is not None and not (is_dir(existing) and is_dir(entry)):
        if is_dir(existing):
            _remove_tree(dst_ns, d_path)
        else:
            dst_ns.unlink(d_path)
        existing = None
    if is_dir(entry):
        if existing is None:
            dst_ns.mkdir(d_path, entry.mode & 0o7777)
        for name in sorted(src_ns.listdir(s_path)):
            child = paths.join(s_path, name)
            _put(src_ns, child, src_ns.lstat(child).entry, dst_ns, paths.join(d_path, name), keep_owner)
        dst_ns.chmod(d_path, entry.mode & 0o7777)
    elif entry.kind == "symlink":
        dst_ns.symlink(entry.target, d_path)
    else:
        dst_ns.write(d_path, src_ns.read(s_path), create_mode=entry.mode & 0o7777)
        dst_ns.chmod(d_path, entry.mode & 0o7777)
    if (uid, gid) != (0, 0):
        dst_ns.chown(d_path, uid, gid)


def _remove_tree(ns, path: str) -> None:
    for name in ns.listdir(path):
        child = paths.join(path, name)
        if is_dir(ns.lstat(child).entry):
            _remove_tree(ns, child)
        else:
            ns.unlink(child)
    ns.rmdir(path)
