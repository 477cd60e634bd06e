"""Every exercise: its solution reaches the goal (or is the right answer), its start does not, and each
typical wrong answer gets its explanation; the checks' sentences, the file format's errors, and the
exercise block of the message catalog."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
import yaml

from simulator.course import exercises as X
from simulator.course import expectations, predictions
from simulator.course.expectations import Difference, ExpectationError
from simulator.messages import Catalog, load_messages, placeholders, set_language
from simulator.run.scenario import load_text
from simulator.run.session import Session
from simulator.run.timeline import Timeline

ROOT = Path(__file__).resolve().parent.parent
IDS = X.all_ids()


@pytest.fixture(autouse=True)
def english():
    """The sentences below are English: the machine's LANG must not choose another catalog."""
    set_language("en")
    yield
    set_language(None)


GOALS = [i for i in IDS if X.load(i).kind == "goal"]
PREDICTS = [i for i in IDS if X.load(i).kind == "predict"]
EN = load_messages("en")


def test_every_notebook_topic_has_exercises_of_both_kinds():
    assert len(IDS) >= 20
    for topic in range(1, 11):
        kinds = {X.load(i).kind for i in IDS if i.startswith(f"{topic:02d}-")}
        assert "predict" in kinds or "goal" in kinds, f"notebook {topic:02d} has no exercise"
    assert {X.load(i).kind for i in IDS} == {"predict", "goal"}
    assert any(i.startswith("11-") for i in GOALS), "the capstone is a goal exercise"


@pytest.mark.parametrize("ex_id", IDS)
def test_the_start_runs_cleanly(ex_id):
    ex = X.load(ex_id)
    session = X.start_session(ex)
    failed = [(r.command, r.stderr) for r in session.records if r.exit_code]
    assert not failed, f"{ex_id}: a setup step fails: {failed}"
    assert ex.text("task").strip() and ex.text("title").strip()
    assert ex.id in str(X.describe(ex)) and ex.text("task").strip() in str(X.describe(ex))


@pytest.mark.parametrize("ex_id", GOALS)
def test_the_solution_reaches_the_goal_and_the_start_does_not(ex_id):
    ex = X.load(ex_id)
    start = X.check_goal(ex, X.start_session(ex), picture=False)
    assert not start.passed, f"{ex_id}: the start already meets the goal"
    assert len(start.sentences) == 1 + len(start.differences) >= 2
    assert all(s and "{" not in s for s in start.sentences)
    solved = X.solution_session(ex)
    failed = [(r.command, r.stderr) for r in solved.records if r.exit_code]
    assert not failed, f"{ex_id}: a solution command fails: {failed}"
    result = X.check_commands(ex, ex.solution)
    assert result.passed, f"{ex_id}: the solution does not reach the goal:\n{result.text()}"
    assert result.sentences == (Catalog().t("exercise.goal.reached"),)


@pytest.mark.parametrize("ex_id", GOALS)
def test_the_goal_picture_shows_the_solved_state(ex_id):
    ex = X.load(ex_id)
    picture = X.goal_picture(ex)
    assert picture.text.strip() and picture.dot.startswith(("digraph", "graph"))
    result = X.check_goal(ex, X.start_session(ex))
    assert result.picture is not None and result.picture.text == picture.text


@pytest.mark.parametrize("ex_id", PREDICTS)
def test_the_answer_is_right_and_no_answer_or_a_typical_wrong_one_is_not(ex_id):
    ex = X.load(ex_id)
    right = X.check_prediction(ex, ex.solution)
    assert right.passed, f"{ex_id}: the solution is not the model's answer:\n{right.text()}"
    assert right.evidence.strip()
    for nothing in (None, "", "   ", ...):
        none = X.check_prediction(ex, nothing)
        assert not none.passed and none.sentences == (Catalog().t("exercise.predict.no-answer"),)
        assert not none.evidence          # an empty answer reveals nothing
    assert ex.wrong, f"{ex_id}: list at least one typical wrong answer, with why"
    for w in ex.wrong:
        wrong = X.check_prediction(ex, w["answer"])
        assert not wrong.passed
        assert wrong.sentences[-1] == X.pick(w["why"]), f"{ex_id}: {w['answer']!r} does not get its explanation"


