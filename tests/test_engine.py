"""Docker engine rules: pre-population, anonymous volumes, --rm, tmpfs and the writable layer's life."""
from __future__ import annotations

import pytest

from simulator.run.scenario import from_dict
from simulator.run.session import Session

IMAGE = {"app": {"layers": [{"created_by": "RUN build", "files": {
    "/app/data/img.txt": "imgfile\n", "/app/dir/b.txt": "b\n", "/app/dir/sub/c.txt": "c\n",
    "/app/empty/": {}, "/app/perm/": {"mode": "0750", "uid": 1000, "gid": 1000},
    "/app/perm/p.txt": {"content": "p\n", "uid": 1000, "gid": 1000}, "/etc/app.conf": "port=80\n"}}],
    "volumes": []},
    "volimg": {"layers": [{"files": {"/var/lib/db/init.sql": "create\n"}}], "volumes": ["/var/lib/db"]}}


def session(*steps, host=None):
    s = Session(from_dict({"seed": 1, "images": IMAGE, "host": host or {}}))
    records = [s.run(step) for step in steps]
    return s, records


def volume_files(s, name):
    return sorted(p for p, _ in s.engine.volumes[name].fs.tree.walk())


def test_empty_named_volume_is_filled_from_the_image_at_create():
    s, r = session("docker create --name web -v vol:/app/data app")
    assert volume_files(s, "vol") == ["/img.txt"]
    assert any(e["type"] == "populate" and e["volume"] == "vol" for e in r[0].events)


def test_volume_root_takes_the_image_directory_mode_and_owner():
    s, _ = session("docker create --name web -v vol:/app/perm app")
    root = s.engine.volumes["vol"].fs.tree.root
    assert (root.mode, root.uid, root.gid) == (0o750, 1000, 1000)


def test_population_is_recursive():
    s, _ = session("docker create --name web --mount type=volume,source=vol,target=/app/dir app")
    assert volume_files(s, "vol") == ["/b.txt", "/sub", "/sub/c.txt"]


def test_a_non_empty_volume_is_not_filled_and_obscures_the_image():
    s, r = session("docker run --rm -v vol:/x app sh -c 'echo mine > /x/v.txt'",
                   "docker run --rm -v vol:/app/data app ls /app/data",
                   "docker run --rm app ls /app/data")
    assert r[1].stdout == "v.txt\n"
    assert r[2].stdout == "img.txt\n"
    assert volume_files(s, "vol") == ["/v.txt"]


def test_a_volume_first_used_where_the_image_has_nothing_stays_empty_then_fills_later():
    s, r = session("docker run --rm -v vol:/nothing-here app true",
                   "docker run --rm -v vol:/app/empty app true")
    assert volume_files(s, "vol") == []
    s.run("docker run --rm -v vol:/app/data app true")
    assert volume_files(s, "vol") == ["/img.txt"]


def test_an_emptied_volume_is_filled_again_by_the_next_new_container():
    s, r = session("docker run --rm -v vol:/app/data app sh -c 'rm -f /app/data/*'",
                   "docker run --rm -v vol:/app/data app ls /app/data")
    assert r[1].stdout == "img.txt\n"


@pytest.mark.parametrize("spec", ["-v vol:/app/data:nocopy", "--mount type=volume,source=vol,target=/app/data,volume-nocopy"])
def test_nocopy_leaves_the_volume_empty(spec):
    s, r = session(f"docker run --rm {spec} app ls -a /app/data")
    assert r[0].stdout == ".\n..\n" and volume_files(s, "vol") == []


def test_bind_mounts_and_tmpfs_are_never_filled():
    s, r = session("docker run --rm -v /home/u/empty:/app/data app ls /app/data",
                   "docker run --rm --tmpfs /app/data app ls /app/data", host={"/home/u/empty/": {}})
    assert r[0].stdout == "" and r[1].stdout == ""
    assert [p for p, _ in s.engine.host.tree.walk() if p.startswith("/home/u/empty/")] == []


def test_population_happens_at_create_not_at_start():
    s, r = session("docker create --name web -v vol:/app/data app")
    assert volume_files(s, "vol") == ["/img.txt"] and s.engine.containers["web"].status == "created"


