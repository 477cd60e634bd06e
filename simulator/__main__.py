"""The command line: `python -m simulator run FILE [--json | --show]`, `draw FILE [--step N] -o OUT`.

`layer-lab run|draw ...` (simulator.app) is this same code with strict exit statuses. FILE is a path,
a shipped course scenario's name (`01-copy-up`), or `-` for standard input. Exit status: 0, or 2 for
bad input (one line on stderr); `python -m simulator run` exits 0 when every step ran, as the scenario
contract says (docs/scenarios.md), and `layer-lab run` exits 1 when a step's command failed."""
from __future__ import annotations

import argparse
import os
import sys

from simulator.errors import ScenarioError
from simulator.run import one_line
from simulator.messages import Catalog
from simulator.run import load_file, load_text
from simulator.run import Session
from simulator.run import statedoc
from simulator.run import FILE_WORK_UNITS


def session_of(name: str, prog: str):
    """A Session on the scenario NAME names, or None after one line on stderr (the caller exits 2)."""
    try:
        return Session(read_scenario(name, prog))
    except ScenarioError as e:
        print(f"{prog}: invalid scenario: {one_line(e.render())}", file=sys.stderr)
        return None


def read_scenario(name: str, prog: str):
    """The scenario FILE names: `-` (standard input), a file, or a shipped scenario's name."""
    from simulator.course import scenarios_dir
    if name == "-":
        data = sys.stdin.buffer.read() if sys.stdin is not None else b""
        if not data.strip():
            raise ScenarioError(Catalog().t("app.stdin-empty"), file="-")
        try:
            return load_text(data.decode("utf-8"))
        except UnicodeDecodeError:
            raise ScenarioError("the file is not UTF-8 text", file="-") from None
        except ScenarioError as e:
            e.file = "-"
            e.args = (e.render(),)
            raise
    shipped = scenarios_dir() / f"{name}.yaml"
    if not os.path.lexists(name) and os.sep not in name and "/" not in name and shipped.is_file():
        return load_file(str(shipped))
    return load_file(name)


def main(argv=None, prog: str = "python -m simulator", strict: bool = False) -> int:
    from simulator.render import cli as render_cli      # the renderer, imported only when the command line runs
    parser = argparse.ArgumentParser(prog=prog,
                                     description="Layer Lab: simulate how a Docker container sees its files.")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run a scenario file")
    run.add_argument("file")
    run_out = run.add_mutually_exclusive_group()
    run_out.add_argument("--json", action="store_true", help="print the state document")
    run_out.add_argument("--show", action="store_true",
                         help="after each step, tell what its events did and show the state as text")
    render_cli.add_language_option(run)
    draw = sub.add_parser("draw", help="draw the state after a step (.svg or .png)")
    draw.add_argument("file")
    draw.add_argument("--step", type=int, default=None, help="draw after step N (1 = the first; default: the last)")
    draw.add_argument("--container", default=None, help="the container to draw (default: the step's)")
    draw.add_argument("--overview", action="store_true", help="draw the whole engine instead")
    draw.add_argument("-o", "--output", required=True, help="the picture to write: a .svg or .png file")
    render_cli.add_language_option(draw)
    image = sub.add_parser("image", help="bring a real image archive in (load) or out (save)")
    image_sub = image.add_subparsers(dest="image_command", required=True)
    image_load = image_sub.add_parser("load", help="check a docker save archive (or OCI layout) and list its layers")
    image_load.add_argument("archive")
    image_save = image_sub.add_parser("save", help="run a scenario, then write one of its images as a docker save archive")
    image_save.add_argument("file")
    image_save.add_argument("image")
    image_save.add_argument("-o", "--output", required=True, help="the archive to write (.tar)")
    args = parser.parse_args(argv)
    if args.command == "image":
        return image_command(args, prog)
    session = session_of(args.file, prog)
    if session is None:
        return 2
    if args.command == "draw":
        return render_cli.draw(session, args.step, args.container, args.overview, args.output,
                               cat=Catalog(args.lang), prog=prog)
    if args.show:
        render_cli.show(session, sys.stdout, Catalog(args.lang))
        if session.not_run:
            return _not_run(session, prog, Catalog(args.lang))
        return 1 if strict and any(r.exit_code for r in session.records) else 0
    records = session.run_all()
    out = statedoc.dumps(session.document()) if args.json else session.transcript()
    sys.stdout.write(out)
    if session.not_run:
        return _not_run(session, prog, Catalog(args.lang))
    return 1 if strict and any(r.exit_code for r in records) else 0


def _not_run(session, prog: str, cat) -> int:
    """The file's steps spent the work one file may do: say so in one line, exit 2 (bad input)."""
    print(f"{prog}: " + cat.t("app.steps-not-run", units=f"{FILE_WORK_UNITS:,}", count=session.not_run),
          file=sys.stderr)
    return 2


def image_command(args, prog: str) -> int:
    """`image load ARCHIVE` and `image save SCENARIO IMAGE -o ARCHIVE` (simulator/run/imagefile.py)."""
    from simulator.docker import ArchiveError
    from simulator.run import imagefile
    if args.image_command == "load":
        try:
            images = imagefile.read_file(args.archive)
        except ArchiveError as e:
            print(f"{prog}: {one_line(str(e))}", file=sys.stderr)
            return 2
        sys.stdout.write(imagefile.describe(images))
        return 0
    session = session_of(args.file, prog)
    if session is None:
        return 2
    session.run_all()
    from simulator.cli import find_image, image_ref
    from simulator.docker import save_image as save
    found = find_image(session.engine, args.image)
    if found is None:
        print(f"{prog}: the scenario has no image {args.image}", file=sys.stderr)
        return 2
    name = image_ref(args.image)
    names = [name if ":" in name else name + ":latest"] if name in session.engine.images else []
    imagefile.write_file(save([(names, found, session.engine.image_history(found))]), args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
