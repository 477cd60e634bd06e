"""One sentence per event of a step, from the message catalog (narration for people and screen readers)."""
from __future__ import annotations

from simulator.messages import Catalog
from simulator.render.escape import plain
from simulator.render.summary import human_size, short_volume

# every event type the model emits (and the spec names); a test checks each has a message
EVENT_TYPES = ("copy-up", "whiteout", "opaque", "write", "create", "delete", "mkdir", "rename", "chmod",
               "chown", "touch", "truncate", "exdev", "error", "populate", "obscure", "mount", "unmount",
               "volume-create", "volume-remove", "volume-survives", "volume-use", "container-create",
               "container-start", "container-stop", "container-remove", "host-mkdir", "layer-commit",
               "image-create", "image-remove", "build-volume", "volume-build-change", "build-mount-stubs",
               "network-create", "network-remove")
ERRNOS = ("EROFS", "ENOENT", "EXDEV", "ENOTEMPTY", "EEXIST", "EISDIR", "ENOTDIR", "EACCES", "EPERM",
          "ENOSPC", "EBUSY", "EINVAL", "ELOOP", "ENAMETOOLONG", "ENOSYS")
OPS = ("write", "truncate", "mkdir", "symlink", "unlink", "rmdir", "rename", "chmod", "chown", "utime", "open")


def place(where: str, cat: Catalog) -> str:
    """A `where`/`from` label in words."""
    kind, _, rest = where.partition(":")
    if kind == "volume":
        return cat.t("place.volume", name=short_volume(rest))
    if kind == "bind":
        return cat.t("place.bind", path=plain(rest))
    if where in ("upper", "tmpfs", "host"):
        return cat.t("place." + where)
    return cat.t("place.layer", layer=plain(where))


def who(event: dict, cat: Catalog) -> str:
    if "container" in event:
        return cat.t("who.container", name=plain(event["container"]))
    return cat.t("who.host")


