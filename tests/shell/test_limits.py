"""The simulated machine's limits (docs/scenarios.md section 6): a work budget per command,
BusyBox's 64-bit arithmetic, a string cap, a nesting limit, patterns without blow-up."""
from __future__ import annotations

import pytest

from simulator.shell import Process, run_script
from simulator.shell.budget import MAX_NESTING, MAX_STRING, NESTED_STATUS, STOPPED_STATUS, WORK_UNITS, Budget
from simulator.shell.interp import Shell
from simulator.shell.pattern import Pattern, has_magic, trim

from shell_helpers import host, sh, visible

STOPPED = f"sh: the simulator stopped this command after {WORK_UNITS:,} steps of work\n"
NESTED = f"sh: the simulator stopped this command: commands nested more than {MAX_NESTING} deep\n"


# ---- arithmetic: what BusyBox 1.35's ash prints (checked with busybox sh -c) ----------------
@pytest.mark.parametrize("expr, out", [
    ("4611686018427387904*4", "0"),
    ("9223372036854775807+1", "-9223372036854775808"),
    ("-9223372036854775807-1", "-9223372036854775808"),
    ("(-9223372036854775807-1)/-1", "-9223372036854775808"),
    ("(-9223372036854775807-1)%-1", "0"),
    ("1<<63", "-9223372036854775808"),
    ("1<<64", "1"),
    ("1<<65", "2"),
    ("1<<-1", "-9223372036854775808"),
    ("1<<20000000000", "1"),
    ("-1>>70", "-1"),
    ("99999999999999999999", "0"),
    ("18446744073709551615", "-1"),
    ("18446744073709551616", "0"),
    ("9223372036854775808", "-9223372036854775808"),
    ("0x10000000000000000", "0"),
    ("2**3", "8"),
    ("2**64", "0"),
    ("3**40", "-6289078614652622815"),
    ("-7/2", "-3"),
    ("-7%2", "-1"),
], ids=lambda v: v if not v.lstrip("-").isdigit() else None)
def test_arithmetic_is_64_bit_and_wraps_as_busybox_prints_it(expr, out):
    assert sh(host({}), f"echo $(({expr}))") == (out + "\n", "", 0)


@pytest.mark.parametrize("script, err", [
    ("echo $((5/0)); echo after", "sh: divide by zero\n"),
    ("echo $((5%0))", "sh: divide by zero\n"),
    ("x=x; echo $((x))", "sh: expression recursion loop detected\n"),
    ("x=y; y=x; echo $((x+1))", "sh: expression recursion loop detected\n"),
    ("echo $((2**-1))", "sh: exponent less than 0\n"),
    ("echo $((08))", "sh: arithmetic syntax error\n"),
], ids=["div", "mod", "self", "loop", "negative-exponent", "not-octal"])
def test_arithmetic_errors_end_the_shell_with_2(script, err):
    assert sh(host({}), script) == ("", err, 2)


def test_squaring_in_a_loop_wraps_instead_of_growing():
    out, err, rc = sh(host({}), "x=3; i=0; while [ $i -lt 200 ]; do x=$((x*x)); i=$((i+1)); done; echo $x")
    assert (out, err, rc) == ("-7060320302331691071\n", "", 0) or rc == 0 and len(out) < 22


# ---- the work budget ----------------------------------------------------------------------
@pytest.mark.parametrize("script", [
    "while true; do :; done",
    "until false; do :; done",
    "for a in 1 2 3; do while :; do :; done; done",
    "i=0; while [ $i -lt 1000 ]; do j=0; while [ $j -lt 1000 ]; do j=$((j+1)); done; i=$((i+1)); done",
    "x=2; while true; do x=$((x*x)); done",
    "while true; do (:); done",
    "while true; do x=$(echo y); done",
    "e='while :; do :; done'; eval \"$e\"",
], ids=["while", "until", "nested-for-while", "nested-counters", "squares", "subshells", "substitutions", "eval"])
def test_a_command_that_never_ends_is_stopped_by_its_budget(script):
    assert sh(host({}), script) == ("", STOPPED, STOPPED_STATUS)


def test_the_budget_is_one_for_the_whole_command_not_per_loop():
    # 300 x 300 rounds: each loop alone is small, together they are 90,000 rounds
    script = "for a in $X; do for b in $X; do :; done; done"
    p = Process(host({}), env={"X": " ".join(["1"] * 300)})
    assert run_script(script, p) == STOPPED_STATUS
    assert p.stderr == STOPPED


