"""Applets in a container: what they print and what the writable layer holds after.

The image has /etc/app.conf, /srv/www/{i.html,css/a.css} and /usr/bin/tool; a volume is
mounted on /srv/www/data, a 8 KiB tmpfs on /tmp and a read-only volume on /ro (Docker
creates the mount points in the upper layer, so /ro, /tmp and /srv/www/data are there).
"""
from __future__ import annotations

import pytest

from shell_helpers import add_tmpfs, add_volume, container, sh, upper, visible

IMAGE = {"/etc/app.conf": "port=80\n", "/srv/www/i.html": "hi", "/srv/www/css/a.css": "a",
         "/usr/bin/tool": {"text": "x", "mode": 0o755}}
MOUNT_POINTS = {"/ro": "dir 0755", "/srv": "dir 0755", "/srv/www": "dir 0755",
                "/srv/www/data": "dir 0755", "/tmp": "dir 0755"}


def make(events=None):
    ns, ov = container(IMAGE, sink=events)
    volume = add_volume(ns, "/srv/www/data", {"/v.txt": "v"})
    tmp = add_tmpfs(ns, "/tmp", capacity=8192)
    add_volume(ns, "/ro", {"/g": "g"}, read_only=True)
    return ns, ov, volume, tmp


# id, script, stdout, stderr, status, changes to the upper layer beyond the mount points
CASES = [
    ("append-copies-up", "echo hi >> /etc/app.conf; cat /etc/app.conf", "port=80\nhi\n", "", 0,
     {"/etc": "dir 0755", "/etc/app.conf": "file 0644 'port=80\\nhi\\n'"}),
    ("truncate-redirect-copies-up", "echo new > /etc/app.conf", "", "", 0,
     {"/etc": "dir 0755", "/etc/app.conf": "file 0644 'new\\n'"}),
    ("read-copies-nothing", "cat /etc/app.conf; ls /srv/www", "port=80\ncss\ndata\ni.html\n", "", 0, {}),
    ("rm-file-whiteout", "rm /etc/app.conf; ls /etc", "group\npasswd\n", "", 0,
     {"/etc": "dir 0755", "/etc/app.conf": "whiteout"}),
    ("rm-r-then-mkdir-opaque", "rm -r /srv/www/css; mkdir /srv/www/css; ls /srv/www/css", "", "", 0,
     {"/srv/www/css": "dir 0755 opaque"}),
    ("rm-r-mount-point-busy", "rm -r /srv/www; echo $?; ls /srv/www /srv/www/data",
     "1\n/srv/www:\ndata\n\n/srv/www/data:\n", "rm: can't remove '/srv/www/data': Device or resource busy\n", 0,
     {"/srv/www/css": "whiteout", "/srv/www/i.html": "whiteout"}),
    ("mv-image-dir-falls-back", "mv /srv/www/css /srv/c2; ls /srv /srv/c2", "/srv:\nc2\nwww\n\n/srv/c2:\na.css\n", "", 0,
     {"/srv/c2": "dir 0755", "/srv/c2/a.css": "file 0644 'a'", "/srv/www/css": "whiteout"}),
    ("mv-image-file-renames", "mv /etc/app.conf /etc/app.old; cat /etc/app.old", "port=80\n", "", 0,
     {"/etc": "dir 0755", "/etc/app.conf": "whiteout", "/etc/app.old": "file 0644 'port=80\\n'"}),
    ("mv-across-mounts", "echo t > /tmp/t; mv /tmp/t /etc/t; ls /tmp; cat /etc/t", "t\n", "", 0,
     {"/etc": "dir 0755", "/etc/t": "file 0644 't\\n'"}),
    ("mv-over-image-file", "echo t > /tmp/app.conf; mv /tmp/app.conf /etc/app.conf; cat /etc/app.conf", "t\n", "", 0,
     {"/etc": "dir 0755", "/etc/app.conf": "file 0644 't\\n'"}),
    ("chmod-copies-up", "chmod 600 /etc/app.conf; ls -l /etc/app.conf",
     "-rw-------    1 root     root             8 Jan  1 00:00 /etc/app.conf\n", "", 0,
     {"/etc": "dir 0755", "/etc/app.conf": "file 0600 'port=80\\n'"}),
    ("touch-copies-up", "touch /usr/bin/tool", "", "", 0,
     {"/usr": "dir 0755", "/usr/bin": "dir 0755", "/usr/bin/tool": "file 0755 'x'"}),
    ("recreate-after-rm", "rm /etc/app.conf; echo new > /etc/app.conf; cat /etc/app.conf", "new\n", "", 0,
     {"/etc": "dir 0755", "/etc/app.conf": "file 0644 'new\\n'"}),
    ("mkdir-p-existing", "mkdir -p /srv/www/css/x; mkdir /srv/www", "",
     "mkdir: can't create directory '/srv/www': File exists\n", 1, {"/srv/www/css": "dir 0755", "/srv/www/css/x": "dir 0755"}),
    ("rmdir-not-empty", "rmdir /srv/www/css", "", "rmdir: '/srv/www/css': Directory not empty\n", 1, {}),
    ("cp-a-copies-tree", "cp -a /srv/www/css /srv/c; ls -l /srv/c",
     "total 4\n-rw-r--r--    1 root     root             1 Jan  1 00:00 a.css\n", "", 0,
     {"/srv/c": "dir 0755", "/srv/c/a.css": "file 0644 'a'"}),
    ("cp-into-volume", "cp /etc/app.conf /srv/www/data/; ls /srv/www/data", "app.conf\nv.txt\n", "", 0, {}),
    ("ls-merged-dir-links", "ls -ld / /srv /srv/www/data /tmp",
     "drwxr-xr-x    1 root     root          4096 Jan  1 00:00 /\n"
     "drwxr-xr-x    1 root     root          4096 Jan  1 00:00 /srv\n"
     "drwxr-xr-x    2 root     root          4096 Jan  1 00:00 /srv/www/data\n"
     "drwxrwxrwt    2 root     root            40 Jan  1 00:00 /tmp\n", "", 0, {}),
    # read-only mounts
    ("ro-touch", "touch /ro/g /ro/new", "", "touch: /ro/g: Read-only file system\ntouch: /ro/new: Read-only file system\n", 1, {}),
    ("ro-redirect", "echo a > /ro/x; echo $?", "1\n", "sh: can't create /ro/x: Read-only file system\n", 0, {}),
    ("ro-append", "echo a >> /ro/g", "", "sh: can't create /ro/g: Read-only file system\n", 1, {}),
    ("ro-mkdir-rm", "mkdir /ro/d; rm /ro/g; rm -rf /ro/g",
     "", "mkdir: can't create directory '/ro/d': Read-only file system\n"
     "rm: can't remove '/ro/g': Read-only file system\nrm: can't remove '/ro/g': Read-only file system\n", 1, {}),
    ("ro-cp-ln-chmod", "cp /ro/g /ro/h; ln -s a /ro/l; chmod 600 /ro/g; truncate -s 0 /ro/g", "",
     "cp: can't create '/ro/h': Read-only file system\nln: /ro/l: Read-only file system\n"
     "chmod: /ro/g: Read-only file system\ntruncate: /ro/g: open: Read-only file system\n", 1, {}),
    ("ro-mv-out", "mv /ro/g /tmp/; ls /tmp", "g\n", "mv: can't remove '/ro/g': Read-only file system\n", 0, {}),
    # a full tmpfs
    ("tmpfs-dd-full", "dd if=/dev/zero of=/tmp/f bs=1k count=10; echo $?; stat -c %s /tmp/f", "1\n8192\n",
     "dd: error writing '/tmp/f': No space left on device\n9+0 records in\n8+0 records out\n", 0, {}),
    ("tmpfs-echo-full", "dd if=/dev/zero of=/tmp/f bs=4k count=2 2>/dev/null; echo hi > /tmp/g; echo $?; ls /tmp",
     "1\nf\ng\n", "sh: write error: No space left on device\n", 0, {}),
    ("tmpfs-cp-full", "dd if=/dev/zero of=/tmp/f bs=4k count=2 2>/dev/null; cp /etc/app.conf /tmp/c; echo $?", "1\n",
     "cp: write error: No space left on device\n", 0, {}),
    ("tmpfs-truncate-sparse", "truncate -s 1M /tmp/big; ls -l /tmp/big; echo hi > /tmp/small",
     "-rw-r--r--    1 root     root       1048576 Jan  1 00:00 /tmp/big\n", "", 0, {}),
]


