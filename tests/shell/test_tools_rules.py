"""Rules of the text tools that a comparison with real BusyBox cannot show: how POSIX
patterns become Python's, the refusal of patterns Python could hang on, `sed -i` making a
new inode in a container's writable layer, and sed loops stopped by the work budget."""
from __future__ import annotations

import itertools

import pytest

from shell_helpers import container, sh
from simulator.shell.regex import Regex, RegexError, TooComplex


@pytest.mark.parametrize("pattern, extended, text, found", [
    ("a\\(b*\\)c", False, "xabbc", "abbc"),        # BRE groups
    ("a(b", False, "a(b", "a(b"),                  # "(" is literal in a BRE
    ("a|ab", True, "abcd", "ab"),                  # POSIX takes the longest alternative
    ("a\\|ab", False, "abcd", "ab"),               # GNU's \| in a BRE, longest too
    ("^a.c$", False, "abc", "abc"),
    ("a^b", False, "a^b", "a^b"),                  # "^" not first: literal in a BRE
    ("a$b", False, "a$b", "a$b"),                  # "$" not last: literal in a BRE
    ("*a", False, "*a", "*a"),                     # a leading "*" is literal in a BRE
    ("*a", True, "*a", "a"),                       # ... and ignored in an ERE (glibc)
    ("a{1", True, "a{1", "a{1"),                   # not an interval in an ERE: literal
    ("a\\{2\\}", False, "caab", "aa"),
    ("[]a]", False, "x]", "]"),                    # "]" first in a bracket is literal
    ("[a\\]", False, "x\\", "\\"),                 # a backslash in a bracket is literal
    ("[[:digit:]]\\+", False, "ab123", "123"),
    ("\\<the\\>", False, "in the end", "the"),
    ("a**", False, "aaa", "aaa"),                  # stacked repetitions are one
    ("a+?", True, "aaa", "aaa"),                   # POSIX: (a+)? , not a lazy a+
    ("(a|b)*c", True, "ababc", "ababc"),           # one-character branches: a bracket
    (".", False, "\n", "\n"),                      # "." matches a newline (no REG_NEWLINE)
])
def test_posix_pattern_as_python(pattern, extended, text, found):
    m = Regex(pattern, extended).search(text)
    assert m is not None and m.group(0) == found


@pytest.mark.parametrize("pattern, extended, reason", [
    ("x\\(", False, "Unmatched ( or \\("),
    ("x(", True, "Unmatched ( or \\("),
    ("[a", False, "Unmatched [, [^, [:, [., or [="),
    ("[[:foo:]]", False, "Invalid character class name"),
    ("[z-a]", False, "Invalid range end"),
    ("\\", False, "Trailing backslash"),
    ("\\1", False, "Invalid back reference"),
    ("a\\{1", False, "Unmatched \\{"),
    ("a\\{2,1\\}", False, "Invalid content of \\{\\}"),
])
def test_malformed_patterns_get_glibc_words(pattern, extended, reason):
    with pytest.raises(RegexError) as e:
        Regex(pattern, extended)
    assert e.value.reason == reason


@pytest.mark.parametrize("pattern, extended, text, found", [
    ("(a*)*b", True, "a" * 5000, None),                 # exponential for a backtracking matcher
    ("(a|aa)+c", True, "a" * 3000, None),
    (".*a.*a.*a.*b", False, "a" * 3000, None),           # minutes for Python's re at 300 characters
    ("(x+x+)+y", True, "x" * 2000 + "y", "x" * 2000 + "y"),
    ("\\(.*\\)*z", False, "q" * 4000 + "z", "q" * 4000 + "z"),
])
def test_patterns_that_would_backtrack_run_on_the_linear_machine(pattern, extended, text, found):
    from simulator.shell.budget import Budget
    rx = Regex(pattern, extended)
    budget = Budget()
    rx.charge = budget.charge
    m = rx.search(text)
    assert (m.group(0) if m else None) == found
    assert 0 < budget.used < budget.limit           # its steps were counted, and stayed bounded


def test_a_pattern_that_needs_backtracking_and_could_blow_up_is_refused():
    with pytest.raises(TooComplex):
        Regex("\\(a*\\)*\\1b", False)
    Regex("\\(ab\\)\\1", False)                    # a plain back-reference is fine


@pytest.mark.parametrize("pattern", ["(a|b)*", "(ab|cd)*", "\\(ab*\\)c", "[a-z]*x*"])
def test_safe_repetitions_are_kept(pattern):
    Regex(pattern, extended=not pattern.startswith("\\"))


def test_grep_says_why_it_refuses_a_pattern():
    ns, _ = container({"/f": "aaaa\n"})
    out, err, rc = sh(ns, "grep '\\(a*\\)*\\1b' /f")
    assert (out, rc) == ("", 2)
    assert err.startswith("grep: the pattern '\\(a*\\)*\\1b' repeats a part that itself repeats")


