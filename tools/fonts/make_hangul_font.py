#!/usr/bin/env python3
"""Make the Hangul font the Korean PNGs are drawn with: simulator/render/fontdata/NotoSansCJKkr-Hangul-VF.otf.

A subset of Noto Sans CJK KR, the variable font (one file for every weight: resvg falls back to it for
Hangul in regular and in bold text alike, which two static files cannot do), to the 2,350 Hangul
syllables of KS X 1001 (every syllable of the message catalog and the Korean notebooks is one of them;
a test checks), the compatibility jamo, Latin, general punctuation, arrows, check marks and full-width
forms; no hinting (resvg does not hint), no vertical metrics, no layout features. About 0.6 MB, against
32 MB for the whole CJK family.

Repeatable: the source is NotoSansCJK-VF.otf.ttc (Noto Sans CJK 2.004) from the PyPI wheel
manimgx-fonts-cjk==2026.9.26.post1 (both SHA-256 checked; `pip download` fetches it when it is not
installed), the subsetter fontTools 4.68.0 (the test extra), no timestamp is written, and `--check`
compares the result with the committed file byte for byte.

    python tools/fonts/make_hangul_font.py [--check]

Licence: the SIL Open Font License 1.1 (fontdata/OFL.txt); the family name Noto Sans CJK KR holds no
Reserved Font Name ('Source' is the one).
"""
from __future__ import annotations

import hashlib
import io
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "simulator" / "render" / "fontdata" / "NotoSansCJKkr-Hangul-VF.otf"
WHEEL = "manimgx-fonts-cjk==2026.9.26.post1"
WHEEL_SHA = "05d5584c73877f37427cf0ca8067f5bacea2b596c7be79e8aedd634bb9f2b666"
MEMBER = "manimgx_fonts_cjk/NotoSansCJK-VF.otf.ttc"
SOURCE_SHA = "d3d8256cdec8dbcb3552284bc6b20c734dd60c2ee9df83b5758e34807c4bac32"
KR_FACE = 1                       # in the collection: JP, KR, SC, TC, HK
FONTTOOLS = "4.68.0"
RANGES = [(0x20, 0x7E), (0xA0, 0x24F), (0x2000, 0x206F), (0x2190, 0x21FF), (0x2713, 0x2718),
          (0x3000, 0x303F), (0x3130, 0x318F), (0xFF01, 0xFF60)]


def ks_x_1001_syllables() -> list[int]:
    """The Hangul syllables of KS X 1001: those EUC-KR encodes in two bytes."""
    return [u for u in range(0xAC00, 0xD7A4) if len(chr(u).encode("euc_kr", "ignore")) == 2]


def codepoints() -> list[int]:
    return [u for a, b in RANGES for u in range(a, b + 1)] + ks_x_1001_syllables()


def source_font() -> bytes:
    """The variable collection: from the installed package if it is there, else from the wheel on PyPI."""
    try:
        from importlib import resources
        data = resources.files("manimgx_fonts_cjk").joinpath("NotoSansCJK-VF.otf.ttc").read_bytes()
    except (ModuleNotFoundError, FileNotFoundError):
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", tmp, WHEEL], check=True)
            wheel = next(Path(tmp).glob("*.whl"))
            if hashlib.sha256(wheel.read_bytes()).hexdigest() != WHEEL_SHA:
                sys.exit(f"{wheel.name} is not the wheel the font was made from (its SHA-256 differs)")
            data = zipfile.ZipFile(wheel).read(MEMBER)
    if hashlib.sha256(data).hexdigest() != SOURCE_SHA:
        sys.exit(f"{MEMBER} is not the font the committed subset was made from (its SHA-256 differs)")
    return data


def subset() -> bytes:
    from fontTools import subset as ftsubset
    from fontTools.ttLib import TTFont
    font = TTFont(io.BytesIO(source_font()), fontNumber=KR_FACE, recalcTimestamp=False)
    opts = ftsubset.Options()
    opts.hinting = False
    opts.layout_features = []
    opts.name_IDs = ["*"]
    opts.name_languages = ["*"]
    opts.notdef_outline = True
    opts.recalc_timestamp = False
    opts.drop_tables += ["VORG", "vhea", "vmtx", "VVAR", "BASE"]
    sub = ftsubset.Subsetter(opts)
    sub.populate(unicodes=codepoints())
    sub.subset(font)
    buf = io.BytesIO()
    font.save(buf)
    return buf.getvalue()


def main(argv: list[str]) -> int:
    import fontTools
    if fontTools.version != FONTTOOLS:
        sys.exit(f"fontTools {fontTools.version} is installed; the committed font was made with {FONTTOOLS}")
    data = subset()
    if "--check" in argv:
        same = OUT.is_file() and OUT.read_bytes() == data
        print(f"{OUT.relative_to(ROOT)}: {'the same bytes' if same else 'DIFFERS'}")
        return 0 if same else 1
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_bytes(data)
    print(f"wrote {OUT.relative_to(ROOT)} ({len(data):,} bytes, sha256 {hashlib.sha256(data).hexdigest()})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
