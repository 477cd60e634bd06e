"""The rows `--format` sees in docker's lists (docker/cli formatter contexts, CLI 26.1): their
methods (`.ID`, `.Names`, `.Label "k"`, ...), their header names for `table`, and the
default formats."""
from __future__ import annotations

from simulator.cli import apitypes
from simulator.cli.formatter import context, table
from simulator.cli.gotemplate.gofmt import quote
from simulator.cli.gotemplate.values import Map, Method
from simulator.cli.humanize import human_size

CONTAINER_TABLE = "table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}"
CONTAINER_RAW = ("container_id: {{.ID}}\nimage: {{.Image}}\ncommand: {{.Command}}\ncreated_at: {{.CreatedAt}}\n"
                 "state: {{- pad .State 1 0}}\nstatus: {{- pad .Status 1 0}}\nnames: {{.Names}}\n"
                 "labels: {{- pad .Labels 1 0}}\nports: {{- pad .Ports 1 0}}\n")
CONTAINER_HEADER = {"ID": "CONTAINER ID", "Names": "NAMES", "Image": "IMAGE", "Command": "COMMAND",
                    "CreatedAt": "CREATED AT", "RunningFor": "CREATED", "Ports": "PORTS", "State": "STATE",
                    "Status": "STATUS", "Size": "SIZE", "Labels": "LABELS", "Mounts": "MOUNTS",
                    "LocalVolumes": "LOCAL VOLUMES", "Networks": "NETWORKS"}
VOLUME_TABLE = "table {{.Driver}}\t{{.Name}}"
VOLUME_HEADER = {"ID": "ID", "Name": "VOLUME NAME", "Group": "GROUP", "Driver": "DRIVER", "Scope": "SCOPE",
                 "Availability": "AVAILABILITY", "Mountpoint": "MOUNTPOINT", "Labels": "LABELS", "Links": "LINKS",
                 "Size": "SIZE", "Status": "STATUS"}
CREATED_AT = "2024-01-01 00:00:00 +0000 UTC"       # time.Unix(Created).String() of the simulator's clock


def ellipsis(s: str, width: int) -> str:
    """formatter.Ellipsis for text of one-column characters: cut to width-1 and add "…"."""
    if width <= 0:
        return ""
    if len(s) <= width:
        return s
    return s[:width - 1] + "\u2026" if width > 1 else s[:1]


def label_list(labels: dict | None) -> str:
    return ",".join(f"{k}={v}" for k, v in sorted((labels or {}).items()))


class _Row:
    """What a context's methods read: the engine's document and the CLI's options."""

    __slots__ = ("doc", "trunc", "labels")

    def __init__(self, doc: dict, trunc: bool = True):
        self.doc, self.trunc, self.labels = doc, trunc, doc.get("Labels") or {}


def _mounts(r: _Row) -> str:
    names = [m.get("Name") or m["Source"] for m in r.doc["Mounts"]]
    return ",".join(ellipsis(n, 15) if r.trunc else n for n in names)


def _size(r: _Row) -> str:
    rw = human_size(r.doc.get("SizeRw", 0), 3)
    root = r.doc.get("SizeRootFs", 0)
    return f"{rw} (virtual {human_size(root, 3)})" if root > 0 else rw


CONTAINER_METHODS = table({
    "ID": lambda r: r.doc["Id"][:12] if r.trunc else r.doc["Id"],
    "Names": lambda r: r.doc["Names"][0][1:] if r.trunc else ",".join(n[1:] for n in r.doc["Names"]),
    "Image": lambda r: r.doc["Image"] or "<no image>",
    "Command": lambda r: quote(ellipsis(r.doc["Command"], 20) if r.trunc else r.doc["Command"]),
    "CreatedAt": lambda r: CREATED_AT,
    "RunningFor": lambda r: "Less than a second ago",
    "Ports": lambda r: "",
    "State": lambda r: r.doc["State"],
    "Status": lambda r: r.doc["Status"],
    "Size": _size,
    "Labels": lambda r: label_list(r.labels),
    "Label": Method(lambda r, name: r.labels.get(name, ""), ("string",)),
    "Mounts": _mounts,
    "LocalVolumes": lambda r: str(sum(1 for m in r.doc["Mounts"] if m.get("Driver") == "local")),
    "Networks": lambda r: ",".join(sorted(r.doc["NetworkSettings"]["Networks"])),
})


