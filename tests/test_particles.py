"""Korean particles chosen by the sound of the word before them (simulator.messages.particles), and
the catalog's `{field:을}` spec that uses them: words ending in every kind of sound."""
from __future__ import annotations

import pytest

from simulator.messages import Catalog, placeholders
from simulator.messages.particles import attach, particle, sound

# (word, 을/를, 이/가, 은/는, 와/과, 으로/로)
CASES = [
    # Hangul: no final consonant, a final consonant, and ㄹ (which takes 로 like a vowel)
    ("이미지", "를", "가", "는", "와", "로"),
    ("레이어", "를", "가", "는", "와", "로"),
    ("볼륨", "을", "이", "은", "과", "으로"),
    ("디렉터리", "를", "가", "는", "와", "로"),
    ("컨테이너", "를", "가", "는", "와", "로"),
    ("복사본", "을", "이", "은", "과", "으로"),
    ("파일", "을", "이", "은", "과", "로"),
    ("서울", "을", "이", "은", "과", "로"),
    ("읽기", "를", "가", "는", "와", "로"),
    ("값", "을", "이", "은", "과", "으로"),
    # digits, as Korean reads them: 영 일 이 삼 사 오 육 칠 팔 구, 십 백 천 만 억, 조
    ("0", "을", "이", "은", "과", "으로"),
    ("1", "을", "이", "은", "과", "로"),
    ("2", "를", "가", "는", "와", "로"),
    ("3", "을", "이", "은", "과", "으로"),
    ("4", "를", "가", "는", "와", "로"),
    ("5", "를", "가", "는", "와", "로"),
    ("6", "을", "이", "은", "과", "으로"),
    ("7", "을", "이", "은", "과", "로"),
    ("8", "을", "이", "은", "과", "로"),
    ("9", "를", "가", "는", "와", "로"),
    ("10", "을", "이", "은", "과", "으로"),
    ("100", "을", "이", "은", "과", "으로"),
    ("1000", "을", "이", "은", "과", "으로"),
    ("10000", "을", "이", "은", "과", "으로"),
    ("1000000000000", "를", "가", "는", "와", "로"),
    ("0644", "를", "가", "는", "와", "로"),
    ("0:0", "을", "이", "은", "과", "으로"),
    # Latin: abbreviations by their letters' names, loanwords as Korean writes them
    ("HTML", "을", "이", "은", "과", "로"),
    ("EXDEV", "를", "가", "는", "와", "로"),
    ("EROFS", "를", "가", "는", "와", "로"),
    ("M", "을", "이", "은", "과", "으로"),
    ("web", "을", "이", "은", "과", "으로"),
    ("app", "을", "이", "은", "과", "으로"),
    ("stack", "을", "이", "은", "과", "으로"),
    ("volume", "을", "이", "은", "과", "으로"),
    ("commit", "을", "이", "은", "과", "으로"),
    ("mysql", "을", "이", "은", "과", "로"),
    ("file", "을", "이", "은", "과", "로"),
    ("data", "를", "가", "는", "와", "로"),
    ("site", "를", "가", "는", "와", "로"),
    ("test", "를", "가", "는", "와", "로"),
    ("help", "를", "가", "는", "와", "로"),
    ("nginx", "를", "가", "는", "와", "로"),
    ("Docker", "를", "가", "는", "와", "로"),
    ("13 B", "를", "가", "는", "와", "로"),
    ("1.5 MiB", "를", "가", "는", "와", "로"),
    # paths, punctuation and a parenthetical: the last word that is read
    ("/srv/www/old.html", "을", "이", "은", "과", "로"),
    ("/etc/app.conf", "를", "가", "는", "와", "로"),
    ("/app/data/", "를", "가", "는", "와", "로"),
    ("'shop'", "을", "이", "은", "과", "으로"),
    ("app@0", "을", "이", "은", "과", "으로"),
    ("쓰기 가능 레이어 (upper)", "를", "가", "는", "와", "로"),
    ("복사(copy-up)", "를", "가", "는", "와", "로"),
    ("볼륨(volume)", "을", "이", "은", "과", "으로"),
]


@pytest.mark.parametrize("word,obj,subj,topic,and_,toward", CASES, ids=[c[0] for c in CASES])
def test_each_particle_follows_the_last_sound(word, obj, subj, topic, and_, toward):
    for which, want in (("을", obj), ("를", obj), ("이", subj), ("가", subj), ("은", topic), ("는", topic),
                        ("와", and_), ("과", and_), ("으로", toward), ("로", toward)):
        assert particle(word, which) == want, (word, which)
    assert attach(word, "을") == word + obj


def test_a_word_with_nothing_to_read_keeps_both_forms():
    assert sound("///") is None
    assert attach("...", "을") == "...을(를)" and attach("/", "로") == "/으로(로)"


def test_an_unknown_particle_is_refused_with_the_known_ones():
    with pytest.raises(ValueError, match="no Korean particle '에서'.*을"):
        particle("파일", "에서")


def test_the_catalog_fills_a_particle_spec_and_keeps_the_placeholder_names():
    ko = Catalog("ko")
    assert ko.t("event.delete", who="web", place="쓰기 가능 레이어", path="/etc/motd") == \
        "web: 쓰기 가능 레이어에서 /etc/motd를 삭제했다."
    assert ko.t("event.delete", who="web", place="쓰기 가능 레이어", path="/srv/www/old.html").endswith(
        "/srv/www/old.html을 삭제했다.")
    assert "{to:으로}" in ko.text("event.rename") and placeholders(ko.text("event.rename")) == \
        placeholders(Catalog("en").text("event.rename"))
    assert ko.t("event.rename", who="web", place="호스트", path="/a", to="/b.html").endswith("/b.html로 바꿨다.")
    assert ko.t("event.rename", who="web", place="호스트", path="/a", to="/b.txt").endswith("/b.txt로 바꿨다.")
    assert ko.t("event.rename", who="web", place="호스트", path="/a", to="/shop").endswith("/shop으로 바꿨다.")


def test_no_korean_message_writes_both_forms():
    ko = Catalog("ko").messages
    both = [k for k, v in ko.items() if any(p in v for p in ("을(를)", "를(을)", "이(가)", "은(는)", "와(과)",
                                                                "과(와)", "(으)로"))]
    assert not both
