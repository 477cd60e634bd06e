"""`docker build -t NAME DOCKERFILE`: BuildKit's builder on the scenario's `dockerfiles:`, its output and errors.

Rules modelled (BuildKit 0.13 / buildx 0.13.1 on Docker 26.1.5; each checked on the real
engine, see tests/docker_recordings/build-commit-compose/20-dockerfile-volume.json):
- FROM, COPY, RUN and WORKDIR each commit one layer, even an empty one (a RUN that
  changes nothing, a WORKDIR that already exists); VOLUME, USER, CMD and ENV only
  change the config and add a history row without a layer;
- RUN runs `/bin/sh -c TEXT` in a temporary root file system (the image so far plus a
  fresh writable layer) with no volumes mounted, and the writable layer becomes the
  layer: copy-ups, whiteouts and opaque directories as overlay2 stores them. BuildKit
  mounts stub files for /etc/hosts and /etc/resolv.conf: the stubs go away, but an /etc
  of the image stays copied up in every RUN layer;
- so changes made under a VOLUME path after the VOLUME line are KEPT (BuildKit); the
  legacy builder mounted a volume there and discarded them (reference item 52,
  observation (m)): a `volume-build-change` event says so;
- COPY takes its sources from the simulated host (the build context is its /);
  a copied file keeps its mode, owner becomes root (or --chown), missing parents are
  made 0755; WORKDIR makes its directory (owned by USER) if it is missing;
- a step whose inputs are unchanged is taken from the build cache (`CACHED`).
Output is BuildKit's plain progress on stderr, with every timing shown as 0.0s.
"""
from __future__ import annotations

import hashlib
import json
import shlex
from dataclasses import dataclass, field

from simulator.fs import paths
from simulator import shell
from simulator.fs import Dir, File, Symlink, is_dir
from simulator.errors import DockerError, FsError
from simulator.docker import Image
from simulator.fs import ImageView
from simulator.fs import Cred, Mount, Namespace
from simulator.fs import OverlayFS
from simulator.fs import Tree
from simulator.cli.options import Flag, parse
from simulator.cli.result import Result

BUILD_FLAGS = [Flag(("-t", "--tag"), "tag", True, True), Flag(("-f", "--file"), "file", True),
               Flag(("-q", "--quiet"), "quiet"), Flag(("--no-cache",), "no_cache"),
               Flag(("--network",), "network", True), Flag(("--progress",), "progress", True),
               Flag(("--pull",), "pull")]
INSTRUCTIONS = ("FROM", "RUN", "COPY", "WORKDIR", "VOLUME", "USER", "CMD", "ENV")
# Instructions of the Dockerfile reference the simulator does not run: an error, never ignored.
NOT_MODELLED = ("ADD", "ARG", "ENTRYPOINT", "EXPOSE", "LABEL", "ONBUILD", "STOPSIGNAL", "HEALTHCHECK",
                "SHELL", "MAINTAINER")
LAYER_STEPS = ("FROM", "RUN", "COPY", "WORKDIR")
COMMENT = "buildkit.dockerfile.v0"
DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
USAGE = ('"docker buildx build" requires exactly 1 argument.\nSee \'docker buildx build --help\'.\n\n'
         "Usage:  docker buildx build [OPTIONS] PATH | URL | -\n\nStart a build\n")


@dataclass(frozen=True)
class Instruction:
    keyword: str          # upper case
    args: str             # the text after the keyword (continuations joined)
    line: int             # 1-based line of the keyword in the Dockerfile

    @property
    def text(self) -> str:
        return f"{self.keyword} {self.args}"


class BuildFailed(Exception):
    """A build error: `vertex` is the step that failed (or None), `message` BuildKit's text."""

    def __init__(self, message: str, line: int | None = None, vertex_error: str | None = None,
                 logs: tuple = (), title: str | None = None):
        super().__init__(message)
        self.message, self.line, self.vertex_error, self.logs = message, line, vertex_error, logs
        self.title = title          # the failing vertex as BuildKit names it, e.g. "[2/3] RUN ls"


