"""compare_docs itself: known differences are reported, equal documents give none, generated volume names are matched by origin."""
from __future__ import annotations

import copy
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))   # harness modules, not a package

from compare_docs import compare_documents                 # noqa: E402

KERNEL_ANON = "a" * 64
KERNEL_ORPHAN = "b" * 64


def _document(anonymous: str, orphan: str) -> dict:
    return {
        "title": "t",
        "steps": [
            {"command": "docker run -d --name web -v data:/data -v /cache app",
             "exit_code": 0, "stdout": "id\n", "stderr": "", "events": []},
            {"command": "docker exec web sh -c 'rm /etc/motd'", "exit_code": 0,
             "stdout": "", "stderr": "", "events": []},
        ],
        "state": {
            "containers": {"web": {
                "id": "x", "image": "app", "status": "running",
                "mounts": [{"type": "volume", "name": "data", "target": "/data", "rw": True},
                           {"type": "volume", "name": anonymous, "target": "/cache", "rw": True}],
                "rootfs": {
                    "/cache": {"type": "dir", "mode": "0755", "from": f"volume:{anonymous}"},
                    "/etc": {"type": "dir", "mode": "0755", "from": "upper"},
                    "/etc/app.conf": {"type": "file", "mode": "0644", "size": 3,
                                      "content": "x=1", "from": "app@0"},
                    "/lnk": {"type": "symlink", "target": "/etc", "from": "app@0"}},
                "upper": {"/etc": {"type": "dir", "mode": "0755"},
                          "/etc/motd": {"type": "whiteout"}}}},
            "volumes": {
                "data": {"anonymous": False, "used_by": ["web"], "files": {}},
                anonymous: {"anonymous": True, "used_by": ["web"], "files": {}},
                orphan: {"anonymous": True, "used_by": [],
                         "files": {"/f": {"type": "file", "mode": "0644", "size": 0}}}},
            "host": {"/h": {"type": "dir", "mode": "0755"},
                     "/h/x": {"type": "file", "mode": "0644", "size": 2, "content": "x\n"}},
        },
    }


def test_identical_documents_give_no_difference():
    assert compare_documents(_document(KERNEL_ANON, KERNEL_ORPHAN),
                             _document(KERNEL_ANON, KERNEL_ORPHAN)) == []


def test_generated_volume_names_are_matched_by_origin_and_order():
    simulator = _document("c0ffee" * 10 + "c0de", "5eed" * 16)
    simulator["steps"][0]["events"] = [{"type": "volume-create", "volume": "5eed" * 16}]
    assert compare_documents(_document(KERNEL_ANON, KERNEL_ORPHAN), simulator) == []


def test_ignored_fields_make_no_difference():
    simulator = _document(KERNEL_ANON, KERNEL_ORPHAN)
    simulator["title"] = "other"
    simulator["steps"][1].update(stdout="noise", stderr="noise", exit_code=0,
                                 events=[{"type": "whiteout", "path": "/etc/motd"}])
    simulator["state"]["containers"]["web"]["id"] = "y"
    simulator["state"]["images"] = {"app": {"layers": []}}
    simulator["state"]["containers"]["web"]["rootfs"]["/lnk"]["mode"] = "0777"
    del simulator["state"]["host"]["/h"]              # an implicit host parent
    simulator["state"]["volumes"][KERNEL_ORPHAN]["files"]["/f"]["content"] = ""
    assert compare_documents(_document(KERNEL_ANON, KERNEL_ORPHAN), simulator) == []


def test_known_differences_are_all_reported():
    kernel = _document(KERNEL_ANON, KERNEL_ORPHAN)
    simulator = copy.deepcopy(kernel)
    web = simulator["state"]["containers"]["web"]
    simulator["steps"][1]["exit_code"] = 1
    web["status"] = "exited"
    web["mounts"][0]["rw"] = False
    web["rootfs"]["/etc/app.conf"].update(mode="0600", content="x=2", **{"from": "upper"})
    web["upper"]["/etc/motd"] = {"type": "file", "mode": "0644", "size": 0}
    web["upper"]["/etc"]["opaque"] = True
    simulator["state"]["volumes"][KERNEL_ORPHAN]["used_by"] = ["web"]
    simulator["state"]["host"]["/h/x"]["content"] = "y\n"
    differences = compare_documents(kernel, simulator)
    expected = [
        "step 2 (docker exec web sh -c 'rm /etc/motd'): exit code kernel=0 simulator=1",
        'container web: status kernel="running" simulator="exited"',
        "container web rootfs /etc/app.conf: content",
        "container web rootfs /etc/app.conf: from",
        "container web rootfs /etc/app.conf: mode",
        'container web upper /etc/motd: type kernel="whiteout" simulator="file"',
        "container web upper /etc: opaque",
        "volume <unused generated volume #1>: used_by",
        "host /h/x: content",
    ]
    for start in expected:
        assert any(d.startswith(start) for d in differences), (start, differences)
    assert any("mounts" in d and "only in simulator" in d for d in differences)
    assert len(differences) == len(expected) + 2       # the changed mount: once per side


def test_a_missing_container_or_volume_is_reported():
    kernel = _document(KERNEL_ANON, KERNEL_ORPHAN)
    simulator = copy.deepcopy(kernel)
    del simulator["state"]["volumes"]["data"]
    simulator["state"]["containers"]["db"] = simulator["state"]["containers"]["web"]
    differences = compare_documents(kernel, simulator)
    assert "volume data: only in kernel" in differences
    assert "container db: only in simulator" in differences
