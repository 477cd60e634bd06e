"""docker save / docker load: the archive Docker 26 writes, read back by the simulator and by the
real engine; bad archives refused with the file named and nothing loaded."""
import gzip
import io
import json
import os
import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest

from simulator.docker.imageload import read_archive
from simulator.docker.tarfmt import BlobReader
from simulator.fs.content import Blob
from simulator.run.session import Session

DATA = Path(__file__).parent / "data"
ENGINE_ARCHIVE = DATA / "engine-savetest.tar.gz"
IMAGE_ID = "sha256:094b8403793f686429f8a0509d1d09f4e84617608d4bc3cfe0e89a9e16912654"


def describe(e):
    out = (e.kind, format(getattr(e, "mode", 0), "04o"), getattr(e, "uid", 0), getattr(e, "gid", 0))
    if e.kind == "file":
        out += (e.size,)
    if e.kind == "symlink":
        out += (e.target,)
    if e.kind == "dir" and e.opaque:
        out += ("opaque",)
    return out


def session_with(path_in_host: str, data: bytes) -> Session:
    s = Session()
    s.engine.host_namespace().write(path_in_host, Blob.of(data))
    return s


def test_an_archive_the_engine_wrote_loads_with_its_layers_whiteouts_and_opaque_dirs():
    with open(ENGINE_ARCHIVE, "rb") as f:
        images = read_archive(f, "engine-savetest.tar.gz", ENGINE_ARCHIVE.stat().st_size)
    (image,) = images
    assert image.names == ["layerlab/savetest:1"] and image.image_id == IMAGE_ID
    third, fourth, fifth = ({p: describe(e) for p, e in layer.entries.items()} for layer in image.layers[2:])
    assert third == {"/app": ("dir", "0755", 0, 0), "/app/conf": ("dir", "0755", 0, 0),
                     "/app/conf/a.conf": ("file", "0644", 0, 0, 4), "/app/conf/b.conf": ("file", "0644", 0, 0, 4),
                     "/app/hello.txt": ("file", "0644", 0, 0, 6)}
    assert fourth == {"/app": ("dir", "0755", 0, 0), "/app/hello.txt": ("file", "0600", 1000, 1000, 6),
                      "/app/link": ("symlink", "0777", 0, 0, "hello.txt"), "/data": ("dir", "0755", 0, 0),
                      "/data/x": ("file", "0644", 0, 0, 2)}
    assert fifth == {"/app": ("dir", "0755", 0, 0), "/app/conf": ("dir", "0755", 0, 0, "opaque"),
                     "/app/conf/new.conf": ("file", "0644", 0, 0, 4), "/data": ("dir", "0755", 0, 0),
                     "/data/x": ("whiteout", "0000", 0, 0)}
    assert [h["created_by"] for h in image.history][-2:] == ["VOLUME [/data]", 'CMD ["sh"]']


def test_docker_load_then_a_container_sees_the_merged_layers():
    s = session_with("/in.tar.gz", ENGINE_ARCHIVE.read_bytes())
    r = s.run("docker load -i /in.tar.gz")
    assert (r.exit_code, r.stdout) == (0, "Loaded image: layerlab/savetest:1\n")
    assert s.run("docker images -q").stdout == "094b8403793f\n"
    out = s.run("docker run --rm layerlab/savetest:1 ls /app/conf").stdout
    assert out == "new.conf\n"
    assert s.run("docker run --rm layerlab/savetest:1 cat /app/hello.txt").stdout == "hello\n"
    again = s.run("docker load -i /in.tar.gz")
    assert again.stdout == "Loaded image: layerlab/savetest:1\n" and len(s.engine.images) == 1


def test_save_writes_both_forms_and_the_tar_form_of_whiteouts():
    s = session_with("/in.tar.gz", ENGINE_ARCHIVE.read_bytes())
    s.run("docker load -i /in.tar.gz")
    s.run("docker run --name c1 layerlab/savetest:1 sh -c 'rm -r /app/conf; mkdir /app/conf; echo z > /app/conf/z;"
          " rm /app/hello.txt'")
    assert s.run("docker commit c1 mine:2").exit_code == 0
    assert s.run("docker save -o /out.tar mine:2").exit_code == 0
    blob = s.engine.host_namespace().read("/out.tar")
    tar = tarfile.open(fileobj=BlobReader(blob))
    names = tar.getnames()
    assert {"index.json", "manifest.json", "oci-layout", "repositories"} <= set(names)
    manifest = json.loads(tar.extractfile("manifest.json").read())
    assert manifest[0]["RepoTags"] == ["mine:2"] and len(manifest[0]["Layers"]) == 6
    top = tarfile.open(fileobj=tar.extractfile(manifest[0]["Layers"][-1]))
    members = {m.name: m for m in top.getmembers()}
    assert "app/.wh.hello.txt" in members and members["app/.wh.hello.txt"].mode == 0o600
    assert "app/conf/.wh..wh..opq" in members and members["app/conf/.wh..wh..opq"].mode == 0o755
    index = json.loads(tar.extractfile("index.json").read())
    assert index["manifests"][0]["annotations"]["io.containerd.image.name"] == "docker.io/library/mine:2"
    # and back: the same layers, entry for entry
    s2 = Session()
    s2.engine.host_namespace().write("/out.tar", blob)
    assert s2.run("docker load -i /out.tar").stdout == "Loaded image: mine:2\n"
    for a, b in zip(s.engine.images["mine:2"].layers, s2.engine.images["mine:2"].layers):
        assert {p: describe(e) for p, e in a.entries.items()} == {p: describe(e) for p, e in b.entries.items()}


