"""The Go types the docker CLI decodes the engine's JSON into (moby api/types, v26.1), so that a
template sees `.State`, `.Config`, `.HostConfig.Binds`, `.Mounts` ... with Go's field order,
types, nil slices/maps/pointers and zero values. Field lists are those of the real engine's
`docker inspect` JSON and of `{{.}}` / `{{printf "%T"}}` on it (tests/cli/data/gotemplate)."""
from __future__ import annotations

from functools import lru_cache

from simulator.cli.gotemplate.values import LazyStruct, Map, Named, Ptr, Slice, Struct

# one line per field: "GoName type [json-key] [,omitempty]"; "embed" marks an embedded field
SCHEMAS = {
    "types.ContainerJSON": """embed ContainerJSONBase *types.ContainerJSONBase
        Mounts []types.MountPoint
        Config *container.Config
        NetworkSettings *types.NetworkSettings""",
    "types.ContainerJSONBase": """ID string Id
        Created string
        Path string
        Args []string
        State *types.ContainerState
        Image string
        ResolvConfPath string
        HostnamePath string
        HostsPath string
        LogPath string
        Node *types.ContainerNode ,omitempty
        Name string
        RestartCount int
        Driver string
        Platform string
        MountLabel string
        ProcessLabel string
        AppArmorProfile string
        ExecIDs []string
        HostConfig *container.HostConfig
        GraphDriver types.GraphDriverData
        SizeRw *int64 ,omitempty
        SizeRootFs *int64 ,omitempty""",
    "types.ContainerState": """Status string
        Running bool
        Paused bool
        Restarting bool
        OOMKilled bool
        Dead bool
        Pid int
        ExitCode int
        Error string
        StartedAt string
        FinishedAt string
        Health *types.Health ,omitempty""",
    "types.Health": """Status string
        FailingStreak int
        Log []*types.HealthcheckResult""",
    "types.ContainerNode": """ID string
        IPAddress string IP
        Addr string
        Name string""",
    "types.GraphDriverData": """Data map[string]string
        Name string""",
    "types.MountPoint": """Type mount.Type ,omitempty
        Name string ,omitempty
        Source string
        Destination string
        Driver string ,omitempty
        Mode string
        RW bool
        Propagation mount.Propagation""",
    "container.Config": """Hostname string
        Domainname string
        User string
        AttachStdin bool
        AttachStdout bool
        AttachStderr bool
        ExposedPorts nat.PortSet ,omitempty
        Tty bool
        OpenStdin bool
        StdinOnce bool
        Env []string
        Cmd strslice.StrSlice
        Healthcheck *container.HealthConfig ,omitempty
        ArgsEscaped bool ,omitempty
        Image string
        Volumes map[string]struct {}
        WorkingDir string
        Entrypoint strslice.StrSlice
        NetworkDisabled bool ,omitempty
        MacAddress string ,omitempty
        OnBuild []string
        Labels map[string]string
        StopSignal string ,omitempty
        StopTimeout *int ,omitempty
        Shell strslice.StrSlice ,omitempty""",
    "container.HostConfig": """Binds []string
        ContainerIDFile string
        LogConfig container.LogConfig
        NetworkMode container.NetworkMode
        PortBindings nat.PortMap
        RestartPolicy container.RestartPolicy
        AutoRemove bool
        VolumeDriver string
        VolumesFrom []string
        ConsoleSize [2]uint
        Annotations map[string]string ,omitempty
        CapAdd strslice.StrSlice
        CapDrop strslice.StrSlice
        CgroupnsMode container.CgroupnsMode
        DNS []string Dns
        DNSOptions []string DnsOptions
        DNSSearch []string DnsSearch
        ExtraHosts []string
        GroupAdd []string
        IpcMode container.IpcMode
        Cgroup container.CgroupSpec
        Links []string
        OomScoreAdj int
        PidMode container.PidMode
        Privileged bool
        PublishAllPorts bool
        ReadonlyRootfs bool
        SecurityOpt []string
        StorageOpt map[string]string ,omitempty
        Tmpfs map[string]string ,omitempty
        UTSMode container.UTSMode
        UsernsMode container.UsernsMode
        ShmSize int64
        Sysctls map[string]string ,omitempty
        Runtime string ,omitempty
        Isolation container.Isolation
        embed Resources container.Resources
        Mounts []mount.Mount ,omitempty
        MaskedPaths []string
        ReadonlyPaths []string
        Init *bool ,omitempty""",
    "container.LogConfig": """Type string
        Config map[string]string""",
    "container.RestartPolicy": """Name container.RestartPolicyMode
        MaximumRetryCount int""",
    "container.Resources": """CPUShares int64 CpuShares
        Memory int64
        NanoCPUs int64 NanoCpus
        CgroupParent string
        BlkioWeight uint16
        BlkioWeightDevice []*blkiodev.WeightDevice
        BlkioDeviceReadBps []*blkiodev.ThrottleDevice
        BlkioDeviceWriteBps []*blkiodev.ThrottleDevice
        BlkioDeviceReadIOps []*blkiodev.ThrottleDevice
        BlkioDeviceWriteIOps []*blkiodev.ThrottleDevice
        CPUPeriod int64 CpuPeriod
        CPUQuota int64 CpuQuota
        CPURealtimePeriod int64 CpuRealtimePeriod
        CPURealtimeRuntime int64 CpuRealtimeRuntime
        CpusetCpus string
        CpusetMems string
        Devices []container.DeviceMapping
        DeviceCgroupRules []string
        DeviceRequests []container.DeviceRequest
        KernelMemory int64 ,omitempty
        KernelMemoryTCP int64 ,omitempty
        MemoryReservation int64
        MemorySwap int64
        MemorySwappiness *int64
        OomKillDisable *bool
        PidsLimit *int64
        Ulimits []*units.Ulimit
        CPUCount int64 CpuCount
        CPUPercent int64 CpuPercent
        IOMaximumIOps uint64
        IOMaximumBandwidth uint64""",
    "mount.Mount": """Type mount.Type ,omitempty
        Source string ,omitempty
        Target string ,omitempty
        ReadOnly bool ,omitempty
        Consistency mount.Consistency ,omitempty
        BindOptions *mount.BindOptions ,omitempty
        VolumeOptions *mount.VolumeOptions ,omitempty
        TmpfsOptions *mount.TmpfsOptions ,omitempty
        ClusterOptions *mount.ClusterOptions ,omitempty""",
    "mount.BindOptions": """Propagation mount.Propagation ,omitempty
        NonRecursive bool ,omitempty
        CreateMountpoint bool ,omitempty
        ReadOnlyNonRecursive bool ,omitempty
        ReadOnlyForceRecursive bool ,omitempty""",
    "mount.VolumeOptions": """NoCopy bool ,omitempty
        Labels map[string]string ,omitempty
        Subpath string ,omitempty
        DriverConfig *mount.Driver ,omitempty""",
    "mount.Driver": """Name string ,omitempty
        Options map[string]string ,omitempty""",
    "mount.TmpfsOptions": """SizeBytes int64 ,omitempty
        Mode os.FileMode ,omitempty""",
    "types.NetworkSettings": """embed NetworkSettingsBase types.NetworkSettingsBase
        embed DefaultNetworkSettings types.DefaultNetworkSettings
        Networks map[string]*network.EndpointSettings""",
    "types.NetworkSettingsBase": """Bridge string
        SandboxID string
        SandboxKey string
        Ports nat.PortMap
        HairpinMode bool
        LinkLocalIPv6Address string
        LinkLocalIPv6PrefixLen int
        SecondaryIPAddresses []network.Address
        SecondaryIPv6Addresses []network.Address""",
    "types.DefaultNetworkSettings": """EndpointID string
        Gateway string
        GlobalIPv6Address string
        GlobalIPv6PrefixLen int
        IPAddress string
        IPPrefixLen int
        IPv6Gateway string
        MacAddress string""",
    "network.EndpointSettings": """IPAMConfig *network.EndpointIPAMConfig
        Links []string
        Aliases []string
        MacAddress string
        NetworkID string
        EndpointID string
        Gateway string
        IPAddress string
        IPPrefixLen int
        IPv6Gateway string
        GlobalIPv6Address string
        GlobalIPv6PrefixLen int
        DriverOpts map[string]string
        DNSNames []string""",
    "volume.Volume": """ClusterVolume *volume.ClusterVolume ,omitempty
        CreatedAt string ,omitempty
        Driver string
        Labels map[string]string
        Mountpoint string
        Name string
        Options map[string]string
        Scope string
        Status map[string]interface {} ,omitempty
        UsageData *volume.UsageData ,omitempty""",
    "volume.UsageData": """RefCount int64
        Size int64""",
    "types.Container": """ID string Id
        Names []string
        Image string
        ImageID string
        Command string
        Created int64
        Ports []types.Port
        SizeRw int64 ,omitempty
        SizeRootFs int64 ,omitempty
        Labels map[string]string
        State string
        Status string
        HostConfig types.ContainerHostConfig
        NetworkSettings *types.SummaryNetworkSettings
        Mounts []types.MountPoint""",
    "types.ContainerHostConfig": """NetworkMode string ,omitempty""",
    "types.SummaryNetworkSettings": """Networks map[string]*network.EndpointSettings""",
    "types.ImageInspect": """ID string Id
        RepoTags []string
        RepoDigests []string
        Parent string
        Comment string
        Created string
        Container string ,omitempty
        ContainerConfig *container.Config ,omitempty
        DockerVersion string
        Author string
        Config *container.Config
        Architecture string
        Variant string ,omitempty
        Os string
        OsVersion string ,omitempty
        Size int64
        VirtualSize int64 ,omitempty
        GraphDriver types.GraphDriverData
        RootFS types.RootFS
        Metadata types.ImageMetadata""",
    "types.RootFS": """Type string
        Layers []string ,omitempty""",
    "types.ImageMetadata": """LastTagTime time.Time ,omitempty""",
}