# ---- the Dockerfile ---------------------------------------------------------------------------
def parse_dockerfile(text: str) -> list[Instruction]:
    """Instructions with their line numbers: comments and blank lines skipped, a trailing
    backslash continues the instruction on the next line."""
    out: list[Instruction] = []
    pending, start = "", 0
    for number, raw in enumerate(text.split("\n"), 1):
        line = raw.strip()
        if not pending and (not line or line.startswith("#")):
            continue
        if pending and line.startswith("#"):
            continue
        if not pending:
            start = number
        if line.endswith("\\"):
            pending += line[:-1].strip() + " "
            continue
        full = (pending + line).strip()
        pending = ""
        keyword, _, args = full.partition(" ")
        out.append(Instruction(keyword.upper(), args.strip(), start))
    if pending.strip():
        keyword, _, args = pending.strip().partition(" ")
        out.append(Instruction(keyword.upper(), args.strip(), start))
    for ins in out:
        if ins.keyword not in INSTRUCTIONS and ins.keyword not in NOT_MODELLED:
            hint = _suggest(ins.keyword)
            raise BuildFailed(f"dockerfile parse error on line {ins.line}: unknown instruction: "
                              f"{ins.keyword}" + (f" (did you mean {hint}?)" if hint else ""), ins.line)
        if ins.keyword in NOT_MODELLED:
            raise BuildFailed(f"the simulator does not model the {ins.keyword} instruction "
                              f"(it runs {', '.join(INSTRUCTIONS)})", ins.line)
        if not ins.args and ins.keyword != "CMD":
            raise BuildFailed(f"dockerfile parse error on line {ins.line}: {ins.keyword} requires "
                              "at least one argument", ins.line)
    if not out or out[0].keyword != "FROM":
        line = out[0].line if out else 1
        raise BuildFailed("dockerfile parse error on line %d: no build stage in current context" % line
                          if out else "the Dockerfile cannot be empty", line)
    if sum(1 for ins in out if ins.keyword == "FROM") > 1:
        second = [ins for ins in out if ins.keyword == "FROM"][1]
        raise BuildFailed("the simulator builds one stage: a second FROM is not modelled", second.line)
    return out


def _suggest(word: str) -> str | None:
    """BuildKit's "did you mean" for an unknown instruction: the closest known one."""
    def distance(a: str, b: str) -> int:
        row = list(range(len(b) + 1))
        for i, ca in enumerate(a, 1):
            prev, row[0] = row[0], i
            for j, cb in enumerate(b, 1):
                prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
        return row[-1]
    best = min(INSTRUCTIONS + NOT_MODELLED, key=lambda k: (distance(word, k), k))
    return best if distance(word, best) <= 2 else None


def json_args(text: str) -> list[str] | None:
    """The exec (JSON array) form of CMD, RUN, VOLUME and COPY, or None for the shell form."""
    if not text.startswith("["):
        return None
    try:
        value = json.loads(text)
    except ValueError:
        return None
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return value
    return None


def go_quoted_list(items) -> str:
    """How BuildKit writes a list in a history row: Go's %q of each item, in brackets."""
    return "[" + " ".join(json.dumps(i) for i in items) + "]"


# ---- build state ------------------------------------------------------------------------------
@dataclass
class Stage:
    """The image being built: its layers so far and its config."""
    name: str
    layers: list
    history: list
    volumes: list
    cmd: object
    workdir: str
    user: str
    env: list
    changes_under_volumes: list = field(default_factory=list)

    def view(self) -> ImageView:
        return ImageView(self.layers)

    def env_dict(self) -> dict:
        env = {"PATH": DEFAULT_PATH}
        for item in self.env:
            k, _, v = item.partition("=")
            env[k] = v
        return env

    def set_env(self, key: str, value: str) -> None:
        self.env = [e for e in self.env if e.partition("=")[0] != key] + [f"{key}={value}"]


