"""The Lab in a real browser: the playground notebook run in JupyterLab 4, and served by Voilà.
A typed command, a guided control and the step-back button each change the diagram and the
narration in the page as the model says; the terminal keeps its newest line in view; projector
mode keeps every word at least 16 CSS px and cuts no control; no request leaves the machine.
Every wait is on a state of the page or the server, never on a length of time. Screenshots go to
tests/browser/screenshots/ (or $LAYER_LAB_SCREENSHOTS)."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from lab_browser_support import SCREENSHOTS, poll_json

pytestmark = pytest.mark.browser

TYPED = "docker exec web sh -c 'echo hello >> /etc/motd'"
TYPED_STORY = "/etc/motd lives in image layer app@0, so before changing it overlayfs copied the whole file"
GUIDED = "docker exec web rm /etc/app.conf"
GUIDED_STORY = "a whiteout in the writable layer now hides the image's /etc/app.conf"
START_STORY = "Docker created the container web from image app"
CELL_TIMEOUT = 90_000
SIZES = ("1024x768", "1400x900")
COMMANDS = 15
MIN_TEXT_PX = 16


def shot(page, name: str) -> None:
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def svg(page) -> str:
    """The diagram as the page holds it: our HTML widget puts Graphviz's SVG inline (an SVG
    *output* would be an <img> in JupyterLab, whose text the page could not read)."""
    return page.locator(".layer-lab .lab-diagram svg").first.inner_html()


def wait_text(page, selector: str, text: str, present: bool = True) -> None:
    page.wait_for_function("([sel, text, present]) => { const e = document.querySelector(sel);"
                           " return e !== null && e.innerText.includes(text) === present; }",
                           arg=[selector, text, present], timeout=60_000)


def wait_svg(page, expected: str) -> None:
    page.wait_for_function("(want) => { const s = document.querySelector('.layer-lab .lab-diagram svg');"
                           " return s !== null && s.innerHTML === want; }", arg=expected, timeout=60_000)


def wait_lab(page) -> None:
    """The lab is drawn and its kernel answers: the start's story is in the narration."""
    page.locator(".layer-lab .lab-command input").first.wait_for(timeout=CELL_TIMEOUT)
    wait_text(page, ".layer-lab .lab-narration", START_STORY)


def run(page, command: str, expect_in_terminal: str) -> None:
    """Type a command, press Enter, wait until the terminal shows `expect_in_terminal` and the box is empty."""
    box = page.locator(".layer-lab .lab-command input").first
    box.fill(command)
    box.press("Enter")
    wait_text(page, ".layer-lab .lab-terminal", expect_in_terminal)
    expect(box).to_have_value("")


# where the newest text of the terminal is, against the terminal's visible box (CSS px)
LAST_LINE_JS = """(marker) => {
  const term = document.querySelector('.layer-lab .lab-term');
  const walker = document.createTreeWalker(term.querySelector('pre'), NodeFilter.SHOW_TEXT);
  let node = null, at = -1;
  while (walker.nextNode()) {
    const n = walker.currentNode;
    const i = marker ? n.data.lastIndexOf(marker) : n.data.trimEnd().length - 1;
    if (i >= 0 && n.data.trim()) { node = n; at = i; }
  }
  if (node === null) return null;
  const range = document.createRange();
  range.setStart(node, at);
  range.setEnd(node, at + (marker ? marker.length : 1));
  const r = range.getBoundingClientRect(), box = term.getBoundingClientRect();
  return {top: r.top, bottom: r.bottom, boxTop: box.top, boxBottom: box.bottom,
          visible: r.height > 0 && r.top >= box.top - 1 && r.bottom <= box.bottom + 1,
          scrollTop: term.scrollTop, scrollHeight: term.scrollHeight, clientHeight: term.clientHeight};
}"""


def assert_newest_in_view(page, marker: str = "") -> None:
    where = page.evaluate(LAST_LINE_JS, marker)
    assert where is not None, f"{marker!r} is not in the terminal"
    assert where["visible"], f"the terminal's newest line ({marker or 'last line'}) is out of view: {where}"


