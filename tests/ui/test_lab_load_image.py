"""The Lab's *Load image* button, through its controller: a real image archive (bytes the user
picked) becomes a step whose state holds the image; back, forward and branches keep working; a
bad archive says why in the terminal and changes nothing; *Save as scenario* names the file as
an `archive:` image (a scenario cannot carry the bytes) and says so, and the saved scenario
replays where the file is."""
from __future__ import annotations

import datetime
import json

from simulator.run import load_text, statedoc
from simulator.run.timeline import Timeline
from simulator.ui import LabController
from tests.catalog.test_archives import minimal_archive, tar_bytes


def state(engine) -> str:
    return statedoc.dumps(statedoc.state(engine))


def docker_save_archive(tag: str = "mine:1") -> bytes:
    """A docker-save-style archive of one image with two layers: the second deletes a file
    the first added (a `.wh.` whiteout) and adds one."""
    import hashlib
    base = tar_bytes([("etc/motd", b"from the archive\n", "file"), ("etc/old.conf", b"x=1\n", "file")])
    top = tar_bytes([("etc/.wh.old.conf", b"", "file"), ("srv/index.html", b"<h1>mine</h1>\n", "file")])
    diffs = ["sha256:" + hashlib.sha256(layer).hexdigest() for layer in (base, top)]
    config = json.dumps({"config": {"Cmd": ["sh"]}, "rootfs": {"type": "layers", "diff_ids": diffs},
                         "history": [{"created_by": "ADD rootfs.tar /"}, {"created_by": "COPY site /srv"}]}).encode()
    manifest = json.dumps([{"Config": "config.json", "RepoTags": [tag] if tag else [],
                            "Layers": ["base/layer.tar", "top/layer.tar"]}]).encode()
    return tar_bytes([("config.json", config, "file"), ("base/layer.tar", base, "file"),
                      ("top/layer.tar", top, "file"), ("manifest.json", manifest, "file")])


ARCHIVE = docker_save_archive()


def test_a_loaded_archive_is_a_step_and_its_image_runs():
    lab = LabController()
    before = lab.step.number
    assert lab.load_image("/home/me/Downloads/mine.tar", ARCHIVE) is True
    assert lab.step.number == before + 1 and lab.step.command == "docker load -i mine.tar"
    assert "mine:1" in lab.engine.images
    text = lab.terminal_text()
    assert "$ docker load -i mine.tar\nLoaded image: mine:1\n" in text
    assert "# mine.tar came from your computer (Load image)" in text
    record = lab.run_command("docker run --name mc mine:1 ls /etc /srv")
    assert record.exit_code == 0 and "motd" in record.stdout and "old.conf" not in record.stdout
    assert "index.html" in record.stdout


def test_back_forward_and_a_branch_keep_the_image_in_its_step_only():
    lab = LabController()
    lab.load_image("mine.tar", ARCHIVE)
    loaded = state(lab.engine)
    lab.run_command("docker run --name mc mine:1 true")
    lab.back()
    assert state(lab.engine) == loaded
    lab.back()
    assert "mine:1" not in lab.engine.images
    assert lab.run_command("docker run --rm mine:1 true").exit_code != 0     # a branch without it
    lab.jump(lab.step.number - 2)                   # the load step is still there, on its branch
    assert lab.step.command == "docker load -i mine.tar" and "mine:1" in lab.engine.images
    lab.forward()
    assert "mc" in lab.engine.containers


def test_a_bad_archive_says_why_in_the_terminal_and_changes_nothing():
    lab = LabController()
    steps, before = len(lab.timeline.steps), state(lab.engine)
    bad = minimal_archive(tar_bytes([("etc/motd", b"hi\n", "file")]), manifest_layers=["nosuch/layer.tar"])
    for content, message in [(ARCHIVE[:1500], "the archive is truncated or corrupt"),
                             (bad, "names the layer 'nosuch/layer.tar', which the archive does not have"),
                             (tar_bytes([("../evil", b"x", "file")]), "goes up with '..'")]:
        assert lab.load_image("broken.tar", content) is False
        last = lab.terminal_text().rstrip("\n").rpartition("\n")[2]
        assert last.startswith("# cannot load the image: broken.tar: ") and message in last, last
    assert len(lab.timeline.steps) == steps and state(lab.engine) == before and lab.last_error == ""


