"""Commands that only read the engine: `docker ps`, `diff`, `inspect`."""
from __future__ import annotations

import hashlib
import json
import re

from simulator.fs import paths
from simulator.docker.container import DATA_ROOT
from simulator.fs.entries import Whiteout, is_dir
from simulator.errors import DockerError
from simulator.cli.humanize import human_size
from simulator.cli.options import Flag, parse, usage_error
from simulator.cli.result import Result, cli_error
from simulator.cli.table import tabwrite
from simulator.cli.volume import volume_inspect_doc



def upper_size(c) -> int:
    """overlay2's SizeRw: bytes of every non-directory in the upper directory (whiteouts are
    0, a symlink is the length of its target)."""
    return sum(e.size if e.kind == "file" else len(e.target.encode()) if e.kind == "symlink" else 0
               for _, e in c.upper.walk())


def ps_status(c) -> str:
    if c.status == "running":
        return "Up Less than a second"
    if c.status == "exited":
        return f"Exited ({c.exit_code}) Less than a second ago"
    return "Created"


def ps_command(c, trunc: bool) -> str:
    args = c.cmd or []
    cmd = " ".join(f"'{a}'" if " " in a else a for a in args)
    if trunc and len(cmd) > 20:
        cmd = cmd[:19] + "\u2026"
    return f'"{cmd}"'