def test_a_catalog_image_round_trips_with_its_sizes():
    s = Session()
    s.run("docker pull redis")
    assert s.run("docker save -o /redis.tar redis").exit_code == 0
    s.run("docker rmi redis")
    assert s.run("docker load -i /redis.tar").stdout == "Loaded image: redis:latest\n"
    assert s.engine.images["redis"].size == sum(l.size for l in s.engine.images["redis"].layers) > 100_000_000
    assert s.engine.containers == {}
    assert s.run("docker run -d --name rd redis").exit_code == 0 and s.engine.containers["rd"].running


# ---- bad archives: the file named, nothing loaded -----------------------------------------------
def tar_bytes(members: list) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as t:
        for name, data, kind in members:
            info = tarfile.TarInfo(name)
            if kind == "sym":
                info.type, info.linkname = tarfile.SYMTYPE, data
                t.addfile(info)
            else:
                info.size = len(data)
                t.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def minimal_archive(layer: bytes, layer_name="layer.tar", manifest_layers=None) -> bytes:
    import hashlib
    diff = "sha256:" + hashlib.sha256(layer if layer[:2] != b"\x1f\x8b" else gzip.decompress(layer)).hexdigest()
    config = json.dumps({"config": {}, "rootfs": {"type": "layers", "diff_ids": [diff]}, "history": []}).encode()
    manifest = json.dumps([{"Config": "config.json", "RepoTags": ["bad:1"],
                            "Layers": manifest_layers or [layer_name]}]).encode()
    return tar_bytes([("config.json", config, "file"), (layer_name, layer, "file"), ("manifest.json", manifest, "file")])


GOOD_LAYER = tar_bytes([("etc/motd", b"hi\n", "file")])
BOMB = gzip.compress(tar_bytes([("big", bytes(300 << 20), "file")]), 9)


@pytest.mark.parametrize("case,data,message", [
    ("truncated", minimal_archive(GOOD_LAYER)[:1500], "the archive is truncated or corrupt"),
    ("not a tar", b"this is not an archive at all" * 40, "the archive is truncated or corrupt"),
    ("dot-dot member", tar_bytes([("../evil", b"x", "file")]), "goes up with '..'"),
    ("absolute member", tar_bytes([("/etc/passwd", b"x", "file")]), "has an absolute path"),
    ("link member", tar_bytes([("manifest.json", "/etc/passwd", "sym")]), "is a link"),
    ("layer member below a symlink", minimal_archive(tar_bytes([("etc", "/host", "sym"), ("etc/x", b"1", "file")])),
     "is below the symbolic link 'etc'"),
    ("dot-dot inside a layer", minimal_archive(tar_bytes([("../../x", b"1", "file")])), "goes up with '..'"),
    ("missing layer", minimal_archive(GOOD_LAYER, manifest_layers=["nosuch/layer.tar"]),
     "names the layer 'nosuch/layer.tar', which the archive does not have"),
    ("gzip bomb", minimal_archive(BOMB, "layer.tar.gz"), "a gzip bomb"),
    ("no manifest", tar_bytes([("hello.txt", b"hi", "file")]), "not an image archive"),
])
def test_a_bad_archive_is_refused_naming_the_file_and_nothing_changes(case, data, message):
    s = session_with("/bad.tar", data)
    before = s.engine.host.tree.copy()
    r = s.run("docker load -i /bad.tar")
    assert r.exit_code == 1 and r.stdout == ""
    assert r.stderr.startswith("Error response from daemon: /bad.tar: ") and message in r.stderr, r.stderr
    assert s.engine.images == {} and s.engine.dangling_images() == []
    assert sorted(p for p, _ in s.engine.host.tree.walk()) == sorted(p for p, _ in before.walk())


