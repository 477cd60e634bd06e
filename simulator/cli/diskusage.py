"""`docker system df [-v] [--format]`: where the disk went, as the docker 26.1.5 CLI prints the
engine's /system/df (simulator.docker.diskusage): the summary table (TYPE TOTAL ACTIVE SIZE
RECLAIMABLE) or, with -v, every image, container, volume and build cache record."""
from __future__ import annotations

from simulator.cli import formatter
from simulator.cli.contexts import CREATED_AT, container_row, volume_row, VOLUME_HEADER, CONTAINER_HEADER
from simulator.cli.formatter import context
from simulator.cli.gotemplate.values import Slice, Struct
from simulator.cli.humanize import human_size
from simulator.cli.options import Flag, parse, usage_error
from simulator.cli.result import Result, cli_error
from simulator.docker import diskusage
from simulator.errors import DockerError

SUMMARY = "table {{.Type}}\t{{.TotalCount}}\t{{.Active}}\t{{.Size}}\t{{.Reclaimable}}"
SUMMARY_RAW = "type: {{.Type}}\ntotal: {{.TotalCount}}\nactive: {{.Active}}\nsize: {{.Size}}\nreclaimable: {{.Reclaimable}}\n"
SUMMARY_HEADER = {"Type": "TYPE", "TotalCount": "TOTAL", "Active": "ACTIVE", "Size": "SIZE",
                  "Reclaimable": "RECLAIMABLE"}
IMAGES_TABLE = ("table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}\t{{.SharedSize}}\t"
                "{{.UniqueSize}}\t{{.Containers}}")
CONTAINERS_TABLE = ("table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.LocalVolumes}}\t{{.Size}}\t{{.RunningFor}}\t"
                    "{{.Status}}\t{{.Names}}")
VOLUMES_TABLE = "table {{.Name}}\t{{.Links}}\t{{.Size}}"
CACHE_TABLE = ("table {{.ID}}\t{{.CacheType}}\t{{.Size}}\t{{.CreatedSince}}\t{{.LastUsedSince}}\t{{.UsageCount}}\t"
               "{{.Shared}}")
IMAGE_HEADER = {"ID": "IMAGE ID", "Repository": "REPOSITORY", "Tag": "TAG", "Digest": "DIGEST",
                "CreatedSince": "CREATED", "CreatedAt": "CREATED AT", "Size": "SIZE", "Containers": "CONTAINERS",
                "VirtualSize": "VIRTUAL SIZE", "SharedSize": "SHARED SIZE", "UniqueSize": "UNIQUE SIZE"}
CACHE_HEADER = {"ID": "CACHE ID", "CacheType": "CACHE TYPE", "Size": "SIZE", "CreatedSince": "CREATED",
                "LastUsedSince": "LAST USED", "UsageCount": "USAGE", "Shared": "SHARED"}


def _reclaimable(reclaim: int, total: int) -> str:
    if total > 0:
        return f"{human_size(reclaim)} ({reclaim * 100 // total}%)"
    return human_size(reclaim)


def summary_rows(du: dict) -> list:
    images, containers, volumes, cache = du["Images"], du["Containers"], du["Volumes"], du["BuildCache"]
    total = du["LayersSize"]
    used = sum(i["Size"] - i["SharedSize"] for i in images if i["Containers"])
    active = [c for c in containers if c["State"] in ("running", "paused", "restarting")]
    c_size = sum(c.get("SizeRw", 0) for c in containers)
    c_free = sum(c.get("SizeRw", 0) for c in containers if c not in active)
    v_size = sum(v["UsageData"]["Size"] for v in volumes)
    v_free = sum(v["UsageData"]["Size"] for v in volumes if not v["UsageData"]["RefCount"])
    b_size = du["BuilderSize"]
    b_used = sum(r["Size"] for r in cache if r["InUse"] and not r["Shared"])
    rows = [("Images", len(images), sum(1 for i in images if i["Containers"]), human_size(total),
             _reclaimable(total - used, total)),
            ("Containers", len(containers), len(active), human_size(c_size), _reclaimable(c_free, c_size)),
            ("Local Volumes", len(volumes), sum(1 for v in volumes if v["UsageData"]["RefCount"]),
             human_size(v_size), _reclaimable(v_free, v_size)),
            ("Build Cache", len(cache), sum(1 for r in cache if r["InUse"]), human_size(b_size),
             human_size(b_size - b_used))]
    gotypes = ["diskUsageImagesContext", "diskUsageContainersContext", "diskUsageVolumesContext",
               "diskUsageBuilderContext"]
    return [context("formatter." + gotype, {"Type": (lambda t=t: t), "TotalCount": (lambda n=n: str(n)),
                                            "Active": (lambda a=a: str(a)), "Size": (lambda s=s: s),
                                            "Reclaimable": (lambda r=r: r)})
            for gotype, (t, n, a, s, r) in zip(gotypes, rows)]


