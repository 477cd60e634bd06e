"""`platform: windows` scenarios: Docker's Windows rules for mounts."""
from __future__ import annotations

from simulator.run.scenario import from_dict
from simulator.run.session import Session

SCENARIO = {"platform": "windows", "images": {"app": {"layers": [{"files": {
    "/app/app.conf": "port=80\n", "/app/data/seed.txt": "seed\n"}}]}},
    "host": {"/c/users/me/app.conf": "port=9\n", "/c/users/me/site/index.html": "hi\n"}}


def run(*steps):
    s = Session(from_dict(SCENARIO))
    return s, [s.run(x) for x in steps]


def test_a_single_file_cannot_be_bind_mounted():
    s, (r,) = run(r"docker run -d --name conf -v c:\users\me\app.conf:c:\app\app.conf app")
    assert r.exit_code == 125
    assert r.stderr == ("docker: Error response from daemon: invalid volume specification: "
                        "'c:\\users\\me\\app.conf:c:\\app\\app.conf': invalid mount config for type \"bind\": "
                        "source path must be a directory.\nSee 'docker run --help'.\n")
    assert s.engine.containers == {}


def test_a_directory_bind_works_and_shows_the_host_files():
    s, r = run(r"docker run -d --name site -v c:\users\me\site:c:\site app", "docker exec site cat /site/index.html")
    assert r[1].stdout == "hi\n"
    assert s.engine.containers["site"].mounts[0].target == "c:\\site"


def test_tmpfs_does_not_exist_on_windows():
    s, (r,) = run(r"docker run -d --name tmp --tmpfs c:\scratch app")
    assert r.exit_code == 125 and "platform does not support tmpfs" in r.stderr


def test_volumes_are_never_filled_from_the_image_on_windows():
    s, r = run(r"docker run -d --name data -v appdata:c:\app\data app", "docker exec data ls /app/data")
    assert r[1].stdout == "" and s.engine.volumes["appdata"].is_empty()


def test_backslashes_are_path_separators_in_windows_steps():
    from simulator.run.scenario import split_docker_step
    assert split_docker_step(r"docker run -v c:\a:c:\b app", windows=True) == ["run", "-v", r"c:\a:c:\b", "app"]
    assert split_docker_step(r"docker run -v c:\a:c:\b app") == ["run", "-v", "c:a:c:b", "app"]
