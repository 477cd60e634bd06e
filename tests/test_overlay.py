"""Copy-up, whiteouts, opaque directories and EXDEV: the overlayfs rules, one table row each."""
from __future__ import annotations

import pytest

from simulator.fs.content import Blob
from simulator.errors import FsError
from helpers import container_ns, upper_doc

BASE = {"created_by": "COPY . /", "files": {
    "/etc/app.conf": "port=80\n", "/etc/motd": "Welcome\n",
    "/srv/www/index.html": "<h1>hi</h1>\n", "/srv/www/img/logo.png": "PNG",
    "/opt/big.bin": {"size": 1048576}, "/opt/tool": {"content": "run\n", "mode": "0755"},
    "/data/": {"mode": "0750", "uid": 1000, "gid": 1000}}}
TOP = {"created_by": "RUN edit", "files": {"/etc/app.conf": "port=8080\n"}, "delete": ["/etc/motd"]}

F = lambda text, mode="0644": {"type": "file", "mode": mode, "size": len(text.encode()), "content": text}
D = lambda mode="0755", **kw: {"type": "dir", "mode": mode, **kw}
WH = {"type": "whiteout"}


def op_append(ns): ns.write("/etc/app.conf", Blob.of("x\n"), append=True)
def op_overwrite(ns): ns.write("/etc/app.conf", Blob.of("new\n"))
def op_truncate(ns): ns.truncate("/opt/big.bin", 10)
def op_touch(ns): ns.utime("/etc/app.conf")
def op_chmod(ns): ns.chmod("/opt/tool", 0o700)
def op_chmod_dir(ns): ns.chmod("/srv/www", 0o700)
def op_rm_lower(ns): ns.unlink("/srv/www/index.html")
def op_create_rm(ns):
    ns.write("/etc/new", Blob.of("n\n"))
    ns.unlink("/etc/new")
def op_rm_r(ns):
    for p in ("/srv/www/img/logo.png",):
        ns.unlink(p)
    ns.rmdir("/srv/www/img")
    ns.unlink("/srv/www/index.html")
    ns.rmdir("/srv/www")
def op_rm_r_mkdir(ns):
    op_rm_r(ns)
    ns.mkdir("/srv/www")
def op_mkdir_in_merged(ns): ns.mkdir("/etc/conf.d")
def op_rename_file(ns): ns.rename("/etc/app.conf", "/etc/app.conf.bak")
def op_rename_new_dir_into_merged(ns):
    ns.mkdir("/new")
    ns.rename("/new", "/etc/moved")


CASES = [
    # id, operation, expected upper, expected events (type, path) in order
    ("append copies the whole file up with its parent", op_append,
     {"/etc": D(), "/etc/app.conf": F("port=8080\nx\n")},
     [("copy-up", "/etc"), ("copy-up", "/etc/app.conf"), ("write", "/etc/app.conf")]),
    ("overwrite copies up too", op_overwrite,
     {"/etc": D(), "/etc/app.conf": F("new\n")},
     [("copy-up", "/etc"), ("copy-up", "/etc/app.conf"), ("write", "/etc/app.conf")]),
    ("truncate of a large file copies all of it first", op_truncate,
     {"/opt": D(), "/opt/big.bin": {"type": "file", "mode": "0644", "size": 10}},
     [("copy-up", "/opt"), ("copy-up", "/opt/big.bin"), ("truncate", "/opt/big.bin")]),
    ("touch copies up (metadata change, metacopy off)", op_touch,
     {"/etc": D(), "/etc/app.conf": F("port=8080\n")},
     [("copy-up", "/etc"), ("copy-up", "/etc/app.conf"), ("touch", "/etc/app.conf")]),
    ("chmod copies up", op_chmod,
     {"/opt": D(), "/opt/tool": F("run\n", "0700")},
     [("copy-up", "/opt"), ("copy-up", "/opt/tool"), ("chmod", "/opt/tool")]),
    ("chmod of a directory copies it without its children", op_chmod_dir,
     {"/srv": D(), "/srv/www": D("0700")},
     [("copy-up", "/srv"), ("copy-up", "/srv/www"), ("chmod", "/srv/www")]),
    ("deleting a lower file leaves a whiteout", op_rm_lower,
     {"/srv": D(), "/srv/www": D(), "/srv/www/index.html": WH},
     [("copy-up", "/srv"), ("copy-up", "/srv/www"), ("whiteout", "/srv/www/index.html"),
      ("delete", "/srv/www/index.html")]),
    ("deleting an upper-only file just removes it", op_create_rm,
     {"/etc": D()},
     [("copy-up", "/etc"), ("create", "/etc/new"), ("delete", "/etc/new")]),
    ("rm -r of a lower directory ends as one whiteout", op_rm_r,
     {"/srv": D(), "/srv/www": WH}, None),
    ("rm -r then mkdir gives an opaque directory without child whiteouts", op_rm_r_mkdir,
     {"/srv": D(), "/srv/www": D(opaque=True)}, None),
    ("mkdir in a merged directory is not opaque (Docker's overlay options)", op_mkdir_in_merged,
     {"/etc": D(), "/etc/conf.d": D()}, [("copy-up", "/etc"), ("mkdir", "/etc/conf.d")]),
    ("renaming a lower file: copy-up, then a whiteout at the old name", op_rename_file,
     {"/etc": D(), "/etc/app.conf": WH, "/etc/app.conf.bak": F("port=8080\n")},
     [("copy-up", "/etc"), ("copy-up", "/etc/app.conf"), ("whiteout", "/etc/app.conf"),
      ("rename", "/etc/app.conf")]),
    ("a new directory renamed into a merged directory becomes opaque", op_rename_new_dir_into_merged,
     {"/etc": D(), "/etc/moved": D(opaque=True)}, None),
]


