"""What a replayed step may ask of the real engine (which runs as root): no privileged or
host-namespace options, no host file read or written by the CLI, no host path outside the
recorder's host directory."""
from __future__ import annotations

import os
import posixpath

from .errors import Refused

# Options that give a container more than a default one has (devices, capabilities, the
# host's namespaces, unconfined profiles) or make the CLI read or write a host file that
# is not the scenario's. Refused wherever they appear among a command's options.
PRIVILEGED = {
    "--privileged": "a privileged container",
    "--cap-add": "added capabilities",
    "--security-opt": "security options",
    "--device": "host devices",
    "--device-cgroup-rule": "host devices",
    "--device-read-bps": "host devices", "--device-write-bps": "host devices",
    "--device-read-iops": "host devices", "--device-write-iops": "host devices",
    "--gpus": "host devices",
    "--cgroup-parent": "the host's cgroups",
    "--runtime": "another runtime",
    "--sysctl": "kernel parameters",
    "--volume-driver": "volume drivers",
    "--cidfile": "a file the CLI writes on the host",
    "--env-file": "a host file the CLI reads",
    "--label-file": "a host file the CLI reads",
    "--allow": "BuildKit entitlements",
    "--file": "a Dockerfile outside the scenario (use dockerfiles:)",
    "-f": "a Dockerfile outside the scenario (use dockerfiles:)",
    "--output": "files the CLI writes on the host",
    "-o": "files the CLI writes on the host",
    "--iidfile": "a file the CLI writes on the host",
    "--metadata-file": "a file the CLI writes on the host",
    "--secret": "host files as build secrets",
    "--ssh": "the host's SSH agent",
    "--cache-from": "a host build cache", "--cache-to": "a host build cache",
    "--build-context": "another build context",
}
# Options naming one of the host's namespaces when their value is `host` (or another
# container's, which can be the host's in turn).
NAMESPACES = {"--pid", "--ipc", "--uts", "--userns", "--cgroupns", "--network", "--net"}
# Verbs whose options are checked, as (verb, flags that take no value, short flags).
# `build`'s `-f` and `-o` are refused; `run`'s `-o` does not exist.
CHECKED_VERBS = {"run", "create", "container run", "container create", "exec", "container exec",
                 "build", "image build", "buildx build"}
# The only docker commands replayed (the ones the simulator has): anything else (cp,
# save, load, import, plugin, swarm, context, ...) reads or writes the real host.
REPLAYED = {"run", "create", "start", "stop", "restart", "rm", "exec", "logs", "volume", "build",
            "buildx", "commit", "images", "history", "rmi", "image", "ps", "diff", "inspect",
            "container", "kill", "wait", "pause", "unpause", "top", "cp", "rename", "system"}
CONTAINER_VERBS = {"run", "create", "start", "stop", "restart", "rm", "exec", "logs", "ls", "list",
                   "remove", "ps", "diff", "inspect", "commit", "kill", "wait", "pause", "unpause", "top",
                   "cp", "rename", "prune"}
IMAGE_VERBS = {"ls", "list", "history", "rm", "inspect", "build", "prune"}
SYSTEM_VERBS = {"df"}          # `docker cp`'s host side is rewritten into the host directory (steps.py)


def option_refusal(verb: str, opts: list) -> str | None:
    """Why one of OPTS (a command's options, before its positional arguments) is refused."""
    i = 0
    while i < len(opts):
        a = opts[i]
        name, eq, value = a.partition("=") if a.startswith("--") else (a, "", "")
        if not a.startswith("--") and len(a) > 2:          # -dv X, -fX: the last letter may take a value
            name = next((f"-{c}" for c in a[1:] if f"-{c}" in PRIVILEGED), a[:2])
        if not eq and i + 1 < len(opts) and not opts[i + 1].startswith("-"):
            value = opts[i + 1]
        if name in ("-f", "-o") and not verb.endswith("build"):
            name = ""
        if name in PRIVILEGED:
            return f"{name} ({PRIVILEGED[name]}) is not replayed"
        if name in NAMESPACES and (value == "host" or value.startswith("container:")):
            return f"{name}={value} (the host's namespaces) is not replayed"
        if name == "--mount" and ("bind-propagation" in value or "volume-opt" in value and not all(
                o in ("type=tmpfs", "device=tmpfs") or o.startswith("o=size=")
                for o in [p.strip('"').partition("=")[2] for p in value.split(",") if "volume-opt" in p])):
            return "--mount volume-opt (other than a tmpfs volume's)/bind-propagation is not replayed"
        i += 1
    return None


def verb_refusal(argv: list) -> str | None:
    if not argv:
        return None
    if argv[0] not in REPLAYED:
        return f"docker {argv[0]} is not replayed (it reads or writes the real host)"
    if argv[0] == "container" and len(argv) > 1 and argv[1] not in CONTAINER_VERBS:
        return f"docker container {argv[1]} is not replayed (it reads or writes the real host)"
    if argv[0] == "image" and len(argv) > 1 and argv[1] not in IMAGE_VERBS:
        return f"docker image {argv[1]} is not replayed (it reads or writes the real host)"
    if argv[0] == "system" and (len(argv) < 2 or argv[1] not in SYSTEM_VERBS):
        return f"docker {' '.join(argv[:2])} is not replayed (it reads or writes the real host)"
    cp = argv[1:] if argv[0] == "cp" else argv[2:] if argv[:2] == ["container", "cp"] else None
    if cp is not None and "-" in cp:
        return "docker cp with - (a tar stream on the CLI's stdin or stdout) is not replayed"
    return None


def clean_host_path(host_path: str) -> str:
    """The scenario's host path as the scenario's host sees it: `..` at the root stays
    there (as in a chroot), a relative path is relative to the host root (the CLI's cwd)."""
    path = posixpath.normpath(posixpath.join("/", host_path))
    return "/" + path.lstrip("/")


def inside(host_root: str, real: str) -> bool:
    return real == host_root or real.startswith(host_root.rstrip("/") + "/")


def real_host_path(host_root: str, host_path: str) -> str:
    """HOST_PATH (absolute or relative, as written in the step) as a real path below
    HOST_ROOT with no symlink left for dockerd to follow; Refused when the written path or
    a symlink on the way leads out of the host root."""
    joined = posixpath.normpath(host_root + "/" + host_path)
    if not inside(host_root, joined):
        raise Refused(f"host path {host_path!r} leads out of the scenario's host")
    resolved = os.path.realpath(joined)
    if not inside(os.path.realpath(host_root), resolved):
        raise Refused(f"host path {host_path!r} leads out of the scenario's host through a symlink")
    return resolved
