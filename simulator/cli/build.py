"""`docker build -t NAME DOCKERFILE`: BuildKit's builder on the scenario's `dockerfiles:`, its output and errors
(the Dockerfile itself is read by cli/dockerfile.py; COPY's files and USER lookups are cli/buildfiles.py).

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
from dataclasses import dataclass, field

from simulator import shell
from simulator.docker import Image
from simulator.errors import DockerError, FsError
from simulator.fs import Cred, File, ImageView, Mount, Namespace, OverlayFS, Tree, is_dir, mkdir_p, paths
from simulator.cli.buildfiles import exists_parent, host_walk, parse_chown, put, resolve_user, workdir_owner
from simulator.cli.dockerfile import (BuildFailed, Instruction, context_path, copy_arguments, env_pairs, go_quoted_list,
                                      json_args, parse_dockerfile)
from simulator.cli.options import Flag, parse
from simulator.cli.result import Result

BUILD_FLAGS = [Flag(("-t", "--tag"), "tag", True, True), Flag(("-f", "--file"), "file", True),
               Flag(("-q", "--quiet"), "quiet"), Flag(("--no-cache",), "no_cache"),
               Flag(("--network",), "network", True), Flag(("--progress",), "progress", True),
               Flag(("--pull",), "pull")]
LAYER_STEPS = ("FROM", "RUN", "COPY", "WORKDIR")
COMMENT = "buildkit.dockerfile.v0"
DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
USAGE = ('"docker buildx build" requires exactly 1 argument.\nSee \'docker buildx build --help\'.\n\n'
         "Usage:  docker buildx build [OPTIONS] PATH | URL | -\n\nStart a build\n")


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
        return ('#0 building with "default" instance using docker driver\n\n' + "\n".join(self.lines)).rstrip("\n")

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
        proc = shell.Process(ns, cred, workdir, stage.env_dict(), budget=shell.Budget(parent=self.engine.work))
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
                existing = ns.resolve(dest_path)[1] if exists_parent(ns, dest_path) else None
                if into_dir or is_dir(existing):
                    target = paths.join(dest_path, paths.basename(spath))
                mkdir_p(ns, paths.parent(target))
                put(ns, target, st.entry, owner)
        return f"COPY {ins.args} # buildkit"


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
