"""The draw engine's edges (councils/services/engine.py) that test_engine.py
leaves open: the private random source is the package's own sequence, a
failed greedy attempt is retried, the generic refusal, a quota of at most 0,
labels reaching every refusal (and the key when there is none), the quotas
filled in for the categories without one, the probabilities' run count.
No database."""

import random

import pytest
from django.utils import translation

from councils.services import engine
from tests.refusals import refusals

from .test_engine import LABELS, quotas


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


def person(pid, gender, age, area):
    return [pid, {"gender": gender, "age": age, "area": area}]


def test_the_private_source_draws_the_same_numbers_as_the_packages_seeded_one():
    from sortition_algorithms.utils import GenRandom

    state = random.getstate()
    try:
        theirs = GenRandom(12345)  # seeds the process-wide generator
        expected = [theirs.uniform(0.0, 1.0), theirs.randbelow(1000), theirs.randint(),
                    theirs.choice(["a", "b", "c", "d"]), theirs.uniform(0.99, 1.0)]
    finally:
        random.setstate(state)
    ours = engine._private_source(12345)
    assert [ours.uniform(0.0, 1.0), ours.randbelow(1000), ours.randint(),
            ours.choice(["a", "b", "c", "d"]), ours.uniform(0.99, 1.0)] == expected


# Two seats: one old person, both from the centre. Three of the four people of
# the centre are middle-aged: the greedy algorithm's first attempt with this
# seed takes the old person of the north, misses the centre's quota, and only
# a retry finds the panel.
RETRY_POOL = [
    person("P0", "man", "middle", "C"), person("P1", "other", "middle", "S"),
    person("P2", "man", "middle", "N"), person("P3", "other", "middle", "C"),
    person("P4", "man", "old", "N"), person("P5", "other", "young", "N"),
    person("P6", "man", "middle", "C"), person("P7", "other", "young", "S"),
    person("P8", "other", "old", "C"),
]
RETRY_QUOTAS = quotas(2, age={"old": [1, 1]}, area={"C": [2, 2]})


def test_an_attempt_that_misses_a_quota_is_retried(monkeypatch):
    panel = engine.draw(RETRY_POOL, RETRY_QUOTAS, 2, "seed")
    assert "P8" in panel and len(panel) == 2
    assert engine.composition(panel, RETRY_POOL)["area"]["C"] == 2
    # The same draw with a single attempt fails: the retry is what found it.
    monkeypatch.setattr(engine, "MAX_ATTEMPTS", 1)
    assert refusals(lambda: engine.draw(RETRY_POOL, RETRY_QUOTAS, 2, "seed")) == [(None, (
        "The quotas cannot all be met together with this pool; nothing was drawn."),
        "infeasible")]


def test_quotas_no_panel_can_meet_are_refused_in_general_words():
    # Two seats, both young, one from the north: the one northerner is old.
    pool = [person("P0", "man", "old", "C"), person("P1", "other", "old", "S"),
            person("P2", "other", "young", "C"), person("P3", "woman", "old", "N"),
            person("P4", "woman", "young", "C"), person("P5", "man", "young", "C")]
    assert refusals(lambda: engine.draw(
        pool, quotas(2, age={"young": [2, 2]}, area={"N": [1, 1]}), 2, "seed",
        labels=LABELS)) == [
        (None, "The quotas cannot all be met together with this pool; nothing was drawn.",
         "infeasible")]


def test_a_category_may_be_capped_at_zero():
    q = quotas(2, gender={"other": [0, 0]})
    engine.check_quotas(q, 2)
    pool = [person("A", "woman", "old", "N"), person("B", "man", "old", "N"),
            person("C", "other", "old", "N")]
    assert engine.draw(pool, q, 2, "seed") == ["A", "B"]


@pytest.mark.parametrize(("call", "message", "code"), [
    (lambda: engine.check_quotas(quotas(6, area={"N": [2, 6], "C": [2, 6], "S": [3, 6]}), 6),
     "The minimums of “area” add up to 7, more than the 6 seats drawn.", "mins_over_seats"),
    (lambda: engine.check_quotas(quotas(6, area={"N": [0, 2], "C": [0, 2], "S": [0, 1]}), 6),
     "The maximums of “area” add up to 5, fewer than the 6 seats drawn.", "maxes_under_seats"),
    (lambda: engine.check_quotas(quotas(8, age={"old": [3, 2]}), 8),
     "The quota “age: old” asks for at least 3 but at most 2.", "min_over_max"),
])
def test_without_labels_a_refusal_names_the_characteristics_key(call, message, code):
    assert refusals(call) == [(None, message, code)]


@pytest.mark.parametrize(("pool", "q", "message", "code"), [
    ([person(f"P{n}", "woman", "old", "N") for n in range(6)], quotas(4, age={"old": [5, 5]}),
     "The quota “Age band: old” asks for at least 5 people, more than the 4 seats drawn.",
     "min_over_seats"),
    ([person(f"P{n}", "woman" if n < 2 else "man", "old", "N") for n in range(6)],
     quotas(4, gender={"woman": [3, 4]}),
     "The quota “Gender: woman” cannot be met: it asks for at least 3 people and the pool holds 2.",
     "quota_unmet"),
])
def test_the_draw_checks_quotas_and_pool_with_the_labels(pool, q, message, code):
    assert refusals(lambda: engine.draw(pool, q, 4, "seed", labels=LABELS)) == [
        (None, message, code)]


def test_full_quotas_gives_every_category_without_a_quota_zero_to_all_seats():
    characteristics = [("gender", "Gender", ["woman", "man"]), ("area", "Sub-area", ["N", "S"])]
    assert engine.full_quotas(characteristics, {"gender": {"woman": ["2", "3"]}}, 5) == {
        "gender": {"woman": [2, 3], "man": [0, 5]},
        "area": {"N": [0, 5], "S": [0, 5]},
    }


def test_selection_probabilities_say_how_many_runs_they_rest_on():
    pool = [person(f"P{n}", "woman", "old", "N") for n in range(4)]
    result = engine.selection_probabilities(pool, quotas(2), 2, "seed", runs=3)
    assert result["runs"] == 3
    assert sum(result["by_candidate"].values()) == pytest.approx(2.0)