@pytest.mark.parametrize("ex_id", IDS)
def test_checks_are_repeatable(ex_id):
    ex = X.load(ex_id)
    attempt = X.start_session(ex) if ex.kind == "goal" else "something else"
    first, second = ex.check(attempt), ex.check(attempt)
    assert first.text() == second.text()


# ---- the checks' sentences ----------------------------------------------------------------------
APP = """
seed: 1
images:
  app:
    layers:
      - files:
          /etc/app.conf: "port=80\\n"
          /etc/motd: "hi\\n"
          /srv/www/index.html: "<h1>v1</h1>\\n"
host:
  /home/user/site/index.html: "mine\\n"
steps:
  - docker run -d --name web -v data:/data -v /home/user/site:/site:ro app
"""


def app_session() -> Session:
    s = Session(load_text(APP))
    s.run_all()
    return s


SENTENCES = [
    ({"container": "db", "status": "running"}, ["There is no container db."]),
    ({"container": "web", "exists": False}, ["The container web still exists; the goal has it removed."]),
    ({"container": "web", "status": "exited"}, ["web is running; the goal wants it exited."]),
    ({"container": "web", "read_only": True},
     ["web can change its own files; the goal wants a read-only root file system (--read-only)."]),
    ({"container": "web", "path": "/etc/app.conf", "content": "port=8080\n", "from": "upper"},
     ['In what web sees, /etc/app.conf holds "port=80\\n"; the goal wants "port=8080\\n".',
      "web sees /etc/app.conf from image layer app@0; the goal wants it from the writable layer."]),
    ({"container": "web", "path": "/etc/app.conf", "contains": "debug"},
     ['In what web sees, /etc/app.conf holds "port=80\\n", without "debug" in it.']),
    ({"container": "web", "path": "/etc/motd", "exists": False},
     ["In what web sees, /etc/motd still exists; the goal has nothing there."]),
    ({"container": "web", "path": "/etc/new"}, ["In what web sees, /etc/new does not exist yet."]),
    ({"container": "web", "path": "/etc", "type": "file"},
     ["In what web sees, /etc is a directory; the goal wants a file."]),
    ({"container": "web", "path": "/etc/app.conf", "mode": "0600", "uid": 1000},
     ["In what web sees, /etc/app.conf has mode 0644; the goal wants 0600.",
      "In what web sees, /etc/app.conf belongs to uid 0; the goal wants uid 1000."]),
    ({"container": "web", "upper": "/etc/motd", "type": "whiteout"},
     ["In the writable layer of web, /etc/motd does not exist yet."]),
    ({"container": "web", "mount": "/tmp", "type": "tmpfs"}, ["web has no mount at /tmp."]),
    ({"container": "web", "mount": "/data", "exists": False}, ["web has a mount at /data; the goal has none there."]),
    ({"container": "web", "mount": "/data", "type": "bind"}, ["At /data, web mounts a volume; the goal wants a bind mount."]),
    ({"container": "web", "mount": "/data", "source": "other", "rw": False},
     ["At /data, web mounts volume data; the goal wants volume other.",
      "At /data, the mount of web is read-write; the goal wants it read-only."]),
    ({"container": "web", "mount": "/site", "source": "/home/user/www"},
     ["At /site, web mounts the host path /home/user/site (bind mount); the goal wants the host path "
      "/home/user/www (bind mount)."]),
    ({"volume": "data", "exists": False}, ["The volume data still exists; the goal has it removed."]),
    ({"volume": "logs"}, ["There is no volume logs."]),
    ({"volume": "logs", "path": "/x"}, ["There is no volume logs."]),
    ({"volume": "data", "path": "/x"}, ["In volume data, /x does not exist yet."]),
    ({"host": "/home/user/site/index.html", "content": "theirs\n"},
     ['In the host\'s files, /home/user/site/index.html holds "mine\\n"; the goal wants "theirs\\n".']),
    ({"image": "snap"}, ["There is no image snap."]),
    ({"image": "app", "exists": False}, ["The image app still exists; the goal has it removed."]),
    ({"volumes": "named", "count": 0}, ["There is 1 named volume; the goal wants 0."]),
    ({"volumes": "all", "count": 3}, ["There is 1 volume; the goal wants 3."]),
    ({"volumes": "anonymous", "count": 0}, []),
    ({"container": "web", "path": "/etc/app.conf", "from": "image", "content": "port=80\n"}, []),
]