def terminal_follows(page, prefix: str) -> None:
    """15 commands, each one's output in view right after it; then back and forward, whose
    terminal line is in view too."""
    for i in range(COMMANDS):
        marker = f"out-{i:02d}"
        run(page, f"docker exec web sh -c 'echo {marker}; echo {marker}-end'", f"{marker}-end")
        assert_newest_in_view(page, f"{marker}-end")
    shot(page, f"{prefix}-terminal-after-{COMMANDS}")
    lab = page.locator(".layer-lab").first
    lab.locator("button.lab-back").click()
    wait_text(page, ".layer-lab .lab-step", f"step {COMMANDS}: ")
    assert_newest_in_view(page)
    forward = lab.locator("button.lab-forward")
    expect(forward).to_be_enabled()
    forward.click()
    wait_text(page, ".layer-lab .lab-step", f"step {COMMANDS + 1}: ")
    assert_newest_in_view(page)
    shot(page, f"{prefix}-terminal-after-back-forward")


# every text a person reads in the lab (diagram and controls) and every control that is cut
MEASURE_JS = """() => {
  const lab = document.querySelector('.layer-lab');
  const labBox = lab.getBoundingClientRect();
  const shown = (el) => { const r = el.getBoundingClientRect(), st = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && st.visibility !== 'hidden' && el.closest('details:not([open]) > :not(summary)') === null; };
  const small = [], cut = [];
  const walker = document.createTreeWalker(lab, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const n = walker.currentNode, el = n.parentElement;
    if (!n.data.trim() || el.closest('svg, style') || !shown(el)) continue;
    const px = parseFloat(getComputedStyle(el).fontSize);
    if (px < %(min)s) small.push([el.tagName + '.' + el.className, n.data.trim().slice(0, 40), px]);
  }
  for (const el of lab.querySelectorAll('input, select, textarea, button')) {
    if (!shown(el)) continue;
    const px = parseFloat(getComputedStyle(el).fontSize);
    if (px < %(min)s) small.push([el.tagName + '.' + el.className, (el.value || el.innerText || '').slice(0, 40), px]);
  }
  for (const el of lab.querySelectorAll('button, .widget-label, .lm-TabBar-tabLabel, label, summary')) {
    if (!shown(el)) continue;
    if (el.scrollWidth > el.clientWidth + 1) cut.push(['text cut', el.tagName + '.' + el.className, el.innerText.slice(0, 40), el.scrollWidth, el.clientWidth]);
  }
  const ruler = document.createElement('canvas').getContext('2d');
  for (const el of lab.querySelectorAll('select:not([multiple]):not([size])')) {
    if (!shown(el) || el.selectedIndex < 0) continue;
    const st = getComputedStyle(el);
    ruler.font = `${st.fontWeight} ${st.fontSize} ${st.fontFamily}`;
    const text = el.options[el.selectedIndex].text;
    const room = el.clientWidth - parseFloat(st.paddingLeft) - parseFloat(st.paddingRight);   // the arrow is in the padding
    // a menu as wide as its choice, or as wide as the lab (a longer command cannot be shown whole)
    if (ruler.measureText(text).width > room + 1 && el.getBoundingClientRect().width < labBox.width - 40) cut.push(['choice cut', el.className, text.slice(0, 40), Math.round(ruler.measureText(text).width), room]);
  }
  for (const el of lab.querySelectorAll('.jupyter-widgets')) {
    if (!shown(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.left < labBox.left - 1 || r.right > labBox.right + 1) cut.push(['outside the lab', el.className, Math.round(r.left), Math.round(r.right), Math.round(labBox.right)]);
  }
  const svg = lab.querySelector('.lab-diagram svg');
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  let smallestSvg = Infinity, smallestBox = Infinity;
  for (const t of svg.querySelectorAll('text')) {
    if (!t.textContent.trim()) continue;
    smallestSvg = Math.min(smallestSvg, parseFloat(t.getAttribute('font-size')) * scale);
    smallestBox = Math.min(smallestBox, t.getBoundingClientRect().height);
  }
  return {small, cut, smallestSvg, smallestBox, labWidth: labBox.width, svgWidth: svg.getBoundingClientRect().width,
          diagramWidth: lab.querySelector('.lab-diagram').getBoundingClientRect().width};
}""" % {"min": MIN_TEXT_PX}


