"""Each step replayed: `docker ...` with the real CLI (host paths rewritten, output mapped back), others on the host."""
from __future__ import annotations

import os
import posixpath
import shlex
import time

from . import host, sandbox
from .docker import TIMED_OUT, DockerCLI, Result
from .errors import Refused
from .paths import PathMap

# docker CLI 28 options that take no value (`docker run --help`); every other option takes one.
# Only needed to find where the options end (the IMAGE), so that the command's own
# arguments are never rewritten.
RUN_FLAGS = {"--detach", "--disable-content-trust", "--help", "--init", "--interactive",
             "--no-healthcheck", "--oom-kill-disable", "--privileged", "--publish-all", "--quiet",
             "--read-only", "--rm", "--sig-proxy", "--tty", "--use-api-socket"}
RUN_SHORT_FLAGS = set("ditPq")
BUILD_FLAGS = {"--no-cache", "--pull", "--quiet", "--rm", "--force-rm", "--load", "--push", "--help",
               "--compress", "--squash", "--disable-content-trust", "--check", "--debug"}
BUILD_SHORT_FLAGS = set("q")
GROUPS = ("container", "image", "volume", "builder")


def docker_argv(step: str) -> list | None:
    """The arguments after `docker`, or None for a host step (split as the simulator splits)."""
    words = step.split()
    return shlex.split(step)[1:] if words and words[0] == "docker" else None


def verb_of(argv: list) -> tuple[str, list]:
    """("run", args) for `docker run ...` and `docker container run ...`."""
    if len(argv) > 1 and argv[0] in GROUPS:
        return f"{argv[0]} {argv[1]}", argv[2:]
    return (argv[0], argv[1:]) if argv else ("", [])


def refusal(step: str) -> str | None:
    """Why STEP cannot be replayed faithfully, or None."""
    argv = docker_argv(step)
    if argv is None:
        return None
    if argv and argv[0].startswith("-"):
        return "global docker options are not replayed"
    verb, args = verb_of(argv)
    if verb == "compose":
        return "docker compose is not replayed (the engine has no compose plugin)"
    why = sandbox.verb_refusal(argv)
    if why:
        return why
    if verb in sandbox.CHECKED_VERBS:
        flags, short = (BUILD_FLAGS, BUILD_SHORT_FLAGS) if verb.endswith("build") else (RUN_FLAGS, RUN_SHORT_FLAGS)
        found: list = []
        opts, _ = options(args, flags, short, lambda name, value: found.append((name, value)) or value)
        why = sandbox.option_refusal(verb, opts)
        if why:
            return why
        for name, value in found:
            if name in ("-v", "--volume", "--mount"):
                try:
                    host.check_spec(name, value)
                except Refused as e:
                    return str(e)
    if verb == "volume create":
        opts = volume_opts(args)
        if opts.get("type", "tmpfs") not in ("tmpfs", "none") or (
                opts.get("type") == "none" and not opts.get("device", "/").startswith("/")):
            return ("volume driver options other than type=tmpfs and type=none,o=bind,device=/HOST/PATH are not "
                    "replayed: their files would live outside the recorder's reach")
    return None


def volume_opts(args: list) -> dict:
    """-o/--opt KEY=VALUE of `docker volume create`."""
    out, i = {}, 0
    while i < len(args):
        a = args[i]
        value = None
        if a in ("-o", "--opt") and i + 1 < len(args):
            value, i = args[i + 1], i + 1
        elif a.startswith("--opt="):
            value = a[6:]
        elif a.startswith("-o") and len(a) > 2:
            value = a[2:].lstrip("=")
        if value is not None:
            k, _, v = value.partition("=")
            out[k] = v
        i += 1
    return out


def check(steps, path: str) -> None:
    for i, step in enumerate(steps):
        why = refusal(step)
        if why:
            raise Refused(f"{path}: steps[{i}]: {why}: {step}")


def options(args: list, flags: set, short_flags: set, rewrite) -> tuple[list, list]:
    """Split ARGS into (options with REWRITE(name, value) applied to each value, the rest
    from the first positional on): cobra's `--name=v`, `--name v`, `-v X`, `-vX`, `-dv X`."""
    out, i = [], 0
    while i < len(args):
        a = args[i]
        if a == "--" or not a.startswith("-") or a == "-":
            break
        if a.startswith("--"):
            name, eq, value = a.partition("=")
            if eq:
                out.append(f"{name}={rewrite(name, value)}")
            elif name in flags or i + 1 >= len(args):
                out.append(a)
            else:
                out += [a, rewrite(name, args[i + 1])]
                i += 1
        else:
            j = 1
            while j < len(a) and a[j] in short_flags:
                j += 1
            if j == len(a):
                out.append(a)
            elif j + 1 < len(a):
                value = a[j + 1:].removeprefix("=")
                out.append(a[:j + 1] + rewrite("-" + a[j], value))
            elif i + 1 < len(args):
                out += [a, rewrite("-" + a[j], args[i + 1])]
                i += 1
            else:
                out.append(a)
        i += 1
    return out, args[i:]


def positionals(args: list, flags: set, short_flags: set) -> list:
    """Indexes of the positional arguments of a command whose options may follow them."""
    found, i = [], 0
    while i < len(args):
        a = args[i]
        if a == "--":
            return found + list(range(i + 1, len(args)))
        if a.startswith("--"):
            i += 1 if ("=" in a or a in flags) else 2
        elif a.startswith("-") and a != "-":
            rest = a[1:].lstrip("".join(short_flags))
            i += 2 if len(rest) == 1 else 1
        else:
            found.append(i)
            i += 1
    return found


