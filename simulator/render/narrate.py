"""One sentence per event of a step, from the message catalog (narration for people and screen readers)."""
from __future__ import annotations

from simulator.messages import Catalog
from simulator.render.escape import plain
from simulator.render.summary import human_size, short_volume

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


# ---- the narration table: event kind -> (message id, its fields) ---------------------------------------
# A message id is a string, or a function of the event that picks a variant ("event.write.append").
# Each field is a function (event, catalog) -> text. Every event also has {who} and {path}, and {place}
# when it says where. tests/test_events.py checks that every kind in simulator/events.py is here.
def text(key: str, default="", limit: int | None = None):
    return lambda e, cat: plain(str(e.get(key, default)), limit)


def size(key: str):
    return lambda e, cat: human_size(e.get(key, 0))


def count(key: str):
    return lambda e, cat: int(e.get(key, 0))


def volume(key: str = "volume"):
    return lambda e, cat: short_volume(e.get(key, ""))


def where(key: str):
    return lambda e, cat: place(e.get(key, ""), cat)


def image(e, cat) -> str:
    return plain(str(e.get("image") or "<none>"))


def joined(key: str, limit: int):
    return lambda e, cat: ", ".join(plain(p, limit) for p in e.get(key, ()))


def errno_meaning(e, cat) -> str:
    errno = str(e.get("errno", ""))
    return cat.t(f"errno.{errno}") if errno in ERRNOS else cat.t("errno.other", errno=errno)


def op_words(e, cat) -> str:
    op = str(e.get("op", ""))
    return cat.t(f"op.{op}") if op in OPS else cat.t("op.other")


def obscured_names(e, cat) -> str:
    names = ", ".join(plain(n, 30) for n in e.get("names", ()))
    return names + ", ..." if e.get("hidden", 0) > len(e.get("names", ())) else names


def copy_up_id(e) -> str:
    sub = e.get("kind", "file")
    return f"event.copy-up.{sub if sub in ('file', 'dir', 'symlink') else 'file'}"


def write_id(e) -> str:
    if not e.get("append") and not e.get("bytes"):
        return "event.write.empty"
    return "event.write.append" if e.get("append") else "event.write"


def obscure_id(e) -> str:
    return "event.obscure.volume-not-empty" if e.get("reason") == "volume-not-empty" else "event.obscure"


def layer_commit_id(e) -> str:
    if "container" in e:                # docker commit
        return "event.layer-commit.container"
    return "event.layer-commit.cached" if e.get("cached") else "event.layer-commit.build"


def when(key: str, base: str, suffix: str):
    """`base` + `suffix` when the event's `key` is true, else `base`."""
    return lambda e: base + suffix if e.get(key) else base


BUILD = {"image": image, "step": text("step"), "paths": joined("paths", 40), "volume": text("volume")}

NARRATION: dict[str, tuple] = {
    "copy-up": (copy_up_id, {"layer": text("from"), "size": size("bytes")}),
    "whiteout": ("event.whiteout", {}),
    "opaque": (lambda e: "event.opaque." + ("renamed-into-merged-dir" if e.get("reason") == "renamed-into-merged-dir"
                                            else "over-whiteout"), {}),
    "write": (write_id, {"size": size("bytes")}),
    "create": (lambda e: "event.create.symlink" if e.get("kind") == "symlink" else "event.create",
               {"target": text("target")}),
    "delete": ("event.delete", {}),
    "mkdir": ("event.mkdir", {}),
    "rename": ("event.rename", {"to": text("to")}),
    "exdev": ("event.exdev", {"to": text("to")}),
    "hard-link": ("event.hard-link", {"to": text("to"), "links": text("links")}),
    "link-broken": ("event.link-broken", {"others": joined("others", 40)}),
    "chmod": ("event.chmod", {"mode": text("mode")}),
    "chown": ("event.chown", {"uid": text("uid"), "gid": text("gid")}),
    "touch": ("event.touch", {}),
    "truncate": ("event.truncate", {"size": size("size")}),
    "error": ("event.error", {"errno": text("errno"), "meaning": errno_meaning, "op": op_words}),
    "populate": ("event.populate", {"volume": volume(), "count": count("entries")}),
    "obscure": (obscure_id, {"count": count("hidden"), "volume": volume(), "source": where("by"),
                             "names": obscured_names}),
    "mount": (lambda e: "event.mount" if e.get("rw", True) else "event.mount.ro", {"source": where("source")}),
    "unmount": (when("discarded", "event.unmount", ".discarded"), {"source": where("source")}),
    "volume-create": (when("anonymous", "event.volume-create", ".anonymous"), {"volume": volume()}),
    "volume-remove": ("event.volume-remove", {"volume": volume()}),
    "volume-survives": ("event.volume-survives", {"volume": volume()}),
    "volume-use": ("event.volume-use", {"volume": volume(), "path": text("target")}),
    "container-create": ("event.container-create", {"image": text("image")}),
    "container-start": ("event.container-start", {}),
    "container-stop": ("event.container-stop", {}),
    "container-remove": ("event.container-remove", {"count": count("upper_entries")}),
    "process-wait": (lambda e: "event.process-wait." + ("stdin" if e.get("on") == "stdin" else
                                                        "sleep" if e.get("ms") else "ever"),
                     {"seconds": lambda e, cat: f"{e.get('ms', 0) / 1000:g}"}),
    "process-exit": (lambda e: "event.process-exit" + (".signal" if e.get("why") == "signal" else ""),
                     {"status": text("status")}),
    "signal": ("event.signal", {"signal": text("signal")}),
    "container-pause": ("event.container-pause", {}),
    "container-unpause": ("event.container-unpause", {}),
    "host-mkdir": ("event.host-mkdir", {}),
    "layer-commit": (layer_commit_id, {"image": image, "count": count("entries"), "size": size("bytes"),
                                       "left_out": lambda e, cat: ", ".join(plain(t, 40) for t in e.get("left_out", ())) or "-",
                                       "step": text("step")}),
    "image-create": ("event.image-create", {"image": image, "count": count("layers")}),
    "image-remove": ("event.image-remove", {"image": image, "count": count("layers")}),
    "build-volume": ("event.build-volume", BUILD),
    "volume-build-change": ("event.volume-build-change", BUILD),
    "build-mount-stubs": ("event.build-mount-stubs", BUILD),
    "network-create": ("event.network-create", {"network": text("network")}),
    "network-remove": ("event.network-remove", {"network": text("network")}),
}


def message(event: dict, cat: Catalog) -> tuple[str, dict]:
    """(message id, fields) for one event, from NARRATION (an unknown kind gets `event.other`)."""
    kind = event.get("type", "")
    f = {"who": who(event, cat), "path": plain(str(event.get("path", "")))}
    if event.get("where", ""):
        f["place"] = place(event["where"], cat)
    entry = NARRATION.get(kind)
    if entry is None:
        f["type"] = plain(kind)
        return "event.other", f
    msg_id, fields = entry
    f.update({name: make(event, cat) for name, make in fields.items()})
    return (msg_id(event) if callable(msg_id) else msg_id), f


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
