"""`layer-lab`: one command for students, teachers and hub admins.

    layer-lab lab [FOLDER] [--lang ko] [JUPYTER OPTIONS]   the course copied into FOLDER (default: here), then
                                                           JupyterLab on it with notebook 01 open
    layer-lab voila [NOTEBOOK] [VOILA OPTIONS]             the playground (or NOTEBOOK) as a web page
    layer-lab course copy FOLDER [--lang ko]               hand the notebooks out; a student's edits are kept
    layer-lab grade FOLDER --exercise ID                   check every handed-in session file in FOLDER
    layer-lab lite build OUTDIR                            the course as a static JupyterLite site (in a browser
                                                           tab, offline): pip install 'layer-lab[lite]'
    layer-lab run|draw ... FILE                            the simulator (FILE: a path, a course scenario's
                                                           name, or - for standard input)
    layer-lab --version

Exit status: 0 when everything asked for succeeded; 1 when something ran but did not succeed (a
scenario step whose command failed, an exercise not passed, JupyterLab missing or ending with an
error); 2 for bad input (a missing, unreadable, binary or invalid file, `-` with nothing on standard
input, a file where a folder belongs, a bad option), with one line on standard error.
"""
from __future__ import annotations

import argparse
import sys

PROG = "layer-lab"
OWN = ("lab", "voila", "course", "grade", "lite")


def version() -> str:
    from importlib import metadata
    try:
        return metadata.version("layer-lab")
    except metadata.PackageNotFoundError:       # run from a source tree that was never installed
        return "unknown (not installed)"


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] in (["--version"], ["-V"]):
        print(f"{PROG} {version()}")
        return 0
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__.strip().split("\n\n", 1)[1])
        return 0 if argv else 2
    if argv[0] not in OWN:
        from simulator.__main__ import main as simulator_main
        return _code(simulator_main, argv, prog=PROG, strict=True)
    from simulator.app import commands
    parser = argparse.ArgumentParser(prog=PROG)
    sub = parser.add_subparsers(dest="command", required=True)
    commands.add_parsers(sub)
    args, rest = parser.parse_known_args(argv)
    if rest and not getattr(args, "passthrough", False):
        parser.error(f"unrecognized arguments: {' '.join(rest)}")
    return args.func(args, rest)


def _code(func, *args, **kwargs) -> int:
    """argparse's own exit (2 for a bad option) as a return value."""
    try:
        return func(*args, **kwargs)
    except SystemExit as e:
        return e.code if isinstance(e.code, int) else (0 if e.code is None else 2)


if __name__ == "__main__":
    sys.exit(main())
