#!/usr/bin/env python3
"""Make the Hangul fonts the Korean PNGs are drawn with: simulator/render/fontdata/NotoSansKR-Hangul-*.otf.

A subset of Noto Sans CJK KR (Regular and Bold) to the 2,350 Hangul syllables of KS X 1001 (every
syllable of the message catalog and the Korean notebooks is one of them; a test checks), the
compatibility jamo, Latin, general punctuation, arrows, check marks and full-width forms; no
hinting (resvg does not hint), no vertical metrics. About 0.3 MB a weight, against 32 MB for the
whole CJK family in every weight.

Repeatable: the source is Debian's fonts-noto-cjk 1:20220127+repack1-1 (the files' SHA-256 are
checked), the subsetter fontTools 4.68.0 (`pip install fonttools==4.68.0`), no timestamp is
written, and `--check` compares the result with the committed files byte for byte.

    apt-get install fonts-noto-cjk          # ./test installs it on Debian
    python tools/fonts/make_hangul_font.py [--check]

Licence: the SIL Open Font License 1.1 (OFL.txt beside the fonts); Noto has no Reserved Font Name.
"""
from __future__ import annotations

import hashlib
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "simulator" / "render" / "fontdata"
SOURCE = Path("/usr/share/fonts/opentype/noto")
SOURCES = {"Regular": ("NotoSansCJK-Regular.ttc", "b76b0433203017ca80401b2ee0dd69350349871c4b19d504c34dbdd80541690a"),
           "Bold": ("NotoSansCJK-Bold.ttc", "faa5f3656a78b2e2d450d27fe8382c778bc2b6bb5ea29c986664a6a435056ceb")}
KR_FACE = 1                       # in the collection: JP, KR, SC, TC, HK, then the Mono faces
FONTTOOLS = "4.68.0"
RANGES = [(0x20, 0x7E), (0xA0, 0x24F), (0x2000, 0x206F), (0x2190, 0x21FF), (0x2713, 0x2718),
          (0x3000, 0x303F), (0x3130, 0x318F), (0xFF01, 0xFF60)]


def ks_x_1001_syllables() -> list[int]:
    """The Hangul syllables of KS X 1001: those EUC-KR encodes in two bytes."""
    return [u for u in range(0xAC00, 0xD7A4) if len(chr(u).encode("euc_kr", "ignore")) == 2]


def codepoints() -> list[int]:
    return [u for a, b in RANGES for u in range(a, b + 1)] + ks_x_1001_syllables()


def subset(weight: str) -> bytes:
    from fontTools import subset as ftsubset
    from fontTools.ttLib import TTFont
    name, sha = SOURCES[weight]
    path = SOURCE / name
    if not path.is_file():
        sys.exit(f"{path} is missing: apt-get install fonts-noto-cjk")
    if hashlib.sha256(path.read_bytes()).hexdigest() != sha:
        sys.exit(f"{path} is not the file of fonts-noto-cjk 1:20220127+repack1-1 (its SHA-256 differs)")
    font = TTFont(str(path), fontNumber=KR_FACE, recalcTimestamp=False)
    opts = ftsubset.Options()
    opts.hinting = False
    opts.layout_features = []
    opts.name_IDs = ["*"]
    opts.name_languages = ["*"]
    opts.notdef_outline = True
    opts.recalc_timestamp = False
    opts.drop_tables += ["VORG", "vhea", "vmtx"]
    sub = ftsubset.Subsetter(opts)
    sub.populate(unicodes=codepoints())
    sub.subset(font)
    buf = io.BytesIO()
    font.save(buf)
    return buf.getvalue()


def main(argv: list[str]) -> int:
    import fontTools
    if fontTools.version != FONTTOOLS:
        sys.exit(f"fontTools {fontTools.version} is installed; the committed fonts were made with {FONTTOOLS}")
    check = "--check" in argv
    OUT.mkdir(parents=True, exist_ok=True)
    status = 0
    for weight in SOURCES:
        data = subset(weight)
        target = OUT / f"NotoSansKR-Hangul-{weight}.otf"
        if check:
            same = target.is_file() and target.read_bytes() == data
            print(f"{target.relative_to(ROOT)}: {'the same bytes' if same else 'DIFFERS'}")
            status |= not same
        else:
            target.write_bytes(data)
            print(f"wrote {target.relative_to(ROOT)} ({len(data):,} bytes, sha256 {hashlib.sha256(data).hexdigest()})")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
