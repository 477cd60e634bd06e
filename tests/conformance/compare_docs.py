"""Differences between two state documents (spec section 4), as sentences a person can act on.

Compared: each step's exit code (zero or not), containers (names, status, mounts),
every `rootfs` entry (with `from`) and `upper` entry, volumes (anonymous flag,
used_by, files) and host files. Ignored: events, ids, stdout/stderr, images, titles.

Generated volume names (random on the kernel side, seeded in the simulator) cannot be
compared as text; each is replaced by a key saying where it came from: the first
container mount that uses it (containers by name, mounts by target), else its rank in
the order of creation among the remaining generated volumes.
"""
from __future__ import annotations

import json
import re

HEX64 = re.compile(r"^[0-9a-f]{64}$")
ENTRY_FIELDS = ("type", "mode", "size", "content", "target", "uid", "gid", "opaque")


def _named_in_commands(name: str, doc: dict) -> bool:
    """A volume a person named appears in a step (`-v NAME:`, `source=NAME`, ...)."""
    pattern = re.compile(r"(?<![\w.-])" + re.escape(name) + r"(?![\w.-])")
    return any(pattern.search(step.get("command") or "") for step in doc.get("steps") or [])


def _creation_rank(doc: dict) -> dict[str, int]:
    """Order of creation: `volume-create` events when the producer emits them (the
    kernel runner does not), else the order of the document's `volumes` object."""
    rank: dict[str, int] = {}
    for step in doc.get("steps") or []:
        for event in step.get("events") or []:
            if event.get("type") == "volume-create":
                for key, value in event.items():
                    if key != "type" and isinstance(value, str) and value not in rank:
                        rank[value] = len(rank)
    for name in (doc.get("state") or {}).get("volumes") or {}:
        rank.setdefault(name, len(rank) + 100000)
    return rank


def volume_keys(doc: dict) -> dict[str, str]:
    """Volume name -> the name to compare under."""
    state = doc.get("state") or {}
    volumes = state.get("volumes") or {}
    containers = state.get("containers") or {}
    keys, unplaced = {}, []
    for name, volume in volumes.items():
        generated = (HEX64.match(name) or volume.get("anonymous")
                     or not _named_in_commands(name, doc))
        if not generated:
            keys[name] = name
            continue
        origin = next((f"<volume of {cname} at {mount.get('target')}>"
                       for cname in sorted(containers)
                       for mount in sorted(containers[cname].get("mounts") or [],
                                           key=lambda m: str(m.get("target")))
                       if mount.get("type") == "volume" and mount.get("name") == name), None)
        if origin:
            keys[name] = origin
        else:
            unplaced.append(name)
    rank = _creation_rank(doc)
    for position, name in enumerate(sorted(unplaced, key=lambda n: rank.get(n, 0))):
        keys[name] = f"<unused generated volume #{position + 1}>"
    return keys


def _normal_entry(entry: object, keys: dict[str, str], with_from: bool) -> dict:
    if not isinstance(entry, dict):
        return {"type": repr(entry)}
    out = {k: entry[k] for k in ENTRY_FIELDS if k in entry}
    if out.get("type") == "symlink":
        out.pop("mode", None)                  # a symlink's mode means nothing
        out.pop("size", None)
    if out.get("type") == "whiteout":
        out = {"type": "whiteout"}
    for key in ("uid", "gid"):
        if not out.get(key):
            out.pop(key, None)
    if not out.get("opaque"):
        out.pop("opaque", None)
    if out.get("type") == "file" and out.get("size") == 0:
        out.setdefault("content", "")          # an empty file's text is "" either way
    if with_from and "from" in entry:
        source = str(entry["from"])
        if source.startswith("volume:"):
            source = "volume:" + keys.get(source[7:], source[7:])
        out["from"] = source
    return out


def _short(value: object, limit: int = 70) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[:limit - 3] + "..."


class _Report:
    def __init__(self, names: tuple[str, str]):
        self.left, self.right = names
        self.lines: list[str] = []

    def add(self, where: str, what: str) -> None:
        self.lines.append(f"{where}: {what}")

    def values(self, where: str, field: str, a: object, b: object) -> None:
        self.add(where, f"{field} {self.left}={_short(a)} {self.right}={_short(b)}")


def _implicit_dir(entry: dict, path: str, other: dict) -> bool:
    """A 0755 directory one side lists and the other leaves implicit (host, volumes)."""
    return entry.get("type") == "dir" and entry.get("mode", "0755") == "0755" and \
        any(p.startswith(path + "/") for p in other)


