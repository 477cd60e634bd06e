"""Docker's mount syntax, table-driven from moby/docker-cli test tables and a real engine's answers."""
from __future__ import annotations

import ast
import re
from dataclasses import FrozenInstanceError
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings, strategies as st

from simulator.docker import mounts as mountspec
from simulator.docker import units
from simulator.docker.mounts import CliVolume, MountRequest, MountStartError
from simulator.errors import DockerError

DATA = Path(__file__).parent / "data"


def load(name: str) -> tuple[dict, list]:
    doc = yaml.safe_load((DATA / name).read_text(encoding="utf-8"))
    return doc, [pytest.param(doc, row, id=row["id"]) for row in doc["cases"]]


def plain(value):
    """Tuples and frozensets as YAML writes them (lists; sets sorted)."""
    if isinstance(value, frozenset):
        return sorted(value)
    if isinstance(value, tuple):
        return [plain(v) for v in value]
    return value


def check_fields(obj, expect: dict) -> None:
    for name, wanted in expect.items():
        assert plain(getattr(obj, name)) == wanted, name


def expect_error(doc: dict, row: dict, call) -> DockerError:
    with pytest.raises(DockerError) as info:
        call()
    err = info.value
    defaults = doc.get("defaults", {})
    assert err.message == row["error"]
    assert err.origin == row.get("origin", defaults.get("origin"))
    assert err.exit_code == row.get("exit_code", defaults.get("exit_code"))
    return err


def run_row(doc: dict, row: dict, call):
    """A row either names an error (text, origin, exit code) or the result's fields."""
    if "error" in row:
        expect_error(doc, row, call)
        return None
    result = call()
    if "expect" in row:
        check_fields(result, row["expect"])
    if "result" in row:
        assert plain(result) == row["result"]
    return result


def request(fields: dict) -> MountRequest:
    fields = dict(fields)
    if "option_groups" in fields:
        fields["option_groups"] = frozenset(fields["option_groups"])
    return MountRequest(**fields)


# ---------------------------------------------------------------------------- -v


@pytest.mark.parametrize("doc,row", load("cli_volume.yaml")[1])
def test_cli_parse_volume(doc, row):
    run_row(doc, row, lambda: mountspec.cli_parse_volume(row["spec"]))


@pytest.mark.parametrize("source,kind", [("a界", "volume"), ("1", "volume"), ("c", "volume"),
                                         ("c:", "bind"), ("~x", "bind"), ("\\\\host\\share", "bind")])
def test_cli_is_file_path(source, kind):
    # docker/cli TestIsFilePath (+ the drive-letter and pipe forms)
    assert CliVolume(source, "/t").type == kind


@pytest.mark.parametrize("doc,row", load("volume_spec_linux.yaml")[1])
def test_parse_volume_spec(doc, row):
    run_row(doc, row, lambda: mountspec.parse_volume_spec(row["spec"], row.get("volume_driver", "")))


@pytest.mark.parametrize("doc,row", load("volume_flag.yaml")[1])
def test_parse_volume_flag(doc, row):
    run_row(doc, row, lambda: mountspec.parse_volume_flag(row["spec"], row.get("cwd", "/"),
                                                          row.get("volume_driver", "")))


def test_image_volume_is_a_config_volume():
    req = mountspec.config_volume("/data/", origin="VOLUME")
    assert (req.type, req.target, req.source, req.mode, req.via_config_volumes) == ("volume", "/data", None, "", True)


# ---------------------------------------------------------------------------- --mount


@pytest.mark.parametrize("doc,row", load("mount_flag.yaml")[1])
def test_parse_mount_flag(doc, row):
    def call():
        req = mountspec.parse_mount_flag(row["spec"], row.get("cwd", "/"))
        if "host_paths" in row:
            mountspec.validate_mount(req, lambda p: p in row["host_paths"])
        return req
    run_row(doc, row, call)


