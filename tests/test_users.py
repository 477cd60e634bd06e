"""Users: -u, the image's USER, and a bind mount owned by another uid (EACCES), as on Docker 26.1.5.

The real engine's answers (base image with /etc/passwd; host dir 0700 owned by 1000:1000
holding s.txt), recorded with `docker run --rm -u UID -v DIR:/data base sh -c ...`:
  -u 1001: ls: can't open '/data': Permission denied
           cat: can't open '/data/s.txt': Permission denied
           sh: can't create /data/new.txt: Permission denied   (id: uid=1001 gid=0(root) groups=0(root))
  -u 1000: lists s.txt, reads it, cannot create (0700 dir is its own: it can)   -> it can
  -u nobody (not in passwd): docker: Error response from daemon: unable to find user nobody:
           no matching entries in passwd file.   exit 125
"""
from __future__ import annotations

import pytest

from simulator.run.scenario import load_text
from simulator.run.session import Session

SCENARIO = """
images:
  app:
    layers:
      - files:
          /etc/passwd: "root:x:0:0:root:/root:/bin/sh\\nweb:x:1000:1000:web:/home/web:/bin/sh\\n"
          /etc/group: "root:x:0:\\nweb:x:1000:\\n"
          /srv/: {}
  webimg:
    layers:
      - files:
          /etc/passwd: "root:x:0:0:root:/root:/bin/sh\\nweb:x:1000:1000:web:/home/web:/bin/sh\\n"
          /etc/group: "root:x:0:\\nweb:x:1000:\\n"
    user: web
host:
  /home/user/private/: {mode: "0700", uid: 1000, gid: 1000}
  /home/user/private/s.txt: {content: "secret\\n", mode: "0600", uid: 1000, gid: 1000}
"""


def session() -> Session:
    return Session(load_text(SCENARIO))


def test_another_uid_gets_permission_denied_on_the_bind_mount():
    s = session()
    record = s.run("docker run --rm -u 1001 -v /home/user/private:/data app "
                   "sh -c 'ls /data; cat /data/s.txt; echo x > /data/new.txt; id'")
    assert record.stderr == ("ls: can't open '/data': Permission denied\n"
                             "cat: can't open '/data/s.txt': Permission denied\n"
                             "sh: can't create /data/new.txt: Permission denied\n")
    assert record.stdout == "uid=1001 gid=0(root) groups=0(root)\n"
    assert s.engine.host.tree.get("/home/user/private/new.txt") is None


def test_the_owner_uid_reads_and_writes():
    s = session()
    record = s.run("docker run --rm -u 1000 -v /home/user/private:/data app "
                   "sh -c 'ls /data; cat /data/s.txt; echo x > /data/new.txt; id'")
    assert record.exit_code == 0 and record.stderr == ""
    assert record.stdout == "s.txt\nsecret\nuid=1000(web) gid=1000(web) groups=1000(web)\n"
    created = s.engine.host.tree.get("/home/user/private/new.txt")
    assert (created.uid, created.gid) == (1000, 1000)


def test_root_ignores_the_modes():
    s = session()
    record = s.run("docker run --rm -v /home/user/private:/data app cat /data/s.txt")
    assert (record.exit_code, record.stdout) == (0, "secret\n")


def test_the_images_user_applies_and_exec_u_overrides_it():
    s = session()
    s.run("docker run -d --name web1 -v /home/user/private:/data webimg")
    assert s.run("docker exec web1 id").stdout == "uid=1000(web) gid=1000(web) groups=1000(web)\n"
    assert s.run("docker exec web1 cat /data/s.txt").stdout == "secret\n"
    denied = s.run("docker exec -u 1001 web1 cat /data/s.txt")
    assert (denied.exit_code, denied.stderr) == (1, "cat: can't open '/data/s.txt': Permission denied\n")


def test_a_user_name_missing_from_passwd():
    s = session()
    record = s.run("docker run --rm -u nobody app true")
    assert record.exit_code == 125
    assert record.stderr.startswith("docker: Error response from daemon: unable to find user nobody: "
                                    "no matching entries in passwd file.")


@pytest.mark.parametrize("user,expected", [
    ("web", "uid=1000(web) gid=1000(web) groups=1000(web)\n"),
    ("1000:0", "uid=1000(web) gid=0(root) groups=0(root)\n"),
    ("2000", "uid=2000 gid=0(root) groups=0(root)\n"),
], ids=["name", "uid-gid", "unknown-uid"])
def test_user_forms(user, expected):
    assert session().run(f"docker run --rm -u {user} app id").stdout == expected
