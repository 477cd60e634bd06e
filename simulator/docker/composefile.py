"""Compose projects: a scenario's `compose:` text loaded the way compose-go loads it (services, volumes, mounts).

Rules modelled (compose-go format/volume.go, loader; docker/compose 2.26.1 pkg/compose;
reference items 54-58, checked with Compose 2.26.1 on Docker 26.1.5):
- short syntax `[SOURCE:]TARGET[:MODE]` (`ParseVolume`): a source that starts with `.`,
  `/` or `~` is a bind, anything else a named volume, no source an anonymous volume;
  modes `ro`, `rw`, `nocopy`, propagation and `z`/`Z`; unknown modes are ignored;
  a short-syntax bind creates a missing host directory (it is sent as a legacy Bind);
- long syntax (`type`, `source`, `target`, `read_only`, `bind`, `volume`, `tmpfs`) is
  sent through the Mount API: a missing bind source is an error, unless
  `bind: {create_host_path: true}`;
- relative bind sources count from the project directory, which the simulator puts at
  the simulated host's `/` (the directory the docker CLI of a scenario runs in, as for
  `docker run -v ./x:/x`); `~` is /root;
- a named volume must be declared at the top level; it is created as PROJECT_KEY
  (or its `name:`), labelled com.docker.compose.project/volume; `external: true`
  volumes are never created or removed and must exist;
- the container of service S is PROJECT-S-1 (or its `container_name:`).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import yaml

from simulator.fs import paths

COMPOSE_VERSION = "2.26.1"
PROJECT_DIR = "/"
HOME = "/root"
PROPAGATIONS = ("rprivate", "private", "rshared", "shared", "rslave", "slave")
# Service keys that change nothing the simulator shows (networking, restart policy, ...).
IGNORED_SERVICE_KEYS = {"ports", "expose", "restart", "depends_on", "networks", "labels", "hostname",
                        "stop_grace_period", "healthcheck", "logging", "init"}
SERVICE_KEYS = {"image", "command", "volumes", "user", "working_dir", "environment", "read_only",
                "tmpfs", "container_name"} | IGNORED_SERVICE_KEYS
LONG_VOLUME_KEYS = {"type", "source", "target", "read_only", "bind", "volume", "tmpfs", "consistency"}
TOP_KEYS = {"services", "volumes", "name", "version", "networks"}
VOLUME_KEYS = {"name", "external", "driver", "driver_opts", "labels"}


class ComposeError(Exception):
    """Compose refused the project or the command; `exit_code` is what compose exits with."""

    def __init__(self, message: str, exit_code: int = 15):
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code


@dataclass(frozen=True)
class ServiceVolume:
    type: str                         # volume | bind | tmpfs
    target: str
    source: str | None = None         # volume key, or the host path (resolved) of a bind
    read_only: bool = False
    nocopy: bool = False
    create_host_path: bool = False    # sent as a legacy Bind: the daemon makes the host directory
    propagation: str = ""
    selinux: str = ""
    tmpfs_size: object = None
    tmpfs_mode: object = None


@dataclass(frozen=True)
class Service:
    name: str
    image: str
    command: list | None = None
    user: str = ""
    working_dir: str = ""
    environment: tuple = ()           # ("K=V", ...)
    read_only: bool = False
    tmpfs: tuple = ()                 # HostConfig.Tmpfs targets (with options after ':')
    volumes: tuple = ()               # ServiceVolume
    container_name: str = ""


@dataclass(frozen=True)
class ProjectVolume:
    key: str
    name: str                         # the Docker volume's name
    external: bool = False


@dataclass(frozen=True)
class Project:
    name: str
    services: tuple = ()
    volumes: tuple = ()               # ProjectVolume, in file order
    networks: tuple = field(default=("default",))

    def volume(self, key: str) -> ProjectVolume | None:
        return next((v for v in self.volumes if v.key == key), None)

    def container_name(self, service: Service) -> str:
        return service.container_name or f"{self.name}-{service.name}-1"


# ---- short syntax (compose-go format.ParseVolume) ------------------------------------------
def _is_windows_drive(buffer: str, ch: str) -> bool:
    return ch == ":" and len(buffer) == 1 and buffer.isalpha()


def is_file_path(source: str) -> bool:
    if not source:
        return False
    if source[0] in "./~" or source.startswith("\\\\"):
        return True
    return len(source) > 1 and _is_windows_drive(source[0], source[1])


def parse_volume(spec: str) -> ServiceVolume:
    """compose-go's ParseVolume: colon-separated sections; `${...}` may hold colons."""
    if not spec:
        raise ComposeError("invalid empty volume spec")
    if len(spec) <= 2:
        return ServiceVolume("volume", spec)
    parts: dict = {"source": None, "target": None, "options": None}
    buffer, in_var = "", 0

    def section(end: str) -> None:
        if not buffer:
            raise ComposeError(f"invalid spec: {spec}: empty section between colons")
        if parts["source"] is None and end == "":
            parts["target"] = buffer
        elif parts["source"] is None:
            parts["source"] = buffer
        elif parts["target"] is None:
            parts["target"] = buffer
        elif end == ":":
            raise ComposeError(f"invalid spec: {spec}: too many colons")
        else:
            parts["options"] = buffer

    prev = ""
    for ch in spec:
        if _is_windows_drive(buffer, ch) and parts["source"] is None:
            buffer += ch
        elif ch == "$":
            buffer += ch
        elif ch == "{" and prev == "$":
            in_var += 1
            buffer += ch
        elif ch == "}" and in_var:
            in_var -= 1
            buffer += ch
        elif ch == ":" and not in_var:
            section(":")
            buffer = ""
        else:
            buffer += ch
        prev = ch
    section("")
    source, target = parts["source"], parts["target"]
    read_only, nocopy, propagation, selinux = False, False, "", ""
    for option in (parts["options"] or "").split(","):
        if option == "ro":
            read_only = True
        elif option == "rw":
            read_only = False
        elif option == "nocopy":
            nocopy = True
        elif option in PROPAGATIONS:
            propagation = option
        elif option in ("z", "Z"):
            selinux = option
        # compose ignores any other option
    if is_file_path(source or ""):
        return ServiceVolume("bind", target, source, read_only, False, True, propagation, selinux)
    return ServiceVolume("volume", target, source, read_only, nocopy)