@pytest.mark.parametrize("doc,row", load("mount_validate.yaml")[1])
def test_validate_mount(doc, row):
    run_row(doc, row, lambda: mountspec.validate_mount(request(row["request"]), lambda p: p in doc["host_paths"]))


# ---------------------------------------------------------------------------- --tmpfs


@pytest.mark.parametrize("doc,row", load("tmpfs.yaml")[1])
def test_tmpfs(doc, row):
    if "mount" in row:
        req = run_row(doc, row, lambda: mountspec.parse_mount_flag(row["mount"]))
    else:
        req = run_row(doc, row, lambda: mountspec.parse_tmpfs_flag(row["spec"]))
    if "start" in row:
        assert mountspec.check_tmpfs_at_start(req)._asdict() == row["start"]
    if "start_error" in row:
        err = expect_error(doc, {**row, "error": row["start_error"]}, lambda: mountspec.check_tmpfs_at_start(req))
        assert isinstance(err, MountStartError)


def test_tmpfs_capacity_is_whole_pages():
    # docker26-observations (g): size=1k holds 4 KiB (dd: 4+0 records out)
    assert [mountspec.tmpfs_capacity(n) for n in (1, 1024, 4096, 4097)] == [4096, 4096, 4096, 8192]


# ---------------------------------------------------------------------------- names, --volumes-from


@pytest.mark.parametrize("doc,row", load("volume_names.yaml")[1])
def test_names_and_volumes_from(doc, row):
    run_row(doc, row, lambda: getattr(mountspec, row["call"])(row["arg"]))


@pytest.mark.parametrize("source_ro,mode,read_only", [(False, "rw", False), (False, "ro", True),
                                                      (True, "rw", True), (False, "z,ro", True)])
def test_inherit_mount(source_ro, mode, read_only):
    # item 31: RW = m.RW && ReadWrite(mode); CopyData false; Mode is not copied
    src = mountspec.parse_volume_flag("vol:/data" + (":ro" if source_ro else ""))
    got = mountspec.inherit_mount(src, mode, "parent:" + mode)
    assert (got.read_only, got.nocopy, got.mode, got.origin, got.source, got.target) == \
        (read_only, True, "", "--volumes-from", "vol", "/data")


# ---------------------------------------------------------------------------- Windows


@pytest.mark.parametrize("doc,row", load("windows.yaml")[1])
def test_windows(doc, row):
    dirs, files = set(doc["host_dirs"]), set(doc["host_files"])

    def host_is_dir(path):
        return True if path in dirs else False if path in files else None

    call = row.get("call", doc["call"])
    fn = getattr(mountspec, call)
    if "request" in row:
        run_row(doc, row, lambda: fn(request(row["request"]), host_is_dir))
    elif "arg" in row:
        run_row(doc, row, lambda: fn(row["arg"]))
    else:
        run_row(doc, row, lambda: fn(row["spec"], host_is_dir, row.get("volume_driver", "")))


# ---------------------------------------------------------------------------- helpers


@pytest.mark.parametrize("text,quoted", [("a", '"a"'), ('a"b\\', '"a\\"b\\\\"'), ("\n\t\x00\x7f", '"\\n\\t\\x00\\x7f"'),
                                         ("é界", '"é界"'), ("\u00a0\u200b", '"\\u00a0\\u200b"'),
                                         ("\U0001F600\U000E0001", '"\U0001F600\\U000e0001"'), ("\udcff", '"\\xed\\xb3\\xbf"')])
def test_go_quote(text, quoted):
    assert mountspec.go_quote(text) == quoted


@pytest.mark.parametrize("path,clean", [("", "."), ("/", "/"), ("//a//b/", "/a/b"), ("/../a", "/a"),
                                        ("a/../..", ".."), ("./a/./b/..", "a"), ("a:b", "a:b"), ("\\x", "\\x")])
def test_go_clean(path, clean):
    assert mountspec.go_clean(path) == clean


