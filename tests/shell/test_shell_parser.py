"""The parser and word expansion on their own (no real BusyBox needed)."""
from __future__ import annotations

import pytest

from simulator.shell.parser import Lit, Param, Parser, ShellSyntaxError, Simple
from shell_helpers import container, host, sh

SYNTAX = [
    ("unterminated-double", 'echo "abc', "syntax error: unterminated quoted string"),
    ("unterminated-single", "echo 'abc", "syntax error: unterminated quoted string"),
    ("leading-semicolon", "; echo a", 'syntax error: unexpected ";"'),
    ("double-semicolon", "echo a ;;", 'syntax error: unexpected ";;"'),
    ("dangling-and", "echo a &&", "syntax error: unexpected end of file"),
    ("dangling-pipe", "echo a |", "syntax error: unexpected end of file"),
    ("close-paren", "echo a)", 'syntax error: unexpected ")"'),
    ("missing-redirect-target", "echo > ;", 'syntax error: unexpected ";"'),
    ("missing-brace", "echo ${a", "syntax error: missing '}'"),
    ("bad-substitution", "echo ${a b}", "syntax error: bad substitution"),
    ("stray-fi", "fi", 'syntax error: unexpected "fi"'),
    ("if-without-fi", "if true; then echo", 'syntax error: unexpected end of file (expecting "fi")'),
]


@pytest.mark.parametrize("text,message", [c[1:] for c in SYNTAX], ids=[c[0] for c in SYNTAX])
def test_syntax_errors(text, message):
    with pytest.raises(ShellSyntaxError) as info:
        p = Parser(text)
        while p.next_command() is not None:
            pass
    assert info.value.message == message
    # and through the shell: the message after "sh: ", status 2
    assert sh(host({}), text) == ("", f"sh: {message}\n", 2)


def test_lines_run_before_a_later_syntax_error():
    assert sh(host({}), 'echo a\necho "b') == ("a\n", "sh: syntax error: unterminated quoted string\n", 2)


def test_words_keep_quoting():
    cmd = Parser("X=1 echo 'a b'\"$X\"c 2>&1 >out").next_command().items[0].first.cmds[0]
    assert isinstance(cmd, Simple)
    assert cmd.assigns[0][0] == "X"
    assert cmd.words[1].parts == [Lit("a b", True), Param("X", quoted=True), Lit("c")]
    assert [(r.fd, r.op, r.target.raw) for r in cmd.redirs] == [(2, ">&", "1"), (1, ">", "out")]


# id, script, stdout
EXPANSIONS = [
    ("field-splitting", 'X="a  b"; for w in $X "$X"; do echo "[$w]"; done', "[a]\n[b]\n[a  b]\n"),
    ("empty-unquoted-vanishes", 'E=; for w in $E "$E" x; do echo "[$w]"; done', "[]\n[x]\n"),
    ("positional", 'set -- "a b" c; echo $#; for w in "$@"; do echo "[$w]"; done', "2\n[a b]\n[c]\n"),
    ("defaults", "echo ${U:-d} ${U-e} ${U:=f} $U ${U:+g} ${#U}", "d e f f g 1\n"),
    ("trim", 'P=/a/b/c.tar.gz; echo ${P##*/} ${P%%.*} ${P#*/} ${P%.*}', "c.tar.gz /a/b/c a/b/c.tar.gz /a/b/c.tar\n"),
    ("tilde", "HOME=/h; echo ~ ~/x a~", "/h /h/x a~\n"),
    ("arith", "n=4; echo $((n * 2 + 1)) $(( (1 << 3) | 1 )) $((7 / -2))", "9 9 -3\n"),
    ("cmdsub-strips-newlines", 'x=$(printf "a\\n\\n"); echo "[$x]"', "[a]\n"),
    ("glob-sorted", "echo /srv/*", "/srv/a /srv/b.txt /srv/c\n"),
    ("glob-hidden-explicit", "echo /srv/.*", "/srv/. /srv/.. /srv/.h\n"),
    ("glob-class", "echo /srv/[ab]* /srv/[!ab]*", "/srv/a /srv/b.txt /srv/c\n"),
    ("glob-unmatched-literal", "echo /srv/z* '/srv/*' /srv/\\*", "/srv/z* /srv/* /srv/*\n"),
    ("glob-deep", "echo /*/c/*", "/srv/c/d\n"),
]


@pytest.mark.parametrize("script,out", [c[1:] for c in EXPANSIONS], ids=[c[0] for c in EXPANSIONS])
def test_expansion_in_a_container(script, out):
    ns, _ = container({"/srv/a": "a", "/srv/b.txt": "b", "/srv/c/d": "d", "/srv/.h": "h"})
    assert sh(ns, script) == (out, "", 0)


def test_set_e_and_x():
    assert sh(host({}), "set -ex; echo a; false; echo b") == ("a\n", "+ echo a\n+ false\n", 1)
