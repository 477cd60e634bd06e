"""Network storage modelled on Mountpoint for Amazon S3: what it refuses, with its errno, before changing anything."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from simulator.errors import ScenarioError
from simulator.fs.netstorage import NetworkMount, NetworkStorageHost, network_host, parse_network_storage
from simulator.run.scenario import from_dict, load_text
from simulator.run.session import Session

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = ROOT / "simulator" / "course" / "data" / "scenarios" / "23-network-storage.yaml"

BASE = """
images:
  app:
    layers:
      - files: {/etc/app.conf: "port=80\\n"}
host:
  /mnt/s3/report.csv: "a,b\\n"
  /mnt/s3/dir/x.txt: "x\\n"
  /home/user/local.txt: "local\\n"
"""


def session_with(options=None) -> Session:
    s = Session(load_text(BASE))
    s.engine.host = network_host(s.engine.host, {"/mnt/s3": options or {}})
    return s


def snapshot(s: Session) -> dict:
    return dict(s.engine.host.tree.entries)


# (command, exit status, stderr): what BusyBox prints for the errno Mountpoint returns
REFUSED = [
    ("echo more >> /mnt/s3/report.csv", 1, "sh: can't create /mnt/s3/report.csv: Operation not permitted\n"),
    ("echo new > /mnt/s3/report.csv", 1, "sh: can't create /mnt/s3/report.csv: Operation not permitted\n"),
    ("mv /mnt/s3/report.csv /mnt/s3/renamed.csv", 1,
     "mv: can't rename '/mnt/s3/report.csv': Function not implemented\n"),
    ("mv /mnt/s3/dir /mnt/s3/dir2", 1, "mv: can't rename '/mnt/s3/dir': Function not implemented\n"),
    ("rm /mnt/s3/report.csv", 1, "rm: can't remove '/mnt/s3/report.csv': Operation not permitted\n"),
    ("rmdir /mnt/s3/dir", 1, "rmdir: '/mnt/s3/dir': Directory not empty\n"),
    ("chmod 600 /mnt/s3/report.csv", 1, "chmod: /mnt/s3/report.csv: Operation not permitted\n"),
    ("chown 1000 /mnt/s3/report.csv", 1, "chown: /mnt/s3/report.csv: Operation not permitted\n"),
    ("touch /mnt/s3/report.csv", 1, "touch: /mnt/s3/report.csv: Operation not permitted\n"),
    ("ln -s /mnt/s3/report.csv /mnt/s3/link", 1, "ln: /mnt/s3/link: Function not implemented\n"),
]


@pytest.mark.parametrize("command,code,stderr", REFUSED, ids=[c.split()[0] + "-" + c.split()[-1] for c, _, _ in REFUSED])
def test_refused_operations_change_nothing(command, code, stderr):
    s = session_with()
    before = snapshot(s)
    record = s.run(command)
    assert (record.exit_code, record.stderr) == (code, stderr)
    assert snapshot(s) == before
    errors = [e for e in record.events if e["type"] == "error"]
    assert errors, record.events


ALLOWED = [
    ("echo new > /mnt/s3/new.txt", "/mnt/s3/new.txt", "new\n"),
    ("cp /home/user/local.txt /mnt/s3/copy.txt", "/mnt/s3/copy.txt", "local\n"),
    ("mkdir /mnt/s3/fresh && rmdir /mnt/s3/fresh", "/mnt/s3/fresh", None),
    ("mkdir /mnt/s3/d2 && echo y > /mnt/s3/d2/y.txt", "/mnt/s3/d2/y.txt", "y\n"),
]


@pytest.mark.parametrize("command,path,content", ALLOWED, ids=["new-file", "cp-in", "mkdir-rmdir", "file-in-new-dir"])
def test_what_mountpoint_allows(command, path, content):
    s = session_with()
    record = s.run(command)
    assert record.exit_code == 0, record.stderr
    entry = s.engine.host.tree.get(path)
    assert (entry.blob.to_bytes().decode() if entry is not None else None) == content


def test_files_read_with_the_default_modes():
    s = session_with()
    s.run("echo new > /mnt/s3/new.txt")
    tree = s.engine.host.tree
    assert [tree.get(p).mode for p in ("/mnt/s3", "/mnt/s3/dir", "/mnt/s3/report.csv", "/mnt/s3/new.txt")] == \
        [0o755, 0o755, 0o644, 0o644]


def test_a_new_file_is_closed_after_its_write():
    s = session_with()
    s.run("echo one > /mnt/s3/once.txt")
    record = s.run("echo two >> /mnt/s3/once.txt")
    assert record.exit_code == 1 and "Operation not permitted" in record.stderr


def test_mv_from_another_file_system_copies_and_warns_about_what_it_cannot_keep():
    s = session_with()
    record = s.run("mv /home/user/local.txt /mnt/s3/local.txt")
    assert record.exit_code == 0
    assert s.engine.host.tree.get("/mnt/s3/local.txt").blob.to_bytes() == b"local\n"
    assert s.engine.host.tree.get("/home/user/local.txt") is None
    assert "can't preserve" in record.stderr and "Operation not permitted" in record.stderr


def test_allow_delete_and_allow_overwrite():
    s = session_with({"allow_delete": True, "allow_overwrite": True})
    assert s.run("echo new > /mnt/s3/report.csv").exit_code == 0
    assert s.engine.host.tree.get("/mnt/s3/report.csv").blob.to_bytes() == b"new\n"
    assert s.run("echo more >> /mnt/s3/report.csv").exit_code == 1          # still no append
    assert s.run("rm /mnt/s3/report.csv").exit_code == 0


def test_out_of_order_write_is_einval():
    from simulator.fs.content import Blob
    from simulator.fs.entries import File
    from simulator.errors import FsError
    fs = NetworkStorageHost(mounts=(NetworkMount("/mnt/s3"),))
    fs.create("/mnt/s3/f", File(Blob.of(b"")))
    with pytest.raises(FsError) as e:
        fs.replace("/mnt/s3/f", File(Blob.zeros(512) + Blob.of(b"x")))
    assert e.value.errno == "EINVAL" and e.value.strerror == "Invalid argument"


def test_a_container_bind_mount_meets_the_same_rules():
    s = session_with()
    s.run("docker run -d --name app -v /mnt/s3:/data app")
    assert s.run("docker exec app sh -c 'echo y > /data/new.txt'").exit_code == 0
    record = s.run("docker exec app sh -c 'echo z >> /data/new.txt'")
    assert (record.exit_code, record.stderr) == (1, "sh: can't create /data/new.txt: Operation not permitted\n")
    record = s.run("docker exec app mv /data/new.txt /data/other.txt")
    assert record.stderr == "mv: can't rename '/data/new.txt': Function not implemented\n"


@pytest.mark.parametrize("spec,message", [
    ("relative/path", "must be a list of host directories or a mapping of them to options"),
    (["rel"], "path 'rel' is not an absolute, normalised directory other than /"),
    (["/"], "path '/' is not an absolute, normalised directory other than /"),
    ({"/mnt/s3": {"allow_rename": True}}, "unknown key 'allow_rename' (allowed: allow_delete, allow_overwrite)"),
    ({"/mnt/s3": {"allow_delete": "yes"}}, "allow_delete must be true or false, not 'yes'"),
    (["/mnt", "/mnt/s3"], "/mnt/s3 is inside /mnt: network storage cannot nest"),
], ids=["not-a-list", "relative", "root", "unknown-option", "not-bool", "nested"])
def test_invalid_declarations(spec, message):
    with pytest.raises(ScenarioError) as e:
        parse_network_storage(spec)
    assert e.value.message == message


def test_declarations():
    assert parse_network_storage(["/mnt/s3/"]) == (NetworkMount("/mnt/s3"),)
    assert parse_network_storage({"/a": {"allow_delete": True}}) == (NetworkMount("/a", allow_delete=True),)
    assert parse_network_storage(None) == ()


def load_scenario_23() -> Session:
    """Scenario 23 with its network_storage, whether or not scenario.py reads the key yet."""
    data = yaml.safe_load(SCENARIO.read_text())
    spec = data.pop("network_storage")
    session = Session(from_dict(data))
    session.engine.host = network_host(session.engine.host, spec)
    return session


def test_the_shipped_network_storage_scenario():
    session = load_scenario_23()
    records = session.run_all()
    codes = [r.exit_code for r in records]
    assert codes == [0, 0, 1, 1, 1, 1, 1, 1, 0, 0, 0]
    assert records[4].stderr == "mv: can't rename '/data/reports/2024.csv': Function not implemented\n"
    assert session.engine.host.tree.get("/mnt/s3/reports/2024.csv").blob.to_bytes() == b"year,total\n2024,7\n"