def test_each_container_gets_its_own_anonymous_volume_for_an_image_volume():
    s, r = session("docker run -d --name one volimg", "docker run -d --name two volimg")
    names = [m.name for c in ("one", "two") for m in s.engine.containers[c].mounts]
    assert len(set(names)) == 2 and all(len(n) == 64 for n in names)
    assert all(s.engine.volumes[n].anonymous for n in names)


def test_rm_flag_removes_anonymous_volumes_but_never_named_ones():
    s, r = session("docker run --rm -v keep:/keep -v /scratch app true")
    assert sorted(s.engine.volumes) == ["keep"]


def test_docker_rm_keeps_volumes_and_rm_v_removes_anonymous_ones():
    s, r = session("docker run -d --name aa -v named:/n -v /anon app", "docker rm -f aa")
    assert len(s.engine.volumes) == 2
    s.run("docker run -d --name bb -v named:/n -v /anon2 app")
    s.run("docker rm -f -v bb")
    assert "named" in s.engine.volumes and len(s.engine.volumes) == 2


def test_volume_in_use_by_a_stopped_container_cannot_be_removed():
    s, r = session("docker run -d --name web -v vol:/v app", "docker stop web", "docker volume rm vol")
    cid = s.engine.containers["web"].id
    assert r[2].exit_code == 1
    assert r[2].stderr == f"Error response from daemon: remove vol: volume is in use - [{cid}]\n"


def test_prune_removes_only_unused_anonymous_volumes_unless_all():
    s, r = session("docker volume create named", "docker volume create", "docker volume prune -f")
    assert sorted(s.engine.volumes) == ["named"]
    s.run("docker volume prune -a -f")
    assert s.engine.volumes == {}


def test_writable_layer_survives_stop_and_dies_with_rm():
    s, r = session("docker run -d --name web app", "docker exec web sh -c 'echo x > /new.txt'",
                   "docker stop web", "docker start web", "docker exec web cat /new.txt", "docker rm -f web",
                   "docker run --rm app cat /new.txt")
    assert r[4].stdout == "x\n"
    assert r[6].exit_code == 1 and "No such file or directory" in r[6].stderr


def test_tmpfs_is_empty_after_stop_and_start_and_hides_the_image():
    s, r = session("docker run -d --name web --tmpfs /app/data app", "docker exec web ls /app/data",
                   "docker exec web sh -c 'echo t > /app/data/t'", "docker restart web", "docker exec web ls /app/data")
    assert r[1].stdout == "" and r[4].stdout == ""


def test_tmpfs_size_limit_gives_enospc():
    s, r = session("docker run -d --name web --mount type=tmpfs,target=/t,tmpfs-size=4k app",
                   "docker exec web sh -c 'echo a > /t/a; echo b > /t/b'")
    assert r[1].exit_code == 1 and "No space left on device" in r[1].stderr


def test_read_only_volume_and_root_give_erofs_but_volumes_stay_writable():
    s, r = session("docker run -d --name web --read-only -v vol:/v -v rov:/ro:ro app",
                   "docker exec web touch /x", "docker exec web touch /ro/x", "docker exec web touch /v/x")
    assert r[1].stderr == "touch: /x: Read-only file system\n"
    assert r[2].stderr == "touch: /ro/x: Read-only file system\n"
    assert r[3].exit_code == 0


def test_missing_bind_source_with_v_is_created_on_the_host_at_start():
    s, r = session("docker run -d --name web -v /home/u/new/dir:/x app")
    assert s.engine.host.tree.get("/home/u/new/dir").kind == "dir"


def test_missing_bind_source_with_mount_is_an_error():
    s, r = session("docker run -d --name web --mount type=bind,source=/nope,target=/x app")
    assert r[0].exit_code == 125
    assert r[0].stderr == ('docker: Error response from daemon: invalid mount config for type "bind": '
                           "bind source path does not exist: /nope.\nSee 'docker run --help'.\n")
    assert s.engine.containers == {}


def test_mount_point_missing_in_the_image_is_created_in_the_writable_layer():
    s, r = session("docker run -d --name web -v vol:/new/mnt app", "docker diff web")
    assert "A /new\nA /new/mnt\n" == r[1].stdout


def test_file_bind_over_an_image_file_overrides_it():
    s, r = session("docker run -d --name web -v /h/app.conf:/etc/app.conf app", "docker exec web cat /etc/app.conf",
                   host={"/h/app.conf": "port=9\n"})
    assert r[1].stdout == "port=9\n"


