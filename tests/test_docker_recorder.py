"""The pure parts of tools/docker_recorder: layer archives, path mapping, option rewriting, state reading."""
from __future__ import annotations

import hashlib
import io
import json
import re
import os
import sys
import tarfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tools.docker_recorder import busybox, entries, host, images, markers, scenario, state, steps  # noqa: E402
from tools.docker_recorder.errors import Refused, ScenarioInvalid  # noqa: E402
from tools.docker_recorder.paths import PathMap  # noqa: E402

IS_ROOT = os.geteuid() == 0
needs_root = pytest.mark.skipif(not IS_ROOT, reason="mknod of a 0/0 character device and trusted.* xattrs need root")
needs_busybox = pytest.mark.skipif(not any(os.path.exists(p) for p in busybox.CANDIDATES),
                                   reason="the base layer needs Debian's busybox-static (apt-get install busybox-static)")


def load(tmp_path, text: str) -> scenario.Scenario:
    path = tmp_path / "s.yaml"
    path.write_text(text)
    return scenario.load(str(path))


def members(layer: dict) -> dict:
    """name -> TarInfo of the layer tar the recorder writes (and its diffID)."""
    buf = io.BytesIO()
    diff_id = images.write_layer(layer, buf)
    assert diff_id == "sha256:" + hashlib.sha256(buf.getvalue()).hexdigest()
    buf.seek(0)
    with tarfile.open(fileobj=buf) as tar:
        return {m.name: (m, tar.extractfile(m).read() if m.isreg() else None) for m in tar}


TWO_LAYERS = """
images:
  app:
    layers:
      - files:
          /srv/www/index.html: "<h1>v1</h1>\\n"
          /srv/www/old.html: "old\\n"
          /srv/www/css/site.css: "body{}\\n"
          /var/lib/app/: {mode: "0750", uid: 1000, gid: 1000}
          /opt/big.bin: {size: 100000}
      - created_by: "RUN change"
        files:
          /var/lib/app/state: {content: "s\\n", mode: "0600", uid: 1000}
          /srv/www/css/new.css: "new\\n"
          /usr/bin/web: {symlink: /srv/www/index.html}
        delete: [/srv/www/old.html]
        opaque: [/srv/www/css]
"""


# -- archive building -------------------------------------------------------------------------

def test_a_layer_spells_whiteouts_and_opaque_directories_as_the_oci_tar_format(tmp_path):
    planned = images.plan_images(load(tmp_path, TWO_LAYERS).images)[0]
    got = members(planned.layers[1])
    assert sorted(got) == ["srv", "srv/www", "srv/www/.wh.old.html", "srv/www/css", "srv/www/css/.wh..wh..opq",
                           "srv/www/css/new.css", "usr", "usr/bin", "usr/bin/web", "var", "var/lib",
                           "var/lib/app", "var/lib/app/state"]
    assert got["srv/www/.wh.old.html"][0].isreg() and got["srv/www/.wh.old.html"][0].size == 0
    assert got["srv/www/css/.wh..wh..opq"][0].isreg() and got["srv/www/css/.wh..wh..opq"][0].size == 0
    assert got["usr/bin/web"][0].issym() and got["usr/bin/web"][0].linkname == "/srv/www/index.html"


@pytest.mark.parametrize("name, mode, uid, gid", [
    ("var/lib/app", 0o750, 1000, 1000),        # an undeclared parent is copied up: mode and owner below
    ("var/lib/app/state", 0o600, 1000, 0),
    ("srv/www/css", 0o755, 0, 0),              # opaque, held as a parent: copied-up mode
    ("usr", 0o755, 0, 0),                      # new parent: 0755 root
], ids=["copied-up-parent", "declared-file", "opaque-parent", "new-parent"])
def test_modes_and_owners_are_exact(tmp_path, name, mode, uid, gid):
    info = members(images.plan_images(load(tmp_path, TWO_LAYERS).images)[0].layers[1])[name][0]
    assert (info.mode, info.uid, info.gid, info.mtime) == (mode, uid, gid, images.FIXED_MTIME)


def test_a_size_only_file_is_zero_filled_and_the_tar_is_the_same_bytes_every_time(tmp_path):
    layer = images.plan_images(load(tmp_path, TWO_LAYERS).images)[0].layers[0]
    info, data = members(layer)["opt/big.bin"]
    assert info.size == 100000 and data == bytes(100000)
    assert images.write_layer(layer, None) == images.write_layer(layer, None)