class Builder:
    """Runs one Dockerfile on the engine and writes BuildKit's progress lines."""

    def __init__(self, engine, tag: str | None, dockerfile: str, use_cache: bool = True):
        self.engine = engine
        self.tag = tag
        self.text = dockerfile
        self.use_cache = use_cache
        self.lines: list[str] = []
        self.vertex = 0
        self.all_cached = True

    # ---- progress output ----
    def start_vertex(self, title: str) -> int:
        self.vertex += 1
        self.lines.append(f"#{self.vertex} {title}")
        return self.vertex

    def log(self, text: str) -> None:
        self.lines.append(f"#{self.vertex} {text}")

    def done(self, cached: bool = False) -> None:
        self.lines.append(f"#{self.vertex} CACHED" if cached else f"#{self.vertex} DONE 0.0s")
        self.lines.append("")

    def progress(self) -> str:
        return (f'#0 building with "default" instance using docker driver\n\n' + "\n".join(self.lines)).rstrip("\n")

    def context_lines(self, line: int) -> list[str]:
        source = self.text.split("\n")
        first, last = max(1, line - 2), min(len(source), line + 2)
        return [f"{n:>4} | {'>>>' if n == line else '   '} {source[n - 1]}" for n in range(first, last + 1)]

    # ---- the build ----
    def run(self) -> Image:
        self.start_vertex("[internal] load build definition from Dockerfile")
        self.log(f"transferring dockerfile: {len(self.text.encode())}B done")
        self.done()
        instructions = parse_dockerfile(self.text)
        base_ref = instructions[0].args.split()[0]
        base_name = base_ref[:-7] if base_ref.endswith(":latest") else base_ref
        canonical = f"docker.io/library/{base_name}:latest" if ":" not in base_name else f"docker.io/library/{base_name}"
        self.start_vertex(f"[internal] load metadata for {canonical}")
        base = self.engine.images.get(base_name)
        if base is None:
            detail = ("pull access denied, repository does not exist or may require authorization: "
                      "server message: insufficient_scope: authorization failed")
            raise BuildFailed(f"{base_ref}: failed to resolve source metadata for {canonical}: {detail}",
                              instructions[0].line, detail, (), f"[internal] load metadata for {canonical}")
        self.done()
        self.start_vertex("[internal] load .dockerignore")
        self.log("transferring context: 2B done")
        self.done()
        steps = [ins for ins in instructions if ins.keyword in LAYER_STEPS]
        total = len(steps)
        width = len(str(total))
        stage = Stage(self.tag or "", list(base.layers), self.engine.image_history(base), list(base.volumes),
                      base.cmd, base.workdir, base.user, list(base.env))
        # the base image is local: its vertex reads DONE (CACHED only by a race on the real engine)
        self.start_vertex(f"[{1:>{width}}/{total}] FROM {canonical}")
        self.done()
        copies = [ins for ins in instructions if ins.keyword == "COPY"]
        if copies:
            self.start_vertex("[internal] load build context")
            self.log(f"transferring context: {self.context_size(copies)}B done")
            self.done()
        number = 1
        for ins in instructions[1:]:
            if ins.keyword in LAYER_STEPS:
                number += 1
                self.layer_step(stage, ins, f"[{number:>{width}}/{total}] {ins.keyword} {ins.args}")
            else:
                self.config_step(stage, ins)
        image = Image(self.tag or "", tuple(stage.layers), tuple(stage.volumes), stage.cmd, stage.workdir,
                      stage.user, tuple(stage.env))
        self.start_vertex("exporting to image")
        self.log("exporting layers done" if self.all_cached else "exporting layers 0.0s done")
        self.log(f"writing image {image.id} done")
        if self.tag:
            self.log(f"naming to docker.io/library/{self.tag} done")
        self.done()
        return self.engine.register_image(image, stage.history)

    def context_size(self, copies) -> int:
        """Bytes of the files the COPY lines send (BuildKit's own count adds its metadata)."""
        host = self.engine.host_namespace()
        total = 0
        for ins in copies:
            _, sources, _ = copy_arguments(ins)
            for src in sources:
                for _, entry in host_walk(host, context_path(src)):
                    total += entry.size if type(entry) is File else 0
        return total

    # ---- config-only instructions: a history row, no layer ----
    def config_step(self, stage: Stage, ins: Instruction) -> None:
        if ins.keyword == "VOLUME":
            items = json_args(ins.args) or ins.args.split()
            for v in items:
                v = v if v.startswith("/") else "/" + v
                if v not in stage.volumes:
                    stage.volumes.append(v)
            row = f"VOLUME {go_quoted_list(items)}".replace('"', "")
            self.engine.emit("build-volume", image=self.tag or None, paths=items,
                             note="BuildKit keeps later changes under these paths; the legacy builder "
                                  "discarded them")
        elif ins.keyword == "USER":
            stage.user = ins.args.strip()
            row = f"USER {stage.user}"
        elif ins.keyword == "CMD":
            argv = json_args(ins.args)
            stage.cmd = argv if argv is not None else ["/bin/sh", "-c", ins.args]
            row = f"CMD {go_quoted_list(stage.cmd)}"
        else:       # ENV
            pairs = env_pairs(ins.args)
            for k, v in pairs:
                stage.set_env(k, v)
            row = "ENV " + " ".join(f"{k}={v}" for k, v in pairs)
        stage.history.append({"created_by": row, "empty_layer": True, "comment": COMMENT})

    # ---- FROM/RUN/COPY/WORKDIR: one layer each ----
    def layer_step(self, stage: Stage, ins: Instruction, title: str) -> None:
        self.start_vertex(title)
        chain = tuple(layer.id for layer in stage.layers)
        if ins.keyword == "RUN":
            key = (chain, "RUN", ins.args, tuple(stage.env), stage.user, stage.workdir)
        elif ins.keyword == "COPY":
            key = (chain, "COPY", ins.args, stage.workdir, self.copy_digest(ins))
        else:
            key = (chain, "WORKDIR", ins.args, stage.workdir, stage.user)
        cache = self.engine.build_cache()
        cached = cache.get(key) if self.use_cache else None
        if cached is not None:
            layer, workdir = cached
            self.done(cached=True)
        else:
            try:
                layer, workdir = self.make_layer(stage, ins, title)
            except FsError as e:
                detail = f"{e.path}: {e.strerror.lower()}"
                raise BuildFailed(detail, ins.line, detail, (), title) from None
            cache[key] = (layer, workdir)
            self.all_cached = False
            self.done()
        stage.layers.append(layer)
        stage.workdir = workdir
        row = layer.created_by
        stage.history.append({"created_by": row, "empty_layer": False, "comment": COMMENT})
        self.note_volume_changes(stage, layer, title)
        self.engine.emit("layer-commit", image=self.tag or None, step=title, created_by=row,
                         entries=len(layer), whiteouts=len(layer.whiteouts()),
                         opaque=len(layer.opaque_dirs()), bytes=layer.size, cached=cached is not None)

    def note_volume_changes(self, stage: Stage, layer, title: str) -> None:
        for v in stage.volumes:
            changed = [p for p, e in layer.entries.items() if paths.is_within(p, v) and p != v]
            if changed:
                self.engine.emit("volume-build-change", image=self.tag or None, step=title, volume=v,
                                 paths=sorted(changed)[:10], kept=True, builder="buildkit",
                                 legacy_builder="discarded: it ran this step with a volume mounted at "
                                                + v)

    def scratch(self, stage: Stage):
        """A temporary root file system: the image so far, a fresh writable layer."""
        upper = Tree()
        overlay = OverlayFS(stage.view(), upper, self.tag or "build", None)
        ns = Namespace(Mount("/", overlay, label="upper"), f"build:{self.tag or 'image'}",
                       self.engine.events, self.engine.tick)
        return ns, overlay, upper

    def make_layer(self, stage: Stage, ins: Instruction, title: str):
        ns, overlay, upper = self.scratch(stage)
        workdir = stage.workdir or "/"
        if ins.keyword == "RUN":
            created_by = self.run_step(stage, ns, overlay, ins, title)
        elif ins.keyword == "COPY":
            created_by = self.copy_step(stage, ns, ins, title)
        else:
            workdir = paths.normalise(paths.join(workdir, ins.args) if not ins.args.startswith("/") else ins.args)
            cred = workdir_owner(ns, stage.user, ins, title)
            made = mkdir_p(ns, workdir)
            for d in made:
                if cred.uid or cred.gid:
                    ns.chown(d, cred.uid, cred.gid)
            created_by = f"WORKDIR {workdir}"
        layer = self.engine.layer_from_upper(upper, created_by)
        return layer, (workdir if ins.keyword == "WORKDIR" else stage.workdir)

    def run_step(self, stage: Stage, ns: Namespace, overlay: OverlayFS, ins: Instruction, title: str) -> str:
        argv = json_args(ins.args)
        shown = " ".join(argv) if argv is not None else f"/bin/sh -c {ins.args}"
        created_by = f"RUN {shown} # buildkit"
        failure = f'process "{shown}" did not complete successfully'
        cred = resolve_user(ns, stage.user, ins, title, failure) if stage.user else Cred(0, 0, (0,))
        etc = overlay.lookup("/etc")
        if is_dir(etc):
            # the /etc/hosts and /etc/resolv.conf stubs are made (and removed) inside /etc
            overlay.copy_up("/etc")
            self.engine.emit("build-mount-stubs", image=self.tag or None, step=title, path="/etc",
                             note="BuildKit mounts /etc/hosts and /etc/resolv.conf: /etc is copied up")
        workdir = stage.workdir or "/"
        proc = shell.Process(ns, cred, workdir, stage.env_dict())
        if argv is not None:
            code = shell.run_argv(list(argv), proc)
        else:
            code = shell.run_script(ins.args, proc, arg0="/bin/sh")
        output = [ln for ln in (proc.stdout + proc.stderr).split("\n")]
        if output and output[-1] == "":
            output.pop()
        for ln in output:
            self.log(f"0.000 {ln}")
        if code:
            raise BuildFailed(f"{failure}: exit code: {code}", ins.line, f"{failure}: exit code: {code}",
                              tuple(output), title)
        return created_by

    # ---- COPY ----
    def copy_digest(self, ins: Instruction) -> str:
        host = self.engine.host_namespace()
        h = hashlib.sha256()
        try:
            _, sources, _ = copy_arguments(ins)
        except BuildFailed:
            return ""
        for src in sources:
            for p, entry in host_walk(host, context_path(src)):
                h.update(repr((p, entry)).encode())
        return h.hexdigest()

    def copy_step(self, stage: Stage, ns: Namespace, ins: Instruction, title: str) -> str:
        options, sources, dest = copy_arguments(ins, title)
        host = self.engine.host_namespace()
        owner = (0, 0)
        if "chown" in options:
            owner = parse_chown(ns, options["chown"], ins, title)
        workdir = stage.workdir or "/"
        dest_path = paths.normalise(dest if dest.startswith("/") else paths.join(workdir, dest))
        into_dir = dest.endswith("/") or len(sources) > 1
        if len(sources) > 1 and not dest.endswith("/"):
            raise BuildFailed("When using COPY with more than one source file, the destination must be a "
                              "directory and end with a /", ins.line, None, (), title)
        for src in sources:
            spath = context_path(src)
            try:
                st = host.stat(spath)
            except FsError:
                ref = hashlib.sha256(f"{self.tag}:{ins.line}:{src}".encode()).hexdigest()
                detail = (f"failed to calculate checksum of ref {ref[:8]}-{ref[8:12]}-{ref[12:16]}-"
                          f"{ref[16:20]}-{ref[20:32]}::{ref[32:57]}: \"{spath}\": not found")
                raise BuildFailed(f"failed to compute cache key: {detail}", ins.line, detail, (), title)
            if is_dir(st.entry):
                mkdir_p(ns, dest_path)
                for p, entry in host_walk(host, st.path):
                    if p == st.path:
                        continue
                    put(ns, paths.rebase(p, st.path, dest_path), entry, owner)
            else:
                target = dest_path
                existing = ns.resolve(dest_path)[1] if _exists_parent(ns, dest_path) else None
                if into_dir or is_dir(existing):
                    target = paths.join(dest_path, paths.basename(spath))
                mkdir_p(ns, paths.parent(target))
                put(ns, target, st.entry, owner)
        return f"COPY {ins.args} # buildkit"