@pytest.mark.parametrize("script,out,err,status,changes", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_container(script, out, err, status, changes):
    ns, ov, _, _ = make()
    assert sh(ns, script) == (out, err, status)
    expected = dict(MOUNT_POINTS)
    expected.update(changes)
    assert upper(ov) == expected


def test_mv_image_dir_makes_one_whiteout_and_copies():
    events = []
    ns, ov, _, _ = make(events)
    assert sh(ns, "mv /srv/www/css /srv/css2") == ("", "", 0)
    kinds = [e["type"] for e in events]
    # rename(2) was refused (EXDEV), so the copy ran: mkdir, file create, then the
    # source went depth-first: the file's whiteout, then the directory's.
    assert kinds.count("whiteout") == 2
    assert [e["path"] for e in events if e["type"] == "whiteout"] == ["/srv/www/css/a.css", "/srv/www/css"]
    assert "rename" not in kinds
    assert upper(ov)["/srv/www/css"] == "whiteout"
    assert "/srv/www/css/a.css" not in upper(ov)      # gone with its directory


def test_mv_dir_keeps_modes_owners_links_and_times():
    ns, ov = container({"/app/d": {"dir": True, "mode": 0o750, "uid": 33, "gid": 33},
                        "/app/d/f": {"text": "x", "mode": 0o600, "uid": 33, "gid": 33},
                        "/app/d/l": {"link": "f", "uid": 33, "gid": 33}})
    ns.clock = lambda: 99
    assert sh(ns, "mv /app/d /app/e") == ("", "", 0)
    seen = visible(ns, "/app")
    assert seen == {"/app/e": "dir 0750 33:33", "/app/e/f": "file 0600 'x' 33:33", "/app/e/l": "-> f"}
    assert ns.lstat("/app/e/l").entry.uid == 33
    assert ns.lstat("/app/e/f").entry.mtime == 0        # cp -a keeps the time
    assert upper(ov)["/app/d"] == "whiteout"


def test_rm_r_empties_the_volume_below_before_failing():
    ns, ov, volume, _ = make()
    sh(ns, "rm -r /srv/www")
    assert volume.tree.names("/") == []                  # v.txt went: the real rm does that too


def test_no_passwd_means_numeric_names():
    ns, ov = container({"/x": "x"})
    assert sh(ns, "rm /etc/passwd /etc/group; whoami; echo $?; id; ls -ln /x; ls -l /x") == (
        "1\nuid=0 gid=0 groups=0\n-rw-r--r--    1 0        0                1 Jan  1 00:00 /x\n"
        "-rw-r--r--    1 0        0                1 Jan  1 00:00 /x\n",
        "whoami: unknown uid 0\n", 0)


# The brief's own examples, on an image with nothing mounted below /srv/www.
def test_rm_r_then_mkdir_leaves_an_opaque_dir():
    ns, ov = container({"/srv/www/i.html": "hi", "/srv/www/img/a.png": "a"})
    assert sh(ns, "rm -r /srv/www; mkdir /srv/www; ls -a /srv/www") == (".\n..\n", "", 0)
    assert upper(ov) == {"/srv": "dir 0755", "/srv/www": "dir 0755 opaque"}


def test_mv_image_dir_leaves_one_whiteout():
    ns, ov = container({"/srv/www/i.html": "hi"})
    assert sh(ns, "mv /srv/www /srv/w2; cat /srv/w2/i.html; ls /srv") == ("hiw2\n", "", 0)
    assert upper(ov) == {"/srv": "dir 0755", "/srv/w2": "dir 0755", "/srv/w2/i.html": "file 0644 'hi'",
                         "/srv/www": "whiteout"}


def test_mv_of_an_upper_dir_is_a_plain_rename():
    # rename(2) works for a directory that only the upper layer has; moved into a merged
    # parent it is marked opaque by overlayfs (ovl_rename), not by the shell
    events = []
    ns, ov = container({"/srv/x": "x"}, sink=events)
    assert sh(ns, "mkdir /srv/new; echo a > /srv/new/a; mv /srv/new /srv/n2") == ("", "", 0)
    assert [e["type"] for e in events].count("rename") == 1
    assert upper(ov) == {"/srv": "dir 0755", "/srv/n2": "dir 0755 opaque", "/srv/n2/a": "file 0644 'a\\n'"}