def assert_projector(page, prefix: str) -> None:
    """Every word in the diagram and the controls at least 16 CSS px, no control cut, the diagram as
    wide as the lab."""
    page.wait_for_function("() => document.querySelector('.layer-lab.lab-projector .lab-svg.lab-readable svg') !== null")
    m = page.evaluate(MEASURE_JS)
    shot(page, f"{prefix}-projector")
    assert m["smallestSvg"] >= MIN_TEXT_PX, m
    assert m["smallestBox"] >= MIN_TEXT_PX, m
    assert not m["small"], f"text under {MIN_TEXT_PX} px: {m['small'][:10]}"
    assert not m["cut"], f"controls cut: {m['cut'][:10]}"
    assert m["diagramWidth"] >= m["labWidth"] - 4, m


def exercise(page, prefix: str) -> None:
    lab = page.locator(".layer-lab").first
    wait_lab(page)
    start_svg = svg(page)
    assert "What container web sees" in start_svg and "NEW: whiteout" not in start_svg
    shot(page, f"{prefix}-1-start")

    # 1. a typed command: Enter in the command box runs it
    run(page, TYPED, "$ " + TYPED)
    wait_text(page, ".layer-lab .lab-narration", TYPED_STORY)
    typed_svg = svg(page)
    assert typed_svg != start_svg
    assert "NEW: copied up" in typed_svg and "hello" in typed_svg
    assert "Step 2: " + TYPED in lab.locator(".lab-narration").inner_text()
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
    wait_text(page, ".layer-lab .lab-narration", GUIDED_STORY, present=False)
    wait_svg(page, typed_svg)
    expect(lab.locator("button.lab-forward")).to_be_enabled()
    wait_text(page, ".layer-lab .lab-step", "step 2: " + TYPED)
    shot(page, f"{prefix}-4-back")

    # 4. "why do I see this?" on a path, and the session saved as a scenario file (to this step)
    path.fill("/etc/motd")
    lab.locator("button.lab-why-button").click()
    wait_text(page, ".layer-lab .lab-why", "/etc/motd: web sees the version in the writable layer")
    page.get_by_text("Save / load the session as a scenario file").click()
    lab.locator("button.lab-save").click()
    saved = lab.locator(".lab-scenario textarea")
    page.wait_for_function("(want) => { const t = document.querySelector('.layer-lab .lab-scenario textarea');"
                           " return t !== null && t.value.includes(want); }", arg=TYPED)
    assert GUIDED not in saved.input_value()
    assert lab.locator(".lab-download a[download]").count() == 1
    shot(page, f"{prefix}-5-why-save")

    # 5. a click on a closed folder in the tree opens it
    tree = lab.locator(".lab-tree select")
    labels = tree.locator("option").all_inner_texts()
    closed = [i for i, label in enumerate(labels) if " ".join(label.split()).startswith("\u25b8 srv/")]
    assert closed, labels
    srv = closed[0]
    tree.select_option(index=srv)
    page.wait_for_function("() => Array.from(document.querySelectorAll('.layer-lab .lab-tree option'))"
                           ".some(o => o.textContent.includes('www/'))")
    shot(page, f"{prefix}-6-folder-opened")


NOTEBOOK_READY_JS = """(name) => {
  const w = window.jupyterapp.shell.currentWidget;
  const kernel = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
  return !!(w && w.context && w.context.isReady && w.context.path.endsWith(name) && kernel
            && kernel.connectionStatus === 'connected' && kernel.status === 'idle');
}"""


def open_in_jupyterlab(server, page, notebook: str) -> None:
    """Open the notebook, wait until its own kernel is connected and idle, then run every cell (a
    fresh kernel looks idle before the page is connected to it, and a "run all" sent then is lost)."""
    workspace = notebook.rsplit(".", 1)[0]      # a workspace of its own: no other notebook's tab restored
    page.goto(f"{server.base}/lab/workspaces/{workspace}/tree/{notebook}?token={server.token}",
              wait_until="commit")
    page.locator(".jp-Notebook").first.wait_for(timeout=60_000)
    page.wait_for_function("() => window.jupyterapp !== undefined", timeout=90_000)

    def ready(sessions) -> bool:
        return any(s.get("path", "").endswith(notebook) and s.get("kernel", {}).get("connections", 0) >= 1
                   and s.get("kernel", {}).get("execution_state") == "idle" for s in sessions)

    poll_json(f"{server.base}/api/sessions", server.token, ready, 60, f"a connected idle kernel for {notebook}")
    # and the page's side of it: the notebook is the current widget, its file loaded, its kernel connected
    page.wait_for_function(NOTEBOOK_READY_JS, arg=notebook, timeout=60_000)
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
    wait_lab(page)