def container_row(doc: dict, trunc: bool, size: bool):
    """A ContainerContext over one `GET /containers/json` entry."""
    summary = doc if size else {k: v for k, v in doc.items() if k not in ("SizeRw", "SizeRootFs")}
    return context("formatter.ContainerContext", CONTAINER_METHODS,
                   {"trunc": trunc, "c": apitypes.decode(summary, "types.Container"),
                    "FieldsUsed": Map((), "map[string]interface {}", nil=True)}, _Row(doc, trunc))


VOLUME_METHODS = table({
    "Name": lambda r: r.doc["Name"], "Driver": lambda r: r.doc["Driver"], "Scope": lambda r: r.doc["Scope"],
    "Mountpoint": lambda r: r.doc["Mountpoint"], "Labels": lambda r: label_list(r.labels),
    "Label": Method(lambda r, name: r.labels.get(name, ""), ("string",)),
    "Links": lambda r: str(r.doc["UsageData"]["RefCount"]) if r.doc.get("UsageData") else "N/A",
    "Size": lambda r: human_size(r.doc["UsageData"]["Size"]) if r.doc.get("UsageData") else "N/A",
    "Group": lambda r: "N/A", "Availability": lambda r: "N/A", "Status": lambda r: "N/A",
})


def volume_row(doc: dict):
    """A volumeContext over one volume (as `GET /volumes` lists it; `system df` adds UsageData)."""
    return context("formatter.volumeContext", VOLUME_METHODS, {"v": apitypes.decode(doc, "volume.Volume")},
                   _Row(doc))


IMAGE_LIST_TABLE = "table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}"
IMAGE_LIST_HEADER = {"ID": "IMAGE ID", "Repository": "REPOSITORY", "Tag": "TAG", "Digest": "DIGEST",
                     "CreatedSince": "CREATED", "CreatedAt": "CREATED AT", "Size": "SIZE",
                     "Containers": "CONTAINERS", "VirtualSize": "VIRTUAL SIZE", "SharedSize": "SHARED SIZE",
                     "UniqueSize": "UNIQUE SIZE"}
IMAGE_LIST_METHODS = table({
    "ID": lambda r: r.doc["ID"], "Repository": lambda r: r.doc["Repository"], "Tag": lambda r: r.doc["Tag"],
    "Digest": lambda r: "<none>", "CreatedSince": lambda r: r.doc["CreatedSince"],
    "CreatedAt": lambda r: CREATED_AT, "Size": lambda r: human_size(r.doc["bytes"], 3),
    "Containers": lambda r: "N/A", "VirtualSize": lambda r: human_size(r.doc["bytes"]),
    "SharedSize": lambda r: "N/A", "UniqueSize": lambda r: "N/A",
})


def image_list_row(row: dict):
    """An imageContext of `docker images`: row has Repository, Tag, ID, CreatedSince, bytes."""
    return context("formatter.imageContext", IMAGE_LIST_METHODS, {}, _Row(row))


HISTORY_TABLE = "table {{.ID}}\t{{.CreatedSince}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}"
HISTORY_HEADER = {"ID": "IMAGE", "CreatedSince": "CREATED", "CreatedAt": "CREATED AT", "CreatedBy": "CREATED BY",
                  "Size": "SIZE", "Comment": "COMMENT"}
HISTORY_METHODS = table({
    "ID": lambda r: r.doc["ID"], "CreatedSince": lambda r: r.doc["CreatedSince"],
    "CreatedAt": lambda r: "2024-01-01T00:00:00Z", "CreatedBy": lambda r: r.doc["CreatedBy"],
    "Size": lambda r: human_size(r.doc["bytes"], 3), "Comment": lambda r: r.doc["Comment"],
})


def history_row(row: dict):
    """A historyContext of `docker history`: row has ID, CreatedSince, CreatedBy, bytes, Comment."""
    return context("image.historyContext", HISTORY_METHODS, {}, _Row(row))
