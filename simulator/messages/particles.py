"""Korean particles chosen by the sound of the word before them: 을/를, 이/가, 은/는, 와/과, 으로/로.

A Korean particle depends on whether the word before it ends in a consonant (a final consonant,
받침) or a vowel, and 으로/로 also on whether that consonant is ㄹ (ㄹ takes 로, as a vowel does):
파일을, 이미지를, 레이어로, 파일로, 볼륨으로. A message template cannot know the word it will get,
so it writes the particle as a format spec, `{path:을}`, and `attach` picks the form when the word
is known (the catalog's formatter calls it). Either form may be written: `{name:를}` is the same.

How the end of a word sounds:
- a Hangul syllable: its final consonant (U+AC00 + 28 x 21 x initial + 28 x medial + final);
- a digit: as Korean reads the number: 0 영, 1 일, 3 삼, 6 육, 7 칠, 8 팔 end in a consonant (1, 7, 8
  in ㄹ), 2 이, 4 사, 5 오, 9 구 in a vowel; trailing zeros read 십, 백, 천, 만, 억 (10 십, 100 백...);
- Latin letters: an upper-case abbreviation (EXDEV, HTML, TCP) letter by letter, by the last letter's
  Korean name (L 엘 and R 알 end in ㄹ, M 엠 and N 엔 in a consonant, the rest in a vowel); a size
  unit (B, KiB, MB) as 바이트; a word as Korean writes a loanword: -l/-le in ㄹ (html, file 파일),
  -m/-me, -n/-ne, -ng in a consonant (volume 볼륨, line 라인), -b, -p, -k after a vowel and -ck too
  (web 웹, app 앱, stack 스택), -t after one short vowel (commit 커밋, snapshot 스냅숏), anything else
  in a vowel (data 데이터, site 사이트, test 테스트, root 루트, help 헬프, nginx 엔진엑스, server 서버);
- punctuation and a closing parenthetical are skipped: "복사(copy-up)" sounds like 복사, and
  "/etc/app.conf" like conf, "app.conf/" too.
A word with nothing to read (only punctuation) keeps both forms, "을(를)".
"""
from __future__ import annotations

import re

# each particle: (after a final consonant, after a vowel); 으로/로 is special for ㄹ
PAIRS = {"을": ("을", "를"), "를": ("을", "를"), "이": ("이", "가"), "가": ("이", "가"),
         "은": ("은", "는"), "는": ("은", "는"), "과": ("과", "와"), "와": ("과", "와"),
         "으로": ("으로", "로"), "로": ("으로", "로"), "이나": ("이나", "나"), "나": ("이나", "나"),
         "이다": ("이다", "다"), "이에요": ("이에요", "예요")}
VOWEL, CONSONANT, RIEUL = "vowel", "consonant", "rieul"      # how a word ends

_DIGIT = {"0": CONSONANT, "1": RIEUL, "2": VOWEL, "3": CONSONANT, "4": VOWEL, "5": VOWEL, "6": CONSONANT,
          "7": RIEUL, "8": RIEUL, "9": VOWEL}
# trailing zeros, as Korean reads the number: 10 십, 100 백, 1000 천, 10000 만, 10^8 억, 10^12 조
_ZEROS = {1: CONSONANT, 2: CONSONANT, 3: CONSONANT, 0: CONSONANT}      # 십 백 천 만/억 all end in a consonant
_LETTER = {"l": RIEUL, "r": RIEUL, "m": CONSONANT, "n": CONSONANT}     # L 엘, R 알, M 엠, N 엔
_UNITS = {"b", "kb", "kib", "mb", "mib", "gb", "gib", "tb", "tib"}     # 바이트, 킬로바이트...
_PARENTHETICAL = re.compile(r"\s*[(\[（][^()\[\]（）]*[)\]）]\s*$")
_SKIP = " \t\n'\"`.,;:!?/\\-_*#~|<>{}[]()（）「」『』…"


def _hangul(ch: str) -> str | None:
    code = ord(ch) - 0xAC00
    if not 0 <= code < 11172:
        return None
    final = code % 28
    return VOWEL if final == 0 else RIEUL if final == 8 else CONSONANT


def _number(digits: str) -> str:
    stripped = digits.rstrip("0")
    zeros = len(digits) - len(stripped)
    if not stripped:                         # 0, 00: 영
        return CONSONANT
    if zeros == 0:
        return _DIGIT[stripped[-1]]
    if zeros >= 12 and zeros % 4 == 0:       # 조 (10^12), 경 is rare enough
        return VOWEL
    return _ZEROS[zeros % 4]


def _latin_word(word: str) -> str:
    w = word.lower()
    if w in _UNITS:
        return VOWEL
    if word.isupper() and len(word) <= 5 or len(word) == 1:
        return _LETTER.get(w[-1], VOWEL)                # an abbreviation, letter by letter
    silent_e = len(w) > 2 and w.endswith("e") and w[-2] not in "aeiouy"
    if silent_e:
        w = w[:-1]                                      # file 파일, volume 볼륨, line 라인, site 사이트
    last = w[-1]
    if last == "l":
        return RIEUL
    if last in "mn" or w.endswith("ng"):
        return CONSONANT
    if silent_e or len(w) < 2:
        return VOWEL
    if w.endswith("ck"):
        return CONSONANT                                # stack 스택
    before = w[-3] if len(w) > 2 and w[-2] == last else w[-2]    # app: the vowel before "pp"
    if last in "bkp" and before in "aeiou":
        return CONSONANT                                # web 웹, app 앱, book 북 (help 헬프, disk 디스크)
    if last == "t" and before in "aeiou" and (len(w) < 3 or w[-3] not in "aeiou"):
        return CONSONANT                                # commit 커밋, snapshot 스냅숏 (root 루트, test 테스트)
    return VOWEL


def sound(word: str) -> str | None:
    """VOWEL, CONSONANT or RIEUL: how `word` ends when read aloud in Korean; None when nothing in it
    can be read (only punctuation)."""
    text = str(word)
    while True:                                   # "복사(copy-up)": the word before the parenthetical
        shorter = _PARENTHETICAL.sub("", text)
        if shorter == text or not shorter.strip():
            break
        text = shorter
    text = text.rstrip(_SKIP)
    if not text:
        return None
    last = text[-1]
    hangul = _hangul(last)
    if hangul:
        return hangul
    if last.isdigit():
        m = re.search(r"[0-9]+$", text)
        return _number(m.group(0))
    if last.isascii() and last.isalpha():
        m = re.search(r"[A-Za-z]+$", text)
        return _latin_word(m.group(0))
    return None


def particle(word: str, which: str) -> str:
    """The form of particle `which` (either form: "을" or "를", "으로" or "로", ...) that follows `word`."""
    if which not in PAIRS:
        raise ValueError(f"no Korean particle {which!r} (known: {', '.join(sorted(PAIRS))})")
    after_consonant, after_vowel = PAIRS[which]
    s = sound(word)
    if s is None:
        return f"{after_consonant}({after_vowel})"
    if s == VOWEL or (s == RIEUL and after_consonant == "으로"):
        return after_vowel
    return after_consonant


def attach(word, which: str) -> str:
    """`word` followed by the right form of particle `which`: attach("파일", "을") == "파일을"."""
    return f"{word}{particle(str(word), which)}"


def is_particle(spec: str) -> bool:
    return spec in PAIRS