def open_in_voila(server, page, notebook: str) -> None:
    """Voila runs the notebook before the page loads (slow on a busy machine): wait for the lab, not the load."""
    page.goto(f"{server.base}/voila/render/{notebook}?token={server.token}", wait_until="commit")
    wait_lab(page)


def test_the_lab_in_jupyterlab(jupyterlab, page, notebook):
    open_in_jupyterlab(jupyterlab, page, notebook)
    exercise(page, "jupyterlab")
    # the settings file kept the news prompt away
    assert page.get_by_text("receive official Jupyter news").count() == 0


def test_the_lab_in_voila(voila, page):
    open_in_voila(voila, page, "playground.ipynb")
    exercise(page, "voila")
    assert "Layer Lab playground" in page.locator(".layer-lab .lab-title").inner_text()
    # one title on the page (the lab's), and no line meant for the teacher
    assert page.locator("h1, h2, h3, .lab-title", has_text="Layer Lab playground").count() == 1
    assert page.get_by_text("For a classroom screen").count() == 0
    assert page.outside == []


@pytest.mark.parametrize("size", SIZES)
def test_jupyterlab_terminal_follows_and_projector(jupyterlab, sized_page, notebook, size):
    page = sized_page
    open_in_jupyterlab(jupyterlab, page, notebook)
    terminal_follows(page, f"jupyterlab-{size}")
    page.locator(".layer-lab .lab-projector-toggle").first.click()
    assert_projector(page, f"jupyterlab-{size}")
    # the terminal still follows in projector mode
    run(page, "docker exec web sh -c 'echo projected'", "projected")
    assert_newest_in_view(page, "projected")
    assert page.outside == [], page.outside


@pytest.mark.parametrize("size", SIZES)
def test_voila_terminal_follows_and_projector_page(voila, sized_page, size):
    page = sized_page
    open_in_voila(voila, page, "playground.ipynb")
    terminal_follows(page, f"voila-{size}")
    open_in_voila(voila, page, "projector.ipynb")
    assert_projector(page, f"voila-{size}")
    assert page.locator("h1, h2, h3, .lab-title", has_text="Layer Lab playground").count() == 1
    assert page.outside == [], page.outside


def test_jupyterlab_leaves_a_volume_spec_in_a_lessons_output_unlinked(jupyterlab, page, workdir):
    """JupyterLab links anything like `data:...` in plain text output; a lesson's output comes as HTML too."""
    import nbformat
    name = "linkify.ipynb"
    cell = nbformat.v4.new_code_cell('from simulator.course import Text\n'
                                     'Text("$ docker run -d --name web -v appdata:/var/lib/app web")')
    kernel = {"kernelspec": {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}}
    nbformat.write(nbformat.v4.new_notebook(cells=[cell], metadata=kernel), str(workdir / "notebooks" / name))
    workspace = name.rsplit(".", 1)[0]
    page.goto(f"{jupyterlab.base}/lab/workspaces/{workspace}/tree/{name}?token={jupyterlab.token}",
              wait_until="commit")
    page.wait_for_function("() => window.jupyterapp !== undefined", timeout=90_000)
    page.wait_for_function(NOTEBOOK_READY_JS, arg=name, timeout=60_000)
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
    output = page.locator(".jp-OutputArea-output", has_text="appdata:/var/lib/app").first
    output.wait_for(timeout=60_000)
    assert output.locator("a").count() == 0, output.inner_html()
    assert page.outside == []


# the text twin of a picture in a notebook: its lines as rendered (wrapped lines would be more)
TWIN_JS = """() => {
  const pre = Array.from(document.querySelectorAll('.jp-OutputArea-output pre.layer-lab-text'))
                   .find(p => p.textContent.startsWith('What container web sees'));
  if (!pre) return null;
  const style = getComputedStyle(pre), panel = pre.closest('.jp-NotebookPanel').getBoundingClientRect();
  const lines = pre.textContent.split('\\n').length;
  const rendered = Math.round((pre.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom))
                              / parseFloat(style.lineHeight));
  const img = document.querySelector('.jp-OutputArea-output.jp-RenderedSVG img');
  const picture = img ? img.getBoundingClientRect() : null;
  return {whiteSpace: style.whiteSpace, lines, rendered, scrolls: pre.scrollWidth > pre.clientWidth,
          right: pre.getBoundingClientRect().right, panel: panel.right,
          picture: picture && [Math.round(picture.width), Math.round(picture.right)]};
}"""


