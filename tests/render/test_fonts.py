"""Korean in pictures: room for wide characters in the layout, and a PNG that draws Hangul (not boxes)."""
from __future__ import annotations

import pytest

from simulator.messages import Catalog
from simulator.render import backend, build_stack, fonts, overview_dot, build_overview, stack_dot

from render_support import course_files, session_at


def test_ascii_and_latin_sources_are_left_as_they_are():
    dot = 'digraph g { a [label=<<B>café</B> -&gt; x>]; a -> b [label="naïve"]; }'
    assert not fonts.has_wide(dot) and fonts.widen(dot) == dot


@pytest.mark.parametrize("text,face,spaces", [
    ("쓰기", "Helvetica", 1),            # 2 x (0.95 - 3 x 0.278) em = 0.23 em: one space of 0.278
    ("쓰기 가능 레이어", "Helvetica", 3),
    ("쓰기", "Courier", 0),              # Courier's estimate (3 x 0.6 em) is already wider
    ("漢字", "Times", 2),
    ("abc", "Helvetica", 0),
    ("출처: bind:/home/user/secrets", "Helvetica", 6),     # the path after 출처 is drawn in Noto's wider Latin
], ids=["two-syllables", "a-label", "courier", "han-in-times", "ascii", "latin-after-hangul"])
def test_padding_covers_the_real_glyphs(text, face, spaces):
    assert fonts.padding(text, face) == spaces


def test_html_label_text_gets_spaces_after_each_run_that_needs_them():
    dot = ('digraph g { a -> b; n [label=<<TABLE><TR><TD>쓰기 가능 레이어<BR/><FONT POINT-SIZE="9">web</FONT>'
           '<FONT FACE="Courier">한글</FONT></TD></TR></TABLE>>]; }')
    out = fonts.widen(dot)
    assert "쓰기 가능 레이어   <BR/>" in out                       # three spaces, before the tag
    assert '<FONT FACE="Courier">한글</FONT>' in out               # monospace: no room needed
    assert ">web<" in out and out.startswith("digraph g { a -> b;")


def test_quoted_label_lines_are_padded_on_the_side_they_are_drawn_from():
    out = fonts.widen('digraph g { n [label="가나\\l다라마바\\n사"]; }')
    assert '"가나 \\l' in out                 # left-justified: after
    assert '\\l 다라마바 \\n' in out          # centred: both sides
    assert '\\n사 "' in out


def test_fonts_come_from_packages_and_a_missing_one_is_named(monkeypatch):
    assert all(path.endswith((".ttf", ".otf")) for path in fonts.font_files())
    real = fonts.resources.files

    def files(module):
        if module == "fontpkg_arimo":
            raise ModuleNotFoundError(module)
        return real(module)
    monkeypatch.setattr(fonts.resources, "files", files)
    with pytest.raises(backend.RenderError, match=r"fontpkg-arimo: `pip install 'layer-lab\[korean\]'`"):
        fonts.font_files()


def test_the_hangul_font_has_every_syllable_of_the_catalog_and_the_korean_notebooks():
    from pathlib import Path
    ttfont = pytest.importorskip("fontTools.ttLib", reason="fontTools reads the font's character map")
    root = Path(__file__).resolve().parents[2]
    texts = [(root / "simulator/messages/ko.yaml").read_text("utf-8")]
    texts += [p.read_text("utf-8") for p in sorted((root / "notebooks/ko").glob("*.ipynb"))]
    used = {ch for text in texts for ch in text if fonts.is_wide(ch) or "\uac00" <= ch <= "\ud7a3"}
    for path in fonts.font_files()[2:]:          # the Hangul subset
        cmap = ttfont.TTFont(path)["cmap"].getBestCmap()
        missing = sorted(ch for ch in used if ord(ch) not in cmap)
        assert not missing, f"{Path(path).name} lacks {''.join(missing)}: add them in tools/fonts/make_hangul_font.py"


def test_svg_families_become_the_packaged_fonts():
    svg = '<text font-family="Helvetica,sans-Serif">a</text><text font-family="Courier,monospace">b</text>'
    assert fonts.with_our_fonts(svg) == ('<text font-family="Arimo, Noto Sans CJK KR">a</text>'
                                         '<text font-family="Roboto Mono, Noto Sans CJK KR">b</text>')


KOREAN = ('digraph g { node [shape=plaintext fontname="Helvetica"]; '
          'n [label=<<TABLE><TR><TD><B>{bold}</B><BR/>{text}</TD></TR></TABLE>>]; }')


@pytest.mark.dot
def test_hangul_is_drawn_not_boxes():
    """Boxes (.notdef) look alike whatever the syllable: different syllables must give different pictures."""
    one = backend.to_png(KOREAN.replace("{bold}", "쓰기 가능 레이어").replace("{text}", "화이트아웃"))
    two = backend.to_png(KOREAN.replace("{bold}", "이미지 레이어다").replace("{text}", "불투명디렉"))
    assert one.startswith(b"\x89PNG") and one != two
    assert one == backend.to_png(KOREAN.replace("{bold}", "쓰기 가능 레이어").replace("{text}", "화이트아웃"))


@pytest.mark.dot
def test_english_pictures_are_still_drawn_by_graphviz_pure(monkeypatch):
    s, record = session_at("02-whiteout.yaml", 2)
    dot = stack_dot(build_stack(s.engine.containers["web"], s.engine, record.events), Catalog("en"))
    before = backend.to_png(dot)

    def refuse(*args, **kwargs):
        raise AssertionError("an English picture went through resvg")
    monkeypatch.setattr(fonts, "png", refuse)
    assert backend.to_png(dot) == before


@pytest.mark.dot
@pytest.mark.parametrize("path", course_files(), ids=lambda p: p.stem)
def test_every_course_scenario_draws_in_korean(path):
    """The last step of each course story, as its stack (or the overview) in Korean: SVG and PNG."""
    from simulator.run.scenario import load_file
    from simulator.run.session import Session
    from simulator.render import step_views
    from simulator.render import sources
    session = Session(load_file(str(path)))
    records = session.run_all()
    events = list(records[-1].events) if records else []
    cat = Catalog("ko")
    for view in step_views(session.engine, events)[:2]:
        _, dot, _ = sources(session.engine, view, events, records[-1].command if records else "", cat)
        svg = backend.to_svg(dot)
        assert "보이는 것" in svg or "도커 엔진" in svg
        assert backend.to_png(dot).startswith(b"\x89PNG")


@pytest.mark.dot
def test_the_overview_in_korean_is_an_svg_with_hangul():
    s, record = session_at("12-volume-in-use.yaml", 9)
    svg = backend.to_svg(overview_dot(build_overview(s.engine, record.events), Catalog("ko")))
    assert "도커 엔진" in svg and "볼륨" in svg


@pytest.mark.slow
def test_the_hangul_font_is_made_again_byte_for_byte():
    """tools/fonts/make_hangul_font.py --check: the committed subset is what the pinned source and fontTools make."""
    import subprocess
    import sys
    from pathlib import Path
    pytest.importorskip("fontTools", reason="fontTools (the test extra) makes the subset")
    root = Path(__file__).resolve().parents[2]
    r = subprocess.run([sys.executable, "tools/fonts/make_hangul_font.py", "--check"], cwd=root,
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0 and "the same bytes" in r.stdout, r.stdout + r.stderr