def _exists_parent(ns: Namespace, path: str) -> bool:
    try:
        ns.resolve(path)
        return True
    except FsError:
        return False


def context_path(src: str) -> str:
    """A COPY source inside the build context, which is the simulated host's /."""
    return paths.normalise("/" + src.lstrip("/"))


def copy_arguments(ins: Instruction, title: str = ""):
    """(options, sources, destination) of a COPY line (shell or JSON form)."""
    words = json_args(ins.args)
    if words is None:
        words = shlex.split(ins.args)
    options = {}
    while words and words[0].startswith("--"):
        key, _, value = words.pop(0)[2:].partition("=")
        if key != "chown":
            raise BuildFailed(f"the simulator does not model COPY --{key}", ins.line, None, (), title)
        options[key] = value
    if len(words) < 2:
        raise BuildFailed(f"dockerfile parse error on line {ins.line}: COPY requires at least two arguments, "
                          f"but only one was provided. Destination could not be determined", ins.line)
    return options, words[:-1], words[-1]


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


def mkdir_p(ns: Namespace, path: str) -> list[str]:
    """Make the missing directories of `path` (0755, root); returns the ones it made."""
    made = []
    for q in paths.prefixes(path):
        entry = ns.resolve(q)[1]
        if entry is None:
            ns.mkdir(q, 0o755)
            made.append(q)
        elif not is_dir(entry):
            raise FsError("ENOTDIR", q)
    return made


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


