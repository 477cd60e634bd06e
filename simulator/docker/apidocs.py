"""The engine's API documents (what dockerd sends the CLI): `GET /containers/{id}/json` (docker
inspect), `GET /containers/json` (docker ps) and a volume. Field order, nulls and defaults are
those of the real Docker 26.1.5 engine the recordings are made with (tools/docker_recorder's
engine: no bridge network, so no IP addresses). Times are the simulator's fixed clock:
everything happened at CREATED."""
from __future__ import annotations

import hashlib

from simulator.docker.container import DATA_ROOT

CREATED = "2024-01-01T00:00:00Z"
CREATED_UNIX = 1704067200
ZERO_TIME = "0001-01-01T00:00:00Z"
MASKED_PATHS = ["/proc/asound", "/proc/acpi", "/proc/kcore", "/proc/keys", "/proc/latency_stats",
                "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi", "/sys/firmware",
                "/sys/devices/virtual/powercap"]
READONLY_PATHS = ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"]


def layer_dir(key: str) -> str:
    return f"{DATA_ROOT}/overlay2/{hashlib.sha256(key.encode()).hexdigest()}"


def upper_size(c) -> int:
    """overlay2's SizeRw: bytes of every non-directory in the upper directory (whiteouts are
    0, a symlink is the length of its target)."""
    return sum(e.size if e.kind == "file" else len(e.target.encode()) if e.kind == "symlink" else 0
               for _, e in c.upper.walk())


def _endpoint() -> dict:
    return {"IPAMConfig": None, "Links": None, "Aliases": None, "MacAddress": "", "NetworkID": "",
            "EndpointID": "", "Gateway": "", "IPAddress": "", "IPPrefixLen": 0, "IPv6Gateway": "",
            "GlobalIPv6Address": "", "GlobalIPv6PrefixLen": 0, "DriverOpts": None, "DNSNames": None}


def _host_mount(m) -> dict:
    """A --mount as HostConfig.Mounts keeps it (mount.Mount, empty fields left out)."""
    d = {"Type": m.type}
    source = m.name if m.type == "volume" else m.host_path if m.type == "bind" else ""
    if source and not m.unnamed:
        d["Source"] = source
    d["Target"] = m.target
    if not m.rw:
        d["ReadOnly"] = True
    if m.type == "bind" and m.propagation:
        d["BindOptions"] = {"Propagation": m.propagation}
    if m.type == "volume" and (m.nocopy or m.subpath):
        opts = {}
        if m.nocopy:
            opts["NoCopy"] = True
        if m.subpath:
            opts["Subpath"] = m.subpath
        opts["DriverConfig"] = {}          # the CLI makes one for any volume option
        d["VolumeOptions"] = opts
    if m.type == "tmpfs" and (m.tmpfs_size or m.tmpfs_mode):
        opts = {}
        if m.tmpfs_size:
            opts["SizeBytes"] = m.tmpfs_size
        if m.tmpfs_mode:
            opts["Mode"] = m.tmpfs_mode
        d["TmpfsOptions"] = opts
    return d


def _state(c) -> dict:
    return {"Status": c.status, "Running": c.running, "Paused": bool(c.paused), "Restarting": False,
            "OOMKilled": False, "Dead": False, "Pid": 1000 + c.created_seq if c.running else 0,
            "ExitCode": c.exit_code, "Error": c.start_error,
            "StartedAt": CREATED if c.status != "created" else ZERO_TIME,
            "FinishedAt": CREATED if c.status == "exited" else ZERO_TIME}


def _host_config(c) -> dict:
    tmpfs = {m.target: c.tmpfs_specs.get(m.target, "") for m in c.mounts if m.origin == "tmpfs"}
    hc = {"Binds": list(c.binds) or None, "ContainerIDFile": "", "LogConfig": {"Type": "json-file", "Config": {}},
          "NetworkMode": "bridge", "PortBindings": {}, "RestartPolicy": {"Name": "no", "MaximumRetryCount": 0},
          "AutoRemove": c.auto_remove, "VolumeDriver": "", "VolumesFrom": list(c.volumes_from) or None,
          "ConsoleSize": [0, 0], "CapAdd": None, "CapDrop": None, "CgroupnsMode": "host", "Dns": [],
          "DnsOptions": [], "DnsSearch": [], "ExtraHosts": None, "GroupAdd": None, "IpcMode": "private",
          "Cgroup": "", "Links": None, "OomScoreAdj": 0, "PidMode": "", "Privileged": False,
          "PublishAllPorts": False, "ReadonlyRootfs": c.read_only, "SecurityOpt": None}
    if tmpfs:
        hc["Tmpfs"] = dict(sorted(tmpfs.items()))
    hc.update({"UTSMode": "", "UsernsMode": "", "ShmSize": 67108864, "Runtime": "runc", "Isolation": "",
               "CpuShares": 0, "Memory": 0, "NanoCpus": 0, "CgroupParent": "", "BlkioWeight": 0,
               "BlkioWeightDevice": [], "BlkioDeviceReadBps": [], "BlkioDeviceWriteBps": [],
               "BlkioDeviceReadIOps": [], "BlkioDeviceWriteIOps": [], "CpuPeriod": 0, "CpuQuota": 0,
               "CpuRealtimePeriod": 0, "CpuRealtimeRuntime": 0, "CpusetCpus": "", "CpusetMems": "",
               "Devices": [], "DeviceCgroupRules": None, "DeviceRequests": None, "MemoryReservation": 0,
               "MemorySwap": 0, "MemorySwappiness": None, "OomKillDisable": False, "PidsLimit": None,
               "Ulimits": [], "CpuCount": 0, "CpuPercent": 0, "IOMaximumIOps": 0, "IOMaximumBandwidth": 0})
    mounts = [_host_mount(m) for m in c.mounts if m.origin == "mount"]
    if mounts:
        hc["Mounts"] = mounts
    hc["MaskedPaths"] = list(MASKED_PATHS)
    hc["ReadonlyPaths"] = list(READONLY_PATHS)
    return hc