def test_sed_i_writes_a_new_inode_in_the_writable_layer():
    events = []
    ns, ov = container({"/etc/app.conf": {"text": "port=80\n", "mode": 0o640}}, sink=events)
    ns.clock = itertools.count(1).__next__          # the engine's clock: a tick per change
    old = ns.stat("/etc/app.conf").entry
    out, err, rc = sh(ns, "sed -i 's/80/8080/' /etc/app.conf")
    assert (out, err, rc) == ("", "", 0)
    new = ov.upper.get("/etc/app.conf")
    assert new.blob.to_bytes() == b"port=8080\n" and new.mode == 0o640
    assert new.ino != old.ino                               # not the image's file, copied up: a new one
    kinds = [(e["type"], e["path"]) for e in events if e["type"] in ("copy-up", "create", "rename")]
    assert kinds[0] == ("copy-up", "/etc")                  # only the directory is copied up
    assert kinds[1][0] == "create" and kinds[1][1].startswith("/etc/app.conf")
    assert kinds[-1] == ("rename", kinds[1][1])
    assert [n for n in ns.listdir("/etc") if n.startswith("app.conf")] == ["app.conf"]


def test_sed_i_with_a_suffix_keeps_the_old_file():
    ns, ov = container({"/f": "a\n"})
    assert sh(ns, "sed -i.bak s/a/b/ /f; cat /f /f.bak") == ("b\na\n", "", 0)


def test_sed_i_on_a_read_only_file_system_fails_before_anything_changes():
    ns, ov = container({"/f": "a\n"})
    ns.mounts["/"].read_only = True
    out, err, rc = sh(ns, "sed -i s/a/b/ /f")
    assert rc == 1 and err == "sed: can't create temp file '/fXXXXXX': Read-only file system\n"
    assert len(ov.upper) == 1


def test_a_sed_loop_without_end_is_stopped_by_the_work_budget():
    ns, _ = container({"/f": "x\n"})
    out, err, rc = sh(ns, "sed ':a;ba' /f")
    assert rc == 137 and "stopped this command" in err


def test_hostname_is_the_containers_and_cannot_be_set():
    ns, _ = container({})
    from simulator.shell import Process, run_script
    p = Process(ns, env={"HOSTNAME": "5ddbccde1c70", "PATH": "/bin"})
    rc = run_script("hostname; hostname -s; hostname web; echo $?; hostname -f", p)
    assert p.stdout == "5ddbccde1c70\n5ddbccde1c70\n1\n" and rc == 1
    assert p.stderr == ("hostname: sethostname: Operation not permitted\n"
                        "hostname: 5ddbccde1c70: Host name lookup failure\n")


def test_date_shows_the_simulated_clock_and_cannot_be_set():
    ns, _ = container({})
    out, err, rc = sh(ns, "date; date -u +%s; date -s '2020-01-01 00:00'; echo $?")
    assert out == "Mon Jan  1 00:00:00 UTC 2024\n1704067200\nWed Jan  1 00:00:00 UTC 2020\n0\n"
    assert err == "date: can't set date: Operation not permitted\n"


def test_printenv_prints_the_environment_or_the_named_values():
    ns, _ = container({})
    from simulator.shell import Process, run_script
    p = Process(ns, env={"A": "1", "PATH": "/bin"})
    assert run_script("printenv A; printenv NOPE; echo $?; printenv", p) == 0
    assert p.stdout.startswith("1\n1\n") and "A=1\n" in p.stdout


def test_find_has_no_delete_in_debians_busybox():
    ns, _ = container({"/d/f": "x\n"})
    out, err, rc = sh(ns, "find /d -name f -delete")
    assert rc == 1 and err.startswith("find: unrecognized: -delete\nBusyBox v1.35.0")
    assert ns.exists("/d/f")


def test_tail_f_prints_then_keeps_the_container_up():
    from simulator.run.scenario import from_dict
    from simulator.run.session import Session
    s = Session(from_dict({"seed": 1, "images": {"app": {"layers": [{"files": {"/var/log/app.log": "a\nb\n"}}]}}}))
    runs = [s.run(c) for c in ("docker run -d --name tl app tail -f /var/log/app.log",
                               "docker ps -a --format '{{.Names}} {{.Status}}'", "docker logs tl",
                               "docker run -d --name null app tail -f /dev/null",
                               "docker ps -a --format '{{.Names}} {{.Status}}'", "docker stop tl",
                               "docker ps -a --format '{{.Names}} {{.Status}}'")]
    assert runs[1].stdout == "tl Up Less than a second\n" and runs[2].stdout == "a\nb\n"
    assert "null Up Less than a second\n" in runs[4].stdout
    assert "tl Exited (137) Less than a second ago\n" in runs[6].stdout     # tail ignores SIGTERM as PID 1


def test_date_follows_the_virtual_clock():
    from simulator.run.scenario import from_dict
    from simulator.run.session import Session
    s = Session(from_dict({"seed": 1, "images": {"app": {"layers": [{"files": {"/a": "x"}}]}}}))
    runs = [s.run(c) for c in ("date", "sleep 90", "date", "docker run --rm app sh -c 'date; sleep 5; date'",
                               "docker run -d --name dd app sh -c 'sleep 60; date > /t; sleep 1000'", "sleep 100",
                               "docker exec dd cat /t")]
    assert runs[0].stdout == "Mon Jan  1 00:00:00 UTC 2024\n"
    assert runs[2].stdout == "Mon Jan  1 00:01:30 UTC 2024\n"
    assert runs[3].stdout == "Mon Jan  1 00:01:30 UTC 2024\nMon Jan  1 00:01:35 UTC 2024\n"
    assert runs[6].stdout == "Mon Jan  1 00:02:35 UTC 2024\n"


def test_a_date_out_of_range_is_an_invalid_date():
    ns, _ = container({})
    assert sh(ns, "date -d '@99999999999999999999'") == ("", "date: invalid date '@99999999999999999999'\n", 1)