def image_row(doc: dict, trunc: bool):
    tags = doc["RepoTags"]
    repo, tag = ("<none>", "<none>")
    if tags:
        repo, _, tag = tags[0].rpartition(":")
    image_id = doc["Id"].split(":")[-1][:12] if trunc else doc["Id"]
    methods = {"ID": lambda: image_id, "Repository": lambda: repo, "Tag": lambda: tag, "Digest": lambda: "",
               "CreatedSince": lambda: "Less than a second ago", "CreatedAt": lambda: CREATED_AT,
               "Size": lambda: human_size(doc["Size"], 3), "Containers": lambda: str(doc["Containers"]),
               "VirtualSize": lambda: human_size(doc["Size"]), "SharedSize": lambda: human_size(doc["SharedSize"]),
               "UniqueSize": lambda: human_size(doc["Size"] - doc["SharedSize"])}
    return context("formatter.imageContext", methods)


def cache_row(doc: dict, trunc: bool):
    methods = {"ID": lambda: doc["ID"][:12] if trunc else doc["ID"], "CacheType": lambda: doc["Type"],
               "Size": lambda: human_size(doc["Size"], 3), "CreatedSince": lambda: "Less than a second ago",
               "LastUsedSince": lambda: "Less than a second ago", "UsageCount": lambda: str(doc["UsageCount"]),
               "Shared": lambda: "true" if doc["Shared"] else "false", "InUse": lambda: "true" if doc["InUse"]
               else "false", "Description": lambda: "", "Parent": lambda: "", "CreatedAt": lambda: CREATED_AT}
    return context("formatter.buildCacheContext", methods)


def _verbose(du: dict, fmt: str) -> str:
    trunc = fmt == "table"
    containers = [dict(c, SizeRootFs=0) for c in du["Containers"]]
    images = [image_row(i, trunc) for i in du["Images"]]
    conts = [container_row(c, trunc, True) for c in containers]
    vols = [volume_row(v) for v in du["Volumes"]]
    cache = [cache_row(r, trunc) for r in du["BuildCache"]]
    if fmt == "table":
        return ("Images space usage:\n\n" + formatter.write(IMAGES_TABLE, images, IMAGE_HEADER)
                + "\nContainers space usage:\n\n" + formatter.write(CONTAINERS_TABLE, conts, CONTAINER_HEADER)
                + "\nLocal Volumes space usage:\n\n" + formatter.write(VOLUMES_TABLE, vols, VOLUME_HEADER)
                + f"\nBuild cache usage: {human_size(du['BuilderSize'])}\n\n"
                + formatter.write(CACHE_TABLE, cache, CACHE_HEADER))
    value = Struct("formatter.diskUsageContext", {
        "Images": Slice(images, "[]*formatter.imageContext"),
        "Containers": Slice(conts, "[]*formatter.ContainerContext"),
        "Volumes": Slice(vols, "[]*formatter.volumeContext"),
        "BuildCache": Slice(cache, "[]*formatter.buildCacheContext")})
    text, _ = formatter.final_format(fmt)
    from simulator.cli import gotemplate
    try:
        return gotemplate.Template(text).execute(value)
    except gotemplate.TemplateError as e:
        raise DockerError(e.message, origin="cli", exit_code=1) from None


def docker_system(engine, argv) -> Result:
    if not argv or argv[0] != "df":
        sub = argv[0] if argv else ""
        return Result(1, "", f"docker: 'system {sub}' is not a docker command.\nSee 'docker system --help'\n")
    try:
        opts = parse(argv[1:], [Flag(("-v", "--verbose"), "verbose"), Flag(("--format",), "format", True)],
                     "system df", interspersed=True)
        if opts.args:
            raise usage_error("system df", "accepts no arguments", "system df [OPTIONS]", "Show docker disk usage")
        du = diskusage.disk_usage(engine)
        order = _image_order(engine)
        du["Images"].sort(key=lambda i: order.get(i["Id"], len(order)))
        fmt = opts.get("format") or "table"
        if opts.get("verbose"):
            return Result(0, _verbose(du, fmt), "")
        if fmt == "table":
            fmt = SUMMARY
        elif fmt == "raw":
            fmt = SUMMARY_RAW
        return Result(0, formatter.write(fmt, summary_rows(du), SUMMARY_HEADER), "")
    except DockerError as e:
        return cli_error(e)


def _image_order(engine) -> dict:
    from simulator.cli.images import all_images
    return {image.id: i for i, image in enumerate(all_images(engine))}