def test_what_a_stopped_command_changed_stays_and_its_output_is_kept():
    ns = host({})
    out, err, rc = sh(ns, "echo before; touch /made; echo data > /file; while :; do :; done; touch /never")
    assert (out, err, rc) == ("before\n", STOPPED, STOPPED_STATUS)
    assert "/made" in visible(ns) and "/never" not in visible(ns)


def test_every_command_has_its_own_budget():
    ns = host({})
    for _ in range(3):
        assert sh(ns, "i=0; while [ $i -lt 4000 ]; do i=$((i+1)); done; echo $i") == ("4000\n", "", 0)


def test_applets_charge_through_the_commands_budget():
    budget = Budget(limit=10)
    budget.charge(10)
    with pytest.raises(BaseException, match="10"):
        budget.charge()
    p = Process(host({}), budget=Budget(limit=5))
    assert run_script("echo 1; echo 2; echo 3; echo 4; echo 5; echo 6", p) == STOPPED_STATUS
    assert p.stdout == "1\n2\n3\n4\n5\n" and "after 5 steps" in p.stderr


# ---- nesting -------------------------------------------------------------------------------
@pytest.mark.parametrize("script", [
    "echo '. /s' > /s; . /s",
    "e='eval \"$e\"'; eval \"$e\"",
    "(" * 3000 + "echo hi" + ")" * 3000,
    "{ " * 500 + "echo hi;" + " }" * 500,
    "echo 'sh /s' > /s; chmod 755 /s; sh /s",
    "x='$(eval \"echo $x\")'; eval \"echo $x\"",
], ids=["dot-itself", "eval-itself", "3000-subshells", "500-groups", "sh-itself", "substitution-itself"])
def test_commands_nested_too_deep_stop_where_ash_would_overflow_its_stack(script):
    out, err, rc = sh(host({}), script)
    assert (out, err, rc) == ("", NESTED, NESTED_STATUS)


def test_nesting_within_the_limit_runs():
    depth = MAX_NESTING // 2 - 2
    assert sh(host({}), "(" * depth + "echo hi" + ")" * depth) == ("hi\n", "", 0)


# ---- strings --------------------------------------------------------------------------------
def test_a_string_that_doubles_forever_is_stopped_before_it_is_large():
    # the bytes it makes are work too: the budget ends it before the string cap would
    out, err, rc = sh(host({}), "x=a; while true; do x=$x$x; done")
    assert (out, err, rc) == ("", STOPPED, STOPPED_STATUS)


