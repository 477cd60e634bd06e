"""The files and users of a build: COPY's sources walked on the simulated host and put into the
image (mode kept, owner root or --chown), and BuildKit's user lookup for USER, WORKDIR and --chown
(it reads the image's /etc/passwd and /etc/group: simulator.fs.etctables)."""
from __future__ import annotations

from simulator.errors import FsError
from simulator.fs import Cred, Dir, Namespace, Symlink, is_dir, paths, read_table
from simulator.cli.dockerfile import BuildFailed, Instruction


def exists_parent(ns: Namespace, path: str) -> bool:
    try:
        ns.resolve(path)
        return True
    except FsError:
        return False


def host_walk(host: Namespace, top: str):
    """(path, entry) of a host file or of a directory and everything below it (sorted)."""
    try:
        st = host.stat(top)
    except FsError:
        return
    yield st.path, st.entry
    if not is_dir(st.entry):
        return
    stack = [st.path]
    while stack:
        d = stack.pop()
        for name in sorted(host.listdir(d), reverse=True):
            p = paths.join(d, name)
            entry = host.lstat(p).entry
            yield p, entry
            if is_dir(entry):
                stack.append(p)


def put(ns: Namespace, path: str, entry, owner: tuple) -> None:
    """Copy one host entry to `path` in the image: mode kept, owner root (or --chown)."""
    uid, gid = owner
    current = ns.resolve(path, follow=False)[1]
    if type(entry) is Dir:
        if current is None:
            ns.mkdir(path, entry.mode)
        elif not is_dir(current):
            ns.unlink(path)
            ns.mkdir(path, entry.mode)
    elif type(entry) is Symlink:
        if current is not None:
            ns.unlink(path) if not is_dir(current) else None
        ns.symlink(entry.target, path)
    else:
        if is_dir(current):
            raise FsError("EISDIR", path)
        if type(current) is Symlink:
            ns.unlink(path)
            current = None
        ns.write(path, entry.blob, create_mode=entry.mode)
        if current is not None and current.mode != entry.mode:
            ns.chmod(path, entry.mode)
    now = ns.resolve(path, follow=False)[1]
    if (now.uid, now.gid) != (uid, gid):
        ns.chown(path, uid, gid)


def resolve_user(ns: Namespace, user: str, ins: Instruction, title: str, failure: str = "") -> Cred:
    """BuildKit's user lookup: it reads /etc/passwd even for a number, and fails without it."""
    u, _, g = user.partition(":")
    prefix = f"{failure}: " if failure else ""
    passwd = read_table(ns, "/etc/passwd")
    if passwd is None:
        raise BuildFailed(f"{prefix}unable to find user {u}: invalid argument", ins.line,
                          f"{prefix}unable to find user {u}: invalid argument", (), title)
    row = next((r for r in passwd if len(r) > 3 and (r[0] == u or r[2] == u)), None)
    if row is None and not u.isdigit():
        msg = f"{prefix}unable to find user {u}: no matching entries in passwd file"
        raise BuildFailed(msg, ins.line, msg, (), title)
    uid = int(u) if u.isdigit() else int(row[2])
    gid = int(row[3]) if row is not None and row[3].isdigit() else 0
    if g:
        if g.isdigit():
            gid = int(g)
        else:
            groups = read_table(ns, "/etc/group") or []
            grow = next((r for r in groups if len(r) > 2 and r[0] == g), None)
            if grow is None:
                msg = f"{prefix}unable to find group {g}: no matching entries in group file"
                raise BuildFailed(msg, ins.line, msg, (), title)
            gid = int(grow[2])
    return Cred(uid, gid, (gid,))


def workdir_owner(ns: Namespace, user: str, ins: Instruction, title: str) -> Cred:
    """Who owns a directory WORKDIR makes: numeric USER ids are taken as they are (uid, and
    the same number as gid when no group is given), names are looked up in /etc/passwd."""
    if not user:
        return Cred()
    u, _, g = user.partition(":")
    if u.isdigit() and (not g or g.isdigit()):
        return Cred(int(u), int(g or u))
    return resolve_user(ns, user, ins, title)


def parse_chown(ns: Namespace, spec: str, ins: Instruction, title: str) -> tuple[int, int]:
    cred = resolve_user(ns, spec, ins, title) if not spec.replace(":", "").isdigit() else None
    if cred is None:
        u, _, g = spec.partition(":")
        return int(u), int(g or u)
    return cred.uid, cred.gid
