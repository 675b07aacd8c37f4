"""The draw from published inputs (councils/services/engine.py): no database.

Each refusal has a test at its boundary: the value just accepted and the
value just refused, so moving a check by one fails here."""

import random
import threading

import pytest
from django.core.exceptions import ValidationError

from councils.services import engine

CATEGORIES = {"gender": ["woman", "man", "other"], "age": ["young", "middle", "old"],
              "area": ["N", "C", "S"]}


def generated_pool(size, seed=1):
    rng = random.Random(seed)
    return [[f"P{n:04d}", {key: rng.choice(values) for key, values in CATEGORIES.items()}]
            for n in range(size)]


def quotas(seats, **given):
    base = {key: {c: [0, seats] for c in values} for key, values in CATEGORIES.items()}
    for key, categories in given.items():
        base[key].update(categories)
    return base


QUOTAS = quotas(8, gender={"woman": [3, 4], "man": [3, 4], "other": [0, 1]},
                age={"young": [2, 3], "old": [2, 3]}, area={"N": [2, 3], "C": [2, 3], "S": [2, 3]})


LABELS = {"gender": "Gender", "age": "Age band", "area": "Sub-area"}


def refusal(callable_, *args, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        callable_(*args, **kwargs)
    return caught.value


def test_same_inputs_same_panel_and_the_seed_decides():
    pool = generated_pool(80)
    first = engine.draw(pool, QUOTAS, 8, "7 14 21 28 35")
    assert len(first) == 8 and first == sorted(first)
    for _ in range(3):
        assert engine.draw(pool, QUOTAS, 8, "7 14 21 28 35") == first
    # The pool's order as given does not matter: it is sorted by id.
    assert engine.draw(list(reversed(pool)), QUOTAS, 8, "7 14 21 28 35") == first
    # Surrounding spaces of the seed are not part of it.
    assert engine.draw(pool, QUOTAS, 8, "  7 14 21 28 35\n") == first
    others = {tuple(engine.draw(pool, QUOTAS, 8, f"seed {n}")) for n in range(5)}
    assert len(others) > 1 and tuple(first) not in others


def test_the_order_of_keys_in_the_published_inputs_does_not_matter():
    # PostgreSQL's jsonb gives keys back in its own order (shorter first), a
    # citizen's JSON tool in another: the same inputs must give the same panel.
    pool = generated_pool(80)
    first = engine.draw(pool, QUOTAS, 8, "7 14 21 28 35")
    reordered_quotas = {key: dict(reversed(list(QUOTAS[key].items())))
                        for key in reversed(list(QUOTAS))}
    reordered_pool = [[pid, dict(reversed(list(values.items())))] for pid, values in pool]
    assert engine.draw(reordered_pool, reordered_quotas, 8, "7 14 21 28 35") == first


def test_other_threads_drawing_random_numbers_do_not_change_the_panel():
    # A web server runs other requests in threads while a draw runs; the
    # package's seeded source is the process-wide `random` module, which any
    # of them may use. The draw must not share it.
    pool = generated_pool(300)
    expected = engine.draw(pool, QUOTAS, 8, "7 14 21 28 35")
    stop = threading.Event()

    def noise():
        while not stop.is_set():
            random.random()

    threads = [threading.Thread(target=noise) for _ in range(2)]
    for thread in threads:
        thread.start()
    try:
        results = {tuple(engine.draw(pool, QUOTAS, 8, "7 14 21 28 35")) for _ in range(20)}
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    assert results == {tuple(expected)}


def test_the_draw_leaves_the_process_random_state_as_it_was():
    random.seed(99)
    expected = random.random()
    random.seed(99)
    engine.draw(generated_pool(40), QUOTAS, 8, "x")
    assert random.random() == expected


def test_seed_number_is_the_sha256_prefix_and_never_zero():
    assert engine.seed_number("12 23 34") == int(
        __import__("hashlib").sha256(b"12 23 34").hexdigest()[:15], 16) % (2**31 - 1)
    assert engine.seed_number(" a ") == engine.seed_number("a")
    assert all(engine.seed_number(str(n)) > 0 for n in range(200))


def test_seats_at_least_one():
    assert refusal(engine.check_quotas, quotas(0), 0).code == "no_seats"
    engine.check_quotas(quotas(1), 1)


def test_a_minimum_above_the_seats_is_refused_naming_the_quota():
    error = refusal(engine.check_quotas, quotas(4, gender={"woman": [5, 5]}), 4,
                    labels={"gender": "Genre"})
    assert error.code == "min_over_seats" and "Genre: woman" in error.messages[0]
    engine.check_quotas(quotas(4, gender={"woman": [4, 4]}), 4)


def test_min_above_max_and_negative_are_refused():
    assert refusal(engine.check_quotas, quotas(8, age={"old": [3, 2]}), 8).code == "min_over_max"
    engine.check_quotas(quotas(8, age={"old": [3, 3]}), 8)
    assert refusal(engine.check_quotas, quotas(8, age={"old": [-1, 2]}), 8).code == "negative"
    assert refusal(engine.check_quotas, quotas(8, age={"old": [0, -1]}), 8).code == "negative"


def test_minimums_of_a_characteristic_cannot_add_up_past_the_seats():
    over = quotas(6, area={"N": [2, 6], "C": [2, 6], "S": [3, 6]})
    error = refusal(engine.check_quotas, over, 6, labels={"area": "Secteur"})
    assert error.code == "mins_over_seats" and "Secteur" in error.messages[0]
    engine.check_quotas(quotas(6, area={"N": [2, 6], "C": [2, 6], "S": [2, 6]}), 6)


def test_maximums_of_a_characteristic_must_reach_the_seats():
    under = quotas(6, area={"N": [0, 2], "C": [0, 2], "S": [0, 1]})
    assert refusal(engine.check_quotas, under, 6).code == "maxes_under_seats"
    engine.check_quotas(quotas(6, area={"N": [0, 2], "C": [0, 2], "S": [0, 2]}), 6)


def test_a_pool_smaller_than_the_seats_is_refused():
    assert refusal(engine.check_pool, generated_pool(4), quotas(5), 5).code == "pool_too_small"
    engine.check_pool(generated_pool(5), quotas(5), 5)


def test_a_quota_the_pool_cannot_fill_is_named():
    pool = [[f"P{n}", {"gender": "woman" if n < 2 else "man", "age": "young", "area": "N"}]
            for n in range(10)]
    error = refusal(engine.check_pool, pool, quotas(4, gender={"woman": [3, 4]}), 4,
                    labels={"gender": "Genre"})
    assert error.code == "quota_unmet"
    assert "Genre: woman" in error.messages[0] and "2" in error.messages[0]
    engine.check_pool(pool, quotas(4, gender={"woman": [2, 4]}), 4)
    assert refusal(engine.draw, pool, quotas(4, gender={"woman": [3, 4]}), 4, "s").code == (
        "quota_unmet")


def test_quotas_that_cannot_be_met_together_are_refused_with_a_category():
    # Two old women and two young men: 2 women and 2 young people in 2 seats is impossible.
    pool = [["W1", {"gender": "woman", "age": "old", "area": "N"}],
            ["W2", {"gender": "woman", "age": "old", "area": "N"}],
            ["M1", {"gender": "man", "age": "young", "area": "N"}],
            ["M2", {"gender": "man", "age": "young", "area": "N"}]]
    q = quotas(2, gender={"woman": [2, 2]}, age={"young": [2, 2]})
    error = refusal(engine.draw, pool, q, 2, "seed")
    assert error.code == "infeasible"
    assert "nothing was drawn" in error.messages[0]


def test_the_category_the_draw_ran_out_of_is_named_with_its_label():
    # Two men wanted, every seat middle-aged: one middle-aged man in the pool.
    pool = [["A", {"gender": "woman", "age": "middle", "area": "N"}],
            ["B", {"gender": "man", "age": "young", "area": "N"}],
            ["C", {"gender": "woman", "age": "young", "area": "N"}],
            ["D", {"gender": "woman", "age": "middle", "area": "N"}],
            ["E", {"gender": "man", "age": "middle", "area": "N"}]]
    q = quotas(2, gender={"woman": [0, 0], "man": [2, 2], "other": [0, 0]},
               age={"young": [0, 0], "middle": [1, 2], "old": [0, 0]})
    from django.utils import translation

    with translation.override("en"):
        for seed in ("a", "b", "c"):
            assert refusal(engine.draw, pool, q, 2, seed, labels=LABELS).messages == [
                ("The quotas cannot all be met together: not enough candidates left in "
                 "“Gender: man”. Loosen that quota or widen the pool; nothing was drawn.")]
        # Without labels, the characteristic's key.
        assert "“gender: man”" in refusal(engine.draw, pool, q, 2, "a").messages[0]
    assert refusal(engine.draw, pool, q, 2, "a").code == "infeasible"


def test_quotas_are_met_in_a_thousand_draws():
    """Statistical: 1,000 draws (seeds 0..999) of a generated pool of 60
    under tight quotas; every panel meets every quota and has the seats."""
    pool = generated_pool(60, seed=3)
    q = quotas(8, gender={"woman": [3, 4], "man": [3, 4], "other": [0, 1]},
               age={"young": [2, 3], "middle": [2, 4], "old": [2, 3]},
               area={"N": [2, 3], "C": [2, 3], "S": [2, 3]})
    seen = set()
    for n in range(1000):
        panel = engine.draw(pool, q, 8, f"seed-{n}")
        assert len(set(panel)) == 8
        counts = engine.composition(panel, pool)
        for key, categories in q.items():
            for category, (low, high) in categories.items():
                assert low <= counts[key][category] <= high, (n, key, category)
        seen.update(panel)
    # Not always the same people: most of the pool is drawn at least once.
    assert len(seen) > 40



@pytest.mark.parametrize(("call", "message"), [
    (lambda: engine.check_quotas(quotas(0), 0, labels=LABELS), "Draw at least one seat."),
    (lambda: engine.check_quotas(quotas(8, age={"old": [-1, 2]}), 8, labels=LABELS),
     "The quota “Age band: old” cannot be negative."),
    (lambda: engine.check_quotas(quotas(4, gender={"woman": [5, 5]}), 4, labels=LABELS),
     "The quota “Gender: woman” asks for at least 5 people, more than the 4 seats drawn."),
    (lambda: engine.check_quotas(quotas(8, age={"old": [3, 2]}), 8, labels=LABELS),
     "The quota “Age band: old” asks for at least 3 but at most 2."),
    (lambda: engine.check_quotas(quotas(6, area={"N": [2, 6], "C": [2, 6], "S": [3, 6]}), 6,
                                 labels=LABELS),
     "The minimums of “Sub-area” add up to 7, more than the 6 seats drawn."),
    (lambda: engine.check_quotas(quotas(6, area={"N": [0, 2], "C": [0, 2], "S": [0, 1]}), 6,
                                 labels=LABELS),
     "The maximums of “Sub-area” add up to 5, fewer than the 6 seats drawn."),
    (lambda: engine.check_pool(generated_pool(4), quotas(5), 5, labels=LABELS),
     "The pool holds 4 candidates, fewer than the 5 seats drawn."),
    (lambda: engine.check_pool(
        [[f"P{n}", {"gender": "woman" if n < 2 else "man", "age": "young", "area": "N"}]
         for n in range(10)], quotas(4, gender={"woman": [3, 4]}), 4, labels=LABELS),
     ("The quota “Gender: woman” cannot be met: it asks for at least 3 people and the pool "
      "holds 2.")),
    (lambda: engine.draw(
        [["W1", {"gender": "woman", "age": "old", "area": "N"}],
         ["W2", {"gender": "woman", "age": "old", "area": "N"}],
         ["M1", {"gender": "man", "age": "young", "area": "N"}],
         ["M2", {"gender": "man", "age": "young", "area": "N"}]],
        quotas(2, gender={"woman": [2, 2]}, age={"young": [2, 2]}), 2, "seed", labels=LABELS),
     None),
])
def test_each_refusal_says_what_to_change_in_words(call, message):
    from django.utils import translation

    with translation.override("en"):
        error = refusal(call)
    if message is None:
        # The package says no more than "impossible" here; the named variant
        # comes when it reports the category it ran out of (the test above).
        assert error.messages[0] in {
            "The quotas cannot all be met together with this pool; nothing was drawn.",
            *("The quotas cannot all be met together: not enough candidates left in "
              f"“{name}”. Loosen that quota or widen the pool; nothing was drawn."
              for name in ("Gender: woman", "Gender: man", "Age band: young", "Age band: old")),
        }
    else:
        assert error.messages == [message]
