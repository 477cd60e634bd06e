"""Korean and English: every message translated with the same placeholders, no learner-facing
sentence outside the catalog, one switch for the process's language, and pictures that draw Hangul."""
from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import simulator
from simulator import messages
from simulator.messages import (Catalog, MessageError, available_languages, environment_language, load_messages, placeholders)
from simulator.render import build_stack, narrate_all, stack_text
from simulator.run.scenario import load_file
from simulator.run.session import Session

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "simulator" / "course" / "data" / "scenarios"
EN = load_messages("en")
TRANSLATIONS = [lang for lang in available_languages() if lang != "en"]
HANGUL = re.compile("[\uac00-\ud7a3]")


@pytest.fixture(autouse=True)
def the_process_language_is_restored():
    before = messages._chosen["language"]
    yield
    messages._chosen["language"] = before


def run_to(name: str, step: int):
    scenario = load_file(str(SCENARIOS / name))
    session = Session(scenario)
    records = session.run_all(scenario.steps[:step])
    return session, records[-1]


# ---- the catalogs ----------------------------------------------------------------------------------
def test_korean_is_there():
    assert "ko" in TRANSLATIONS


@pytest.mark.parametrize("lang", TRANSLATIONS)
def test_every_message_is_translated(lang):
    """`.one` forms are optional: a language without a singular (Korean) uses the plain id for every count."""
    ids = load_messages(lang)
    missing = [k for k in EN if k not in ids and not k.endswith(".one")]
    assert not missing, f"{lang}.yaml lacks {len(missing)} messages: {', '.join(missing)}"


@pytest.mark.parametrize("lang", TRANSLATIONS)
def test_every_translation_has_the_english_placeholders(lang):
    ids = load_messages(lang)
    unknown = [k for k in ids if k not in EN]
    assert not unknown, f"{lang}.yaml has ids en.yaml does not: {', '.join(unknown)}"
    wrong = [f"{k}: {sorted(placeholders(t))} != {sorted(placeholders(EN[k]))}" for k, t in ids.items()
             if placeholders(t) != placeholders(EN[k])]
    assert not wrong, "\n".join(wrong)
    orphans = [k for k in ids if k.endswith(".one") and k[:-4] not in ids]
    assert not orphans, f"{lang}.yaml has singular forms without the plain message: {orphans}"


# messages whose Korean text rightly has no Hangul: a name, or a command (`docker diff`)
NO_WORDS = {"exercise.lab": "the product's name and the exercise's own title"}


def test_korean_texts_are_korean():
    """An English sentence copied into ko.yaml unchanged would pass the other tests."""
    ko = load_messages("ko")
    english = [k for k, t in ko.items() if k not in NO_WORDS and not EN[k].startswith("docker ")
               and len(re.findall(r"[A-Za-z]{2,}", re.sub(r"\{[^}]*\}", "", EN[k]))) >= 2 and not HANGUL.search(t)]
    assert not english, f"ko.yaml keeps English text for: {', '.join(english)}"


# ---- no learner-facing sentence outside the catalog ---------------------------------------------------
# Modules whose strings reach a learner: the pictures, narration and explanations, the lab, the
# exercises. Docker's and BusyBox's own messages (simulator/cli/, simulator/shell/,
# simulator/errors.py) stay English, as the real tools print them, and are not scanned.
LEARNER_FACING = sorted([*(ROOT / "simulator" / "render").glob("*.py"), *(ROOT / "simulator" / "ui").glob("*.py"),
                         *[ROOT / "simulator" / "course" / f"{m}.py" for m in ("exercises", "expectations", "predictions", "lesson")
                           if (ROOT / "simulator" / "course" / f"{m}.py").exists()]])

# Raising one of these says something to a programmer calling the Python API, to the teacher who
# writes a scenario or exercise file, or about the set-up (a missing program): English, like the
# tracebacks and argparse messages around them. Learner-facing errors (the lab's GuidedError) are
# not here.
AUTHOR_ERRORS = {"ValueError", "TypeError", "KeyError", "LookupError", "RuntimeError", "FileNotFoundError", "ImportError",
                 "NotImplementedError", "ArgumentTypeError", "MessageError", "RenderError", "ScenarioError",
                 "ExerciseError", "ExpectationError", "QuestionError"}

# (module, the function or module-level name the string is in): why it may stay English
ALLOWED = {
    ("simulator/render/cli.py", "draw"): "a command-line usage error, printed like argparse's own around it",
    ("simulator/course/expectations.py", "_check_values"): "what a goal's key must be, for the teacher writing the "
                                                    "exercise file (raised as ExpectationError)",
    ("simulator/course/predictions.py", "UPPER"): "answers a learner may type, not text shown to one",
    ("simulator/ui/playground.py", "PLAYGROUND"): "a scenario file's text: its title is data, like a file name",
    ("simulator/render/fontmetrics.py", "_tables"): "a broken packaged font file, for the developer (FontError)",
    ("simulator/render/fontmetrics.py", "_cmap"): "a broken packaged font file, for the developer (FontError)",
    ("simulator/ui/fontcss.py", "FAMILIES"): "CSS font-family names, never shown",
}