def env_pairs(text: str) -> list[tuple[str, str]]:
    """ENV K=V [K2=V2 ...] or the old form ENV K V."""
    words = shlex.split(text)
    if words and "=" not in words[0]:
        return [(words[0], text.split(None, 1)[1] if len(words) > 1 else "")]
    return [tuple(w.split("=", 1)) for w in words]


def _passwd(ns: Namespace, path: str) -> list[list[str]] | None:
    try:
        data = ns.read(path).to_bytes().decode("utf-8", "replace")
    except FsError:
        return None
    return [ln.split(":") for ln in data.splitlines() if ln and not ln.startswith("#")]


def resolve_user(ns: Namespace, user: str, ins: Instruction, title: str, failure: str = "") -> Cred:
    """BuildKit's user lookup: it reads /etc/passwd even for a number, and fails without it."""
    u, _, g = user.partition(":")
    prefix = f"{failure}: " if failure else ""
    passwd = _passwd(ns, "/etc/passwd")
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
            groups = _passwd(ns, "/etc/group") or []
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


# ---- the command ------------------------------------------------------------------------------
def docker_build(engine, argv: list[str]) -> Result:
    try:
        opts = parse(argv, BUILD_FLAGS, "buildx build", interspersed=True)
    except DockerError as e:
        return Result(e.exit_code, "", e.message + "\n")
    if len(opts.args) != 1:
        return Result(1, "", USAGE)
    context = opts.args[0]
    name = opts.get("file") or context
    text = engine.dockerfiles.get(name)
    if text is None:
        known = ", ".join(sorted(engine.dockerfiles)) or "none"
        return Result(1, "", f'ERROR: unable to prepare context: path "{context}" not found\n'
                             f"(the scenario's dockerfiles are: {known})\n")
    tags = opts.get("tag", [])
    tag = tags[-1] if tags else None
    if tag is not None:
        if tag.endswith(":latest"):
            tag = tag[:-7]
        if tag != tag.lower() or not tag or " " in tag:
            return Result(1, "", f'ERROR: invalid tag "{tags[-1]}": repository name must be lowercase\n')
    builder = Builder(engine, tag, text, use_cache=not opts.get("no_cache"))
    try:
        image = builder.run()
    except BuildFailed as e:
        return _failure(builder, e, bool(opts.get("quiet")))
    if opts.get("quiet"):
        return Result(0, image.id + "\n", "")
    return Result(0, "", builder.progress() + "\n")


def _failure(builder: Builder, e: BuildFailed, quiet: bool) -> Result:
    lines = []
    if e.vertex_error is not None and builder.vertex:
        builder.lines.append(f"#{builder.vertex} ERROR: {e.vertex_error}")
        lines += ["------", f" > {e.title}:"]
        lines += [f"0.000 {ln}" for ln in e.logs]
        lines.append("------")
    if e.line is not None:
        lines.append(f"Dockerfile:{e.line}")
        lines.append("--------------------")
        lines += builder.context_lines(e.line)
        lines.append("--------------------")
    lines.append(f"ERROR: failed to solve: {e.message}")
    progress = "" if quiet else builder.progress().rstrip("\n") + "\n"
    return Result(1, "", progress + "\n".join(lines) + "\n")


def docker_buildx(engine, argv: list[str]) -> Result:
    """`docker buildx build ...` is the same command (`docker build` is its alias)."""
    if argv and argv[0] in ("build", "b"):
        return docker_build(engine, argv[1:])
    sub = argv[0] if argv else ""
    return Result(1, "", f"ERROR: unknown command: \"docker buildx {sub}\" is not modelled (only build)\n")
