"""The lab's words come through the message catalog (`lab.*` ids): each used, none missing."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from simulator import messages
from simulator.messages import Catalog, MessageError, placeholders
from simulator.ui import LabController, words

UI = Path(words.__file__).parent
SOURCE = "\n".join(p.read_text(encoding="utf-8") for p in sorted(UI.glob("*.py")))
# ids the code builds from a name: lab.action.NAME, lab.arg.NAME, lab.default.NAME, lab.tab.*, no-/relative-KIND
DYNAMIC = ("lab.action.", "lab.arg.", "lab.default.", "lab.guided.no-", "lab.guided.relative-")


@pytest.fixture(autouse=True)
def the_process_language_is_restored():
    before = messages.get_language() if hasattr(messages, "get_language") else None
    yield
    if hasattr(messages, "set_language"):
        messages.set_language(before)


def used_ids() -> set[str]:
    return set(re.findall(r'"(lab\.[a-z0-9.-]+)"', SOURCE))


def lab_texts() -> dict:
    cat = Catalog("en")
    return {i: cat.messages[i] for i in cat.messages if i.startswith("lab.")}


def test_every_id_the_lab_names_has_a_text():
    cat = Catalog("en")
    missing = [i for i in sorted(used_ids()) if not cat.has(i)]
    assert not missing


def test_every_lab_text_is_used():
    unused = [i for i in lab_texts() if i.removesuffix(".one") not in SOURCE and not i.startswith(DYNAMIC)]
    assert not unused


def test_a_singular_form_has_the_plain_forms_placeholders():
    texts = lab_texts()
    for i, text in texts.items():
        if i.endswith(".one"):
            assert placeholders(text) == placeholders(texts[i[:-4]]), i


def test_counts_and_placeholders_work_as_in_the_catalog():
    assert words.t("lab.terminal.start", title="T", count=1, step="1: x") == "# T: 1 step run, now at step 1: x"
    assert words.t("lab.tree.more", count=1200) == "... 1,200 more"
    with pytest.raises(MessageError):
        words.t("lab.no.such")
    with pytest.raises(MessageError):
        words.t("lab.tree.more")


@pytest.mark.skipif(not hasattr(messages, "set_language") or "ko" not in messages.available_languages(),
                    reason="no Korean catalog here")
def test_in_korean_the_lab_works_and_narrates_in_korean():
    messages.set_language("ko")
    lab = LabController()
    lab.run_command("docker exec web sh -c 'echo hello >> /etc/motd'")
    assert re.search("[\uac00-\ud7a3]", " ".join(lab.narration()))
    assert lab.diagram().dot and "internal error" not in lab.terminal_text()
