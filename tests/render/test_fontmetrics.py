"""Widths read from the packaged fonts: the room the layout leaves a Hangul syllable is at least its
advance in the font the lab draws it with, the lab's sans font has Helvetica's widths (those Graphviz
lays out with), and the layout-only padding is taken off the drawn text."""
from __future__ import annotations

from importlib import resources

import pytest

from simulator.render.fontmetrics import FontError, Metrics, metrics
from simulator.render.fonts import FONT_FILES, HANGUL_EM, SPACE
from simulator.ui.fontcss import font_css, unpad


def font_path(index: int) -> str:
    _, module, name = FONT_FILES[index]
    try:
        path = resources.files(module).joinpath(name)
    except ModuleNotFoundError:
        pytest.skip(f"{FONT_FILES[index][0]} is not installed")
    if not path.is_file():
        pytest.skip(f"{name} is not installed")
    return str(path)


def test_hangul_gets_at_least_the_room_its_font_draws_it_in():
    hangul = metrics(font_path(2))
    widest = hangul.widest(0xAC00, 0xD7A3)
    assert 0.8 < widest <= HANGUL_EM
    assert hangul.advance("쓰") == hangul.advance("가") == widest
    assert hangul.advance("\U0001F600") is None


def test_the_labs_sans_font_has_helveticas_widths():
    sans = metrics(font_path(0))
    assert sans.advance(" ") == pytest.approx(SPACE["Helvetica"], abs=0.001)
    for ch, helvetica in (("A", 0.667), ("m", 0.833), ("i", 0.222), ("W", 0.944), ("0", 0.556)):
        assert sans.advance(ch) == pytest.approx(helvetica, abs=0.001), ch
    mono = metrics(font_path(1))
    for ch in "iW0 .":
        assert mono.advance(ch) == pytest.approx(SPACE["Courier"], abs=0.001), ch


def test_a_file_that_is_not_a_font_is_refused():
    with pytest.raises(FontError, match="not an sfnt"):
        Metrics(b"GIF89a" + bytes(100))


def test_padding_is_taken_off_drawn_text_only_around_wide_characters():
    svg = ('<text text-anchor="start" x="1">쓰기 가능 레이어 &#160;&#160;</text>'
           '<text text-anchor="middle" x="1">&#160;방금&#160;</text>'
           '<text text-anchor="end" x="1"> &#160;가</text>'
           '<text text-anchor="start" x="1">plain &#160;</text>')
    assert unpad(svg) == ('<text text-anchor="start" x="1">쓰기 가능 레이어</text>'
                          '<text text-anchor="middle" x="1">방금</text>'
                          '<text text-anchor="end" x="1">가</text>'
                          '<text text-anchor="start" x="1">plain &#160;</text>')


def test_the_page_carries_the_fonts_as_data_only():
    font_path(0)
    css = font_css(False)
    assert '"Layer Lab Sans"' in css and "data:font/ttf;base64," in css and "http" not in css
    assert '"Layer Lab Hangul"' not in css.split("</style>")[0].split(".layer-lab")[0]
    font_path(2)
    assert "data:font/otf;base64," in font_css(True)
