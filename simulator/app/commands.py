"""The course's verbs of `layer-lab`: lab, voila, course copy, grade (the simulator's own verbs are in
simulator/__main__.py). Each returns the exit status that simulator.app.main documents."""
from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

from simulator.messages import Catalog

PROG = "layer-lab"
FIRST = "01-filesystem.ipynb"
PLAYGROUND = "playground.ipynb"


def add_parsers(sub) -> None:
    lab = sub.add_parser("lab", help="copy the course here (or into FOLDER) and open it in JupyterLab")
    lab.add_argument("folder", nargs="?", default=".", help="where the notebooks go (default: this folder)")
    lab.add_argument("--lang", choices=("en", "ko"), default=None, help="the course's language (default: en)")
    lab.set_defaults(func=lab_command, passthrough=True)
    voila = sub.add_parser("voila", help="serve the playground (or NOTEBOOK) as a web page with Voila")
    voila.add_argument("notebook", nargs="?", default=None)
    voila.set_defaults(func=voila_command, passthrough=True)
    course = sub.add_parser("course", help="hand the course out")
    course_sub = course.add_subparsers(dest="action", required=True)
    copy = course_sub.add_parser("copy", help="copy the notebooks into FOLDER; a student's edits are kept")
    copy.add_argument("folder")
    copy.add_argument("--lang", choices=("en", "ko"), default=None, help="the course's language (default: en)")
    copy.set_defaults(func=copy_command)
    lite = sub.add_parser("lite", help="the course as a static JupyterLite site (no server, no install)")
    lite_sub = lite.add_subparsers(dest="action", required=True)
    lite_build = lite_sub.add_parser("build", help="write the site into OUTDIR (pip install 'layer-lab[lite]')")
    lite_build.add_argument("outdir")
    lite_build.set_defaults(func=lambda args, rest: __import__("simulator.app.lite", fromlist=["lite_command"])
                            .lite_command(args, rest))
    grade = sub.add_parser("grade", help="check every session file (*.yaml) handed in to FOLDER")
    grade.add_argument("folder")
    grade.add_argument("--exercise", "-e", required=True, help="the exercise's id, e.g. 02-goal-fresh-folder")
    grade.set_defaults(func=grade_command)


def fail(message: str, code: int = 2) -> int:
    print(f"{PROG}: {message}", file=sys.stderr)
    return code


def _language(args) -> str:
    from simulator.messages import get_language
    return args.lang or ("ko" if get_language() == "ko" else "en")


def copy_course(folder: str, language: str) -> int:
    """Copy and say what happened to every notebook; 0, or 2 when FOLDER is not a folder."""
    from simulator.course import KEPT
    from simulator.course import copy_course as copy
    cat = Catalog()
    try:
        report = copy(folder, language)
    except NotADirectoryError:
        return fail(cat.t("app.not-a-folder", path=folder))
    says = {"copied": "app.copy.copied", "updated": "app.copy.updated", "unchanged": "app.copy.unchanged",
            KEPT: "app.copy.kept"}
    for action, name in report:
        line = cat.t(says[action], file=name)
        print(line, file=sys.stderr if action == KEPT else sys.stdout)
    print(cat.t("app.copy.done", language=language, folder=folder))
    return 0


def copy_command(args, rest) -> int:
    return copy_course(args.folder, _language(args))


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def _run(argv: list[str], env: dict | None = None) -> int:
    """Become the server (POSIX: its signals reach it directly), or wait for it (Windows)."""
    sys.stdout.flush()
    sys.stderr.flush()
    if os.name == "posix":
        os.execve(argv[0], argv, os.environ if env is None else env)
    try:
        return subprocess.call(argv, env=env)
    except KeyboardInterrupt:
        return 130


def _need(module: str, program: str) -> bool:
    if importlib.util.find_spec(module) is None:
        fail(Catalog().t("app.needs-extra", program=program, python=sys.executable), 1)
        return False
    return True


def lab_command(args, rest) -> int:
    from simulator.course import notebooks_dir
    folder = Path(args.folder)
    language = _language(args)
    source = notebooks_dir()
    # the course's own folder (./lab in a clone) is opened as it is; anywhere else gets a copy
    if not (_same(folder, source) or _same(folder, source / language)):
        code = copy_course(str(folder), language)
        if code:
            return code
    if not _need("jupyterlab", "JupyterLab"):
        return 1
    argv = [sys.executable, "-m", "jupyterlab", f"--ServerApp.root_dir={folder.resolve()}",
            f"--LabApp.default_url=/lab/tree/{FIRST}"]
    if hasattr(os, "getuid") and os.getuid() == 0:
        argv.append("--allow-root")
    return _run(argv + rest)


def voila_command(args, rest) -> int:
    from simulator.course import notebooks_dir
    notebook = Path(args.notebook) if args.notebook else notebooks_dir() / PLAYGROUND
    if not notebook.is_file():
        return fail(Catalog().t("app.no-such-file", path=str(notebook)))
    if not _need("voila", "Voila"):
        return 1
    # Layer Lab's Voila template: Voila's "lab" template without what it loads from a CDN
    from simulator.ui import VOILA_ARGS, voila_environment
    return _run([sys.executable, "-m", "voila", *VOILA_ARGS, str(notebook)] + rest, env=voila_environment())


def grade_command(args, rest) -> int:
    from simulator.course import ExerciseError, grade_folder, handed_in
    from simulator.course import load_exercise as load
    cat = Catalog()
    folder = Path(args.folder)
    if not folder.exists():
        return fail(cat.t("app.no-such-file", path=args.folder))
    if not folder.is_dir():
        return fail(cat.t("app.not-a-folder", path=args.folder))
    try:
        exercise = load(args.exercise)
    except (FileNotFoundError, ExerciseError) as e:
        return fail(str(e).splitlines()[0])
    if not handed_in(folder):
        return fail(cat.t("app.grade.none", folder=args.folder))
    grades = grade_folder(exercise, folder, cat)
    width = max(len(g.file) for g in grades)
    for g in grades:
        mark = cat.t("app.grade.passed" if g.passed else "app.grade.error" if g.error else "app.grade.failed")
        why = "" if g.passed else "  " + " ".join(g.sentences[1:] if len(g.sentences) > 1 else g.sentences)
        print(f"{g.file:<{width}}  {mark}{why}")
    passed = sum(g.passed for g in grades)
    print(cat.t("app.grade.total", passed=passed, total=len(grades)))
    return 0 if passed == len(grades) else 1