def test_an_opaque_directory_the_layer_does_not_otherwise_hold_is_new(tmp_path):
    sc = load(tmp_path, """
images:
  app:
    layers:
      - files: {/d/: {mode: "0700"}, /d/x: "x"}
      - opaque: [/d]
""")
    got = members(images.plan_images(sc.images)[0].layers[1])
    assert sorted(got) == ["d", "d/.wh..wh..opq"] and got["d"][0].mode == 0o755


@pytest.mark.parametrize("layers, message", [
    ("- files: {/a: x}\n      - delete: [/b]", "not provided by a lower layer"),
    ("- files: {/a: x}\n      - opaque: [/a]", "no lower directory to hide"),
    ("- files: {/a: x}\n      - {files: {/a: y}, delete: [/a]}", "both added and deleted"),
    ("- files: {/d/x: x}\n      - {opaque: [/d], delete: [/d/x]}", "makes opaque"),
    ("- files: {/a: {mode: 644}}", "octal string"),
    ("- files: {relative: x}", "not absolute"),
], ids=["delete-missing", "opaque-over-file", "add-and-delete", "delete-in-opaque", "mode-number", "relative"])
def test_invalid_layers_are_refused_before_the_engine_is_touched(tmp_path, layers, message):
    with pytest.raises(ScenarioInvalid, match=message):
        images.plan_images(load(tmp_path, f"images:\n  app:\n    layers:\n      {layers}\n").images)


@pytest.mark.parametrize("text, message", [
    ("platform: windows\n", "platform"),
    ("steps: ['docker compose -p shop up -d']\n", "compose"),
    ("steps: ['docker --debug ps']\n", "global docker options"),
    ("images: {App: {layers: []}}\n", "image name"),
], ids=["windows", "compose", "global-options", "uppercase-image"])
def test_what_a_real_engine_cannot_replay_is_refused(tmp_path, text, message):
    with pytest.raises(Refused, match=message):
        sc = load(tmp_path, text)
        steps.check(sc.steps, sc.path)


def test_volume_driver_options_are_refused_but_tmpfs_and_bind_types():
    assert "driver options" in steps.refusal("docker volume create -o type=nfs -o o=addr=1.2.3.4 --opt device=:/x v")
    assert "driver options" in steps.refusal("docker volume create -o type=none -o o=bind -o device=rel v")
    assert steps.refusal("docker volume create -o type=none -o o=bind --opt device=/x v") is None
    assert steps.refusal("docker volume create -o type=tmpfs -o device=tmpfs v") is None
    assert steps.refusal("docker volume create -o foo=bar v") is None        # the engine refuses it itself
    assert steps.refusal("docker volume create v") is None


def test_the_host_side_of_docker_cp_and_of_a_bind_volume_is_the_host_directory(tmp_path):
    root = tmp_path / "host"
    (root / "home").mkdir(parents=True)
    runner = steps.StepRunner(None, PathMap(str(root)), {}, str(tmp_path))
    assert runner.rewrite(["cp", "web:/etc/x", "/home/out/"]) == ["cp", "web:/etc/x", f"{root}/home/out/"]
    assert runner.rewrite(["cp", "-a", "home/f", "web:/x"]) == ["cp", "-a", f"{root}/home/f", "web:/x"]
    assert runner.rewrite(["cp", "/../../etc/.", "web:/x"]) == ["cp", f"{root}/etc/.", "web:/x"]
    assert runner.rewrite(["volume", "create", "-o", "type=none", "-o", "o=bind", "-o", "device=/home", "v"])[7] == \
        f"device={root}/home"