def resolve_bind_source(source: str) -> str:
    """A bind source on the simulated host: `./x` and `../x` from the project directory, `~` is HOME."""
    if source == "~" or source.startswith("~/"):
        source = HOME + source[1:]
    if not source.startswith("/"):
        source = paths.join(PROJECT_DIR, source)
    return paths.normalise(source)


# ---- long syntax ---------------------------------------------------------------------------
def parse_long_volume(item: dict, where: str) -> ServiceVolume:
    unknown = sorted(set(item) - LONG_VOLUME_KEYS)
    if unknown:
        raise ComposeError(f"validating {COMPOSE_FILE}: {where} Additional property {unknown[0]} is not allowed")
    kind = item.get("type")
    if kind not in ("volume", "bind", "tmpfs"):
        raise ComposeError(f"validating {COMPOSE_FILE}: {where}.type must be one of the following: "
                           '"bind", "volume", "tmpfs", "cluster", "npipe", "image"' if kind is not None else
                           f"validating {COMPOSE_FILE}: {where} type is required")
    target = item.get("target")
    if not target:
        raise ComposeError(f"validating {COMPOSE_FILE}: {where} target is required")
    source = item.get("source")
    bind = item.get("bind") or {}
    volume = item.get("volume") or {}
    tmpfs = item.get("tmpfs") or {}
    if kind == "bind" and not source:
        raise ComposeError('invalid mount config for type "bind": field Source must not be empty')
    return ServiceVolume(kind, str(target), str(source) if source is not None else None,
                         bool(item.get("read_only", False)), bool(volume.get("nocopy", False)),
                         # a `bind:` block implies create_host_path: true unless it says false
                         kind == "bind" and "bind" in item and bind.get("create_host_path", True) is not False,
                         str(bind.get("propagation", "")), str(bind.get("selinux", "")),
                         tmpfs.get("size"), tmpfs.get("mode"))


COMPOSE_FILE = "/compose.yaml"


# ---- the whole file ------------------------------------------------------------------------
def load_project(name: str, text: str) -> Project:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as e:
        raise ComposeError(f"yaml: {e}")
    except (RecursionError, ValueError, OverflowError) as e:        # nested too deep, a 5,000-digit number
        raise ComposeError(f"yaml: {type(e).__name__}")
    if not isinstance(data, dict):
        raise ComposeError(f"validating {COMPOSE_FILE}: (root) must be a mapping")
    unknown = sorted(set(map(str, data)) - TOP_KEYS)
    if unknown:
        raise ComposeError(f"validating {COMPOSE_FILE}: (root) Additional property {unknown[0]} is not allowed")
    volumes = _project_volumes(name, data.get("volumes") or {})
    services = []
    if not isinstance(data.get("services") or {}, dict):
        raise ComposeError(f"validating {COMPOSE_FILE}: services must be a mapping")
    for sname, spec in (data.get("services") or {}).items():
        services.append(_service(str(sname), spec or {}, volumes))
    if not services:
        raise ComposeError("no service selected", 1)
    return Project(name, tuple(services), tuple(volumes.values()))