def test_a_large_file_is_kept_as_its_size_only():
    big = tar_bytes([("data/blob.bin", b"\x01" * ((4 << 20) + 1), "file"), ("data/small", b"ok\n", "file")])
    with io.BytesIO(minimal_archive(big)) as f:
        (image,) = read_archive(f, "x.tar", 0)
    entries = image.layers[0].entries
    assert entries["/data/blob.bin"].size == (4 << 20) + 1 and entries["/data/blob.bin"].blob.literal_bytes == 0
    assert entries["/data/small"].blob.to_bytes() == b"ok\n"


# ---- the live half: the real engine, when one runs here -----------------------------------------
def engine():
    host = os.environ.get("LAYERLAB_TEST_DOCKER_HOST") or os.environ.get("DOCKER_HOST", "")
    if not host or not shutil.which("docker"):
        pytest.skip("no Docker engine: set LAYERLAB_TEST_DOCKER_HOST=unix://... (tools/docker_recorder README)")
    env = {**os.environ, "DOCKER_HOST": host}
    if subprocess.run(["docker", "version"], env=env, capture_output=True).returncode != 0:
        pytest.skip(f"the Docker engine at {host} does not answer")
    return env


def runtime(path: str) -> bool:
    """What `docker export` shows that the runtime, not the image, put there (and /etc, which
    Docker's init layer fills); the image's own /dev, /proc and /sys dirs are hidden by it too."""
    return path == "/" or any(path == r or path.startswith(r + "/")
                              for r in ("/.dockerenv", "/dev", "/proc", "/sys", "/etc"))


def export_listing(env, image: str) -> dict:
    cid = subprocess.run(["docker", "create", image, "true"], env=env, capture_output=True, text=True,
                         check=True).stdout.strip()
    try:
        data = subprocess.run(["docker", "export", cid], env=env, capture_output=True, check=True).stdout
    finally:
        subprocess.run(["docker", "rm", cid], env=env, capture_output=True)
    out = {}
    for m in tarfile.open(fileobj=io.BytesIO(data)).getmembers():
        path = "/" + m.name.strip("/")
        if runtime(path):
            continue
        kind = "dir" if m.isdir() else "symlink" if m.issym() else "file"
        row = (kind, format(0o777 if m.issym() else m.mode & 0o7777, "04o"), m.uid, m.gid)
        out[path] = row + ((m.size,) if kind == "file" else (m.linkname,) if kind == "symlink" else ())
    return out


def simulator_listing(image) -> dict:
    out = {}
    for path, e in image.view.entries.items():
        if runtime(path):
            continue
        row = describe(e)
        out[path] = row[:5] if row[0] != "dir" else row[:4]
    return out


def test_live_an_archive_saved_here_loads_on_the_engine_with_the_same_files():
    env = engine()
    s = session_with("/in.tar.gz", ENGINE_ARCHIVE.read_bytes())
    s.run("docker load -i /in.tar.gz")
    s.run("docker run --name c1 layerlab/savetest:1 sh -c 'rm -r /app/conf; mkdir /app/conf; echo z > /app/conf/z;"
          " rm /app/hello.txt; chmod 700 /app'")
    s.run("docker commit c1 layerlab-test/simmade:2")
    s.run("docker save -o /out.tar layerlab-test/simmade:2")
    blob = s.engine.host_namespace().read("/out.tar")
    data = BlobReader(blob).read()
    loaded = subprocess.run(["docker", "load"], input=data, env=env, capture_output=True)
    assert loaded.returncode == 0, loaded.stderr
    try:
        real = export_listing(env, "layerlab-test/simmade:2")
        assert real == simulator_listing(s.engine.images["layerlab-test/simmade:2"])
        assert "/app/hello.txt" not in real and "/app/conf/new.conf" not in real and "/app/conf/z" in real
    finally:
        subprocess.run(["docker", "rmi", "layerlab-test/simmade:2"], env=env, capture_output=True)


def test_live_an_image_built_on_the_engine_loads_here_with_the_same_files():
    env = engine()
    loaded = subprocess.run(["docker", "load", "-i", str(ENGINE_ARCHIVE)], env=env, capture_output=True, text=True)
    assert loaded.returncode == 0, loaded.stderr
    try:
        real = export_listing(env, "layerlab/savetest:1")
        s = session_with("/in.tar.gz", ENGINE_ARCHIVE.read_bytes())
        s.run("docker load -i /in.tar.gz")
        assert simulator_listing(s.engine.images["layerlab/savetest:1"]) == real
    finally:
        subprocess.run(["docker", "rmi", "layerlab/savetest:1"], env=env, capture_output=True)