@needs_busybox
def test_the_archive_holds_a_base_layer_and_one_layer_per_scenario_layer(tmp_path):
    sc = load(tmp_path, TWO_LAYERS + "    volumes: [/data]\n    cmd: echo hi\n")
    planned = images.plan_images(sc.images)
    out = io.BytesIO()
    work = tmp_path / "work"
    work.mkdir()
    ids = images.write_archive(planned, str(work), out)
    out.seek(0)
    with tarfile.open(fileobj=out) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        config = json.load(tar.extractfile(manifest[0]["Config"]))
        layer_sha = {m.name: hashlib.sha256(tar.extractfile(m).read()).hexdigest()
                     for m in tar if m.name.endswith("/layer.tar")}
        base = tarfile.open(fileobj=tar.extractfile(manifest[0]["Layers"][0]))
        base_names = set(base.getnames())
    assert manifest[0]["RepoTags"] == ["app:latest"] and len(manifest[0]["Layers"]) == 3
    assert config["rootfs"]["diff_ids"] == ids["app:latest"]
    assert [f"sha256:{layer_sha[name]}" for name in manifest[0]["Layers"]] == ids["app:latest"]
    assert config["config"]["Volumes"] == {"/data": {}}
    assert config["config"]["Cmd"] == ["sh", "-c", "echo hi"]
    assert [h["created_by"] for h in config["history"]][1:] == ["", "RUN change"]
    assert {"dev", "proc", "sys", ".recorder/bin/busybox", ".recorder/bin/sh"} <= base_names


def test_a_service_image_runs_a_command_that_docker_stop_ends_at_once():
    image = scenario.ImageSpec("svc")
    assert images.image_config(image, [], [])["config"]["Cmd"] == images.SERVICE_CMD


def elf_header(p_type: int) -> bytes:
    """A 64-bit little-endian ELF header with one program header of type P_TYPE at offset 64."""
    head = bytearray(64)
    head[:6] = b"\x7fELF\x02\x01"
    head[0x20:0x28] = (64).to_bytes(8, "little")           # e_phoff
    head[0x36:0x3a] = (56).to_bytes(2, "little") + (1).to_bytes(2, "little")   # e_phentsize, e_phnum
    return bytes(head) + p_type.to_bytes(4, "little") + bytes(52)


@pytest.mark.parametrize("data, static", [
    (elf_header(3), False), (elf_header(1), True), (b"#!/bin/sh\n" + bytes(80), False),
], ids=["PT_INTERP", "no-PT_INTERP", "not-ELF"])
def test_only_a_static_busybox_is_accepted(data, static):
    assert busybox.is_static_elf(data) is static


@pytest.mark.skipif(not os.path.exists("/bin/ls"), reason="needs /bin/ls (a dynamically linked program)")
def test_a_dynamically_linked_program_is_not_static():
    assert not busybox.is_static_elf(Path("/bin/ls").read_bytes())


# -- path mapping and option rewriting -----------------------------------------------------------

PATHS = PathMap("/tmp/rec-1/host", "/tmp/engine/data", (("/tmp/rec-1/dockerfiles", "/dockerfiles"),))


def test_host_paths_map_both_ways():
    assert PATHS.real("/home/u/site") == "/tmp/rec-1/host/home/u/site"
    assert PATHS.real("/") == "/tmp/rec-1/host"
    assert PATHS.host_path("/tmp/rec-1/host/home/u") == "/home/u"
    assert PATHS.host_path("/tmp/rec-1/host") == "/"
    assert PATHS.host_path("/tmp/rec-1/hostile") is None


def test_output_shows_the_scenarios_paths():
    text = ('error mounting "/tmp/rec-1/host/home/u/f.txt" to rootfs at "/app/data"\n'
            "/tmp/engine/data/volumes/v/_data /tmp/rec-1/dockerfiles/web/Dockerfile")
    assert PATHS.shown(text) == ('error mounting "/home/u/f.txt" to rootfs at "/app/data"\n'
                                 "/var/lib/docker/volumes/v/_data /dockerfiles/web/Dockerfile")


@pytest.mark.parametrize("spec, want", [
    ("/home/u/site:/usr/share/nginx/html:ro", "/tmp/rec-1/host/home/u/site:/usr/share/nginx/html:ro"),
    ("data:/data", "data:/data"),
    ("/anonymous", "/anonymous"),
    ("./rel:/x", "/tmp/rec-1/host/rel:/x"),   # the CLI's cwd is the host root: made absolute there
], ids=["bind", "named", "anonymous", "relative"])
def test_volume_specs(spec, want):
    assert host.volume_spec(spec, PATHS) == want


@pytest.mark.parametrize("spec, want", [
    ("type=bind,source=/home/u,target=/x", "type=bind,source=/tmp/rec-1/host/home/u,target=/x"),
    ("type=bind,src=/home/u,dst=/x,readonly", "type=bind,src=/tmp/rec-1/host/home/u,dst=/x,readonly"),
    ("type=volume,source=data,target=/x", "type=volume,source=data,target=/x"),
    ("source=/abs,target=/x", "source=/abs,target=/x"),            # default type: volume
], ids=["bind", "bind-short-keys", "volume", "default-volume"])
def test_mount_specs(spec, want):
    assert host.mount_spec(spec, PATHS) == want


