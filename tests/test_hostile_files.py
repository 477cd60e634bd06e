"""A malformed or hostile scenario file, through every door that reads one (the CLI, the lab's
Load box, exercises.check_file): exit 2 / a refusal, one line naming the file and the key,
never a traceback, never a hang (issue 12)."""
from __future__ import annotations

import os

import pytest

from simulator.__main__ import main
from simulator.course import exercises as X
from simulator.errors import ScenarioError
from simulator.run.cmdline import split
from simulator.run.fileload import MAX_DEPTH, MAX_VALUES
from simulator.run.scenario import load_text, split_docker_step
from simulator.run.session import Session
from simulator.ui import LabController

LOL = '["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'
BOMB = ("x:\n  a: &a " + LOL + "\n" + "".join(
    f"  {n}: &{n} [{', '.join(['*' + p] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi")))

# (file text, the words the one-line message must have: the key at fault and why)
CASES = {
    "alias-bomb-user": (BOMB + "images: {app: {layers: [], user: *i}}\n", "expands to more than"),
    "alias-bomb-workdir": (BOMB + "images: {app: {layers: [], workdir: *i}}\n", "expands to more than"),
    "alias-bomb-platform": (BOMB + "platform: *i\n", "expands to more than"),
    "env-number": ("images: {app: {layers: [], env: 5}}\n", "images.app.env"),
    "env-items": ("images: {app: {layers: [], env: [1, 2]}}\n", "images.app.env"),
    "env-map-list": ("images: {app: {layers: [], env: {A: [1]}}}\n", "images.app.env"),
    "cmd-null-item": ("images: {app: {layers: [], cmd: [1, null]}}\n", "images.app.cmd"),
    "workdir-relative": ("images: {app: {layers: [], workdir: srv}}\n", "images.app.workdir"),
    "workdir-mapping": ("images: {app: {layers: [], workdir: {a: 1}}}\n", "images.app.workdir"),
    "user-list": ("images: {app: {layers: [], user: [1, 2]}}\n", "images.app.user"),
    "network-storage-mapping-item": ("network_storage: [{}]\n", "network_storage"),
    "duplicate-top-key": ("title: a\ntitle: b\n", "title: the key 'title' appears twice"),
    "duplicate-layer-path": ("images:\n  app:\n    layers:\n      - files:\n          /a: x\n          /a: y\n",
                             "images.app.layers.files./a"),
    "duplicate-json-key": ('{"title": "a", "title": "b"}', "appears twice"),
    "image-name-markup": ('images: {"<script>": {layers: []}}\n', "invalid image name"),
    "image-name-dots": ('images: {"../x": {layers: []}}\n', "invalid image name"),
    "image-name-tag": ('images: {"a:b": {layers: []}}\n', "no tag"),
    "image-name-upper": ('images: {App: {layers: []}}\n', "must be lowercase"),
    "json-deep": ('{"steps": ' + "[" * 100000 + "]" * 100000 + "}", f"nested more than {MAX_DEPTH} deep"),
    "yaml-deep": ("steps: " + "[" * 5000 + "]" * 5000 + "\n", "nesting depth"),
    "json-5000-digits": ('{"seed": ' + "9" * 5000 + "}", "more than 20 digits"),
    "yaml-5000-digits": ("seed: " + "9" * 5000 + "\n", "seed"),
    "json-lone-surrogate": ('{"title": "\\ud800"}', "surrogate"),
    "yaml-lone-surrogate": ('title: "\\ud800"\n', "invalid YAML"),
    "mixed-key-types": ("images: {app: {layers: [], 1: x, b: y}}\n", "unknown key"),
    "mode-list": ("host: {/a: {content: x, mode: [1]}}\n", "mode must be an octal string"),
    "not-a-mapping": ("- a\n- b\n", "must be a mapping"),
}


def _one_line(text: str) -> bool:
    return text.count("\n") == 1 and text.endswith("\n")


@pytest.mark.parametrize("text, words", CASES.values(), ids=CASES.keys())
def test_the_cli_exits_2_with_one_line(tmp_path, capsys, text, words):
    path = tmp_path / "hand-in.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    assert main(["run", str(path)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and _one_line(err) and "Traceback" not in err
    assert str(path) in err and words in err


@pytest.mark.parametrize("text, words", CASES.values(), ids=CASES.keys())
def test_the_lab_load_box_refuses_and_says_why(text, words):
    lab = LabController()
    before = lab.step.number, lab.terminal_text()
    assert lab.load(text) is False
    assert lab.last_error == "" and lab.step.number == before[0]
    said = lab.terminal_text()[len(before[1]):]
    assert "cannot load" in said and words in said


