"""The command line: `python -m simulator run FILE [--json | --show]`, `draw FILE [--step N] -o OUT`."""
from __future__ import annotations

import argparse
import sys

from simulator.errors import ScenarioError
from simulator.messages import Catalog
from simulator.run.scenario import load_file
from simulator.run.session import Session
from simulator.run import statedoc


def main(argv=None) -> int:
    from simulator.render.cli import add_language_option
    parser = argparse.ArgumentParser(prog="python -m simulator",
                                     description="Layer Lab: simulate how a Docker container sees its files.")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run a scenario file")
    run.add_argument("file")
    run_out = run.add_mutually_exclusive_group()
    run_out.add_argument("--json", action="store_true", help="print the state document")
    run_out.add_argument("--show", action="store_true",
                         help="after each step, tell what its events did and show the state as text")
    add_language_option(run)
    draw = sub.add_parser("draw", help="draw the state after a step (.svg or .png)")
    draw.add_argument("file")
    draw.add_argument("--step", type=int, default=None, help="draw after step N (1 = the first; default: the last)")
    draw.add_argument("--container", default=None, help="the container to draw (default: the step's)")
    draw.add_argument("--overview", action="store_true", help="draw the whole engine instead")
    draw.add_argument("-o", "--output", required=True, help="the picture to write: a .svg or .png file")
    add_language_option(draw)
    args = parser.parse_args(argv)
    try:
        scenario = load_file(args.file)
    except ScenarioError as e:
        print(f"python -m simulator: invalid scenario: {e.render()}", file=sys.stderr)
        return 2
    session = Session(scenario)
    if args.command == "draw":
        from simulator.render.cli import draw as draw_picture
        return draw_picture(session, args.step, args.container, args.overview, args.output,
                            cat=Catalog(args.lang))
    if args.show:
        from simulator.render.cli import show
        show(session, sys.stdout, Catalog(args.lang))
        return 0
    session.run_all()
    out = statedoc.dumps(session.document()) if args.json else session.transcript()
    sys.stdout.write(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