@pytest.mark.parametrize("step, want", [
    ("docker run -d -v /h:/x app ls -v /h", "run -d -v /tmp/rec-1/host/h:/x app ls -v /h"),
    ("docker run -dv /h:/x app", "run -dv /tmp/rec-1/host/h:/x app"),
    ("docker run --volume=/h:/x --rm app", "run --volume=/tmp/rec-1/host/h:/x --rm app"),
    ("docker container create -v/h:/x app", "container create -v/tmp/rec-1/host/h:/x app"),
    ("docker run --name c --mount type=bind,source=/h,target=/x app",
     "run --name c --mount type=bind,source=/tmp/rec-1/host/h,target=/x app"),
    ("docker exec c ls /h", "exec c ls /h"),
    ("docker build -t web web", "build -t web --network none -f /tmp/rec-1/dockerfiles/web/Dockerfile /tmp/rec-1/host"),
], ids=["command-args-untouched", "combined-short", "long-equals", "attached-short", "mount", "exec", "build"])
def test_docker_steps_are_rewritten_only_where_docker_reads_host_paths(step, want):
    runner = steps.StepRunner(None, PATHS, {"web": "FROM app\n"}, "/tmp/rec-1/dockerfiles")
    assert " ".join(runner.rewrite(steps.docker_argv(step))) == want


# -- state reading ------------------------------------------------------------------------------

def make_tree(root: Path) -> None:
    (root / "etc").mkdir()
    (root / "etc" / "app.conf").write_text("port=80\n")
    (root / "big.txt").write_text("x" * 65536)                   # 64 KiB: no content
    (root / "nul.bin").write_bytes(b"a\x00b")
    (root / "latin1.txt").write_bytes(b"caf\xe9\n")
    (root / "link").symlink_to("/etc/app.conf")
    (root / "owned").write_text("o")
    if IS_ROOT:
        os.chown(root / "owned", 1000, 0)


def test_entries_follow_the_spec(tmp_path):
    make_tree(tmp_path)
    got = entries.listing(str(tmp_path))
    assert got["/etc/app.conf"] == {"type": "file", "mode": "0644", "size": 8, "content": "port=80\n"}
    assert "content" not in got["/big.txt"] and got["/big.txt"]["size"] == 65536
    assert "content" not in got["/nul.bin"] and "content" not in got["/latin1.txt"]
    assert got["/link"] == {"type": "symlink", "target": "/etc/app.conf"}
    assert got["/etc"] == {"type": "dir", "mode": "0755"}
    if IS_ROOT:
        assert got["/owned"]["uid"] == 1000 and "gid" not in got["/owned"]


def whiteout_and_opaque(upper: Path) -> None:
    (upper / "srv" / "www").mkdir(parents=True)
    os.mknod(upper / "srv" / "old.html", 0o600 | 0o020000, os.makedev(0, 0))
    try:
        os.setxattr(upper / "srv" / "www", markers.OVERLAY_OPAQUE_XATTR, markers.OVERLAY_OPAQUE_VALUE)
    except OSError as e:
        pytest.skip(f"{upper} does not take trusted.* xattrs: {e.strerror}")


@needs_root
def test_an_upper_directory_reads_whiteouts_and_opaque_directories(tmp_path):
    whiteout_and_opaque(tmp_path)
    assert entries.listing(str(tmp_path), layer=True) == {
        "/srv": {"type": "dir", "mode": "0755"},
        "/srv/old.html": {"type": "whiteout"},
        "/srv/www": {"type": "dir", "mode": "0755", "opaque": True}}
    # in a merged view the same inode is a character device, not a whiteout
    assert entries.listing(str(tmp_path))["/srv/old.html"]["type"] == "chardev"


@needs_root
def test_a_whiteout_is_not_a_path_the_layer_has(tmp_path):
    whiteout_and_opaque(tmp_path)
    assert not state.layer_has(str(tmp_path), "/srv/old.html")
    assert state.layer_has(str(tmp_path), "/srv/www")