class StepRunner:
    def __init__(self, cli: DockerCLI, paths: PathMap, dockerfiles: dict, dockerfile_dir: str):
        self.cli, self.paths = cli, paths
        self.dockerfiles, self.dockerfile_dir = dockerfiles, dockerfile_dir
        self.notes: list = []
        self.seconds: list = []          # each step's duration (run_all)

    def rewrite(self, argv: list) -> list:
        verb, args = verb_of(argv)
        lead = argv[:len(argv) - len(args)]
        if verb in ("run", "create", "container run", "container create"):
            opts, rest = options(args, RUN_FLAGS, RUN_SHORT_FLAGS, self.mount_value)
            return lead + opts + rest
        if verb in ("build", "image build", "buildx build"):
            return lead + self.build_args(args)
        if verb in ("cp", "container cp"):
            return lead + self.cp_args(args)
        if verb == "volume create" and volume_opts(args).get("type") == "none":
            return lead + [self.device_arg(a) for a in args]
        return argv

    def device_arg(self, a: str) -> str:
        """-o device=/HOST/PATH of a bind-type volume: the path inside the host directory."""
        for prefix in ("device=", "--opt=device="):
            if a.startswith(prefix) and a[len(prefix):].startswith("/"):
                clean = sandbox.clean_host_path(a[len(prefix):])
                sandbox.real_host_path(self.paths.host_root, posixpath.dirname(clean))
                return prefix + self.paths.host_root.rstrip("/") + clean
        return a

    def cp_args(self, args: list) -> list:
        """The host side of `docker cp` (a path that names no container) inside the host
        directory: `/x` and `x` are the scenario's `/x`; nothing may lead out of it."""
        out = list(args)
        for i in positionals(args, {"-a", "--archive", "-L", "--follow-link", "-q", "--quiet"}, set("aLq")):
            a = args[i]
            if not a.startswith("/") and ":" in a:
                continue
            clean = sandbox.clean_host_path(a)
            sandbox.real_host_path(self.paths.host_root, posixpath.dirname(clean))
            tail = "/." if a.endswith("/.") else "/" if a.endswith("/") and clean != "/" else ""
            out[i] = self.paths.host_root.rstrip("/") + clean + tail
        return out

    def mount_value(self, name: str, value: str) -> str:
        if name in ("-v", "--volume"):
            return host.volume_spec(value, self.paths)
        if name == "--mount":
            return host.mount_spec(value, self.paths)
        return value

    def build_args(self, args: list) -> list:
        """`-t NAME DOCKERFILE_NAME` -> `-f <its text> <host root as the context>`: COPY takes
        the scenario's host files. BuildKit RUN needs `--network none` on an engine without
        a bridge."""
        pos = positionals(args, BUILD_FLAGS, BUILD_SHORT_FLAGS)
        if len(pos) != 1:
            return args
        target = args[pos[0]]
        if target in self.dockerfiles:
            context = ["-f", os.path.join(self.dockerfile_dir, target, "Dockerfile"), self.paths.host_root]
        elif target.startswith("/"):
            context = [self.paths.real(target)]
        else:
            context = [target]
        network = [] if any(a == "--network" or a.startswith("--network=") for a in args) else ["--network", "none"]
        return args[:pos[0]] + network + context + args[pos[0] + 1:]

    def run(self, number: int, step: str) -> Result:
        argv = docker_argv(step)
        if argv is None:
            r = host.run_step(self.paths.host_root, step)
        else:
            lines = getattr(step, "input", None)
            if lines is not None and any(a in ("-t", "--tty") or (a.startswith("-") and not a.startswith("--")
                                                                  and "t" in a[1:]) for a in argv[1:]):
                r = self.cli.run_terminal(self.rewrite(argv), lines)        # a person at a terminal
            elif lines is not None:
                r = self.cli.run(self.rewrite(argv), stdin_writer=lambda pipe: pipe.write(
                    "".join(line + "\n" for line in lines).encode()))
            else:
                r = self.cli.run(self.rewrite(argv))
            r = Result(r.exit_code, self.paths.shown(r.stdout), self.paths.shown(r.stderr))
        if r.exit_code == TIMED_OUT:
            self.notes.append(f"step {number}: exit 124 may be a timeout (the command was killed after "
                              "the step timeout; a container may have kept running)")
        return r


class VolumeWatch:
    """`volume-create` / `volume-remove` events, observed by listing the volumes after each step
    (a volume that came and went within one step, as with --rm, is not seen)."""

    def __init__(self, cli: DockerCLI):
        self.cli, self.known = cli, set(cli.ids(["volume", "ls", "-q"]))

    def events(self) -> list:
        now = set(self.cli.ids(["volume", "ls", "-q"]))
        new = sorted(self.cli.inspect("volume", sorted(now - self.known)),
                     key=lambda v: (v.get("CreatedAt", ""), v["Name"]))
        out = [{"type": "volume-create", "volume": v["Name"],
                "anonymous": "com.docker.volume.anonymous" in (v.get("Labels") or {})} for v in new]
        out += [{"type": "volume-remove", "volume": n} for n in sorted(self.known - now)]
        self.known = now
        return out


def run_all(runner: StepRunner, watch: VolumeWatch, steps) -> list:
    out = []
    for number, step in enumerate(steps, 1):
        start = time.monotonic()
        r = runner.run(number, step)
        # how long the step took, to the tenth of a second (the simulator's virtual clock is
        # held to it: a `docker stop` grace period, a host sleep, a `docker wait`)
        runner.seconds.append(round(time.monotonic() - start, 1))
        out.append({"command": str(step), "exit_code": r.exit_code, "stdout": r.stdout, "stderr": r.stderr,
                    "events": watch.events()})
        if getattr(step, "input", None) is not None:
            out[-1]["input"] = list(step.input)
    return out
