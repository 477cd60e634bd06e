"""An interactive shell in the Lab, in a real browser (Voilà, headless Chromium): `docker run -it
--name t1 app sh` turns the command box's prompt into the container's, `echo hi > /f` runs inside,
`exit` gives the host prompt back, and `docker diff t1` then prints `A /f`. (Docker refuses a
one-letter container name such as `t`, so the container is `t1`.) Every wait is on a state of
the page, never on a length of time."""
from __future__ import annotations

import pytest

from test_lab_browser import open_in_voila, run, shot, wait_text

pytestmark = pytest.mark.browser


def prompt_is(page, text: str) -> None:
    page.wait_for_function("(want) => { const e = document.querySelector('.layer-lab .lab-prompt');"
                           " return e !== null && e.innerText.trim() === want; }", arg=text, timeout=30_000)


def test_an_interactive_shell_in_the_lab(voila, page):
    open_in_voila(voila, page, "playground.ipynb")
    prompt_is(page, "$")
    run(page, "docker run -it --name t1 app sh", "built-in shell (ash)")
    prompt_is(page, "/ #")
    shot(page, "voila-interactive-attached")
    run(page, "echo hi > /f", "/ # echo hi > /f")
    run(page, "exit", "/ # exit")
    prompt_is(page, "$")
    run(page, "docker diff t1", "A /f")
    wait_text(page, ".layer-lab .lab-terminal", "$ docker diff t1\nA /f")
    shot(page, "voila-interactive-after-exit")
    assert page.outside == [], page.outside
