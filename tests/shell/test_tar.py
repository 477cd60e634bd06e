"""tar: back a volume up with a helper container and restore it, as BusyBox tar does."""
from __future__ import annotations

import io
import tarfile

from simulator.run.scenario import from_dict
from simulator.run.session import Session

SCENARIO = {"seed": 5, "images": {"db": {"layers": [{"files": {
    "/var/lib/db/init.sql": "CREATE\n", "/var/lib/db/sub/": {"mode": "0700", "uid": 999},
    "/var/lib/db/link": {"symlink": "init.sql"}}}]}}, "host": {"/home/user/backup/": {}}}


def run(*steps):
    s = Session(from_dict(SCENARIO))
    return s, [s.run(x) for x in steps]


def test_backup_to_a_host_directory_and_restore_into_a_new_volume():
    s, r = run("docker run -d --name db -v dbdata:/var/lib/db db",
               "docker exec db sh -c 'echo row > /var/lib/db/rows'",
               "docker run --rm --volumes-from db -v /home/user/backup:/backup db tar cvf /backup/db.tar /var/lib/db",
               "docker run --rm -v /home/user/backup:/backup -v restored:/var/lib/db db sh -c 'cd / && tar xf /backup/db.tar'")
    assert r[2].stdout == "var/lib/db/\nvar/lib/db/init.sql\nvar/lib/db/link\nvar/lib/db/rows\nvar/lib/db/sub/\n"
    assert r[2].stderr == "tar: removing leading '/' from member names\n"
    archive = s.engine.host.tree.get("/home/user/backup/db.tar")
    assert archive.size == 9 * 512          # 5 headers, 2 data blocks, 2 zero blocks: BusyBox's size
    names = tarfile.open(fileobj=io.BytesIO(archive.blob.to_bytes())).getnames()
    assert names == ["var/lib/db", "var/lib/db/init.sql", "var/lib/db/link", "var/lib/db/rows", "var/lib/db/sub"]
    restored = s.engine.volumes["restored"].fs.tree
    assert restored.get("/rows").blob.to_bytes() == b"row\n"
    assert restored.get("/link").target == "init.sql"
    sub = restored.get("/sub")
    assert (sub.mode, sub.uid) == (0o700, 999)


def test_errors_are_busybox_s():
    s, r = run("docker run --rm db tar cf /x.tar", "docker run --rm db tar xf /nope.tar",
               "docker run --rm db tar cf /x.tar /nope /var/lib/db/init.sql")
    assert (r[0].exit_code, r[0].stderr) == (1, "tar: empty archive\n")
    assert (r[1].exit_code, r[1].stderr) == (1, "tar: can't open '/nope.tar': No such file or directory\n")
    assert r[2].exit_code == 1
    assert r[2].stderr == ("tar: removing leading '/' from member names\ntar: /nope: No such file or directory\n"
                           "tar: error exit delayed from previous errors\n")
