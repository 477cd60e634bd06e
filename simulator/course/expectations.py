"""Goal expectations on the state document, and the differences between a state and a goal, one per
sentence of the message catalog.

An expectation is a small mapping: a subject, then the properties the goal wants of it.

    {container: web, path: /etc/app.conf, content: "port=8080\\n", from: upper}   # what web sees
    {container: web, upper: /etc/motd, type: whiteout}                            # web's writable layer
    {container: web, mount: /data, type: volume, source: appdata, rw: false}      # one of its mounts
    {container: web, status: running}          {container: old, exists: false}
    {volume: appdata, path: /settings.json, exists: true}     {volume: scratch, exists: false}
    {host: /home/user/backup/a.txt, content: "a\\n", uid: 1000}
    {image: snap, exists: true}                {volumes: anonymous, count: 0}

Checks read `statedoc.state(engine)` (the documented contract), plus the container's `--read-only`
flag, which the document does not carry.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field

from simulator.run import paths
from simulator.messages import Catalog

SUBJECTS = ("container", "volume", "host", "image", "volumes")
ENTRY_PROPS = ("exists", "type", "content", "contains", "mode", "uid")
ALLOWED = {                          # (subject, sub-subject) -> the properties it may ask for
    ("container", None): ("exists", "status", "read_only"),
    ("container", "path"): ENTRY_PROPS + ("from",),
    ("container", "upper"): ENTRY_PROPS + ("opaque",),
    ("container", "mount"): ("exists", "type", "source", "rw"),
    ("volume", None): ("exists",),
    ("volume", "path"): ENTRY_PROPS,
    ("host", None): ENTRY_PROPS,
    ("image", None): ("exists",),
    ("volumes", None): ("count",),
}
SUBS = {"container": ("path", "upper", "mount"), "volume": ("path",)}
TYPES = {"file", "dir", "symlink", "whiteout"}
STATUSES = {"running", "created", "exited"}
MOUNT_TYPES = {"volume", "bind", "tmpfs"}
VOLUME_KINDS = {"anonymous", "named", "all"}
SHOWN = 48                            # characters of file text quoted in a sentence


class ExpectationError(ValueError):
    """An expectation that cannot be checked: the message names the key and the allowed values."""


@dataclass(frozen=True)
class Difference:
    """One thing that differs from the goal: a message id and its fields (already in words)."""

    msg_id: str
    fields: dict = field(default_factory=dict)

    def sentence(self, cat: Catalog | None = None) -> str:
        return (cat or Catalog()).t(self.msg_id, **self.fields)


# ---- reading and checking an expectation's shape ---------------------------------------------
def shape(exp) -> tuple[str, str | None]:
    """(subject, sub-subject) of an expectation, checking every key and value it has."""
    if not isinstance(exp, dict):
        raise ExpectationError(f"an expectation must be a mapping, not {exp!r}")
    subjects = [k for k in SUBJECTS if k in exp]
    if len(subjects) != 1:
        raise ExpectationError(f"an expectation names exactly one of: {', '.join(SUBJECTS)} (got {sorted(exp)})")
    subject = subjects[0]
    subs = [k for k in SUBS.get(subject, ()) if k in exp]
    if len(subs) > 1:
        raise ExpectationError(f"one of {', '.join(subs)} per expectation, not several")
    sub = subs[0] if subs else None
    allowed = ALLOWED[(subject, sub)]
    unknown = set(exp) - {subject, sub} - set(allowed)
    if unknown:
        where = f"{subject} with {sub}" if sub else subject
        raise ExpectationError(f"unknown key {sorted(unknown)[0]!r} for a {where} expectation "
                               f"(allowed: {', '.join(allowed)})")
    _check_values(exp, subject, sub)
    return subject, sub


def _check_values(exp: dict, subject: str, sub: str | None) -> None:
    def need(key, ok, what):
        if key in exp and not ok(exp[key]):
            raise ExpectationError(f"{key} must be {what}, not {exp[key]!r}")
    for key in ("container", "volume", "image"):
        need(key, lambda v: isinstance(v, str) and v, "a name")
    for key in ("path", "upper", "mount", "host"):
        need(key, lambda v: isinstance(v, str) and v.startswith("/"), "an absolute path")
    need("volumes", lambda v: v in VOLUME_KINDS, "one of " + ", ".join(sorted(VOLUME_KINDS)))
    need("count", lambda v: type(v) is int and v >= 0, "a whole number")
    for key in ("exists", "read_only", "rw", "opaque"):
        need(key, lambda v: isinstance(v, bool), "true or false")
    need("status", lambda v: v in STATUSES, "one of " + ", ".join(sorted(STATUSES)))
    kinds = MOUNT_TYPES if sub == "mount" else TYPES
    need("type", lambda v: v in kinds, "one of " + ", ".join(sorted(kinds)))
    for key in ("content", "contains", "source", "from"):
        need(key, lambda v: isinstance(v, str), "text")
    # YAML reads an unquoted 0600 as the number 384: a mode must be written as quoted text
    need("mode", lambda v: isinstance(v, str) and len(v) == 4 and set(v) <= set("01234567"),
         'a quoted octal mode like "0600"')
    need("uid", lambda v: type(v) is int and v >= 0, "a number")
    if subject == "volumes" and "count" not in exp:
        raise ExpectationError("a volumes expectation needs a count")


def check_all(goal: list) -> None:
    for exp in goal:
        shape(exp)


# ---- words ------------------------------------------------------------------------------------
def quote(text) -> str:
    """File text as one quoted line, shortened: "port=80\\n"."""
    from simulator.render import shorten
    if text is None:
        return "(data)"
    return shorten(json.dumps(text, ensure_ascii=False), SHOWN)


def place_words(label: str, cat: Catalog) -> str:
    if label == "image":
        return cat.t("exercise.place.image")
    from simulator.render import place
    return place(label, cat)


def type_words(kind: str, cat: Catalog) -> str:
    return cat.t("exercise.type." + kind)


# ---- checking ---------------------------------------------------------------------------------
def differences(goal: list, doc: dict, read_only: dict | None = None, cat: Catalog | None = None) -> list[Difference]:
    """Every difference between the state document `doc` and the goal, in the goal's order.
    `read_only` maps container names to their --read-only flag."""
    cat = cat or Catalog()
    out, seen = [], set()
    for exp in goal:
        subject, sub = shape(exp)
        for d in CHECKS[(subject, sub)](exp, doc, read_only or {}, cat):
            key = (d.msg_id, tuple(sorted(d.fields.items())))
            if key not in seen:         # a missing container is one difference, however often named
                seen.add(key)
                out.append(d)
    return out


def _container(exp, doc, read_only, cat):
    name = exp["container"]
    c = doc["containers"].get(name)
    f = {"container": name}
    if c is None:
        return [Difference("exercise.diff.container.missing", f)] if exp.get("exists", True) else []
    if exp.get("exists") is False:
        return [Difference("exercise.diff.container.present", f)]
    out = []
    if "status" in exp and c["status"] != exp["status"]:
        out.append(Difference("exercise.diff.container.status",
                              {**f, "actual": cat.t("status." + c["status"]), "expected": cat.t("status." + exp["status"])}))
    if "read_only" in exp and bool(read_only.get(name)) != exp["read_only"]:
        out.append(Difference("exercise.diff.container.read-only" if exp["read_only"]
                              else "exercise.diff.container.read-write", f))
    return out


def _need_container(exp, doc):
    name = exp["container"]
    if name not in doc["containers"]:
        return None, [Difference("exercise.diff.container.missing", {"container": name})]
    return doc["containers"][name], []


def _entry(exp, entry, where: str, path: str, cat, extra=()):
    """The differences of one entry (None: nothing at the path) from an entry expectation."""
    f = {"where": where, "path": path}
    wants = exp.get("exists", True)
    if entry is None:
        return [Difference("exercise.diff.missing", f)] if wants else []
    if not wants:
        return [Difference("exercise.diff.present", f)]
    out = []
    if "type" in exp and entry["type"] != exp["type"]:
        out.append(Difference("exercise.diff.type", {**f, "actual": type_words(entry["type"], cat),
                                                     "expected": type_words(exp["type"], cat)}))
        return out                    # content, mode, ... of the wrong kind of thing say nothing more
    text = entry.get("content")
    if "content" in exp and text != exp["content"]:
        out.append(Difference("exercise.diff.content", {**f, "actual": quote(text), "expected": quote(exp["content"])}))
    if "contains" in exp and (text is None or exp["contains"] not in text):
        out.append(Difference("exercise.diff.contains", {**f, "actual": quote(text), "expected": quote(exp["contains"])}))
    if "mode" in exp and entry.get("mode") != exp["mode"]:
        out.append(Difference("exercise.diff.mode", {**f, "actual": entry.get("mode", "-"), "expected": exp["mode"]}))
    if "uid" in exp and entry.get("uid", 0) != exp["uid"]:
        out.append(Difference("exercise.diff.owner", {**f, "actual": str(entry.get("uid", 0)), "expected": str(exp["uid"])}))
    if "opaque" in exp and bool(entry.get("opaque")) != exp["opaque"]:
        out.append(Difference("exercise.diff.opaque" if exp["opaque"] else "exercise.diff.not-opaque", f))
    for check in extra:
        out += check(entry)
    return out


def _is_from(actual: str, expected: str) -> bool:
    if expected == "image":           # any image layer: NAME@N
        return "@" in actual and actual.rsplit("@", 1)[1].isdigit()
    return actual == expected


def _container_path(exp, doc, read_only, cat):
    c, missing = _need_container(exp, doc)
    if missing:
        return missing
    path = paths.normalise(exp["path"])
    where = cat.t("exercise.where.sees", container=exp["container"])

    def origin(entry):
        if "from" in exp and not _is_from(entry["from"], exp["from"]):
            return [Difference("exercise.diff.from", {"container": exp["container"], "path": path,
                                                      "actual": place_words(entry["from"], cat),
                                                      "expected": place_words(exp["from"], cat)})]
        return []
    return _entry(exp, c["rootfs"].get(path), where, path, cat, (origin,))


def _container_upper(exp, doc, read_only, cat):
    c, missing = _need_container(exp, doc)
    if missing:
        return missing
    path = paths.normalise(exp["upper"])
    return _entry(exp, c["upper"].get(path), cat.t("exercise.where.upper", container=exp["container"]), path, cat)


def _mount_label(m: dict) -> str:
    return f"volume:{m['name']}" if m["type"] == "volume" else f"bind:{m['source']}" if m["type"] == "bind" else "tmpfs"


def _container_mount(exp, doc, read_only, cat):
    c, missing = _need_container(exp, doc)
    if missing:
        return missing
    target = paths.normalise(exp["mount"])
    f = {"container": exp["container"], "target": target}
    found = [m for m in c["mounts"] if paths.normalise(m["target"] if m["target"].startswith("/")
                                                        else "/" + m["target"]) == target]
    wants = exp.get("exists", True)
    if not found:
        return [Difference("exercise.diff.mount.missing", f)] if wants else []
    if not wants:
        return [Difference("exercise.diff.mount.present", f)]
    m, out = found[-1], []
    if "type" in exp and m["type"] != exp["type"]:
        return [Difference("exercise.diff.mount.type", {**f, "actual": cat.t("exercise.mount." + m["type"]),
                                                        "expected": cat.t("exercise.mount." + exp["type"])})]
    if "source" in exp:
        actual = m.get("name") if m["type"] == "volume" else m.get("source")
        if actual != exp["source"]:
            wanted = f"volume:{exp['source']}" if m["type"] == "volume" else f"bind:{exp['source']}"
            out.append(Difference("exercise.diff.mount.source", {**f, "actual": place_words(_mount_label(m), cat),
                                                                 "expected": place_words(wanted, cat)}))
    if "rw" in exp and m["rw"] != exp["rw"]:
        words = lambda rw: cat.t("row.mount.rw" if rw else "row.mount.ro")
        out.append(Difference("exercise.diff.mount.rw", {**f, "actual": words(m["rw"]), "expected": words(exp["rw"])}))
    return out


def _volume(exp, doc, read_only, cat):
    name = exp["volume"]
    there = name in doc["volumes"]
    if exp.get("exists", True) and not there:
        return [Difference("exercise.diff.volume.missing", {"volume": name})]
    if not exp.get("exists", True) and there:
        return [Difference("exercise.diff.volume.present", {"volume": name})]
    return []


def _volume_path(exp, doc, read_only, cat):
    name = exp["volume"]
    if name not in doc["volumes"]:
        return [Difference("exercise.diff.volume.missing", {"volume": name})]
    path = paths.normalise(exp["path"])
    return _entry(exp, doc["volumes"][name]["files"].get(path), cat.t("exercise.where.volume", volume=name), path, cat)


def _host(exp, doc, read_only, cat):
    path = paths.normalise(exp["host"])
    return _entry(exp, doc["host"].get(path), cat.t("exercise.where.host"), path, cat)


def _image(exp, doc, read_only, cat):
    name = exp["image"]
    there = name in doc["images"]
    if exp.get("exists", True) != there:
        return [Difference("exercise.diff.image.missing" if not there else "exercise.diff.image.present",
                           {"image": name})]
    return []


def _volume_count(exp, doc, read_only, cat):
    kind = exp["volumes"]
    vols = doc["volumes"].values()
    n = sum(1 for v in vols if kind == "all" or v["anonymous"] == (kind == "anonymous"))
    if n != exp["count"]:
        return [Difference(f"exercise.diff.count.{kind}", {"count": n, "expected": str(exp["count"])})]
    return []


CHECKS = {
    ("container", None): _container,
    ("container", "path"): _container_path,
    ("container", "upper"): _container_upper,
    ("container", "mount"): _container_mount,
    ("volume", None): _volume,
    ("volume", "path"): _volume_path,
    ("host", None): _host,
    ("image", None): _image,
    ("volumes", None): _volume_count,
}