NAMED = {        # named types: what they are underneath
    "strslice.StrSlice": "[]string", "nat.PortSet": "map[nat.Port]struct {}",
    "nat.PortMap": "map[nat.Port][]nat.PortBinding", "[2]uint": "[]uint",
}
NAMED_SCALARS = {"mount.Type", "mount.Propagation", "mount.Consistency", "container.NetworkMode",
                 "container.CgroupnsMode", "container.IpcMode", "container.CgroupSpec", "container.PidMode",
                 "container.UTSMode", "container.UsernsMode", "container.Isolation",
                 "container.RestartPolicyMode", "nat.Port"}
INTS = {"int", "int64", "uint16", "uint64", "uint", "os.FileMode"}


@lru_cache(maxsize=None)
def _fields(gotype: str) -> list[tuple[str, str, str, bool, bool]]:
    out = []
    for line in SCHEMAS[gotype].splitlines():
        words = line.split()
        embedded = words[0] == "embed"
        if embedded:
            words = words[1:]
        omitempty = words[-1] == ",omitempty"
        if omitempty:
            words = words[:-1]
        name, rest = words[0], words[1:]
        if len(rest) > 1 and not rest[-1].startswith(("{", "struct")) and rest[-1][0].isupper():
            typ, key = " ".join(rest[:-1]), rest[-1]
        else:
            typ, key = " ".join(rest), name
        out.append((name, typ, key, omitempty, embedded))
    return out