def test_a_string_past_the_cap_runs_out_of_memory_as_ash_does():
    p = Process(host({}), env={"X": "a" * (MAX_STRING // 2 + 1)}, budget=Budget(limit=10**9))
    assert run_script("x=$X$X; echo never", p) == 1
    assert (p.stdout, p.stderr) == ("", "sh: out of memory\n")


def test_output_past_the_string_cap_is_out_of_memory():
    p = Process(host({}), env={"X": "a" * (MAX_STRING // 2 + 1)}, budget=Budget(limit=10**9))
    assert run_script('echo "$X$X"', p) == 1
    assert p.stderr == "sh: out of memory\n"


@pytest.mark.parametrize("script, out, status", [
    ("printf '%5d|' 1", "    1|", 0),
    ("printf '%2147483648d' 1", "", 1),          # glibc: EOVERFLOW, nothing printed
    ("printf '%.2147483648s' abc", "", 1),
    ("printf '%999999999d' 1", "", 1),            # would be 1 GB: more than a string may hold
], ids=["width", "width-overflow", "precision-overflow", "gigabyte"])
def test_printf_widths_are_bounded(script, out, status):
    got_out, err, rc = sh(host({}), script)
    assert (got_out, rc) == (out, status)
    assert err in ("", "sh: out of memory\n")


# ---- patterns: time that grows with text x pattern, never exponentially ---------------------------
@pytest.mark.parametrize("pattern, text, want", [
    ("*a*a*a*a*a*b", "a" * 200, False),
    ("*a*a*a*a*a*b", "a" * 200 + "b", True),
    ("a?c", "abc", True), ("[!a]*", "bcd", True), ("[!a]*", "abc", False),
    ("[a-c]x", "bx", True), ("[]]", "]", True), ("\\*", "*", True), ("\\*", "a", False),
    ("[[:digit:]]*", "7up", True), ("[", "[", True), ("a[b", "a[b", True),
], ids=lambda v: v[:16] if isinstance(v, str) else None)
def test_patterns_match_as_sh_matches_them(pattern, text, want):
    assert Pattern(pattern).fullmatch(text) is want


@pytest.mark.parametrize("value, op, pattern, want", [
    ("aaab", "#", "*a", "aab"), ("aaab", "##", "*a", "b"),
    ("abaa", "%", "a*", "aba"), ("abaa", "%%", "a*", ""),
    ("a" * 400 + "b", "##", "*a*a*a*b", ""), ("a" * 400, "##", "*a*a*a*b", "a" * 400),
    ("abc", "#", "x", "abc"), ("path/to/f.txt", "%", ".*", "path/to/f"), ("path/to/f.txt", "##", "*/", "f.txt"),
], ids=["short-prefix", "long-prefix", "short-suffix", "long-suffix", "backtracking", "backtracking-miss",
        "no-match", "extension", "basename"])
def test_trims(value, op, pattern, want):
    assert trim(value, op, pattern) == want


def test_a_backtracking_trim_costs_text_times_pattern():
    p = Process(host({}), env={"X": "a" * 400})
    assert run_script('echo "${X##*a*a*a*b}" >/dev/null; echo ${#X}', p) == 0
    assert p.stdout == "400\n" and p.budget.used < 100


def test_a_glob_against_a_long_name_is_cheap():
    ns = host({"/d/" + "a" * 200: "x"})
    p = Process(ns)
    assert run_script("echo /d/*a*a*a*a*a*b", p) == 0
    assert p.stdout == "/d/*a*a*a*a*a*b\n" and p.budget.used < 100


@pytest.mark.parametrize("word, magic", [("[", False), ("[ab", False), ("[ab]", True), ("*", True),
                                         ("\\*", False), ("a?", True), ("]", False)])
def test_a_lone_bracket_is_not_a_pattern(word, magic):
    assert has_magic(word) is magic


def test_the_test_command_does_not_list_the_directory(monkeypatch):
    listed = []
    original = Shell.glob_listdir
    monkeypatch.setattr(Shell, "glob_listdir", lambda self, path: listed.append(path) or original(self, path))
    ns = host({"/w/f1": "x"})
    assert sh(ns, "cd /w; [ -f f1 ] && [ ! -f f2 ] && test -f f1", cwd="/w") == ("", "", 0)
    assert listed == []
    sh(ns, "echo /w/*")
    assert listed == ["/w/"]


# ---- Linux's limits on names and paths (checked on the kernel with BusyBox 1.35) ------------------
def test_mkdir_p_deeper_than_path_max_stops_where_the_kernel_stops():
    ns = host({"/d/keep": "x"})
    deep = "/".join(["a"] * 3000)
    out, err, rc = sh(ns, f"cd /d; mkdir -p {deep}", cwd="/")
    assert rc == 1 and err.startswith("mkdir: can't create directory 'a/a/") and err.endswith(": File name too long\n")
    made = [p for p, e in ns.mounts["/"].fs.tree.walk("/d") if e.kind == "dir"]
    # mkdir() is given "a/a/.../a/": the longest it accepts is 4,094 bytes, 2,047 levels
    # (the kernel's `find .` then prints ./a/.../a of 4,095 bytes)
    assert len(made) == 2047 and max(len(p) - len("/d/") for p in made) == 4093


@pytest.mark.parametrize("name, ok", [("b" * 255, True), ("b" * 256, False), ("é" * 127, True), ("é" * 128, False)],
                         ids=["255", "256", "254-bytes", "256-bytes"])
def test_a_name_is_at_most_255_bytes(name, ok):
    out, err, rc = sh(host({}), f"touch /{name}")
    assert (rc, err) == ((0, "") if ok else (1, f"touch: /{name}: File name too long\n"))


def test_a_path_argument_is_at_most_4095_bytes():
    ns = host({"/d/keep": "x"})
    # kernel: cat /././.../tmp/nonexist of 4,095 bytes is ENOENT, of 4,097 ENAMETOOLONG
    assert sh(ns, "cat /" + "./" * 2045 + "d/x")[1] == "cat: can't open '/" + "./" * 2045 + "d/x': No such file or directory\n"
    out, err, rc = sh(ns, "cat /" + "./" * 2046 + "d/x")
    assert rc == 1 and err.endswith("File name too long\n")


def test_symlink_loops_are_eloop():
    assert sh(host({}), "ln -s /x /x; cat /x")[1] == "cat: can't open '/x': Too many levels of symbolic links\n"


def test_a_symlink_target_is_a_path_too():
    out, err, rc = sh(host({}), "ln -s " + "t" * 4096 + " /l")
    assert rc == 1 and err.endswith("File name too long\n")


def test_ls_r_lists_a_tree_deeper_than_pythons_recursion():
    ns = host({"/d/keep": "x"})
    sh(ns, "cd /d; mkdir -p " + "/".join(["a"] * 1500))
    out, err, rc = sh(ns, "cd /d; ls -R", cwd="/")
    assert (err, rc) == ("", 0) and out.count(":\n") == 1501