@pytest.mark.parametrize("exp,expected", SENTENCES, ids=[str(i) for i in range(len(SENTENCES))])
def test_one_sentence_per_difference(exp, expected):
    diffs = X.differences(_goal_exercise([exp]), app_session())
    assert [d.sentence() for d in diffs] == expected


def test_a_missing_container_is_one_difference_however_often_named():
    goal = [{"container": "db", "status": "running"}, {"container": "db", "path": "/x"},
            {"container": "db", "mount": "/d"}]
    assert [d.sentence() for d in X.differences(_goal_exercise(goal), app_session())] == ["There is no container db."]


def test_the_state_document_itself_can_be_checked():
    s = app_session()
    ex = _goal_exercise([{"container": "web", "path": "/etc/app.conf", "content": "port=80\n"}])
    assert X.check_goal(ex, s.document(), picture=False).passed          # `python -m simulator run --json` output
    assert X.check_goal(ex, s.document()["state"], picture=False).passed


def _goal_exercise(goal) -> X.Exercise:
    return X.from_data({"title": "t", "kind": "goal", "start": yaml.safe_load(APP), "task": "t", "goal": goal,
                        "solution": ["true"]}, "test")


BAD_EXPECTATIONS = [
    ({"path": "/x"}, "exactly one of"),
    ({"container": "web", "volume": "v"}, "exactly one of"),
    ({"container": "web", "path": "/x", "mount": "/y"}, "one of path, mount"),
    ({"container": "web", "colour": "red"}, "unknown key 'colour'"),
    ({"container": "web", "path": "/x", "status": "running"}, "unknown key 'status'"),
    ({"container": "web", "path": "x"}, "absolute path"),
    ({"container": "web", "path": "/x", "mode": 384}, 'quoted octal mode like "0600"'),
    ({"container": "web", "status": "sleeping"}, "created, exited, running"),
    ({"container": "web", "mount": "/x", "type": "nfs"}, "bind, tmpfs, volume"),
    ({"container": "web", "exists": "no"}, "true or false"),
    ({"volumes": "anonymous"}, "needs a count"),
    ({"volumes": "some", "count": 1}, "all, anonymous, named"),
]


@pytest.mark.parametrize("exp,needle", BAD_EXPECTATIONS, ids=[n for _, n in BAD_EXPECTATIONS])
def test_a_bad_expectation_names_the_key_and_the_choices(exp, needle):
    with pytest.raises(ExpectationError, match=re.escape(needle)):
        expectations.shape(exp)


# ---- predictions --------------------------------------------------------------------------------
@pytest.mark.parametrize("answer,actual,match,same", [
    ("index.html old.html", "index.html\nold.html\n", "words", True),
    (["index.html", "old.html"], "index.html\nold.html\n", "words", True),
    ("old.html index.html", "index.html\nold.html\n", "words", False),
    ("old.html index.html", "index.html\nold.html\n", "set", True),
    ("port=80\ndebug=true  \n\n", "port=80\ndebug=true\n", "exact", True),
    ("port=80 debug=true", "port=80\ndebug=true\n", "exact", False),
], ids=["words", "lines", "order", "set", "exact", "exact-lines"])
def test_output_answers(answer, actual, match, same):
    assert predictions.same_output(answer, actual, match) is same


@pytest.mark.parametrize("answer,label", [
    ("upper", "upper"), ("The writable layer", "upper"), ("app@1", "app@1"), ("APP@1", "app@1"),
    ("layer 1", "app@1"), ("app layer 0", "app@0"), ("volume data", "volume:data"),
    ("volume:data", "volume:data"), ("bind:/home/User/x", "bind:/home/User/x"), ("tmpfs", "tmpfs"),
    ("none", ""), ("the image", None), ("volume", None), ("42", None),
])
def test_layer_answers(answer, label):
    assert predictions.place(answer, ["app"]) == label


@pytest.mark.parametrize("answer,said", [("yes", True), ("No.", False), (True, True), (False, False),
                                         ("fails", False), ("maybe", None)])
