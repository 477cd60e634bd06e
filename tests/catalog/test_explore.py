"""Exploring an image as dive does: adds, changes, deletes per layer, wasted space, efficiency,
and why a file is in the image."""
from simulator.docker.explore import explore, why
from simulator.render.explore import explore_picture, explore_text, why_text
from simulator.run.scenario import load_text
from simulator.run.session import Session

SCENARIO = """
images:
  app:
    layers:
      - created_by: "COPY . /"
        files: {/a: {size: 100}, /b: {size: 50}, /keep: "k\\n"}
      - created_by: "RUN rewrite a, delete b"
        files: {/a: {size: 100}}
        delete: [/b]
"""


def engine():
    return Session(load_text(SCENARIO)).engine


def test_dive_counts_paths_stored_twice_and_scores_efficiency():
    e = engine()
    ex = explore(e.images["app"], e.image_history(e.images["app"]))
    assert [(c.added, c.changed, c.deleted) for c in ex.layers] == [(["/a", "/b", "/keep"], [], []),
                                                                     ([], ["/a"], ["/b"])]
    # /a: 100 + 100 (min 100); /b: 50 + the 50 its whiteout hides (min 0): dive's sums
    assert [(x.path, x.cumulative, x.layers) for x in ex.inefficiencies] == [("/a", 200, [0, 1]), ("/b", 50, [0, 1])]
    assert ex.wasted == 250
    assert abs(ex.efficiency - (100 + 0 + 2) / (200 + 50 + 2)) < 1e-9
    assert abs(ex.user_wasted_percent - 250.0) < 1e-9       # wasted / the layers above the first (100 B)


def test_why_is_this_file_in_my_image():
    e = engine()
    w = why(e.images["app"], "/b")
    assert w.steps == [(0, "added", "COPY . /"), (1, "deleted", "RUN rewrite a, delete b")] and w.visible_from is None
    assert why(e.images["app"], "/a").visible_from == 1
    text = why_text(e, "app", "/b")
    assert text.splitlines()[0] == "Why is /b in app?" and "whiteout" in text
    assert "No layer of app has /nope." in why_text(e, "app", "/nope")


def test_the_picture_and_its_text_twin():
    e = engine()
    picture = explore_picture(e, "app")
    assert picture.text == explore_text(e, "app")
    assert picture.text.startswith("Image app: 2 layers, 252 B; efficiency 40.5 %, potential wasted space 250 B\n")
    assert picture.svg.startswith("<?xml") or picture.error


def test_a_catalog_image_shows_its_layers_and_the_passwd_copy_up():
    s = Session()
    s.run("docker pull postgres:16")
    text = why_text(s.engine, "postgres:16", "/etc/passwd")
    assert "layer 0 added it" in text and "layer 1 replaced it" in text
    assert "A container sees the version of layer 1." in text