def test_save_names_the_archive_says_so_and_replays_where_the_file_is(tmp_path, monkeypatch):
    lab = LabController()
    lab.load_image("mine.tar", ARCHIVE)
    lab.run_command("docker run --name mc mine:1 sh -c 'echo hi > /srv/new.txt'")
    saved = lab.save()
    assert "docker load" not in saved and "  mine:1:\n    archive: mine.tar\n" in saved
    assert "# saved mine:1 as images with archive: mine.tar (a scenario cannot carry the archive's bytes" \
        in lab.terminal_text()
    (tmp_path / "mine.tar").write_bytes(ARCHIVE)
    monkeypatch.chdir(tmp_path)
    replay = Timeline(load_text(saved))
    assert replay.engine.containers["mc"].image.name == "mine:1"
    assert statedoc.state(replay.engine)["containers"]["mc"] == statedoc.state(lab.engine)["containers"]["mc"]


def test_save_before_the_load_step_does_not_name_the_archive():
    lab = LabController()
    lab.load_image("mine.tar", ARCHIVE)
    lab.back()
    assert "archive:" not in lab.save() and "# saved" not in lab.terminal_text()


def test_an_oci_layout_archive_loads_too():
    import hashlib
    layer = tar_bytes([("hello.txt", b"oci\n", "file")])
    digest = hashlib.sha256(layer).hexdigest()
    config = json.dumps({"config": {}, "rootfs": {"type": "layers", "diff_ids": ["sha256:" + digest]},
                         "history": [{"created_by": "COPY hello.txt /"}]}).encode()
    cdig = hashlib.sha256(config).hexdigest()
    manifest = json.dumps({"schemaVersion": 2, "config": {"digest": "sha256:" + cdig, "size": len(config)},
                           "layers": [{"digest": "sha256:" + digest, "size": len(layer)}]}).encode()
    mdig = hashlib.sha256(manifest).hexdigest()
    index = json.dumps({"schemaVersion": 2, "manifests": [{"digest": "sha256:" + mdig, "size": len(manifest),
                        "annotations": {"io.containerd.image.name": "docker.io/library/oci:2"}}]}).encode()
    archive = tar_bytes([("oci-layout", b'{"imageLayoutVersion":"1.0.0"}', "file"), ("index.json", index, "file"),
                         (f"blobs/sha256/{cdig}", config, "file"), (f"blobs/sha256/{digest}", layer, "file"),
                         (f"blobs/sha256/{mdig}", manifest, "file")])
    lab = LabController()
    assert lab.load_image("oci.tar", archive) is True, lab.terminal_text()[-300:]
    assert lab.run_command("docker run --rm oci:2 cat /hello.txt").stdout == "oci\n"


def test_the_widget_hands_the_chosen_file_to_the_controller():
    from simulator.ui import Lab
    lab = Lab()
    lab.image_upload.value = ({"name": "mine.tar", "type": "application/x-tar", "size": len(ARCHIVE),
                               "content": memoryview(ARCHIVE),
                               "last_modified": datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)},)
    assert "mine:1" in lab.controller.engine.images


def test_an_image_without_a_name_is_left_out_of_the_saved_scenario_and_the_terminal_says_so():
    lab = LabController()
    assert lab.load_image("anon.tar", docker_save_archive(tag=None)) is True
    assert "Loaded image ID: sha256:" in lab.terminal_text()
    saved = lab.save()
    assert "archive:" not in saved and "docker load" not in saved
    assert lab.terminal_text().rstrip("\n").endswith(
        "# the image loaded from anon.tar has no name: a scenario cannot carry the archive's bytes nor name the "
        "image, so it is not saved")


def test_the_korean_lab_says_it_in_korean():
    lab = LabController()
    lab.set_language("ko")
    lab.load_image("broken.tar", b"not an archive" * 100)
    assert "# 이미지를 불러올 수 없다: broken.tar: " in lab.terminal_text()
    lab.load_image("mine.tar", ARCHIVE)
    lab.save()
    assert "# mine:1을 archive: mine.tar 이미지로 저장했다" in lab.terminal_text()