@pytest.mark.parametrize("name,op,upper,events", CASES, ids=[c[0] for c in CASES])
def test_copy_on_write_rules(name, op, upper, events):
    ns, overlay, log = container_ns(BASE, TOP)
    op(ns)
    assert upper_doc(overlay) == upper
    if events is not None:
        assert [(e["type"], e["path"]) for e in log] == events


def test_copy_up_event_names_the_layer_and_bytes():
    ns, overlay, log = container_ns(BASE, TOP)
    op_append(ns)
    up = [e for e in log if e["type"] == "copy-up" and e["path"] == "/etc/app.conf"][0]
    assert up["from"] == "app@1" and up["bytes"] == len("port=8080\n")


def test_a_refused_directory_rename_is_an_exdev_event_and_errors_are_events():
    ns, overlay, log = container_ns(BASE, TOP)
    with pytest.raises(FsError):
        ns.rename("/srv/www", "/srv/site")
    with pytest.raises(FsError):
        ns.rmdir("/srv/www")
    assert log == [{"type": "exdev", "container": "web", "path": "/srv/www", "to": "/srv/site"},
                   {"type": "error", "container": "web", "path": "/srv/www", "op": "rmdir", "errno": "ENOTEMPTY"}]


def test_reading_never_copies_up():
    ns, overlay, log = container_ns(BASE, TOP)
    assert ns.read("/etc/app.conf").to_bytes() == b"port=8080\n"
    ns.listdir("/srv/www")
    ns.stat("/opt/big.bin")
    assert upper_doc(overlay) == {} and log == []


ERRORS = [
    ("rename of a lower directory", lambda ns: ns.rename("/srv/www", "/srv/site"), "EXDEV"),
    ("rename of a merged directory", lambda ns: (ns.write("/srv/www/x", Blob.of("x")), ns.rename("/srv/www", "/w")), "EXDEV"),
    ("rmdir of a non-empty merged directory", lambda ns: ns.rmdir("/srv/www"), "ENOTEMPTY"),
    ("a whiteout hides the lower file", lambda ns: ns.read("/etc/motd"), "ENOENT"),
    ("mkdir over an existing lower dir", lambda ns: ns.mkdir("/srv"), "EEXIST"),
    ("unlink of a directory", lambda ns: ns.unlink("/srv"), "EISDIR"),
    ("rmdir of a file", lambda ns: ns.rmdir("/etc/app.conf"), "ENOTDIR"),
    ("write below a file", lambda ns: ns.write("/etc/app.conf/x", Blob.of("x")), "ENOTDIR"),
    ("write in a missing directory", lambda ns: ns.write("/nope/x", Blob.of("x")), "ENOENT"),
    ("write to a directory", lambda ns: ns.write("/srv", Blob.of("x")), "EISDIR"),
    ("rename a directory into itself", lambda ns: (ns.mkdir("/n"), ns.rename("/n", "/n/m")), "EINVAL"),
]


@pytest.mark.parametrize("name,op,errno", ERRORS, ids=[e[0] for e in ERRORS])
def test_errors_leave_the_upper_layer_unchanged(name, op, errno):
    ns, overlay, log = container_ns(BASE, TOP)
    with pytest.raises(FsError) as info:
        op(ns)
    assert info.value.errno == errno
    if name.startswith("rename of a lower") or name.startswith("rmdir of a non"):
        assert upper_doc(overlay) == {}


def test_opaque_dir_hides_every_lower_child_and_whiteout_hides_lower_file():
    ns, overlay, _ = container_ns(BASE, TOP)
    op_rm_r_mkdir(ns)
    assert ns.listdir("/srv/www") == []
    assert "motd" not in ns.listdir("/etc")


def test_renamed_upper_only_directory_moves():
    ns, overlay, _ = container_ns(BASE, TOP)
    ns.mkdir("/tmpd")
    ns.write("/tmpd/f", Blob.of("1"))
    ns.rename("/tmpd", "/tmpd2")
    assert ns.listdir("/tmpd2") == ["f"] and not ns.exists("/tmpd")
    assert "/tmpd" not in overlay.upper
