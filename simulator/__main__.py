"""The command line: `python -m simulator run FILE [--json]`."""
from __future__ import annotations

import argparse
import sys

from .errors import ScenarioError
from .scenario import load_file
from .session import Session
from . import statedoc


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m simulator",
                                     description="Layer Lab: simulate how a Docker container sees its files.")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run a scenario file")
    run.add_argument("file")
    run.add_argument("--json", action="store_true", help="print the state document")
    args = parser.parse_args(argv)
    try:
        scenario = load_file(args.file)
    except ScenarioError as e:
        print(f"python -m simulator: invalid scenario: {e.render()}", file=sys.stderr)
        return 2
    session = Session(scenario)
    session.run_all()
    out = statedoc.dumps(session.document()) if args.json else session.transcript()
    sys.stdout.write(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