def _network_settings(c) -> dict:
    key = hashlib.sha256(("sandbox" + c.id).encode()).hexdigest()
    return {"Bridge": "", "SandboxID": key if c.running else "",
            "SandboxKey": f"/var/run/docker/netns/{key[:12]}" if c.running else "", "Ports": {},
            "HairpinMode": False, "LinkLocalIPv6Address": "", "LinkLocalIPv6PrefixLen": 0,
            "SecondaryIPAddresses": None, "SecondaryIPv6Addresses": None, "EndpointID": "", "Gateway": "",
            "GlobalIPv6Address": "", "GlobalIPv6PrefixLen": 0, "IPAddress": "", "IPPrefixLen": 0,
            "IPv6Gateway": "", "MacAddress": "", "Networks": {"bridge": _endpoint()}}


def _config(c) -> dict:
    anon = {m.target: {} for m in c.mounts if m.origin in ("anon", "image")}
    for target in getattr(c.image, "volumes", ()):
        anon.setdefault(target, {})
    return {"Hostname": c.id[:12], "Domainname": "", "User": c.user or "", "AttachStdin": False,
            "AttachStdout": c.attached, "AttachStderr": c.attached, "Tty": False, "OpenStdin": False, "StdinOnce": False,
            "Env": [f"{k}={v}" for k, v in c.env.items()] or None, "Cmd": list(c.cmd) if c.cmd else None,
            "Image": c.image.name, "Volumes": dict(sorted(anon.items())) or None,
            "WorkingDir": "" if c.workdir == "/" else c.workdir, "Entrypoint": None, "OnBuild": None, "Labels": dict(getattr(c, "labels", {}) or {})}


def container_inspect(engine, c, size: bool = False) -> dict:
    """`docker inspect CONTAINER` as the engine sends it."""
    own = c.layer_dir
    lowers = [own + "-init/diff"] + [layer_dir(layer.id) + "/diff" for layer in reversed(c.image.layers)]
    cmd = list(c.cmd or [])
    started = c.status != "created"           # a container never started has no runtime files yet
    where = f"{DATA_ROOT}/containers/{c.id}/"
    doc = {"Id": c.id, "Created": CREATED, "Path": cmd[0] if cmd else "", "Args": cmd[1:],
           "State": _state(c), "Image": c.image.id,
           "ResolvConfPath": where + "resolv.conf" if started else "",
           "HostnamePath": where + "hostname" if started else "",
           "HostsPath": where + "hosts" if started else "",
           "LogPath": f"{where}{c.id}-json.log" if started else "",
           "Name": "/" + c.name, "RestartCount": 0, "Driver": "overlay2", "Platform": "linux",
           "MountLabel": "", "ProcessLabel": "", "AppArmorProfile": "", "ExecIDs": None,
           "HostConfig": _host_config(c),
           "GraphDriver": {"Data": {"LowerDir": ":".join(lowers), "MergedDir": own + "/merged",
                                    "UpperDir": own + "/diff", "WorkDir": own + "/work"}, "Name": "overlay2"}}
    if size:
        doc["SizeRw"] = upper_size(c)
        doc["SizeRootFs"] = upper_size(c) + c.image.size
    doc["Mounts"] = [m.inspect() for m in c.mounts if m.origin != "tmpfs"]
    doc["Config"] = _config(c)
    doc["NetworkSettings"] = _network_settings(c)
    return doc


def status_text(c, now_ms: int = 0) -> str:
    """The Status column of `docker ps`, on the engine's virtual clock (cli/procs.py): how long
    it has been up (`(Paused)` when paused) or since it exited, as go-units HumanDuration."""
    from simulator.docker.units import human_duration
    if c.status == "running":
        return f"Up {human_duration(max(0, now_ms - c.started_ms) / 1000)}" + (" (Paused)" if c.paused else "")
    if c.status == "exited":
        return f"Exited ({c.exit_code}) {human_duration(max(0, now_ms - c.finished_ms) / 1000)} ago"
    return "Created"


def container_summary(engine, c, size: bool = False) -> dict:
    """One entry of `GET /containers/json` (docker ps)."""
    cmd = list(c.cmd or [])
    args = " ".join(f"'{a}'" if " " in a else a for a in cmd[1:])
    doc = {"Id": c.id, "Names": ["/" + c.name], "Image": c.image.name, "ImageID": c.image.id,
           "Command": f"{cmd[0]} {args}" if args else cmd[0] if cmd else "", "Created": CREATED_UNIX, "Ports": []}
    if size:
        doc["SizeRw"] = upper_size(c)
        doc["SizeRootFs"] = upper_size(c) + c.image.size
    doc.update({"Labels": dict(getattr(c, "labels", {}) or {}), "State": c.status, "Status": status_text(c, engine.clock_ms),
                "HostConfig": {"NetworkMode": "bridge"}, "NetworkSettings": {"Networks": {"bridge": _endpoint()}},
                "Mounts": [m.inspect() for m in c.mounts if m.origin != "tmpfs"]})
    return doc


def volume_doc(engine, name: str) -> dict:
    """`docker volume inspect NAME` as the engine sends it."""
    v = engine.volumes[name]
    return {"CreatedAt": CREATED, "Driver": "local", "Labels": dict(v.labels) or None, "Mountpoint": v.source,
            "Name": name, "Options": dict(getattr(v, "options", {}) or {}) or None, "Scope": "local"}