def docker_ps(engine, argv) -> Result:
    try:
        opts = parse(argv, [Flag(("-a", "--all"), "all"), Flag(("-s", "--size"), "size"),
                            Flag(("-q", "--quiet"), "quiet"), Flag(("--no-trunc",), "notrunc"),
                            Flag(("--format",), "format", True)], "ps", interspersed=True)
        if opts.args:
            raise usage_error("ps", "accepts no arguments", "ps [OPTIONS]", "List containers")
    except DockerError as e:
        return cli_error(e)
    trunc = not opts.get("notrunc")
    cs = sorted((c for c in engine.containers.values() if c.running or opts.get("all")),
                key=lambda c: -c.created_seq)
    if opts.get("quiet"):
        return Result(0, "".join((c.id[:12] if trunc else c.id) + "\n" for c in cs), "")
    fmt = opts.get("format")
    rows = []
    for c in cs:
        f = {"ID": c.id[:12] if trunc else c.id, "Image": c.image.name, "Command": ps_command(c, trunc),
             "RunningFor": "Less than a second ago", "Status": ps_status(c), "Ports": "", "Names": c.name,
             "State": c.status}
        if opts.get("size"):
            rw = upper_size(c)
            f["Size"] = f"{human_size(rw, 3)} (virtual {human_size(rw + c.image.size, 3)})"
        rows.append(f)
    if fmt:
        return Result(0, "".join(render_template(fmt, f) + "\n" for f in rows), "")
    head = ["CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "PORTS", "NAMES"] + (["SIZE"] if opts.get("size") else [])
    table = [head] + [[f["ID"], f["Image"], f["Command"], f["RunningFor"], f["Status"], f["Ports"], f["Names"]]
                      + ([f["Size"]] if opts.get("size") else []) for f in rows]
    return Result(0, tabwrite(table), "")


def diff_lines(c) -> list[tuple[str, str]]:
    """docker diff: the writable layer compared with the image. A: added, C: changed (and
    every directory with a change inside), D: deleted (a deleted directory is one line;
    an opaque directory lists its former direct children as deleted)."""
    view = c.image.view
    out = []
    for path, entry in c.upper.walk():
        if type(entry) is Whiteout:
            out.append((path, "D"))
            continue
        out.append((path, "C" if view.get(path) is not None else "A"))
        if is_dir(entry) and entry.opaque:
            kept = set(c.upper.names(path))
            out.extend((paths.join(path, n), "D") for n in view.names(path) if n not in kept)
    return sorted(out)


def docker_diff(engine, argv) -> Result:
    if len(argv) != 1 or argv[0].startswith("-"):
        return Result(1, "", '"docker diff" requires exactly 1 argument.\nSee \'docker diff --help\'.\n\n'
                             "Usage:  docker diff CONTAINER\n\nInspect changes to files or directories on a "
                             "container's filesystem\n")
    c = engine.find_container(argv[0])
    if c is None:
        return Result(1, "", f"Error response from daemon: No such container: {argv[0]}\n")
    return Result(0, "".join(f"{kind} {p}\n" for p, kind in diff_lines(c)), "")


def layer_dir(key: str) -> str:
    return f"{DATA_ROOT}/overlay2/{hashlib.sha256(key.encode()).hexdigest()}"


def container_inspect(engine, c) -> dict:
    tmpfs = {m.target: c.tmpfs_specs.get(m.target, "") for m in c.mounts if m.origin == "tmpfs"}
    anon = {m.target: {} for m in c.mounts if m.origin in ("anon", "image")}
    own = c.layer_dir
    lowers = [own + "-init/diff"] + \
             [layer_dir(layer.id) + "/diff" for layer in reversed(c.image.layers)]
    return {
        "Id": c.id,
        "State": {"Status": c.status, "Running": c.running, "Paused": False, "Restarting": False,
                  "OOMKilled": False, "Dead": False, "ExitCode": c.exit_code},
        "Image": c.image.id,
        "Name": "/" + c.name,
        "HostConfig": {"Binds": list(c.binds) or None, "VolumesFrom": list(c.volumes_from) or None,
                       "AutoRemove": c.auto_remove, "ReadonlyRootfs": c.read_only,
                       "Tmpfs": dict(sorted(tmpfs.items())) or None},
        "GraphDriver": {"Data": {"LowerDir": ":".join(lowers), "MergedDir": own + "/merged",
                                 "UpperDir": own + "/diff", "WorkDir": own + "/work"},
                        "Name": "overlay2"},
        "Mounts": [m.inspect() for m in c.mounts if m.origin != "tmpfs"],
        "Config": {"Hostname": c.id[:12], "User": c.user or "", "Volumes": dict(sorted(anon.items())) or None,
                   "WorkingDir": "" if c.workdir == "/" else c.workdir, "Image": c.image.name},
    }


def docker_inspect(engine, argv) -> Result:
    try:
        opts = parse(argv, [Flag(("-f", "--format"), "format", True), Flag(("--type",), "type", True),
                            Flag(("-s", "--size"), "size")], "inspect", interspersed=True)
        if not opts.args:
            raise usage_error("inspect", "requires at least 1 argument", "inspect [OPTIONS] NAME|ID [NAME|ID...]",
                              "Return low-level information on Docker objects")
    except DockerError as e:
        return cli_error(e)
    kind = opts.get("type")
    found, errs = [], ""
    for ref in opts.args:
        c = engine.find_container(ref) if kind in (None, "container") else None
        if c is not None:
            doc = container_inspect(engine, c)
            if opts.get("size"):
                doc["SizeRw"] = upper_size(c)
                doc["SizeRootFs"] = upper_size(c) + c.image.size
            found.append(doc)
        elif kind in (None, "volume") and ref in engine.volumes:
            found.append(volume_inspect_doc(engine, ref))
        elif kind == "container":
            errs += f"Error response from daemon: No such container: {ref}\n"
        elif kind == "volume":
            errs += f"Error response from daemon: get {ref}: no such volume\n"
        else:
            errs += f"Error: No such object: {ref}\n"
    fmt = opts.get("format")
    if fmt and fmt != "json":
        try:
            out = "".join(render_template(fmt, o) + "\n" for o in found)
        except DockerError as e:
            return Result(1, "", f"template parsing error: {e.message}\n")
    else:
        out = json.dumps(found, indent=4) + "\n"
    return Result(1 if errs else 0, out, errs)


TEMPLATE_ACTION = re.compile(r"\{\{\s*(json\s+)?\.([A-Za-z0-9_.]*)\s*\}\}")


def render_template(fmt: str, obj) -> str:
    """The part of Go templates people use with docker: {{.A.B}} and {{json .A.B}}."""
    def value(match):
        v = obj
        for key in filter(None, match.group(2).split(".")):
            if not isinstance(v, dict) or key not in v:
                raise DockerError(f"template: :1: executing \"\" at <.{match.group(2)}>: map has no entry for key \"{key}\"")
            v = v[key]
        if match.group(1):
            return json.dumps(v, separators=(",", ":"))
        if v is None:
            return "<no value>"
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, (dict, list)):
            return go_print(v)
        return str(v)
    return TEMPLATE_ACTION.sub(value, fmt)


def go_print(v) -> str:
    """How Go's fmt prints a map or slice inside a template."""
    if isinstance(v, dict):
        return "map[" + " ".join(f"{k}:{go_print(x)}" for k, x in sorted(v.items())) + "]"
    if isinstance(v, list):
        return "[" + " ".join(go_print(x) for x in v) + "]"
    if isinstance(v, bool):
        return "true" if v else "false"
    return "" if v is None else str(v)


COMMANDS = {"ps": docker_ps, "diff": docker_diff, "inspect": docker_inspect}