def message(event: dict, cat: Catalog) -> tuple[str, dict]:
    """(message id, fields) for one event."""
    kind = event.get("type", "")
    f = {"who": who(event, cat), "path": plain(str(event.get("path", "")))}
    where = event.get("where", "")
    if where:
        f["place"] = place(where, cat)
    if kind == "copy-up":
        f["layer"] = plain(event.get("from", ""))
        sub = event.get("kind", "file")
        if sub == "file":
            f["size"] = human_size(event.get("bytes", 0))
        return f"event.copy-up.{sub if sub in ('file', 'dir', 'symlink') else 'file'}", f
    if kind == "opaque":
        reason = event.get("reason", "over-whiteout")
        return f"event.opaque.{reason if reason == 'renamed-into-merged-dir' else 'over-whiteout'}", f
    if kind == "write":
        f["size"] = human_size(event.get("bytes", 0))
        if not event.get("append") and not event.get("bytes"):
            return "event.write.empty", f
        return ("event.write.append" if event.get("append") else "event.write"), f
    if kind == "create":
        if event.get("kind") == "symlink":
            f["target"] = plain(str(event.get("target", "")))
            return "event.create.symlink", f
        return "event.create", f
    if kind in ("rename", "exdev"):
        f["to"] = plain(str(event.get("to", "")))
        return f"event.{kind}", f
    if kind == "chmod":
        f["mode"] = str(event.get("mode", ""))
        return "event.chmod", f
    if kind == "chown":
        f["uid"], f["gid"] = str(event.get("uid", "")), str(event.get("gid", ""))
        return "event.chown", f
    if kind == "truncate":
        f["size"] = human_size(event.get("size", 0))
        return "event.truncate", f
    if kind == "error":
        errno, op = str(event.get("errno", "")), str(event.get("op", ""))
        f["errno"] = errno
        f["meaning"] = cat.t(f"errno.{errno}") if errno in ERRNOS else cat.t("errno.other", errno=errno)
        f["op"] = cat.t(f"op.{op}") if op in OPS else cat.t("op.other")
        return "event.error", f
    if kind == "populate":
        f["volume"] = short_volume(event.get("volume", ""))
        f["count"] = int(event.get("entries", 0))
        return "event.populate", f
    if kind == "obscure":
        f["count"] = int(event.get("hidden", 0))
        if event.get("reason") == "volume-not-empty":
            f["volume"] = short_volume(event.get("volume", ""))
            return "event.obscure.volume-not-empty", f
        f["source"] = place(event.get("by", ""), cat)
        f["names"] = ", ".join(plain(n, 30) for n in event.get("names", ()))
        if event.get("hidden", 0) > len(event.get("names", ())):
            f["names"] += ", ..."
        return "event.obscure", f
    if kind in ("mount", "unmount"):
        f["source"] = place(event.get("source", ""), cat)
        if kind == "mount":
            return ("event.mount" if event.get("rw", True) else "event.mount.ro"), f
        return ("event.unmount.discarded" if event.get("discarded") else "event.unmount"), f
    if kind in ("volume-create", "volume-remove", "volume-survives", "volume-use"):
        f["volume"] = short_volume(event.get("volume", ""))
        if kind == "volume-use":
            f["path"] = plain(str(event.get("target", "")))
        if kind == "volume-create" and event.get("anonymous"):
            return "event.volume-create.anonymous", f
        return f"event.{kind}", f
    if kind == "container-create":
        f["image"] = plain(str(event.get("image", "")))
        return "event.container-create", f
    if kind == "container-remove":
        f["count"] = int(event.get("upper_entries", 0))
        return "event.container-remove", f
    if kind == "layer-commit":
        f["image"] = plain(str(event.get("image") or "<none>"))
        f["count"] = int(event.get("entries", 0))
        f["size"] = human_size(event.get("bytes", 0))
        if "container" in event:         # docker commit
            f["left_out"] = ", ".join(plain(t, 40) for t in event.get("left_out", ())) or "-"
            return "event.layer-commit.container", f
        f["step"] = plain(str(event.get("step", "")))
        return ("event.layer-commit.cached" if event.get("cached") else "event.layer-commit.build"), f
    if kind in ("image-create", "image-remove"):
        f["image"] = plain(str(event.get("image") or "<none>"))
        f["count"] = int(event.get("layers", 0))
        return f"event.{kind}", f
    if kind in ("build-volume", "volume-build-change", "build-mount-stubs"):
        f["image"] = plain(str(event.get("image") or "<none>"))
        f["step"] = plain(str(event.get("step", "")))
        f["paths"] = ", ".join(plain(p, 40) for p in event.get("paths", ()))
        f["volume"] = plain(str(event.get("volume", "")))
        return f"event.{kind}", f
    if kind in ("network-create", "network-remove"):
        f["network"] = plain(str(event.get("network", "")))
        return f"event.{kind}", f
    if kind in EVENT_TYPES:
        return f"event.{kind}", f
    f["type"] = plain(kind)
    return "event.other", f


def narrate(event: dict, cat: Catalog | None = None) -> str:
    cat = cat or Catalog()
    msg_id, fields = message(event, cat)
    return cat.t(msg_id, **fields)


def narrate_all(events, cat: Catalog | None = None) -> list[str]:
    cat = cat or Catalog()
    return [narrate(e, cat) for e in events]


# what a picture's story box tells first (a step can have dozens of events: `mv` of a tree)
PRIORITY = {"exdev": 0, "error": 0, "copy-up": 1, "whiteout": 1, "opaque": 1, "populate": 1, "obscure": 1,
            "rename": 2, "write": 2, "create": 2, "delete": 2, "mkdir": 2, "mount": 3, "unmount": 1,
            "volume-survives": 1, "volume-create": 3, "volume-remove": 2, "container-remove": 2}


def headline(events, cat: Catalog | None = None, limit: int = 6) -> tuple[list[str], int]:
    """The most telling sentences of a step, in event order, and how many were left out."""
    cat = cat or Catalog()
    sentences = list(dict.fromkeys(narrate_all(events, cat)))
    ranked = sorted(range(len(events)), key=lambda i: (PRIORITY.get(events[i].get("type"), 4), i))
    keep = sorted(ranked[:limit])
    chosen = list(dict.fromkeys(narrate(events[i], cat) for i in keep))
    return chosen, max(0, len(sentences) - len(chosen))