# keywords that are learner-facing whatever their length: ipywidgets' labels, tooltips and placeholders
LABEL_KEYWORDS = {"description", "tooltip", "placeholder", "title", "button_text"}
SENTENCE = re.compile(r"[A-Za-z][a-z']+\b(?:[ ,]+[A-Za-z][a-z']*\b){2,}")  # three words in a row
MARKUP = re.compile(r"<[^>]*>|&[a-z#0-9]+;|\{[^}]*\}")
COMMAND = re.compile(r"^\s*(\$ )?(docker|sh|echo|cat|ls)\b")                 # a command line, not prose


def _text(node) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "{x}" for v in node.values)
    return None


class Scanner(ast.NodeVisitor):
    """Strings that look like English sentences, with where they are (function or assigned name)."""

    def __init__(self, rel: str):
        self.rel, self.scope, self.found, self.exempt = rel, ["<module>"], [], set()

    def _scoped(self, node, name):
        self.scope.append(name)
        self.generic_visit(node)
        self.scope.pop()

    def visit_FunctionDef(self, node):
        self._scoped(node, node.name)

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_ClassDef(self, node):
        self._scoped(node, node.name)

    def visit_Assign(self, node):
        if len(self.scope) == 1 and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            self._scoped(node, node.targets[0].id)
        else:
            self.generic_visit(node)

    def visit_Expr(self, node):
        if isinstance(node.value, ast.Constant):       # a docstring or a bare string: never shown
            return
        self.generic_visit(node)

    def visit_Raise(self, node):
        call = node.exc
        name = getattr(getattr(call, "func", None), "id", None) or getattr(getattr(call, "func", None), "attr", None)
        if name in AUTHOR_ERRORS:
            for sub in ast.walk(node):
                self.exempt.add(id(sub))
        self.generic_visit(node)

    def visit_keyword(self, node):
        text = _text(node.value)
        if node.arg == "help":                         # argparse's --help: English, like argparse's own words
            self.exempt.add(id(node.value))
        if node.arg in LABEL_KEYWORDS and text and id(node.value) not in self.exempt and re.search(r"[A-Za-z]{2,}", MARKUP.sub(" ", text)):
            self._report(node.value, text)
            self.exempt.add(id(node.value))
        self.generic_visit(node)

    def visit_JoinedStr(self, node):
        self._check(node)                              # its literal parts are checked together

    def visit_Constant(self, node):
        self._check(node)

    def _check(self, node):
        text = _text(node)
        if text is None or id(node) in self.exempt or COMMAND.match(text):
            return
        if SENTENCE.search(MARKUP.sub(" ", text)):
            self._report(node, text)

    def _report(self, node, text):
        where = (self.rel, self.scope[-1])
        if where not in ALLOWED:
            self.found.append(f"{self.rel}:{node.lineno} (in {self.scope[-1]}): {text[:90]!r}")


def bypassing(path: Path) -> list[str]:
    rel = path.relative_to(ROOT).as_posix()
    scanner = Scanner(rel)
    scanner.visit(ast.parse(path.read_text(encoding="utf-8")))
    return scanner.found


def test_the_scan_covers_the_learner_facing_modules():
    names = {p.relative_to(ROOT).as_posix() for p in LEARNER_FACING}
    assert "simulator/render/stackdot.py" in names and "simulator/render/narrate.py" in names


def test_every_allowed_place_exists():
    """An allow-list entry whose function was renamed or removed would hide nothing: drop it."""
    for (rel, scope), reason in ALLOWED.items():
        tree = ast.parse((ROOT / rel).read_text(encoding="utf-8")) if (ROOT / rel).exists() else None
        names = {getattr(n, "name", None) for n in ast.walk(tree)} | \
                {t.id for n in ast.walk(tree) if isinstance(n, ast.Assign) for t in n.targets
                 if isinstance(t, ast.Name)} if tree else set()
        assert scope in names, f"ALLOWED names {rel}:{scope}, which does not exist ({reason})"


@pytest.mark.parametrize("path", LEARNER_FACING, ids=[p.relative_to(ROOT).as_posix() for p in LEARNER_FACING])
def test_no_learner_facing_sentence_bypasses_the_catalog(path):
    found = bypassing(path)
    assert not found, ("English text a learner sees, not from the message catalog (add an id to en.yaml and "
                       "ko.yaml and use Catalog().t, or, if no learner sees it, allow it in ALLOWED with the "
                       "reason):\n" + "\n".join(found))


def test_the_scan_finds_what_it_should(tmp_path):
    src = tmp_path / "m.py"
    src.write_text('"""A docstring is fine, however many words."""\n'
                   'def f(name):\n'
                   '    print(f"the file {name} was copied up")\n'
                   '    w(description="Run")\n'
                   '    raise ValueError("a programmer passed the wrong thing")\n'
                   '    raise GuidedError("pick a container first")\n'
                   '    return "docker exec web sh -c true", cat.t("event.write"), "utf-8"\n', encoding="utf-8")
    scanner = Scanner("m.py")
    scanner.visit(ast.parse(src.read_text()))
    found = "\n".join(scanner.found)
    assert "copied up" in found and "'Run'" in found and "pick a container" in found
    assert "programmer" not in found and "docker exec" not in found and "docstring" not in found


