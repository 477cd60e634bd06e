"""Names that could break DOT or inject markup: every one is escaped, in DOT, SVG and text."""
from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from simulator.render import build_stack, stack_dot, stack_text, to_svg
from simulator.render.escape import html, quoted
from simulator.render.overview import build_overview, overview_dot
from simulator.run.scenario import from_dict
from simulator.run.session import Session

NAMES = ["<script>alert(1)", '"q"', "{b}", "a|b", "new\nline", "back\\N\\G\\L", "x" * 250, "t&amp;",
         "]]>", "\x07bell", "<B>bold<"]
CONTENT = '</TD></TR><script>x</script>"\n'


@pytest.fixture(scope="module")
def evil():
    files = {"/evil/" + n: CONTENT for n in NAMES}
    spec = {"images": {"app": {"layers": [{"created_by": 'RUN echo "<b>{x}|" \\N', "files": files}]}},
            "host": {"/home/<i>/x.txt": "h\n"},
            "steps": ["docker run -d --name web -v /home/<i>:/mnt app",
                      "docker exec web sh -c 'echo hi >> \"/evil/{b}\"'"]}
    s = Session(from_dict(spec))
    records = s.run_all()
    assert [r.exit_code for r in records] == [0, 0]
    stack = build_stack(s.engine.containers["web"], s.engine, records[-1].events)
    return s, records[-1], stack


def test_html_escape_rules():
    assert html("<a href='x'>&\"") == "&lt;a href=&#39;x&#39;&gt;&amp;&quot;"
    assert html("\\N") == "\\\\N"                  # graphviz expands \N even in HTML labels
    assert html("a\nb") == "a\\\\nb"               # one line: the newline shown as \n
    assert len(html("y" * 500)) <= 40
    assert quoted('a"b\\') == '"a\\"b\\\\"'


def test_dot_statements_stay_intact(evil):
    _, record, stack = evil
    dot = stack_dot(stack, caption=record.command)
    assert "<script>" not in dot and "<i>" not in dot and "<b>{x}" not in dot
    for line in dot.splitlines()[1:-1]:
        # every statement is on one line and ends as a statement ends
        assert line.endswith((";", "}")) or line.startswith("  {rank"), line
        assert line.count("<TABLE") == line.count("</TABLE>")
    assert "\\N" not in dot.replace("\\\\N", "")     # no unescaped \N left for graphviz to expand


def test_text_twin_keeps_one_line_per_path(evil):
    _, record, stack = evil
    text = stack_text(stack, caption=record.command)
    table = [ln for ln in text.splitlines() if ln.startswith("| /evil/")]
    assert len(table) == len(NAMES)
    widths = {len(ln) for ln in text.splitlines() if ln.startswith("|")}
    assert len(widths) == 1                          # aligned
    assert any("a\\|b" in ln for ln in table)         # Markdown's separator escaped
    assert any("new\\nline" in ln for ln in table)
    assert any("\\x07bell" in ln for ln in table)


@pytest.mark.dot
def test_svg_is_well_formed_and_shows_the_names_as_text(evil):
    s, record, stack = evil
    svg = to_svg(stack_dot(stack, caption=record.command))
    root = ET.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    assert not list(root.iter(ns + "script"))
    texts = " ".join("".join(t.itertext()) for t in root.iter(ns + "text"))
    assert "<script>alert(1)" in texts      # shown as text, never as markup
    assert "back\\N\\G\\L" in texts and "{b}" in texts and "a|b" in texts and "new\\nline" in texts
    assert "<B>bold<" in texts
    svg2 = to_svg(overview_dot(build_overview(s.engine, record.events)))
    ET.fromstring(svg2)
    assert "/home/&lt;i&gt;" in svg2