def test_yes_no_answers(answer, said):
    assert predictions.yes_no(answer) is said


def test_a_layer_answer_that_names_no_place_says_what_to_answer():
    ex = X.load("02-predict-chmod-copies-up")
    result = X.check_prediction(ex, "the image")
    assert not result.passed and "names no place" in result.sentences[0] and "app@0" in result.sentences[0]
    assert not result.evidence


def test_a_yes_no_question_needs_yes_or_no():
    result = X.check_prediction(X.load("03-predict-volume-rm-in-use"), "perhaps")
    assert not result.passed and result.sentences == (Catalog().t("exercise.predict.yes-no"),)


def test_a_wrong_layer_answer_names_both_places_and_explains():
    result = X.check_prediction(X.load("01-predict-later-layer-wins"), "web@0")
    assert result.sentences[0] == "Not quite: web sees /etc/app.conf from image layer web@1, not from image layer web@0."
    assert "hidden by web@1 above" in result.evidence


# ---- grading tools ------------------------------------------------------------------------------
def test_a_session_saved_from_the_lab_is_graded_on_the_exercises_own_start(tmp_path):
    ex = X.load("02-goal-fresh-folder")
    timeline = Timeline(X.start_scenario(ex))
    for command in ex.solution:
        timeline.run(command)
    saved = timeline.as_scenario()
    saved["images"]["app"]["layers"][0]["files"]["/srv/www/index.html"] = "<h1>v2</h1>\n"   # tampered
    path = tmp_path / "handed-in.yaml"
    path.write_text(yaml.safe_dump(saved), encoding="utf-8")
    assert X.check_file(ex, path).passed
    assert not X.check_commands(ex, ex.solution[:1]).passed


def test_anything_holding_a_state_can_be_checked():
    ex = X.load("01-goal-every-kind-of-storage")
    lesson = ex.start()
    lesson.run(*ex.solution)
    timeline = Timeline(X.start_scenario(ex))
    for command in ex.solution:
        timeline.run(command)
    for thing in (lesson, lesson.session, lesson.engine, timeline):
        assert X.check_goal(ex, thing, picture=False).passed
    with pytest.raises(TypeError, match="Lesson, Session"):
        X.check_goal(ex, 42)


def test_the_lab_controller_can_be_checked():
    controller_module = pytest.importorskip("simulator.ui.controller")
    ex = X.load("04-goal-share-anonymous")
    controller = controller_module.LabController(X.start_scenario(ex))
    assert not X.check_goal(ex, controller, picture=False).passed
    controller.run_command(ex.solution[0])
    assert X.check_goal(ex, controller, picture=False).passed


def test_hints_in_order_and_out_of_range():
    ex = X.load("11-goal-capstone")
    assert str(ex.hint(1)).startswith(f"Hint 1 of {len(ex.hints)}: ")
    with pytest.raises(ValueError, match="hints 1 to"):
        ex.hint(len(ex.hints) + 1)


def test_a_translation_of_a_text_field_falls_back_to_english():
    ex = X.from_data({"title": {"en": "Hello", "ko": "안녕"}, "kind": "goal", "start": {"scenario": "01-copy-up"},
                      "task": "Do it", "goal": [{"image": "app"}], "solution": ["true"]}, "t")
    assert ex.text("title", "ko") == "안녕" and ex.text("task", "ko") == "Do it"
    set_language("ko")
    assert ex.text("title") == "안녕" and ex.text("task") == "Do it"


# ---- the file format ----------------------------------------------------------------------------
GOOD = {"title": "t", "kind": "goal", "start": {"scenario": "01-copy-up.yaml", "steps": []}, "task": "t",
        "goal": [{"image": "app"}], "solution": ["docker image ls"]}
