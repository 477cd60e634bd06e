"""The local volume driver's options beyond the recording (tests/docker_recordings/
volume-options.json holds tmpfs and bind types and the checks to the real engine): NFS/CIFS
shares live on a simulated server of the engine, shared by every container that mounts them."""
from __future__ import annotations

from simulator.run.scenario import load_file
from simulator.run.session import Session

SCENARIO = """
images:
  app:
    layers:
      - files: {/etc/app.conf: "a=1\\n"}
steps:
  - docker volume create -o type=nfs -o o=addr=10.0.0.1,rw -o device=:/export shared
  - docker volume create --driver local --opt type=nfs --opt o=addr=10.0.0.1,rw --opt device=:/export same
  - docker run -d --name writer -v shared:/data app
  - docker exec writer sh -c 'echo hello > /data/note.txt'
  - docker rm -f writer
"""


def test_a_network_share_outlives_its_containers_and_is_seen_through_any_volume(tmp_path):
    p = tmp_path / "s.yaml"
    p.write_text(SCENARIO)
    s = Session(load_file(str(p)))
    s.run_all()
    assert s.run("docker run --rm -v shared:/d app cat /d/note.txt").stdout == "hello\n"
    assert s.run("docker run --rm -v same:/d app cat /d/note.txt").stdout == "hello\n"
    assert s.run("docker volume inspect -f '{{.Options.type}} {{.Options.device}}' shared").stdout == "nfs :/export\n"


def test_options_are_checked_before_anything_is_made(tmp_path):
    p = tmp_path / "s.yaml"
    p.write_text("images: {app: {layers: [{files: {/a: x}}]}}\nsteps: []\n")
    s = Session(load_file(str(p)))
    r = s.run("docker run --mount type=volume,src=vv,dst=/v,volume-opt=foo=bar app true")
    assert r.exit_code == 125 and 'invalid option: "foo"' in r.stderr
    assert s.run("docker volume ls -q").stdout == ""
