"""Enter to new picture in a real browser (issue 15). Prints figures; asserts nothing.

    python benchmarks/lab_browser.py [ROUNDS]

Voila serves the lab on course scenarios, in normal and in projector mode; headless Chromium types a
command that changes a file and presses Enter, and the page itself times Enter to the diagram's
new SVG in place (a MutationObserver on the diagram; performance.now()). The issue's bar: at or under
today's 0.1-0.37 s. Needs what the browser tests need (Chromium, Playwright, Voila).
"""
from __future__ import annotations

import json
import secrets
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "browser"))

from lab_browser_support import CHROMIUM, CHROMIUM_ARGS, VOILA_TEMPLATES, Server, free_port  # noqa: E402

SCENARIOS = ("01-copy-up", "02-whiteout", "04-move-directory", "05-volume-prepopulation", "35-capstone")
SIZE = {"width": 1024, "height": 768}

# armed before Enter is pressed: the time from the keydown of Enter to the diagram's new SVG (ms)
ARM = """() => { window.__enterToPicture = new Promise((resolve) => {
  const diagram = document.querySelector('.layer-lab .lab-diagram');
  const box = document.querySelector('.layer-lab .lab-command input');
  const before = diagram.innerHTML;
  let t0 = null;
  box.addEventListener('keydown', (e) => { if (e.key === 'Enter') t0 = performance.now(); }, {capture: true, once: true});
  const watch = new MutationObserver(() => {
    if (t0 !== null && diagram.innerHTML !== before && diagram.querySelector('svg')) {
      watch.disconnect(); resolve(performance.now() - t0);
    }
  });
  watch.observe(diagram, {subtree: true, childList: true, characterData: true});
  setTimeout(() => { watch.disconnect(); resolve(-1); }, 20000);
}); }"""


def notebook(scenario: str, projector: bool) -> dict:
    source = f"from simulator.ui.lab import Lab\nLab({scenario!r}, projector={projector})"
    return {"cells": [{"cell_type": "code", "execution_count": None, "id": "lab", "metadata": {}, "outputs": [],
                       "source": source}],
            "metadata": {"kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python",
                                        "name": "python3"}},
            "nbformat": 4, "nbformat_minor": 5}


def main(rounds: int = 6) -> None:
    from playwright.sync_api import sync_playwright
    work = Path(tempfile.mkdtemp(prefix="lab-bench-"))
    for scenario in SCENARIOS:
        for projector in (False, True):
            name = f"{scenario}-{'projector' if projector else 'normal'}.ipynb"
            (work / name).write_text(json.dumps(notebook(scenario, projector)))
    port, token = free_port(), secrets.token_hex(16)
    import os
    env = dict(os.environ, PYTHONPATH=str(ROOT), JUPYTER_PATH=str(VOILA_TEMPLATES))
    server = Server("voila", [sys.executable, "-m", "voila", str(work), "--no-browser", "--template=layer-lab",
                              f"--port={port}", "--Voila.ip=127.0.0.1", f"--token={token}"],
                    port, token, work, env, work / "voila.log")
    print(f"Enter to new picture in headless Chromium, Voila, {SIZE['width']}x{SIZE['height']}, "
          f"{rounds} commands each (ms: median, max)")
    try:
        server.wait_ready("/voila/static/favicon.ico")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            for scenario in SCENARIOS:
                row = [f"{scenario:26}"]
                for mode in ("normal", "projector"):
                    page = browser.new_page(viewport=SIZE)
                    page.goto(f"{server.base}/voila/render/{scenario}-{mode}.ipynb?token={token}")
                    page.locator(".layer-lab .lab-command input").first.wait_for(timeout=120_000)
                    target = page.locator(".layer-lab .lab-guided-target select").input_value()
                    times = []
                    for i in range(rounds):
                        box = page.locator(".layer-lab .lab-command input").first
                        box.fill(f"docker exec {target} mkdir /bench{i}")
                        page.wait_for_function("(v) => document.querySelector('.layer-lab .lab-command input').value === v",
                                               arg=f"docker exec {target} mkdir /bench{i}")
                        page.evaluate(ARM)
                        box.press("Enter")
                        ms = page.evaluate("() => window.__enterToPicture")
                        if ms >= 0:
                            times.append(ms)
                        page.wait_for_function("() => document.querySelector('.layer-lab .lab-command input').value === ''")
                    page.close()
                    row.append(f"{mode}: {statistics.median(times):6.0f} {max(times):6.0f}" if times else f"{mode}: no change")
                print("  ".join(row))
            browser.close()
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 6)