def test_layer_lookup_never_follows_a_symlink_of_the_layer(tmp_path):
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "f").write_text("f")
    (tmp_path / "alias").symlink_to("real")
    assert state.layer_has(str(tmp_path), "/real/f")
    assert state.layer_has(str(tmp_path), "/alias")
    assert not state.layer_has(str(tmp_path), "/alias/f")


def test_from_names_the_deepest_mount_then_upper_then_the_topmost_layer(tmp_path):
    low, high = tmp_path / "l0", tmp_path / "l1"
    for d in (low / "app", high / "app"):
        d.mkdir(parents=True)
    (low / "app" / "a").write_text("a")
    (high / "app" / "b").write_text("b")
    mounts = [{"type": "volume", "name": "v", "target": "/data"},
              {"type": "bind", "source": "/home/u/x", "target": "/data/x"}]
    upper = {"/app": {"type": "dir"}, "/app/gone": {"type": "whiteout"}}
    layers = [str(low), str(high)]

    def where(path):
        return state.provider(path, mounts, upper, "app", layers)

    assert [where(p) for p in ("/data/x/y", "/data/z", "/app", "/app/a", "/app/b", "/nowhere")] == \
        ["bind:/home/u/x", "volume:v", "upper", "app@0", "app@1", None]


def test_the_init_layer_and_dockers_own_files_are_filtered(tmp_path):
    init, image = tmp_path / "init", tmp_path / "image"
    (init / "etc").mkdir(parents=True)
    for name in ("hosts", "hostname", "resolv.conf"):
        (init / "etc" / name).write_text("")
    (init / "etc" / "mtab").symlink_to("/proc/mounts")
    (init / ".dockerenv").write_text("")
    (image / "srv").mkdir(parents=True)
    seen = {p: {"type": "dir", "mode": "0755"} for p in ("/etc", "/srv", "/dev", "/dev/pts", "/.recorder")}
    seen.update({p: {"type": "file", "mode": "0644", "size": 0} for p in
                 ("/.dockerenv", "/etc/hosts", "/etc/hostname", "/etc/resolv.conf")})
    seen["/etc/mtab"] = {"type": "symlink", "target": "/proc/mounts"}
    reader = state.StateReader(None, PATHS, "")
    kept, filtered = reader.label_rootfs("c", seen, [], {}, "app", [str(image)], str(init), copied=False)
    assert kept == {"/srv": {"type": "dir", "mode": "0755", "from": "app@0"}}
    assert filtered == ["/.dockerenv", "/.recorder", "/dev", "/etc"]


def test_a_docker_cp_stream_is_read_as_a_merged_view():
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tar:
        for name, kind, data in (("/", tarfile.DIRTYPE, b""), ("/.dockerenv", tarfile.REGTYPE, b""),
                                 ("/etc/", tarfile.DIRTYPE, b""), ("/etc/app.conf", tarfile.REGTYPE, b"port=80\n"),
                                 ("/etc/again", tarfile.LNKTYPE, b"")):
            info = tarfile.TarInfo(name)
            info.type, info.mode, info.size = kind, 0o755 if kind == tarfile.DIRTYPE else 0o644, len(data)
            if kind == tarfile.LNKTYPE:
                info.linkname = "etc/app.conf"
            if name == "/etc/app.conf":
                info.uid = 1000
            tar.addfile(info, io.BytesIO(data))
    buf.seek(0)
    got = entries.tar_listing(buf)
    assert got == {"/.dockerenv": {"type": "file", "mode": "0644", "size": 0, "content": ""},
                   "/etc": {"type": "dir", "mode": "0755"},
                   "/etc/app.conf": {"type": "file", "mode": "0644", "size": 8, "content": "port=80\n", "uid": 1000},
                   "/etc/again": {"type": "file", "mode": "0644", "size": 8, "content": "port=80\n"}}


class FakeVolumes:
    """`docker volume ls/inspect` answers for VolumeWatch."""

    def __init__(self):
        self.volumes = {}

    def ids(self, args):
        return sorted(self.volumes)

    def inspect(self, kind, names):
        return [self.volumes[n] for n in names]


def test_volume_events_are_what_appeared_and_disappeared_after_a_step():
    fake = FakeVolumes()
    watch = steps.VolumeWatch(fake)
    fake.volumes = {"b" * 64: {"Name": "b" * 64, "CreatedAt": "2", "Labels": {state.ANONYMOUS_LABEL: ""}},
                    "data": {"Name": "data", "CreatedAt": "1", "Labels": None}}
    assert watch.events() == [{"type": "volume-create", "volume": "data", "anonymous": False},
                              {"type": "volume-create", "volume": "b" * 64, "anonymous": True}]
    del fake.volumes["data"]
    assert watch.events() == [{"type": "volume-remove", "volume": "data"}]