def _diff_listing(report: _Report, where: str, a: dict, b: dict, keys: tuple[dict, dict],
                  with_from: bool = False, tolerate_implicit: bool = False) -> None:
    a, b = a or {}, b or {}
    for path in sorted(set(a) | set(b)):
        if path not in b or path not in a:
            side, entry = (report.left, a[path]) if path not in b else (report.right, b[path])
            norm = _normal_entry(entry, keys[0] if path not in b else keys[1], with_from)
            if not (tolerate_implicit and _implicit_dir(norm, path, b if path not in b else a)):
                report.add(f"{where} {path}", f"only in {side} {_short(norm)}")
            continue
        ea = _normal_entry(a[path], keys[0], with_from)
        eb = _normal_entry(b[path], keys[1], with_from)
        if ea.get("type") != eb.get("type"):
            report.values(f"{where} {path}", "type", ea.get("type"), eb.get("type"))
            continue
        for field in sorted(set(ea) | set(eb)):
            if ea.get(field) != eb.get(field):
                report.values(f"{where} {path}", field, ea.get(field, "(none)"),
                              eb.get(field, "(none)"))


def _mount_key(mount: dict, keys: dict[str, str]) -> tuple:
    kind = mount.get("type")
    key = [kind, mount.get("target"), bool(mount.get("rw", True))]
    if kind == "volume":
        key.append(keys.get(mount.get("name"), mount.get("name")))
    elif kind == "bind":
        key.append(mount.get("source"))
    return tuple(key)


def _diff_steps(report: _Report, a: list, b: list) -> None:
    if len(a) != len(b):
        report.add("steps", f"{report.left} has {len(a)}, {report.right} has {len(b)}")
    for number, (sa, sb) in enumerate(zip(a, b), start=1):
        command = (sa.get("command") or "").strip()
        if command != (sb.get("command") or "").strip():
            report.values(f"step {number}", "command", command, sb.get("command"))
        ca, cb = sa.get("exit_code"), sb.get("exit_code")
        if (ca == 0) != (cb == 0):
            report.add(f"step {number} ({command[:90]})",
                       f"exit code {report.left}={ca} {report.right}={cb}")


def _diff_containers(report: _Report, a: dict, b: dict, keys: tuple[dict, dict]) -> None:
    for name in sorted(set(a) | set(b)):
        where = f"container {name}"
        if name not in a or name not in b:
            report.add(where, f"only in {report.left if name in a else report.right}")
            continue
        ca, cb = a[name], b[name]
        if ca.get("status") != cb.get("status"):
            report.values(where, "status", ca.get("status"), cb.get("status"))
        ma = sorted(_mount_key(m, keys[0]) for m in ca.get("mounts") or [])
        mb = sorted(_mount_key(m, keys[1]) for m in cb.get("mounts") or [])
        for mount in ma:
            if mount not in mb:
                report.add(f"{where} mounts", f"only in {report.left}: {mount}")
        for mount in mb:
            if mount not in ma:
                report.add(f"{where} mounts", f"only in {report.right}: {mount}")
        _diff_listing(report, f"{where} rootfs", ca.get("rootfs"), cb.get("rootfs"), keys,
                      with_from=True)
        _diff_listing(report, f"{where} upper", ca.get("upper"), cb.get("upper"), keys)


def _diff_volumes(report: _Report, a: dict, b: dict, keys: tuple[dict, dict]) -> None:
    by_key_a = {keys[0].get(n, n): v for n, v in a.items()}
    by_key_b = {keys[1].get(n, n): v for n, v in b.items()}
    for key in sorted(set(by_key_a) | set(by_key_b)):
        where = f"volume {key}"
        if key not in by_key_a or key not in by_key_b:
            report.add(where, f"only in {report.left if key in by_key_a else report.right}")
            continue
        va, vb = by_key_a[key], by_key_b[key]
        if bool(va.get("anonymous")) != bool(vb.get("anonymous")):
            report.values(where, "anonymous", va.get("anonymous"), vb.get("anonymous"))
        if sorted(va.get("used_by") or []) != sorted(vb.get("used_by") or []):
            report.values(where, "used_by", sorted(va.get("used_by") or []),
                          sorted(vb.get("used_by") or []))
        _diff_listing(report, f"{where} files", va.get("files"), vb.get("files"), keys,
                      tolerate_implicit=True)


def compare_documents(a: dict, b: dict, names: tuple[str, str] = ("kernel", "simulator")
                      ) -> list[str]:
    """Every difference between documents A and B; [] when they agree."""
    report = _Report(names)
    keys = (volume_keys(a), volume_keys(b))
    _diff_steps(report, a.get("steps") or [], b.get("steps") or [])
    sa, sb = a.get("state") or {}, b.get("state") or {}
    _diff_containers(report, sa.get("containers") or {}, sb.get("containers") or {}, keys)
    _diff_volumes(report, sa.get("volumes") or {}, sb.get("volumes") or {}, keys)
    _diff_listing(report, "host", sa.get("host"), sb.get("host"), keys, tolerate_implicit=True)
    return report.lines
