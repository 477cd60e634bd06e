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


def _cases():
    import yaml
    from pathlib import Path
    doc = yaml.safe_load((Path(__file__).parent / "data" / "local_driver.yaml").read_text(encoding="utf-8"))
    return doc["cases"]


import pytest  # noqa: E402


@pytest.mark.parametrize("case", _cases(), ids=[c["id"] for c in _cases()])
def test_local_driver_checks(case):
    from types import SimpleNamespace

    from simulator.docker import localdriver
    from simulator.errors import DockerError
    if "error" in case:
        with pytest.raises(DockerError) as e:
            localdriver.check_options(case["name"], case["opts"], case.get("platform", "linux"))
        assert e.value.message == case["error"]
    else:
        localdriver.check_options(case["name"], case["opts"], case.get("platform", "linux"))
        assert localdriver.kind(SimpleNamespace(options=case["opts"])) == case["kind"]
