"""`python -m tools.docker_recorder record SCENARIO.yaml [-o OUT.json]`: the command line."""
from __future__ import annotations

import argparse
import json
import os
import signal
import sys

from . import recorder, scenario
from .errors import RecorderError, Refused


class Stopped(Exception):
    """SIGTERM, SIGHUP or SIGINT: unwind through the clean-up, which no further signal cuts short."""


def _stop(signum, frame):
    signal.signal(signal.SIGTERM, signal.SIG_IGN)        # the clean-up must not be cut short
    signal.signal(signal.SIGHUP, signal.SIG_IGN)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    raise Stopped(signum)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.docker_recorder",
                                     description="Replay a scenario on a real Docker engine (DOCKER_HOST, "
                                                 "which must be empty) and print its state document.")
    sub = parser.add_subparsers(dest="command", required=True)
    rec = sub.add_parser("record", help="replay SCENARIO and write the recording")
    rec.add_argument("scenario", help="a scenario file (shared/spec/scenarios.md)")
    rec.add_argument("-o", "--output", help="write the JSON here instead of stdout")
    args = parser.parse_args(argv)
    for signum in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
        signal.signal(signum, _stop)
    try:
        docker_host = os.environ.get("DOCKER_HOST", "")
        if not docker_host:
            raise Refused("DOCKER_HOST is not set: point it at an empty engine (tools/docker_recorder/README.md)")
        if os.geteuid() != 0:
            raise Refused("the recorder must run as root (it reads the engine's layers and chroots host steps)")
        doc = recorder.record(scenario.load(args.scenario), docker_host)
    except RecorderError as e:
        print(f"docker_recorder: {e}", file=sys.stderr)
        return e.exit_status
    except Stopped as e:
        signum = e.args[0]
        print(f"docker_recorder: stopped by {signal.Signals(signum).name}; the engine was emptied", file=sys.stderr)
        return 128 + signum
    text = json.dumps(doc, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    if args.output:
        with open(args.output, "w", encoding="utf-8") as f:
            f.write(text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
