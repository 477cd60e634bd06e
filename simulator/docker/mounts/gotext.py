"""Go's text conventions that Docker's messages are made of: %q quoting, path.Clean, encoding/csv."""
from __future__ import annotations



# ====================================================================== Go text helpers


def go_quote(text: str) -> str:
    """Go's %q (strconv.Quote): printable runes kept, the rest escaped; lone surrogates
    stand for invalid UTF-8 bytes and come out as \\xNN."""
    escapes = {"\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t",
               "\v": "\\v", '"': '\\"', "\\": "\\\\"}
    out = []
    for ch in text:
        code = ord(ch)
        if 0xD800 <= code <= 0xDFFF:
            out.append("".join(f"\\x{b:02x}" for b in ch.encode("utf-8", "surrogatepass")))
        elif ch in escapes:
            out.append(escapes[ch])
        elif ch.isprintable():
            out.append(ch)
        elif code < 0x20 or code == 0x7F:
            out.append(f"\\x{code:02x}")
        elif code < 0x10000:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    return '"' + "".join(out) + '"'


def go_clean(path: str) -> str:
    """Go's path.Clean: "" -> ".", "//a/./b/../" -> "/a"; ".." never climbs above "/"."""
    rooted = path.startswith("/")
    parts: list[str] = []
    for part in path.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if parts and parts[-1] != "..":
                parts.pop()
            elif not rooted:
                parts.append("..")
            continue
        parts.append(part)
    cleaned = "/".join(parts)
    return "/" + cleaned if rooted else (cleaned or ".")


class _CsvError(Exception):
    pass


class _CsvLines:
    """encoding/csv Reader.readLine over bytes: lines keep their "\\n", "\\r\\n" -> "\\n"."""

    def __init__(self, data: bytes):
        self.data, self.pos, self.num_line = data, 0, 0

    def read(self) -> tuple[bytes, bool]:
        end = self.data.find(b"\n", self.pos)
        line = self.data[self.pos:] if end < 0 else self.data[self.pos:end + 1]
        self.pos = len(self.data) if end < 0 else end + 1
        eof = end < 0 and not line
        if end < 0 and line.endswith(b"\r"):
            line = line[:-1]               # "drop trailing \r before EOF"
        self.num_line += 1
        if line.endswith(b"\r\n"):
            line = line[:-2] + b"\n"
        return line, eof


def _csv_error(start: int, line: int, col: int, bare: bool) -> _CsvError:
    what = 'bare " in non-quoted-field' if bare else 'extraneous or missing " in quoted-field'
    where = f"parse error on line {line}, column {col}"
    if start != line:
        where = f"record on line {start}; " + where
    return _CsvError(f"{where}: {what}")


def go_csv_record(text: str) -> list[str]:
    """The first record of Go's csv.Reader.Read (comma-separated, RFC 4180 quotes, blank
    lines skipped); raises _CsvError with Go's message ("EOF" for no record at all)."""
    lines = _CsvLines(text.encode("utf-8", "surrogatepass"))
    line, eof = lines.read()
    while not eof and line in (b"", b"\n"):      # blank lines are skipped
        line, eof = lines.read()
    if eof:
        raise _CsvError("EOF")
    state = {"line": line, "eof": False, "pos_line": lines.num_line, "col": 1,
             "start": lines.num_line, "fields": [], "lines": lines}
    while _csv_field(state):
        pass
    return [f.decode("utf-8", "surrogatepass") for f in state["fields"]]


def _csv_field(st: dict) -> bool:
    """Parse one field into st["fields"]; True when another field follows on the record."""
    line: bytes = st["line"]
    if not line or line[0:1] != b'"':
        i = line.find(b",")
        text = line[:i] if i >= 0 else line[:len(line) - (line[-1:] == b"\n")]
        j = text.find(b'"')
        if j >= 0:
            raise _csv_error(st["start"], st["lines"].num_line, st["col"] + j, bare=True)
        st["fields"].append(text)
        if i < 0:
            return False
        st["line"], st["col"] = line[i + 1:], st["col"] + i + 1
        return True
    return _csv_quoted_field(st, line[1:])


def _csv_quoted_field(st: dict, line: bytes) -> bool:
    st["col"] += 1
    buf = b""
    while True:
        i = line.find(b'"')
        if i >= 0:
            buf += line[:i]
            line, st["col"] = line[i + 1:], st["col"] + i + 1
            if line[:1] == b'"':
                buf, line, st["col"] = buf + b'"', line[1:], st["col"] + 1
            elif line[:1] == b",":
                st["fields"].append(buf)
                st["line"], st["col"] = line[1:], st["col"] + 1
                return True
            elif line in (b"", b"\n"):
                st["fields"].append(buf)
                return False
            else:
                raise _csv_error(st["start"], st["lines"].num_line, st["col"] - 1, bare=False)
        elif line:
            buf += line
            st["col"] += len(line)
            line, eof = st["lines"].read()
            if line:
                st["pos_line"], st["col"] = st["pos_line"] + 1, 1
        else:
            raise _csv_error(st["start"], st["pos_line"], st["col"], bare=False)
