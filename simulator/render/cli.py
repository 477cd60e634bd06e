"""The command line's drawing commands: `run FILE --show` and `draw FILE --step N -o out.svg`, in
the language `--lang` names (default: the environment's, see simulator.messages)."""
from __future__ import annotations

import argparse
import sys

from simulator.run import terminal_safe
from simulator.messages import Catalog, available_languages, language_code
from simulator.render.backend import RenderError, write
from simulator.render.narrate import narrate_all
from simulator.render.picture import OVERVIEW, sources, step_views


def language(value: str) -> str:
    """`--lang ko` (or a locale name such as ko_KR.UTF-8) -> "ko"; argparse reports the rest."""
    code = language_code(value)
    if code not in available_languages():
        raise argparse.ArgumentTypeError(f"no messages in {value!r} (available: {', '.join(available_languages())})")
    return code


def add_language_option(parser) -> None:
    parser.add_argument("--lang", type=language, default=None, metavar="LANG",
                        help=f"the language of the narration and the pictures ({', '.join(available_languages())}; "
                             "default: from the environment's LANG, else en); Docker's and BusyBox's own output "
                             "stays English")


def step_transcript(record) -> str:
    """One step as a terminal shows it (the same text as Session.transcript gives for it)."""
    out = record.stdout + record.stderr
    text = f"$ {record.command}\n" + (out if out.endswith("\n") or not out else out + "\n")
    if record.exit_code:
        text += f"[exit {record.exit_code}]\n"
    return text


class _TerminalSafe:
    """A stream that shows control and bidirectional characters (from the scenario's data) escaped."""

    def __init__(self, stream):
        self.stream = stream

    def write(self, text: str) -> None:
        self.stream.write(terminal_safe(text))


def show(session, stream=sys.stdout, cat: Catalog | None = None) -> None:
    """Run every step; after each, print its transcript, the narration of its events and
    the text twins of what it changed."""
    cat = cat or Catalog()
    stream = _TerminalSafe(stream)
    stream.write(cat.t("text.key") + "\n\n")
    for record in session.run_each():           # the file's steps, bounded together
        stream.write(step_transcript(record))
        for sentence in narrate_all(list(record.events), cat):
            stream.write(f"  * {sentence}\n")
        if record.events:
            for view in step_views(session.engine, record.events):
                text = sources(session.engine, view, record.events, record.command, cat, story=False)[2]()
                stream.write("\n" + "\n".join("  " + line if line else "" for line in text.splitlines()) + "\n")
        stream.write("\n")


def draw(session, step: int | None, container: str | None, overview: bool, out: str,
         err=sys.stderr, cat: Catalog | None = None, prog: str = "python -m simulator") -> int:
    """Run the steps up to `step` (1 = the first; default: all) and write one picture."""
    steps = session.scenario.steps
    if step is None:
        step = len(steps)
    if not 0 <= step <= len(steps):
        print(f"{prog} draw: --step {step} is out of range (the file has {len(steps)} steps: "
              f"1 to {len(steps)}, or 0 for the start)", file=err)
        return 2
    records = session.run_all(steps[:step])
    events = list(records[-1].events) if records else []
    caption = records[-1].command if records else ""
    engine = session.engine
    if overview:
        view = (OVERVIEW, None)
    elif container is not None:
        c = engine.containers.get(container)
        if c is None:
            names = ", ".join(sorted(engine.containers)) or "none"
            print(f"{prog} draw: no container {container!r} after step {step} "
                  f"(containers: {names})", file=err)
            return 2
        view = ("stack", c)
    else:
        view = step_views(engine, events)[0]
    dot = sources(engine, view, events, caption, cat or Catalog())[1]
    try:
        write(dot, out)
    except (RenderError, ValueError, OSError) as e:
        print(f"{prog} draw: {e}", file=err)
        return 1
    return 0