# ---- one switch for the process's language ------------------------------------------------------------
def test_set_language_switches_narration_and_text_twins():
    session, record = run_to("02-whiteout.yaml", 2)
    events = list(record.events)
    stack = build_stack(session.engine.containers["web"], session.engine, events)
    simulator.set_language("en")
    english = narrate_all(events), stack_text(stack)
    simulator.set_language("ko")
    assert simulator.get_language() == "ko"
    korean = narrate_all(events), stack_text(stack)
    assert all(HANGUL.search(s) for s in korean[0]) and "화이트아웃" in " ".join(korean[0])
    assert "쓰기 가능 레이어" in korean[1] and "[보임]" in korean[1]
    assert not HANGUL.search(" ".join(english[0]) + english[1])
    assert narrate_all(events, Catalog("en")) == english[0]      # a Catalog's own language stays its own
    simulator.set_language("en")
    assert (narrate_all(events), stack_text(stack)) == english


def test_set_language_takes_locale_names_and_refuses_unknown_ones():
    simulator.set_language("ko_KR.UTF-8")
    assert simulator.get_language() == "ko" and Catalog().t("cell.seen") == "보임"
    simulator.set_language("EN")
    assert simulator.get_language() == "en"
    for bad in ("fr", "", 7):
        with pytest.raises(MessageError, match="en, ko"):
            simulator.set_language(bad)
    assert simulator.get_language() == "en"                  # a refused choice changes nothing


def test_none_goes_back_to_the_environment(monkeypatch):
    simulator.set_language("ko")
    simulator.set_language(None)
    monkeypatch.setenv("LANGUAGE", "")
    monkeypatch.setenv("LC_ALL", "")
    monkeypatch.setenv("LC_MESSAGES", "")
    monkeypatch.setenv("LANG", "ko_KR.UTF-8")
    assert simulator.get_language() == "ko"
    monkeypatch.setenv("LANG", "C.UTF-8")
    assert simulator.get_language() == "en"


@pytest.mark.parametrize("env,expected", [
    ({}, "en"),
    ({"LANG": "ko_KR.UTF-8"}, "ko"),
    ({"LANG": "ko"}, "ko"),
    ({"LANG": "en_US.UTF-8"}, "en"),
    ({"LANG": "fr_FR.UTF-8"}, "en"),                              # no French catalog: English
    ({"LANG": "C.UTF-8"}, "en"),
    ({"LANG": "en_US.UTF-8", "LC_MESSAGES": "ko_KR.UTF-8"}, "ko"),
    ({"LANG": "ko_KR.UTF-8", "LC_ALL": "en_US.UTF-8"}, "en"),
    ({"LANG": "ko_KR.UTF-8", "LANGUAGE": "fr:en"}, "en"),        # gettext: LANGUAGE comes first
    ({"LANG": "en_US.UTF-8", "LANGUAGE": "ko:en"}, "ko"),
    ({"LANG": "C", "LANGUAGE": "ko"}, "en"),                      # ... except in the C locale
], ids=lambda v: v if isinstance(v, str) else ",".join(f"{k}={x}" for k, x in v.items()) or "nothing")
def test_the_environment_names_the_language(env, expected):
    assert environment_language(env) == expected


def _fresh_python(code: str, **env_vars) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")}
    env.update(env_vars)
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                          check=True).stdout


def test_lang_picks_korean_in_a_fresh_process():
    code = ("import simulator\n"
            "from simulator.render import narrate\n"
            "print(simulator.get_language())\n"
            "print(narrate({'type': 'whiteout', 'container': 'web', 'path': '/x'}))\n")
    lang, sentence = _fresh_python(code, LANG="ko_KR.UTF-8").splitlines()
    assert lang == "ko" and "화이트아웃" in sentence
    lang, sentence = _fresh_python(code).splitlines()
    assert lang == "en" and "whiteout" in sentence


# ---- the command line -----------------------------------------------------------------------------------
def _cli(*args, **env_vars):
    env = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")}
    env.update(env_vars)
    return subprocess.run([sys.executable, "-m", "simulator", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True)


def test_show_in_korean_keeps_docker_output_english():
    r = _cli("run", str(SCENARIOS / "09-read-only.yaml"), "--show", "--lang", "ko")
    assert r.returncode == 0, r.stderr
    assert "읽기 전용" in r.stdout and "Read-only file system" in r.stdout    # BusyBox's own message
    assert _cli("run", str(SCENARIOS / "09-read-only.yaml"), "--show", LANG="ko_KR.UTF-8").stdout == r.stdout


def test_an_unknown_lang_is_a_usage_error():
    r = _cli("draw", str(SCENARIOS / "01-copy-up.yaml"), "--lang", "xx", "-o", "/dev/null")
    assert r.returncode == 2 and "'xx'" in r.stderr and "en, ko" in r.stderr
