"""The Lab in a real browser: the playground notebook run in JupyterLab 4, and served by Voilà.
A typed command, a guided control and the step-back button each change the diagram and the
narration in the page as the model says; screenshots go to tests/browser/screenshots/."""
from __future__ import annotations

import time

import pytest

from lab_browser_support import SCREENSHOTS, get_json

pytestmark = pytest.mark.browser

TYPED = "docker exec web sh -c 'echo hello >> /etc/motd'"
TYPED_STORY = "/etc/motd lives in image layer app@0, so before changing it overlayfs copied the whole file"
GUIDED = "docker exec web rm /etc/app.conf"
GUIDED_STORY = "/etc/app.conf comes from an image layer, which never changes, so deleting it left a whiteout"
START_STORY = "Docker created the container web from image app"
CELL_TIMEOUT = 90_000


def shot(page, name: str) -> None:
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def svg(page) -> str:
    """The diagram as the page holds it: our HTML widget puts Graphviz's SVG inline (an SVG
    *output* would be an <img> in JupyterLab, whose text the page could not read)."""
    return page.locator(".layer-lab .lab-diagram svg").first.inner_html()


def wait_text(page, selector: str, text: str) -> None:
    page.wait_for_function("([sel, text]) => { const e = document.querySelector(sel);"
                           " return e !== null && e.innerText.includes(text); }",
                           arg=[selector, text], timeout=30_000)


def exercise(page, prefix: str) -> None:
    lab = page.locator(".layer-lab").first
    lab.locator(".lab-command input").wait_for(timeout=CELL_TIMEOUT)
    wait_text(page, ".layer-lab .lab-narration", START_STORY)
    start_svg = svg(page)
    assert "What container web sees" in start_svg and "NEW: whiteout" not in start_svg
    shot(page, f"{prefix}-1-start")

    # 1. a typed command: Enter in the command box runs it
    box = lab.locator(".lab-command input")
    box.fill(TYPED)
    box.press("Enter")
    wait_text(page, ".layer-lab .lab-narration", TYPED_STORY)
    wait_text(page, ".layer-lab .lab-terminal", "$ " + TYPED)
    typed_svg = svg(page)
    assert typed_svg != start_svg
    assert "NEW: copied up" in typed_svg and "hello" in typed_svg
    assert "Step 2: " + TYPED in lab.locator(".lab-narration").inner_text()
    assert box.input_value() == ""
    shot(page, f"{prefix}-2-typed")

    # 2. a guided control: it shows the command it will run, then runs exactly that
    lab.locator(".lab-guided-action select").select_option(label="delete")
    path = lab.locator(".lab-guided-path input")
    path.fill("/etc/app.conf")
    wait_text(page, ".layer-lab .lab-guided-preview", GUIDED)
    lab.locator("button.lab-guided-do").click()
    wait_text(page, ".layer-lab .lab-narration", GUIDED_STORY)
    wait_text(page, ".layer-lab .lab-terminal", "$ " + GUIDED)
    guided_svg = svg(page)
    assert "NEW: whiteout" in guided_svg and guided_svg != typed_svg
    assert "Step 3: " + GUIDED in lab.locator(".lab-narration").inner_text()
    shot(page, f"{prefix}-3-guided")

    # 3. step back: the picture and the story of step 2 again, and the way forward open
    lab.locator("button.lab-back").click()
    wait_text(page, ".layer-lab .lab-narration", TYPED_STORY)
    assert GUIDED_STORY not in lab.locator(".lab-narration").inner_text()
    deadline = time.monotonic() + 10
    while svg(page) != typed_svg and time.monotonic() < deadline:
        time.sleep(0.1)
    assert svg(page) == typed_svg
    assert lab.locator("button.lab-forward").is_enabled()
    wait_text(page, ".layer-lab .lab-step", "step 2: " + TYPED)
    shot(page, f"{prefix}-4-back")

    # 4. "why do I see this?" on a path, and the session saved as a scenario file (to this step)
    path.fill("/etc/motd")
    lab.locator("button.lab-why-button").click()
    wait_text(page, ".layer-lab .lab-why", "/etc/motd: web sees the version in the writable layer")
    page.get_by_text("Save / load the session as a scenario file").click()
    lab.locator("button.lab-save").click()
    saved = lab.locator(".lab-scenario textarea")
    deadline = time.monotonic() + 10
    while TYPED not in saved.input_value() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert TYPED in saved.input_value() and GUIDED not in saved.input_value()
    assert lab.locator(".lab-download a[download]").count() == 1
    shot(page, f"{prefix}-5-why-save")


def wait_kernel_ready(server, timeout: float = 60) -> None:
    """A fresh kernel looks idle before the page is connected to it, and a "run all" sent then is
    lost: wait until the server reports one connected, idle kernel."""
    deadline = time.monotonic() + timeout
    kernels = []
    while time.monotonic() < deadline:
        kernels = get_json(f"{server.base}/api/kernels", server.token)
        if any(k.get("connections", 0) >= 1 and k.get("execution_state") == "idle" for k in kernels):
            return
        time.sleep(0.3)
    raise AssertionError(f"no connected idle kernel after {timeout}s: {kernels}\n{server.tail()}")


def test_the_lab_in_jupyterlab(jupyterlab, page):
    page.goto(f"{jupyterlab.base}/lab/tree/playground.ipynb?token={jupyterlab.token}")
    page.locator(".jp-Notebook").first.wait_for(timeout=60_000)
    page.wait_for_function("() => window.jupyterapp !== undefined")
    wait_kernel_ready(jupyterlab)
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
    exercise(page, "jupyterlab")
    # the settings file kept the news prompt away
    assert page.get_by_text("receive official Jupyter news").count() == 0


def test_the_lab_in_voila(voila, page):
    page.goto(f"{voila.base}/?token={voila.token}")
    exercise(page, "voila")
    assert "Layer Lab playground" in page.locator(".layer-lab .lab-title").inner_text()