@pytest.mark.parametrize("text,size", [("1m", 1 << 20), ("1MB", 1 << 20), ("1MiB", 1 << 20), ("1.5k", 1536),
                                       ("1e3", 1000), ("0x1p4", 16), ("1 k", 1024), ("5 ", 5), ("1_000", 1000),
                                       ("inf k", units.INT64_MIN), ("-0", 0), ("1kb", 1024)])
def test_ram_in_bytes(text, size):
    # go-units v0.5.0 RAMInBytes (parseSize with binaryMap) and strconv.ParseFloat
    assert units.ram_in_bytes(text) == size


@pytest.mark.parametrize("text", ["", "abc", "k", "-1", "1mbb", "1__0", "0x10", "1e400", "1kib2", "1.5.5m", " 1"])
def test_ram_in_bytes_rejects(text):
    with pytest.raises(ValueError):
        units.ram_in_bytes(text)


@pytest.mark.parametrize("text,base,value", [("0755", 8, 493), ("0755", 0, 493), ("0755", 10, 755), ("+5", 10, 5),
                                             ("5\n", 10, 5), ("0x10", 0, 16), ("4294967295", 10, 4294967295)])
def test_kernel_kstrtouint(text, base, value):
    assert units.kernel_kstrtouint(text, base) == value


@pytest.mark.parametrize("text,base", [("", 0), ("0x10", 8), ("4294967296", 10), ("12a", 10), ("-1", 10)])
def test_kernel_kstrtouint_rejects(text, base):
    with pytest.raises(ValueError):
        units.kernel_kstrtouint(text, base)


@pytest.mark.parametrize("text,result", [("1k", (1024, "")), ("0x1fk", (31744, "")), ("08", (0, "8")), ("k", (0, "")),
                                         ("50%", (50, "%")), ("1kb", (1024, "b")), ("1E", (1 << 60, ""))])
def test_kernel_memparse(text, result):
    assert units.kernel_memparse(text) == result


def test_mount_request_is_frozen():
    req = mountspec.parse_volume_flag("vol:/data")
    with pytest.raises(FrozenInstanceError):
        req.target = "/other"


# ---------------------------------------------------------------------------- every message is tested

NOT_MESSAGES = {"prefer (many)", "weighted interleave"}     # kernel mpol mode names


def message_fragments() -> set[str]:
    """The literal pieces of every string the mountspec package can put into an error:
    constants and f-string parts with a space in them, outside docstrings."""
    pieces = set()
    for source in sorted(Path(mountspec.__file__).parent.glob("*.py")):
        tree = ast.parse(source.read_text(encoding="utf-8"))
        docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                      if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef))
                      and node.body and isinstance(node.body[0], ast.Expr)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
                if " " in node.value.strip() and not node.value.startswith("\\"):
                    pieces.add(node.value)
    return {p for p in pieces if p not in NOT_MESSAGES and not re.fullmatch(r"[\s\[\]\\(){}|^$.*+?]*", p)}


def all_expected_errors() -> str:
    texts = []
    for path in DATA.glob("*.yaml"):
        for row in yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]:
            texts += [row[k] for k in ("error", "start_error") if k in row]
            texts += row.get("expect", {}).get("warnings", [])
    return "\n".join(texts)


def test_every_message_appears_in_a_test_row():
    expected = all_expected_errors()
    missing = sorted(p for p in message_fragments() if p.strip() not in expected)
    assert not missing, f"message texts no data row asserts: {missing}"


# ---------------------------------------------------------------------------- hypothesis: only DockerError

MOUNT_KEYS = ["type", "source", "src", "target", "dst", "destination", "readonly", "ro", "consistency",
              "bind-propagation", "bind-nonrecursive", "bind-recursive", "volume-subpath", "volume-nocopy",
              "volume-label", "volume-driver", "volume-opt", "tmpfs-size", "tmpfs-mode", "bogus"]
