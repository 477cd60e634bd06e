"""A `docker ...` step's command line split into words in one pass (shlex's POSIX rules).

`shlex.shlex(posix=True, whitespace_split=True)` adds each character to its token with
`token += c`, which copies the token every time: a 1 MB step took 12 s. This splitter
gives the same words (the recorder splits with shlex; tests/test_cmdline.py compares the
two) in time proportional to the line: runs of ordinary characters are taken whole.

Rules (shlex, POSIX mode): blanks are space, tab, CR, LF; '...' keeps everything;
"..." keeps everything but a backslash before `"` or `\\`; outside quotes a backslash
takes the next character as it is; `#` where a word starts or inside an unquoted word
ends the word and skips the rest of the line. ValueError("No closing quotation") and
ValueError("No escaped character") as shlex raises them. With `escape=False` (Windows
paths) a backslash is an ordinary character everywhere.
"""
from __future__ import annotations

import re

_BLANKS = re.compile(r"[ \t\r\n]+")
_PLAIN = re.compile(r"[^ \t\r\n'\"\\#]+")
_PLAIN_NO_ESCAPE = re.compile(r"[^ \t\r\n'\"#]+")
_IN_DOUBLE = re.compile(r'[^"\\]+')
_IN_DOUBLE_NO_ESCAPE = re.compile(r'[^"]+')


def split(line: str, escape: bool = True) -> list[str]:
    words: list[str] = []
    cur: list[str] | None = None          # the word being read (None: between words)
    plain = _PLAIN if escape else _PLAIN_NO_ESCAPE
    inside = _IN_DOUBLE if escape else _IN_DOUBLE_NO_ESCAPE
    i, n = 0, len(line)
    while i < n:
        c = line[i]
        if c in " \t\r\n":
            if cur is not None:
                words.append("".join(cur))
                cur = None
            i = _BLANKS.match(line, i).end()
        elif c == "#":
            if cur is not None:
                words.append("".join(cur))
                cur = None
            end = line.find("\n", i)
            i = n if end < 0 else end + 1
        elif c == "'":
            end = line.find("'", i + 1)
            if end < 0:
                raise ValueError("No closing quotation")
            cur = [] if cur is None else cur
            cur.append(line[i + 1:end])
            i = end + 1
        elif c == '"':
            cur = [] if cur is None else cur
            i += 1
            while True:
                m = inside.match(line, i)
                if m:
                    cur.append(m.group())
                    i = m.end()
                if i >= n:
                    raise ValueError("No closing quotation")
                if line[i] == '"':
                    i += 1
                    break
                # a backslash (escape on): it escapes only `"` and itself
                if i + 1 >= n:
                    raise ValueError("No escaped character")
                nxt = line[i + 1]
                cur.append(nxt if nxt in '"\\' else "\\" + nxt)
                i += 2
        elif c == "\\" and escape:
            if i + 1 >= n:
                raise ValueError("No escaped character")
            cur = [] if cur is None else cur
            cur.append(line[i + 1])
            i += 2
        else:
            m = plain.match(line, i)
            cur = [] if cur is None else cur
            cur.append(m.group())
            i = m.end()
    if cur is not None:
        words.append("".join(cur))
    return words