def _project_volumes(project: str, spec) -> dict:
    if not isinstance(spec, dict):
        raise ComposeError(f"validating {COMPOSE_FILE}: volumes must be a mapping")
    out = {}
    for key, conf in spec.items():
        key = str(key)
        conf = conf or {}
        if not isinstance(conf, dict):
            raise ComposeError(f"validating {COMPOSE_FILE}: volumes.{key} must be a mapping or null")
        unknown = sorted(set(map(str, conf)) - VOLUME_KEYS)
        if unknown:
            raise ComposeError(f"validating {COMPOSE_FILE}: volumes.{key} Additional property {unknown[0]} "
                               "is not allowed")
        external = conf.get("external", False)
        if isinstance(external, dict):            # the deprecated `external: {name: x}`
            conf = {**conf, "name": external.get("name", conf.get("name"))}
            external = True
        if external:
            for other in ("driver", "driver_opts", "labels"):
                if other in conf:
                    raise ComposeError(f'volumes.{key}: conflicting parameters "external" and "{other}" specified')
        if conf.get("driver") not in (None, "local") or conf.get("driver_opts"):
            raise ComposeError(f"volumes.{key}: the simulator models the local driver without options only")
        vname = str(conf["name"]) if conf.get("name") else (key if external else f"{project}_{key}")
        out[key] = ProjectVolume(key, vname, bool(external))
    return out


def _is_text_list(value) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _scalar(value) -> bool:
    return value is None or isinstance(value, (str, int, float, bool))


# compose-go's schema, for the keys the simulator reads: each value's type is checked before
# it is used (a YAML alias bomb in `command:` is refused, never turned into text)
_SCHEMA = {
    "image": (lambda v: isinstance(v, str), "must be a string"),
    "command": (lambda v: v is None or isinstance(v, str) or _is_text_list(v), "must be a string or a list of strings"),
    "environment": (lambda v: v is None or _is_text_list(v) or isinstance(v, dict) and all(
        isinstance(k, str) and _scalar(x) for k, x in v.items()), "must be a mapping or a list of strings"),
    "tmpfs": (lambda v: v is None or isinstance(v, str) or _is_text_list(v), "must be a string or a list of strings"),
    "volumes": (lambda v: v is None or isinstance(v, list), "must be an array"),
    "user": (lambda v: isinstance(v, (str, int)) and not isinstance(v, bool), "must be a string"),
    "working_dir": (lambda v: isinstance(v, str), "must be a string"),
    "container_name": (lambda v: isinstance(v, str), "must be a string"),
    "read_only": (lambda v: isinstance(v, bool), "must be a boolean"),
}


def _check_types(name: str, spec: dict) -> None:
    for key, (ok, words) in _SCHEMA.items():
        if key in spec and not ok(spec[key]):
            raise ComposeError(f"validating {COMPOSE_FILE}: services.{name}.{key} {words}")


def _service(name: str, spec: dict, volumes: dict) -> Service:
    if not isinstance(spec, dict):
        raise ComposeError(f"validating {COMPOSE_FILE}: services.{name} must be a mapping")
    unknown = sorted(set(map(str, spec)) - SERVICE_KEYS)
    if unknown:
        if unknown[0] in ("build", "volumes_from", "entrypoint", "secrets", "configs", "devices"):
            raise ComposeError(f"services.{name}.{unknown[0]}: the simulator does not model this key")
        raise ComposeError(f"validating {COMPOSE_FILE}: services.{name} Additional property {unknown[0]} "
                           "is not allowed")
    if not spec.get("image"):
        raise ComposeError(f'service "{name}" has neither an image nor a build context specified: '
                           "invalid compose project")
    _check_types(name, spec)
    mounts = []
    for i, item in enumerate(spec.get("volumes") or []):
        where = f"services.{name}.volumes.{i}"
        if isinstance(item, str):
            v = parse_volume(item)
        elif isinstance(item, dict):
            v = parse_long_volume(item, where)
        else:
            raise ComposeError(f"validating {COMPOSE_FILE}: {where} must be a string or a mapping")
        target = v.target
        if not target.startswith("/"):
            target = target          # the daemon refuses it: "invalid mount path ... must be absolute"
        else:
            target = paths.normalise(target)
        if v.type == "bind":
            v = ServiceVolume(v.type, target, resolve_bind_source(v.source), v.read_only, v.nocopy,
                              v.create_host_path, v.propagation, v.selinux)
        elif v.type == "volume" and v.source:
            if v.source not in volumes:
                raise ComposeError(f'service "{name}" refers to undefined volume {v.source}: invalid compose project')
            v = ServiceVolume(v.type, target, v.source, v.read_only, v.nocopy)
        else:
            v = ServiceVolume(v.type, target, v.source, v.read_only, v.nocopy, False, "", "",
                              v.tmpfs_size, v.tmpfs_mode)
        mounts.append(v)
    command = spec.get("command")
    if isinstance(command, str):
        import shlex
        command = shlex.split(command)
    env = spec.get("environment") or []
    if isinstance(env, dict):
        env = [f"{k}={'' if v is None else v}" for k, v in env.items()]
    tmpfs = spec.get("tmpfs") or []
    if isinstance(tmpfs, str):
        tmpfs = [tmpfs]
    return Service(name, str(spec["image"]), list(map(str, command)) if command is not None else None,
                   str(spec.get("user") or ""), str(spec.get("working_dir") or ""), tuple(map(str, env)),
                   bool(spec.get("read_only", False)), tuple(map(str, tmpfs)), tuple(mounts),
                   str(spec.get("container_name") or ""))