VALUES = st.one_of(st.sampled_from(["bind", "volume", "tmpfs", "/x", "/", "rel", "1", "true", "maybe", "1m",
                                    "0700", "rprivate", "readonly", "writable", "enabled", "", "a=b", "./x"]),
                   st.text(max_size=8))
FIELD = st.one_of(st.builds(lambda k, v: f"{k}={v}", st.sampled_from(MOUNT_KEYS), VALUES),
                  st.sampled_from(["readonly", "ro", "volume-nocopy", "bind-nonrecursive", "", '"', "x"]))
MOUNT_SPECS = st.one_of(st.text(), st.lists(FIELD, max_size=6).map(",".join))
VOLUME_WORDS = st.sampled_from(["", "/", "a", "vol", "/abs", "./rel", "c:\\x", "ro", "rw", "z", "Z", "nocopy",
                                "shared", "rslave", "cached", "ro,z", "copy", "\\", ".."])
VOLUME_SPECS = st.one_of(st.text(), st.lists(VOLUME_WORDS, max_size=5).map(":".join))
TMPFS_WORDS = st.sampled_from(["ro", "rw", "exec", "noexec", "size=1m", "size=abc", "size=", "mode=1777",
                               "mode=9", "uid=0", "gid=x", "mpol=bind:0", "mpol=default=x", "nr_inodes=1k",
                               "=x", "defaults", "foo", "", "bind", "shared"])
TMPFS_SPECS = st.one_of(st.text(), st.lists(TMPFS_WORDS, max_size=5).map(lambda w: "/t:" + ",".join(w)))


def only_docker_errors(call, *args):
    try:
        return call(*args)
    except DockerError as e:
        assert e.message and e.origin in ("cli", "daemon")
        return None


@settings(max_examples=300, deadline=None)
@given(VOLUME_SPECS)
def test_volume_parsing_raises_only_docker_errors(spec):
    only_docker_errors(mountspec.cli_parse_volume, spec)
    only_docker_errors(mountspec.parse_volume_spec, spec)
    req = only_docker_errors(mountspec.parse_volume_flag, spec)
    if req is not None:
        assert req.type in ("volume", "bind")
    only_docker_errors(mountspec.parse_volume_spec_windows, spec, lambda p: None)
    only_docker_errors(mountspec.parse_volume_flag_windows, spec, lambda p: len(p) % 2 == 0)
    only_docker_errors(mountspec.parse_volumes_from, spec)
    only_docker_errors(mountspec.validate_volume_name, spec)
    only_docker_errors(mountspec.validate_volume_name_windows, spec)
    only_docker_errors(mountspec.validate_container_name, spec)


@settings(max_examples=300, deadline=None)
@given(MOUNT_SPECS)
def test_mount_parsing_raises_only_docker_errors(spec):
    req = only_docker_errors(mountspec.parse_mount_flag, spec)
    if req is not None:
        only_docker_errors(mountspec.validate_mount, req, lambda p: p.startswith("/x"))
        only_docker_errors(mountspec.validate_mount_windows, req, lambda p: None)
        if req.type == "tmpfs":
            only_docker_errors(mountspec.check_tmpfs_at_start, req)


@settings(max_examples=300, deadline=None)
@given(TMPFS_SPECS)
def test_tmpfs_parsing_raises_only_docker_errors(spec):
    req = only_docker_errors(mountspec.parse_tmpfs_flag, spec)
    if req is not None:
        only_docker_errors(mountspec.check_tmpfs_at_start, req)
    only_docker_errors(mountspec.parse_tmpfs_options, spec, "/t")


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_size_parsers_raise_only_value_errors(text):
    for call in (units.ram_in_bytes, units.parse_go_float, lambda t: units.kernel_kstrtouint(t, 0),
                 lambda t: units.parse_go_uint(t, 8, 32)):
        try:
            call(text)
        except ValueError:
            pass
    assert isinstance(units.kernel_memparse(text)[0], int)