def test_bind_of_a_file_onto_a_directory_fails_at_start():
    s, r = session("docker run -d --name web -v /h/app.conf:/app/dir app", host={"/h/app.conf": "x\n"})
    assert r[0].exit_code == 125
    assert "not a directory" in r[0].stderr and "Are you trying to mount a directory onto a file" in r[0].stderr
    assert s.engine.containers["web"].status == "created"


def test_ids_are_64_hex_and_repeat_with_the_seed():
    a, _ = session("docker run -d --name web app")
    b, _ = session("docker run -d --name web app")
    assert a.engine.containers["web"].id == b.engine.containers["web"].id
    assert len(a.engine.containers["web"].id) == 64


def test_two_sessions_share_nothing():
    a, _ = session("docker run -d --name web app")
    b, _ = session()
    assert b.engine.containers == {} and a.engine.containers


def test_a_one_character_container_name_is_refused_like_docker_does():
    s, r = session("docker run -d --name c app")
    assert r[0].exit_code == 125
    assert r[0].stderr == ("docker: Error response from daemon: Invalid container name (c), only "
                           "[a-zA-Z0-9][a-zA-Z0-9_.-] are allowed.\nSee 'docker run --help'.\n")


def test_a_one_letter_source_is_a_windows_drive_to_the_cli_so_the_volume_is_anonymous():
    # docker/cli volumespec: "v:" reads as a drive letter, so -v v:/x is ONE anonymous
    # volume whose target is "v:/x" (a real engine mounts it at /v:/x)
    s, r = session("docker run -d --name web -v v:/x app")
    (m,) = s.engine.containers["web"].mounts
    assert m.target == "v:/x" and m.unnamed and len(m.name) == 64


SCRIPTS = {"seed": 2, "images": {"app": {"layers": [{"files": {
    "/app/start.sh": {"content": "#!/bin/sh\necho starting $1\n", "mode": "0755"},
    "/app/plain": {"content": "echo hi\n", "mode": "0755"},
    "/app/py": {"content": "#!/usr/bin/python3\nprint(1)\n", "mode": "0755"},
    "/app/notexec": {"content": "#!/bin/sh\n", "mode": "0644"},
    "/usr/local/bin/hello": {"content": "#!/bin/sh\necho hello\n", "mode": "0755"}}}]}}}


@pytest.mark.parametrize("command,code,out,err", [
    ("docker run --rm app /app/start.sh now", 0, "starting now\n", ""),
    ("docker run --rm app hello", 0, "hello\n", ""),
    ("docker run --rm app /app/plain", 1, "", "exec /app/plain: exec format error\n"),
    ("docker run --rm app /app/py", 1, "", "exec /app/py: no such file or directory\n"),
    ("docker run --rm app /app/notexec", 126, "", None),
    ("docker run --rm app nosuch", 127, "", None),
], ids=["shebang script", "found on PATH", "no shebang", "missing interpreter", "not executable", "unknown"])
def test_running_programs_from_the_image(command, code, out, err):
    s = Session(from_dict(SCRIPTS))
    r = s.run(command)
    assert (r.exit_code, r.stdout) == (code, out)
    if err is not None:
        assert r.stderr == err


def test_a_write_that_does_not_fit_a_tmpfs_keeps_the_pages_that_fit():
    # seen on the kernel: on an 8 KiB tmpfs holding 3000 bytes, a 6000-byte write stores
    # 4096 bytes (one more page), then fails with ENOSPC; BusyBox printf says nothing
    s, r = session("docker run -d --name web --mount type=tmpfs,target=/t,tmpfs-size=8k app",
                   "docker exec web sh -c \"printf '%3000s' x > /t/a; printf '%6000s' y > /t/b; echo rc=$?\"",
                   "docker exec web sh -c 'echo more >> /t/b; echo c > /t/c'")
    assert r[1].stdout == "rc=1\n" and r[1].stderr == ""
    tmpfs = s.engine.containers["web"].active["/t"].fs
    assert tmpfs.tree.get("/b").size == 4096 and tmpfs.tree.get("/a").size == 3000
    assert r[2].stderr == "sh: write error: No space left on device\n" * 2
    assert tmpfs.tree.get("/c").size == 0        # the redirection created it; nothing was written