@pytest.mark.parametrize("size", ["1024x768"])
def test_a_picture_fits_and_its_text_twin_stays_a_table_in_a_narrow_jupyterlab_column(jupyterlab, sized_page, workdir, size):
    """A wide picture is drawn at the column's width (JupyterLab limits no SVG <img>); JupyterLab wraps
    text output, but the picture's text twin keeps its lines and scrolls sideways inside the column."""
    import nbformat
    page, name = sized_page, "twin.ipynb"
    cell = nbformat.v4.new_code_cell('from simulator.course import Lesson\n'
                                     'lab = Lesson.open("02-whiteout", setup=["docker run -d --name web app"])\n'
                                     'lab.run("docker exec web rm /srv/www/old.html")\n'
                                     'lab.show()')
    kernel = {"kernelspec": {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}}
    nbformat.write(nbformat.v4.new_notebook(cells=[cell], metadata=kernel), str(workdir / "notebooks" / name))
    page.goto(f"{jupyterlab.base}/lab/workspaces/twin/tree/{name}?token={jupyterlab.token}", wait_until="commit")
    page.wait_for_function("() => window.jupyterapp !== undefined", timeout=90_000)
    page.wait_for_function(NOTEBOOK_READY_JS, arg=name, timeout=60_000)
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
    page.wait_for_function(TWIN_JS, timeout=60_000)
    twin = page.evaluate(TWIN_JS)
    assert twin["whiteSpace"] == "pre" and twin["right"] <= twin["panel"], twin
    assert twin["rendered"] == twin["lines"] and twin["scrolls"], twin     # no line broken in two; it scrolls
    assert twin["picture"] and twin["picture"][0] > 100 and twin["picture"][1] <= twin["panel"], twin  # fits
    assert page.outside == []


# every text of the diagram inside the box drawn around it (its node's outermost shape)
OVERFLOW_JS = """async () => {
  await document.fonts.ready;
  const out = [];
  for (const g of document.querySelectorAll('.layer-lab .lab-diagram svg g.node')) {
    const shapes = Array.from(g.querySelectorAll('polygon, path, ellipse')).map(p => p.getBoundingClientRect())
                        .filter(r => r.width > 0);
    if (!shapes.length) continue;
    const left = Math.min(...shapes.map(r => r.left)), right = Math.max(...shapes.map(r => r.right));
    for (const t of g.querySelectorAll('text')) {
      const r = t.getBoundingClientRect();
      if (r.right > right + 0.5 || r.left < left - 0.5)
        out.push([t.textContent, Math.round(r.left), Math.round(r.right), Math.round(left), Math.round(right)]);
    }
  }
  return {out, hangul: document.fonts.check('16px "Layer Lab Hangul"', '가'),
          sans: document.fonts.check('16px "Layer Lab Sans"', 'A')};
}"""


def test_korean_labels_fit_their_boxes_in_the_fonts_they_were_measured_with(voila, page):
    open_in_voila(voila, page, "playground.ipynb")
    page.locator(".layer-lab .lab-language select").select_option(label="한국어")
    wait_text(page, ".layer-lab .lab-narration", "단계")
    run(page, "docker exec web sh -c 'echo hello >> /etc/motd'", "$ docker exec web sh -c 'echo hello >> /etc/motd'")
    page.wait_for_function("() => document.querySelector('.layer-lab .lab-diagram svg').textContent.includes('방금')")
    page.locator(".layer-lab .lab-whole").first.click()          # the whole picture: every label there is
    page.wait_for_function("() => document.querySelector('.layer-lab .lab-diagram svg').textContent.includes('style.css')")
    found = page.evaluate(OVERFLOW_JS)
    shot(page, "voila-korean-labels")
    assert found["hangul"] and found["sans"], found
    assert found["out"] == [], found["out"][:10]
    assert page.outside == []