def decode(value, gotype: str):
    """The Go value encoding/json makes of `value` (decoded JSON) for a field of type gotype."""
    if gotype in NAMED:
        under = NAMED[gotype]
        got = decode(value, under)
        got.gotype = gotype
        return got
    if gotype.startswith("*"):
        if value is None:
            return Ptr(gotype)
        return Ptr(gotype, decode(value, gotype[1:]))
    if gotype.startswith("[]"):
        elem = gotype[2:]
        if value is None:
            return Slice((), gotype, nil=True)
        return Slice([decode(x, elem) for x in value], gotype)
    if gotype.startswith("map["):
        elem = gotype[gotype.index("]") + 1:]
        if value is None:
            return Map((), gotype, nil=True)
        return Map({k: decode(v, elem) for k, v in value.items()}, gotype)
    if gotype == "struct {}":
        return Struct("struct {}", {})
    if gotype == "interface {}":
        return value
    if gotype == "time.Time":
        return Named(value or "0001-01-01T00:00:00Z", gotype)
    if gotype == "string":
        return "" if value is None else value
    if gotype in NAMED_SCALARS:
        return Named("" if value is None else value, gotype)
    if gotype in INTS:
        return 0 if value is None else int(value)
    if gotype == "bool":
        return bool(value)
    if gotype == "float64":
        return 0.0 if value is None else float(value)
    if gotype not in SCHEMAS:                 # a type the simulator never fills: its zero value
        return Struct(gotype, {})
    value = value or {}
    spec = _fields(gotype)
    embedded = [name for name, _, _, _, is_embedded in spec if is_embedded]
    json = {name: (key, omitempty) for name, _, key, omitempty, is_embedded in spec
            if not is_embedded and (key != name or omitempty)}

    def make() -> dict:
        fields = {}
        for name, typ, key, omitempty, is_embedded in spec:
            if is_embedded:
                inner = typ.lstrip("*")
                decoded = decode(value, inner)
                fields[name] = Ptr(typ, decoded) if typ.startswith("*") else decoded
            else:
                fields[name] = decode(value.get(key), typ)
        return fields
    return LazyStruct(gotype, make, embedded, json)