@needs_root
@needs_busybox
def test_a_host_step_runs_in_the_host_directory(tmp_path):
    host.materialise(str(tmp_path), {"/home/u/f.txt": scenario.Entry("file", 0o600, content=b"hi\n", size=3)})
    host.install_tools(str(tmp_path))
    r = host.run_step(str(tmp_path), "cat /home/u/f.txt; ls /home/u; stat -c %a /home/u/f.txt; exit 3")
    assert (r.exit_code, r.stdout, r.stderr) == (3, "hi\nf.txt\n600\n", "")


# -- the sandbox: what a step may ask of the real engine ----------------------------------------

@pytest.mark.parametrize("step, message", [
    ("docker run --privileged app", "--privileged"),
    ("docker run -d --pid=host app", "--pid=host"),
    ("docker run --pid host app", "--pid=host"),
    ("docker create --network=host app", "--network=host"),
    ("docker run --ipc container:web app", "--ipc=container:web"),
    ("docker run --device /dev/sda app", "--device"),
    ("docker run --cap-add SYS_ADMIN app", "--cap-add"),
    ("docker run --security-opt seccomp=unconfined app", "--security-opt"),
    ("docker run --cidfile /tmp/id app", "--cidfile"),
    ("docker run --env-file /etc/shadow app", "--env-file"),
    ("docker exec --privileged web sh", "--privileged"),
    ("docker build -f /etc/shadow -t web web", "-f"),
    ("docker build -o /tmp/out -t web web", "-o"),
    ("docker run --mount type=volume,src=v,dst=/x,volume-opt=device=/etc app", "volume-opt"),
    ("docker cp web:/etc/passwd -", "tar stream"),
    ("docker save -o /tmp/x.tar app", "docker save"),
    ("docker container cp - web:/x", "tar stream"),
    ("docker system prune -af", "docker system prune"),
    ("docker plugin install x", "docker plugin"),
    ("docker run -v /../../etc:/x app", "leads out"),
    ("docker run -v ./../../etc:/x app", "leads out"),
    ("docker run --mount type=bind,src=/../x,dst=/x app", "leads out"),
], ids=lambda v: v if " " not in v else None)
def test_what_would_leave_the_sandbox_is_refused_before_the_engine_is_touched(tmp_path, step, message):
    sc = load(tmp_path, f"steps: [{json.dumps(step)}]\n")
    with pytest.raises(Refused, match=re.escape(message)):
        steps.check(sc.steps, sc.path)


@pytest.mark.parametrize("step", [
    "docker run -d -v /home/u:/x app", "docker run --rm app sh -c '--privileged --pid=host'",
    "docker run --network none app", "docker build -t web web", "docker exec -u 1000 web id",
    "docker volume create v", "docker run --mount type=bind,src=/h,dst=/x app",
], ids=["bind", "command-args", "network-none", "build", "exec", "volume", "mount"])
def test_ordinary_steps_are_not_refused(step):
    assert steps.refusal(step) is None


def test_a_host_path_is_cleaned_below_the_host_root(tmp_path):
    root = tmp_path / "host"
    (root / "home").mkdir(parents=True)
    paths = PathMap(str(root))
    assert paths.real("/home/../home/./u") == str(root / "home" / "u")
    assert paths.real("./rel") == str(root / "rel")
    with pytest.raises(Refused, match="leads out"):
        paths.real("/../../etc")


def test_a_symlink_out_of_the_host_root_is_refused_at_the_step(tmp_path):
    root = tmp_path / "host"
    (root / "home").mkdir(parents=True)
    (root / "home" / "etc").symlink_to("/etc")
    (root / "home" / "inside").symlink_to("/home")        # absolute: the REAL /home, outside too
    (root / "home" / "rel").symlink_to("..")
    paths = PathMap(str(root))
    with pytest.raises(Refused, match="symlink"):
        host.volume_spec("/home/etc:/x", paths)
    with pytest.raises(Refused, match="symlink"):
        host.mount_spec("type=bind,source=/home/inside,target=/x", paths)
    assert host.volume_spec("/home/rel:/x", paths) == f"{root}:/x"
