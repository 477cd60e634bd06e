"""Run a scenario on the real kernel and return the state document the simulator's `--json` prints.

    harness = KernelHarness()          # temp root + one BusyBox tools dir, reused
    document = harness.run(scenario)   # scenario: a dict as loaded from YAML
    harness.close()

or, for a person: `python tests/conformance/kernel_runner.py FILE.yaml [--keep]`.

Each run happens in a forked child that first enters a private mount namespace, so
nothing it mounts is ever visible to the caller, and a crash takes every mount with
it. The child still unmounts everything itself (leaves first) and deletes its run
directory only when nothing is mounted below it.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import traceback

import kernel_sys as ks
from kernel_engine import Engine
from kernel_errors import ScenarioInvalid, Unsupported
from kernel_runc import TOOLS_BIN

__all__ = ["KernelHarness", "HarnessError", "Unsupported", "ScenarioInvalid",
           "missing_prerequisites", "run_scenario"]

BUSYBOX = "/bin/busybox"


class HarnessError(Exception):
    """The harness itself failed (a crash in the child, or a mount it could not remove)."""


def missing_prerequisites() -> str | None:
    """Why the kernel runner cannot work on this machine, or None."""
    if os.geteuid() != 0:
        return "needs root (mount, chroot, trusted.* xattrs)"
    with open("/proc/filesystems") as table:
        if "overlay" not in table.read().split():
            return "overlayfs is not in /proc/filesystems (modprobe overlay)"
    if not os.path.exists(BUSYBOX):
        return f"no {BUSYBOX} (apt-get install busybox-static)"
    if not shutil.which("setfattr") or not shutil.which("getfattr"):
        return "no setfattr/getfattr (apt-get install attr)"
    return None


def build_tools(tools_root: str) -> None:
    """TOOLS_ROOT/.busybox/bin: a static BusyBox and one symlink per applet."""
    bin_dir = tools_root + TOOLS_BIN
    os.makedirs(bin_dir, 0o755)
    shutil.copy2(BUSYBOX, os.path.join(bin_dir, "busybox"))
    applets = subprocess.run([BUSYBOX, "--list"], capture_output=True, text=True,
                             check=True).stdout.split()
    for applet in applets:
        if applet != "busybox":
            os.symlink("busybox", os.path.join(bin_dir, applet))
    # A dynamically linked busybox would fail in every chroot: find out now.
    probe = subprocess.run([TOOLS_BIN + "/true"], preexec_fn=lambda: os.chroot(tools_root),
                           capture_output=True)
    if probe.returncode != 0:
        raise HarnessError(f"{BUSYBOX} does not run in a chroot (not busybox-static?)")


def check_scenario_keys(scenario: object) -> dict:
    """The top-level keys of spec section 2; the ones needing a builder are not emulated."""
    if not isinstance(scenario, dict):
        raise ScenarioInvalid("a scenario is a mapping")
    unknown = set(scenario) - {"title", "seed", "platform", "images", "dockerfiles", "host",
                               "compose", "steps"}
    if unknown:
        raise ScenarioInvalid(f"unknown top-level keys {sorted(unknown)}")
    for key in ("dockerfiles", "compose"):
        if scenario.get(key):
            raise Unsupported(f"{key}: not emulated")
    if scenario.get("platform", "linux") != "linux":
        raise Unsupported("platform " + str(scenario.get("platform")))
    steps = scenario.get("steps") or []
    if not all(isinstance(s, str) for s in steps):
        raise ScenarioInvalid("steps must be strings")
    return scenario


def _document(scenario: dict, run_dir: str, tools_root: str) -> dict:
    engine = Engine(scenario, run_dir, tools_root)
    steps = []
    for text in scenario.get("steps") or []:
        code, out, err = engine.run_step(text)
        steps.append({"command": text, "exit_code": code, "stdout": out, "stderr": err,
                      "events": []})
    return {"title": scenario.get("title"), "steps": steps, "state": engine.state()}


def _child(scenario: dict, run_dir: str, tools_root: str, keep: bool) -> dict:
    """Everything a run does, inside the forked child. Returns the outcome to report."""
    try:
        ks.enter_private_mount_namespace()
        os.umask(0o022)
        outcome = {"document": _document(check_scenario_keys(scenario), run_dir, tools_root)}
    except Unsupported as error:
        outcome = {"unsupported": str(error)}
    except ScenarioInvalid as error:
        outcome = {"invalid": str(error)}
    except BaseException:
        outcome = {"error": traceback.format_exc()}
    try:
        ks.unmount_below(run_dir, include_self=True)
    except Exception:
        outcome["error"] = outcome.get("error", "") + traceback.format_exc()
    outcome["mounts_left"] = [point for _, _, point in ks.mounts_below(run_dir)]
    if not outcome["mounts_left"] and not keep:
        shutil.rmtree(run_dir)
    return outcome


def _read_all(descriptor: int) -> bytes:
    chunks = []
    while True:
        chunk = os.read(descriptor, 1 << 20)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


class KernelHarness:
    """A temp root under /tmp holding the BusyBox tools dir and one directory per run."""

    def __init__(self):
        reason = missing_prerequisites()
        if reason:
            raise HarnessError(reason)
        self.root = tempfile.mkdtemp(prefix=ks.HARNESS_PREFIX.rsplit("/", 1)[1], dir="/tmp")
        self.tools_root = os.path.join(self.root, "tools")
        build_tools(self.tools_root)

    def run(self, scenario: dict, keep: bool = False) -> dict:
        """The state document of SCENARIO on the real kernel. Raises Unsupported for a
        scenario outside the subset, ScenarioInvalid, or HarnessError."""
        run_dir = tempfile.mkdtemp(prefix="run-", dir=self.root)
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:                                   # the child: never returns
            os.close(read_end)
            status = 1
            try:
                payload = json.dumps(_child(scenario, run_dir, self.tools_root, keep))
                with os.fdopen(write_end, "wb") as pipe:
                    pipe.write(payload.encode("utf-8"))
                status = 0
            finally:
                os._exit(status)
        os.close(write_end)
        try:
            with os.fdopen(read_end, "rb") as pipe:
                payload = _read_all(pipe.fileno())
            _, status = os.waitpid(pid, 0)
        except BaseException:
            # interrupted: the child turns SIGINT into KeyboardInterrupt, unmounts and
            # exits; its namespace, and any mount it still held, die with it
            try:
                os.kill(pid, signal.SIGINT)
            except ProcessLookupError:
                pass
            os.waitpid(pid, 0)
            raise
        finally:
            if os.path.exists(run_dir) and not keep and not ks.mounts_below(run_dir):
                shutil.rmtree(run_dir)                 # the child died before cleaning up
        if status != 0 or not payload:
            raise HarnessError(f"kernel runner child failed (wait status {status})")
        outcome = json.loads(payload)
        if outcome["mounts_left"]:
            raise HarnessError(f"mounts left after cleanup: {outcome['mounts_left']}")
        if "error" in outcome:
            raise HarnessError(outcome["error"])
        if "unsupported" in outcome:
            raise Unsupported(outcome["unsupported"])
        if "invalid" in outcome:
            raise ScenarioInvalid(outcome["invalid"])
        return outcome["document"]

    def close(self) -> None:
        if self.root and not ks.mounts_below(self.root):
            shutil.rmtree(self.root)
        self.root = None

    def __enter__(self) -> "KernelHarness":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def run_scenario(scenario: dict) -> dict:
    """One-off run with a harness of its own (builds the tools dir each time)."""
    with KernelHarness() as harness:
        return harness.run(scenario)


def main(argv: list[str]) -> int:
    import yaml
    if not argv or argv[0].startswith("-"):
        print(__doc__.strip().splitlines()[0], file=sys.stderr)
        print("usage: kernel_runner.py SCENARIO.yaml [--keep]", file=sys.stderr)
        return 2
    with open(argv[0]) as handle:
        scenario = yaml.safe_load(handle)
    keep = "--keep" in argv[1:]
    harness = KernelHarness()
    try:
        document = harness.run(scenario, keep=keep)
    except Unsupported as error:
        print(f"unsupported: {error}", file=sys.stderr)
        return 3
    except ScenarioInvalid as error:
        print(f"invalid scenario: {error}", file=sys.stderr)
        return 2
    finally:
        if keep:
            print(f"kept (unmounted) in {harness.root}", file=sys.stderr)
        else:
            harness.close()
    print(json.dumps(document, indent=2, ensure_ascii=False))   # volumes stay in creation order
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
