"""The unionmount-testsuite's hard-link cases (ported as data in unionmount_cases/), run on a
container's overlay: the lower files are in the image layer, every change goes through the
namespace's system calls, and each one must give the errno or the content the suite expects."""
from __future__ import annotations

import itertools
from pathlib import Path

import pytest
import yaml

from shell_helpers import container
from simulator.errors import FsError
from simulator.fs import Blob

CASES = yaml.safe_load((Path(__file__).parent / "unionmount_cases" / "hard_links.yaml").read_text())["cases"]
LOWER = {"/a/foo100": ":xxx:yyy:zzz", "/a/empty100": "/", "/a/dir100/a": "", "/a/dir100/pop": "/"}


def _do(ns, op: str, args: list):
    if op == "link":
        ns.link(args[0], args[1])
    elif op == "read":
        return ns.read(args[0]).to_bytes().decode()
    elif op == "opendir":
        ns.listdir(args[0])
    elif op == "write_new":
        ns.write(args[0], Blob.of(args[1]), create_mode=0o644)
    elif op == "unlink":
        ns.unlink(args[0])
    elif op == "rename":
        ns.rename(args[0], args[1])
    elif op == "rmdir":
        ns.rmdir(args[0])
    elif op == "mkdir":
        ns.mkdir(args[0], 0o755)
    else:
        raise ValueError(op)
    return None


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_unionmount_hard_link_case(case):
    ns, _ = container(LOWER)
    ns.clock = itertools.count(1).__next__
    for step in case["steps"]:
        op, args, want = step[0], step[1:-1], step[-1]
        if op == "write_new":
            args, want = step[1:], "ok"
        try:
            got = _do(ns, op, args)
        except FsError as e:
            got = e.errno
        if op == "read":
            assert got == want, f"{step}: {got!r}"
        else:
            assert (got or "ok") == want, f"{step}: {got!r}"
