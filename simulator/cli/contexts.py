"""The rows `--format` sees in docker's lists (docker/cli formatter contexts, CLI 26.1): their
methods (`.ID`, `.Names`, `.Label "k"`, ...), their header names for `table`, and the
default formats."""
from __future__ import annotations

from simulator.cli import apitypes
from simulator.cli.formatter import context
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


def container_row(doc: dict, trunc: bool, size: bool):
    """A ContainerContext over one `GET /containers/json` entry."""
    labels = doc.get("Labels") or {}

    def mounts() -> str:
        names = [m.get("Name") or m["Source"] for m in doc["Mounts"]]
        return ",".join(ellipsis(n, 15) if trunc else n for n in names)

    def size_text() -> str:
        rw = human_size(doc.get("SizeRw", 0), 3)
        root = doc.get("SizeRootFs", 0)
        return f"{rw} (virtual {human_size(root, 3)})" if root > 0 else rw

    methods = {
        "ID": lambda: doc["Id"][:12] if trunc else doc["Id"],
        "Names": lambda: doc["Names"][0][1:] if trunc else ",".join(n[1:] for n in doc["Names"]),
        "Image": lambda: doc["Image"] or "<no image>",
        "Command": lambda: quote(ellipsis(doc["Command"], 20) if trunc else doc["Command"]),
        "CreatedAt": lambda: CREATED_AT,
        "RunningFor": lambda: "Less than a second ago",
        "Ports": lambda: "",
        "State": lambda: doc["State"],
        "Status": lambda: doc["Status"],
        "Size": size_text,
        "Labels": lambda: label_list(labels),
        "Label": Method(lambda name: labels.get(name, ""), ("string",)),
        "Mounts": mounts,
        "LocalVolumes": lambda: str(sum(1 for m in doc["Mounts"] if m.get("Driver") == "local")),
        "Networks": lambda: ",".join(sorted(doc["NetworkSettings"]["Networks"])),
    }
    summary = dict(doc)
    if not size:
        summary.pop("SizeRw", None)
        summary.pop("SizeRootFs", None)
    return context("formatter.ContainerContext", methods,
                   {"trunc": trunc, "c": apitypes.decode(summary, "types.Container"),
                    "FieldsUsed": Map((), "map[string]interface {}", nil=True)})


def volume_row(doc: dict):
    """A volumeContext over one volume (as `GET /volumes` lists it; `system df` adds UsageData)."""
    labels = doc.get("Labels") or {}
    usage = doc.get("UsageData")
    methods = {
        "Name": lambda: doc["Name"], "Driver": lambda: doc["Driver"], "Scope": lambda: doc["Scope"],
        "Mountpoint": lambda: doc["Mountpoint"], "Labels": lambda: label_list(labels),
        "Label": Method(lambda name: labels.get(name, ""), ("string",)),
        "Links": lambda: str(usage["RefCount"]) if usage else "N/A",
        "Size": lambda: human_size(usage["Size"]) if usage else "N/A", "Group": lambda: "N/A",
        "Availability": lambda: "N/A", "Status": lambda: "N/A",
    }
    return context("formatter.volumeContext", methods, {"v": apitypes.decode(doc, "volume.Volume")})
