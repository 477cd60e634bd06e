"""docker export / docker import: a container flattened into one tar and back into a one-layer
image, losing layers, history, config and what volumes held."""
import io
import subprocess
import tarfile
from pathlib import Path

from simulator.docker.tarfmt import BlobReader
from simulator.fs.content import Blob
from simulator.run.session import Session
from tests.catalog.test_archives import engine

ARCHIVE = Path(__file__).parent / "data" / "engine-savetest.tar.gz"


def listing(data: bytes) -> dict:
    out = {}
    for m in tarfile.open(fileobj=io.BytesIO(data)).getmembers():
        kind = "dir" if m.isdir() else "symlink" if m.issym() else "file"
        out[m.name.rstrip("/")] = (kind, format(m.mode & 0o7777, "04o"), m.uid, m.gid,
                                   m.size if kind == "file" else m.linkname)
    return out


def loaded_session() -> Session:
    s = Session()
    s.engine.host_namespace().write("/in.tar.gz", Blob.of(ARCHIVE.read_bytes()))
    assert s.run("docker load -i /in.tar.gz").exit_code == 0
    return s


def test_export_flattens_the_container_without_its_volumes_and_import_makes_one_layer():
    s = loaded_session()
    s.run("docker run --name c1 -v /data layerlab/savetest:1 sh -c 'echo v > /data/in-volume; echo u > /app/up; "
          "rm /app/link'")
    assert s.run("docker export c1").stderr == "cowardly refusing to save to a terminal. Use the -o flag or redirect\n"
    assert s.run("docker export -o /c1.tar c1").exit_code == 0
    names = listing(BlobReader(s.engine.host_namespace().read("/c1.tar")).read())
    assert names["app/up"][0] == "file" and "app/link" not in names
    assert names["data"][0] == "dir" and "data/in-volume" not in names      # a volume's files are not in it
    assert names[".dockerenv"] == ("file", "0755", 0, 0, 0) and names["etc/mtab"][4] == "/proc/mounts"
    r = s.run("docker import /c1.tar flat:1")
    image = s.engine.images["flat:1"]
    assert r.stdout == image.id + "\n" and len(image.layers) == 1
    assert s.run("docker history -q flat:1").stdout.count("\n") == 1
    assert "Imported from -" in s.run("docker history flat:1").stdout
    bad = s.run("docker run --rm flat:1")
    assert (bad.exit_code, bad.stderr) == (125, "docker: Error response from daemon: No command specified.\n"
                                                "See 'docker run --help'.\n")
    assert s.run("docker run --rm flat:1 cat /app/up").stdout == "u\n"
    assert s.run("docker export -o /x.tar nosuch").stderr == "Error response from daemon: No such container: nosuch\n"


def test_live_export_lists_what_the_engine_lists():
    env = engine()
    assert subprocess.run(["docker", "load", "-i", str(ARCHIVE)], env=env, capture_output=True).returncode == 0
    cid = subprocess.run(["docker", "create", "layerlab/savetest:1", "true"], env=env, capture_output=True,
                         text=True, check=True).stdout.strip()
    try:
        real = listing(subprocess.run(["docker", "export", cid], env=env, capture_output=True, check=True).stdout)
    finally:
        subprocess.run(["docker", "rm", cid], env=env, capture_output=True)
        subprocess.run(["docker", "rmi", "layerlab/savetest:1"], env=env, capture_output=True)
    s = loaded_session()
    s.run("docker create --name c1 layerlab/savetest:1 true")
    s.run("docker export -o /c1.tar c1")
    assert listing(BlobReader(s.engine.host_namespace().read("/c1.tar")).read()) == real