BAD_FILES = [
    ({"kind": "quiz"}, "kind: must be one of predict, goal"),
    ({"colour": 1}, "unknown key 'colour'"),
    ({"title": {"ko": "x"}}, "title: a text needs its English version"),
    ({"title": 3}, "title: must be text, or a mapping of languages"),
    ({"start": {"scenario": "no-such-file"}}, "start: no scenario 'no-such-file'"),
    ({"start": {"scenario": "01-copy-up.yaml", "images": {}}}, "only steps: may follow"),
    ({"start": {"images": {"Bad Name": {}}}}, "start: "),
    ({"goal": []}, "goal: must be a non-empty list"),
    ({"goal": [{"container": "web", "size": 3}]}, "goal[0]: unknown key 'size'"),
    ({"solution": "docker ps"}, "solution: must be a list of commands"),
    ({"question": {"ask": "output"}}, "question is for a predict exercise"),
    ({"kind": "predict", "question": {"ask": "colour"}, "solution": "x"}, "question: ask must be one of"),
    ({"kind": "predict", "question": {"ask": "output"}, "solution": "x"}, "needs the command"),
    ({"kind": "predict", "question": {"ask": "layer", "container": "web"}, "solution": "x"}, "absolute path"),
    ({"kind": "predict", "question": {"ask": "output", "command": "ls"}, "solution": "x",
      "wrong": [{"answer": "y"}]}, "wrong: must be a list of {answer: ..., why: ...}"),
]


@pytest.mark.parametrize("change,needle", BAD_FILES, ids=[n for _, n in BAD_FILES])
def test_a_bad_exercise_file_names_the_key(change, needle, tmp_path):
    data = {**GOOD, **change}
    if data["kind"] == "predict":
        data.pop("goal")
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(X.ExerciseError) as e:
        X.load(path)
    assert str(e.value).startswith(str(path)) and needle in str(e.value)


def test_an_unknown_exercise_lists_the_known_ones():
    with pytest.raises(FileNotFoundError, match="02-goal-fresh-folder"):
        X.load("no-such-exercise")


def test_every_shipped_text_has_english_and_no_stray_language():
    for ex_id in IDS:
        data = yaml.safe_load((X.EXERCISES / f"{ex_id}.yaml").read_text(encoding="utf-8"))
        texts = [data["title"], data["task"]] + list(data.get("hints") or []) + [w["why"] for w in data.get("wrong") or []]
        for t in texts:
            assert isinstance(t, dict) and "en" in t, f"{ex_id}: write texts as {{en: ...}} so a ko: can be added"


# ---- the exercise block of the message catalog ----------------------------------------------------
MODULES = [ROOT / "simulator" / "course" / f"{m}.py" for m in ("exercises", "exercisefile", "expectations", "predictions", "lesson")]
MODULES.append(ROOT / "simulator" / "ui" / "exercise.py")          # ExerciseLab: the Lab on an exercise
DYNAMIC = ("exercise.kind.", "exercise.type.", "exercise.mount.", "exercise.diff.count.")


def literal_ids():
    for path in MODULES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "t" \
                    and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
                yield path.name, node.args[0].value, {k.arg for k in node.keywords}


def test_every_literal_id_exists_with_its_placeholders():
    calls = list(literal_ids())
    assert len(calls) > 15
    for where, msg_id, given in calls:
        assert msg_id in EN, f"{where}: {msg_id} is not in en.yaml"
        assert placeholders(EN[msg_id]) <= given, f"{where}: {msg_id} needs {placeholders(EN[msg_id]) - given}"


def test_every_exercise_message_is_used():
    source = "\n".join(p.read_text(encoding="utf-8") for p in MODULES)
    unused = [k for k in EN if k.startswith("exercise.") and not k.endswith(".one")
              and k not in source and not k.startswith(DYNAMIC)]
    assert not unused
    for prefix, values in (("exercise.kind.", X.KINDS), ("exercise.type.", expectations.TYPES),
                           ("exercise.mount.", expectations.MOUNT_TYPES),
                           ("exercise.diff.count.", expectations.VOLUME_KINDS)):
        assert {k[len(prefix):] for k in EN if k.startswith(prefix) and not k.endswith(".one")} == set(values)


def test_every_difference_id_is_in_the_catalog():
    source = (ROOT / "simulator" / "course" / "expectations.py").read_text(encoding="utf-8")
    for msg_id in re.findall(r'"(exercise\.diff\.[a-z.-]+)"', source):
        assert msg_id in EN, msg_id
    for kind in expectations.VOLUME_KINDS:
        assert Difference(f"exercise.diff.count.{kind}", {"count": 1, "expected": "0"}).sentence()