@pytest.mark.parametrize("text, words", CASES.values(), ids=CASES.keys())
def test_check_file_raises_one_scenario_error(tmp_path, text, words):
    path = tmp_path / "hand-in.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    with pytest.raises(ScenarioError) as caught:
        X.check_file(X.load("02-goal-fresh-folder"), path)
    assert str(path) in str(caught.value) and words in str(caught.value) and "\n" not in str(caught.value)


# ---- files that are not files ----------------------------------------------------------------
@pytest.fixture
def specials(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("the teacher's password\n")
    links = {"symlink-to-secret": secret, "symlink-to-dev-zero": "/dev/zero"}
    for name, target in links.items():
        os.symlink(target, tmp_path / name)
    os.mkfifo(tmp_path / "fifo")
    (tmp_path / "dir").mkdir()
    return tmp_path


@pytest.mark.parametrize("name, words", [
    ("symlink-to-secret", "is a symbolic link"), ("symlink-to-dev-zero", "is a symbolic link"),
    ("fifo", "not a regular file"), ("dir", "not a regular file"), ("missing", "cannot read the file"),
])
def test_special_files_are_refused_before_they_are_opened(specials, capsys, name, words):
    path = specials / name
    assert main(["run", str(path)]) == 2          # a FIFO would block forever if opened
    err = capsys.readouterr().err
    assert _one_line(err) and words in err and "password" not in err
    with pytest.raises(ScenarioError, match=words):
        X.check_file(X.load("02-goal-fresh-folder"), path)


# ---- what is accepted stays accepted ------------------------------------------------------------
def test_anchors_for_shared_layers_and_merge_keys_still_load():
    sc = load_text("images:\n  one: {layers: [&base {files: {/a: x}}]}\n  two: {layers: [*base]}\n"
                   "host:\n  <<: {/h: x}\n  /g: y\n")
    assert sc.images["one"].layers[0] is sc.images["two"].layers[0]
    assert sorted(sc.host_files) == ["/g", "/h"]


def test_image_settings_of_every_accepted_type():
    sc = load_text("images:\n  registry.example.com:5000/team/app-v2: {layers: [], user: 1000, workdir: /srv,"
                   " env: {A: 1, B: x}, cmd: [sh, -c, 'echo hi']}\n  web: {layers: [], user: 'www:www', env: [A=1]}\n")
    app = sc.images["registry.example.com:5000/team/app-v2"]
    assert (app.user, app.workdir, app.env, app.cmd) == ("1000", "/srv", ("A=1", "B=x"), ["sh", "-c", "echo hi"])
    assert sc.images["web"].user == "www:www"


def test_the_expanded_size_limit_counts_aliases_once_each_use():
    ok = "a: &a [" + ",".join(["1"] * 1000) + "]\nb: [" + ",".join(["*a"] * (MAX_VALUES // 1001 - 5)) + "]\n"
    from simulator.run.fileload import load_data
    assert len(load_data(ok)["b"]) == MAX_VALUES // 1001 - 5


# ---- steps ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("text", ["docker run app echo 'a b' \"c\\\"d\" e\\ f", "docker ps # a comment",
                                  "docker run app sh -c 'x=1; echo $x'", "docker  run\tapp  ", 'docker run "a'])
def test_steps_split_as_shlex_splits_them(text):
    import shlex
    lexer = shlex.shlex(text, posix=True)
    lexer.whitespace_split = True
    try:
        want = list(lexer)
    except ValueError as e:
        with pytest.raises(ValueError, match=str(e)):
            split(text)
    else:
        assert split(text) == want


def test_a_megabyte_docker_step_is_split_in_one_pass():
    argv = split_docker_step("docker run app echo " + "x" * 1_000_000 + " 'y z'")
    assert argv[-2:] == ["x" * 1_000_000, "y z"]


def test_mkdir_p_over_existing_directories_names_them_in_its_events():
    session = Session(load_text("images: {app: {layers: [{files: {/app/data/: {}}}]}}\n"))
    session.run("docker run -d --name web app")
    record = session.run("docker exec web mkdir -p /app/data/new")
    errors = [e["path"] for e in record.events if e["type"] == "error"]
    assert errors == ["/app", "/app/data"] and record.exit_code == 0
    lab = LabController(None)
    assert lab.load("images: {app: {layers: [{files: {/app/data/: {}}}]}}\n"
                    "steps: ['docker run -d --name web app', 'docker exec web mkdir -p /app/data/new']\n")
    picture = lab.diagram()
    assert picture.svg and not picture.error and lab.last_error == ""


# ---- terminal-safe text ----------------------------------------------------------------------------
ESCAPES = 'title: "\\e]0;pwned\\a"\nsteps:\n  - "echo \\"\\e[2J\\e[31m hi \\u202e gnp.exe\\""\n'


def test_the_transcript_shows_control_and_bidi_characters_escaped(tmp_path, capsys):
    path = tmp_path / "hand-in.yaml"
    path.write_text(ESCAPES, encoding="utf-8")
    assert main(["run", str(path)]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\u202e" not in out
    assert "\\x1b[2J\\x1b[31m hi \\u202e gnp.exe" in out


def test_show_escapes_them_too(tmp_path, capsys):
    path = tmp_path / "hand-in.yaml"
    path.write_text(ESCAPES + "  - \"mkdir '/tmp/\\e[2Jx'\"\n", encoding="utf-8")
    assert main(["run", str(path), "--show"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\u202e" not in out and "\\x1b[2Jx" in out


def test_error_messages_escape_them(tmp_path, capsys):
    path = tmp_path / "hand-in.yaml"
    path.write_text('images: {"\\e]0;pwned\\a": {layers: []}}\n', encoding="utf-8")
    assert main(["run", str(path)]) == 2
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\x07" not in err and _one_line(err)


def test_a_pseudo_terminals_line_ends_stay_but_a_lone_carriage_return_is_escaped():
    from simulator.run.termtext import terminal_safe
    assert terminal_safe("/ # ls /\r\netc\r\n") == "/ # ls /\r\netc\r\n"       # docker run -it's CRLF
    assert terminal_safe("secret\rpublic\n") == "secret\\x0dpublic\n"            # would write over a line


# ---- a file's steps share one bound: a hand-in of endless loops ends ----------------------------
HEAVY = "steps:\n" + "  - while true; do :; done\n" * 12 + "  - echo never\n"


def test_the_steps_of_one_file_are_bounded_together(tmp_path, capsys):
    from simulator.shell.budget import FILE_WORK_UNITS, WORK_UNITS
    path = tmp_path / "hand-in.yaml"
    path.write_text(HEAVY, encoding="utf-8")
    assert main(["run", str(path)]) == 2
    out, err = capsys.readouterr()
    ran = FILE_WORK_UNITS // WORK_UNITS
    assert out.count("$ while true") == ran and "echo never" not in out
    assert out.count("after 50,000 steps of work") == ran - 1 and "the file's steps have used" in out
    assert _one_line(err) and f"the last {13 - ran} were not run" in err


def test_the_lab_says_which_steps_it_left_out():
    lab = LabController(None)
    assert lab.load(HEAVY) is True and lab.last_error == ""
    assert "were not run" in lab.terminal_text()
    lab.run_command("echo typed later")                # commands typed later have their own budget
    assert lab.terminal_text().rstrip().endswith("typed later")


def test_check_file_of_endless_loops_ends_and_fails(tmp_path):
    path = tmp_path / "hand-in.yaml"
    path.write_text(HEAVY, encoding="utf-8")
    assert not X.check_file(X.load("02-goal-fresh-folder"), path).passed


# ---- compose files are the student's too: compose's own errors, never a traceback --------------------
LOL9 = "&a " + '["lol","lol","lol","lol","lol","lol","lol","lol","lol"]' + ", " + ", ".join(
    f"&{n} [{', '.join(['*' + p] * 9)}]" for p, n in zip("abcdefgh", "bcdefghi"))


@pytest.mark.parametrize("compose, message", [
    ("services: 5", "services must be a mapping"),
    ("services: {web: {image: [1]}}", "services.web.image must be a string"),
    (f"services: {{web: {{image: app, command: [{LOL9}]}}}}", "services.web.command must be a string or a list"),
    (f"services: {{web: {{image: app, environment: [{LOL9}]}}}}", "services.web.environment must be"),
    ("services: {web: {image: app, read_only: [1]}}", "services.web.read_only must be a boolean"),
    ("services: {web: {image: app, 1: x}}", "Additional property 1 is not allowed"),
    ("services: " + "[" * 2000 + "]" * 2000, "yaml:"),
], ids=["services-number", "image-list", "command-alias-bomb", "environment-alias-bomb", "read-only-list",
        "number-key", "deep"])
def test_a_malformed_compose_file_gets_composes_own_error(compose, message):
    session = Session(load_text("images: {app: {layers: []}}\ncompose:\n  shop: " + repr(compose).replace("\\\\", "\\") + "\n"))
    record = session.run("docker compose -p shop up -d")
    assert record.exit_code == 15 and message in record.stderr
