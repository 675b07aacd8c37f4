"""The edges of councils/services/probabilities.py, before its mutation run:
probabilities_request (at least one run, 0 refused and 1 taken; a draw not
run refused with nothing written; when it was asked; the task scheduled after
commit only, with the draw and the runs, and a failing broker not undoing
the request), probabilities_estimate (a draw missing, not run or deleted
meanwhile gives None; what it stores, sorted by public id, from the engine
called with the draw's published inputs), probability_summary (every key's
value on a small hand-made draw, the margin without runs, the 1 % line
strictly below), probabilities_pending (each order of asked and answered)
and a request asked again while a task runs (each task answers its own
request; an older one ending last replaces nothing)."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone

from councils import services
from councils.models import Draw
from councils.services import engine, probabilities
from tests.refusals import refusals

from .conftest import announce, make_pool

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]

AT = dt.datetime(2027, 3, 1, 9, 30, tzinfo=dt.UTC)
RUNS_REFUSED = [(None, "The estimate needs at least one run.", "runs")]
NOT_RUN = [(None, "This draw has not been run yet.", "not_run")]


@pytest.fixture
def drawn(council, residents):
    make_pool(council, 12)
    return services.draw_run(draw=announce(residents, seats=2, quotas={}))


@pytest.fixture
def announced(residents):
    return announce(residents, seats=2, quotas={})


@pytest.fixture
def done(residents):
    """A draw marked as run by hand: the inputs the engine is called with."""
    draw = announce(residents, seats=2, quotas={"gender": {"woman": [1, 2], "man": [0, 2]}})
    Draw.objects.filter(pk=draw.pk).update(
        status=Draw.Status.DONE, result=["C-02", "C-10"],
        pool=[["C-02", {"gender": "woman"}], ["C-1", {"gender": "man"}],
              ["C-10", {"gender": "woman"}]])
    return Draw.objects.get(pk=draw.pk)


@pytest.fixture
def delays(monkeypatch):
    """The task's delay(), recorded instead of sent."""
    calls = []
    monkeypatch.setattr(probabilities, "estimate_probabilities",
                        SimpleNamespace(delay=lambda *args: calls.append(args)))
    return calls


@pytest.fixture
def engine_calls(monkeypatch):
    """The engine, answering by hand (out of public id order) and recording
    what it is asked."""
    calls = []

    def selection_probabilities(pool, quotas, seats, seed, runs):
        calls.append((pool, quotas, seats, seed, runs))
        return {"runs": runs, "by_candidate": {"C-10": 0.5, "C-02": 0.875, "C-1": 0.625},
                "by_category": {}}

    monkeypatch.setattr(engine, "selection_probabilities", selection_probabilities)
    return calls


def stored(draw):
    return Draw.objects.get(pk=draw.pk)


# probabilities_request ------------------------------------------------------------------

@pytest.mark.parametrize("runs", [0, -1])
def test_fewer_than_one_run_is_refused_before_any_query(
        drawn, runs, delays, django_assert_num_queries, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with django_assert_num_queries(0):
            assert refusals(lambda: services.probabilities_request(
                draw=drawn, runs=runs, now=AT)) == RUNS_REFUSED
    assert (callbacks, delays) == ([], [])
    assert stored(drawn).probabilities_asked_at is None


def test_one_run_is_enough(drawn, delays, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.probabilities_request(draw=drawn, runs=1, now=AT)
    assert delays == [(drawn.pk, 1, AT.isoformat())]
    assert stored(drawn).probabilities_asked_at == AT


def test_a_draw_not_run_is_refused_and_nothing_is_written(
        announced, delays, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert refusals(lambda: services.probabilities_request(
            draw=announced, runs=5, now=AT)) == NOT_RUN
    assert (callbacks, delays) == ([], [])
    assert stored(announced).probabilities_asked_at is None


def test_a_request_writes_when_it_was_asked_and_schedules_the_task_after_commit(
        drawn, delays, django_assert_num_queries, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        # A savepoint and its release, the lock, the UPDATE.
        with django_assert_num_queries(4):
            returned = services.probabilities_request(draw=drawn, runs=7, now=AT)
    assert delays == []  # not before the commit
    assert returned.probabilities_asked_at == AT
    assert stored(drawn).probabilities_asked_at == AT
    assert (stored(drawn).probabilities, stored(drawn).probabilities_at) == ([], None)
    assert len(callbacks) == 1
    callbacks[0]()
    assert delays == [(drawn.pk, 7, AT.isoformat())]  # the request it answers


def test_a_request_without_a_time_is_stamped_now_with_the_default_runs(
        drawn, delays, django_capture_on_commit_callbacks):
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        returned = services.probabilities_request(draw=drawn)
    asked = stored(drawn).probabilities_asked_at
    assert before <= asked <= timezone.now() and returned.probabilities_asked_at == asked
    assert probabilities.PROBABILITY_RUNS == 1000
    assert delays == [(drawn.pk, 1000, asked.isoformat())]


def test_asking_again_moves_the_time_and_schedules_again(
        drawn, delays, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.probabilities_request(draw=drawn, runs=3, now=AT)
    later = AT + dt.timedelta(minutes=5)
    with django_capture_on_commit_callbacks(execute=True):
        services.probabilities_request(draw=drawn, runs=4, now=later)
    assert stored(drawn).probabilities_asked_at == later
    assert delays == [(drawn.pk, 3, AT.isoformat()), (drawn.pk, 4, later.isoformat())]


def test_a_broker_that_fails_does_not_undo_the_request(
        drawn, monkeypatch, django_capture_on_commit_callbacks):
    def unreachable(*args):
        raise ConnectionError("no broker")

    monkeypatch.setattr(probabilities, "estimate_probabilities",
                        SimpleNamespace(delay=unreachable))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:  # robust: logged
        services.probabilities_request(draw=drawn, runs=2, now=AT)
    assert len(callbacks) == 1
    assert stored(drawn).probabilities_asked_at == AT


# probabilities_estimate -----------------------------------------------------------------

def test_a_missing_draw_is_not_estimated(engine_calls):
    assert services.probabilities_estimate(draw_id=987654, runs=3, now=AT) is None
    assert engine_calls == []


def test_a_draw_not_run_is_not_estimated_and_stays_as_it_was(announced, engine_calls):
    assert services.probabilities_estimate(draw_id=announced.pk, runs=3, now=AT) is None
    assert engine_calls == []
    draw = stored(announced)
    assert (draw.probabilities, draw.probability_runs, draw.probabilities_at) == ([], None, None)


def test_the_estimate_is_stored_by_public_id_with_its_runs_and_time(done, engine_calls):
    estimated = services.probabilities_estimate(draw_id=done.pk, runs=9, now=AT)
    assert engine_calls == [(done.pool, done.quotas, 2, done.seed, 9)]
    assert done.seed == "12 23 34 45 50"
    expected = [["C-02", 0.875], ["C-1", 0.625], ["C-10", 0.5]]
    draw = stored(done)
    assert (draw.probabilities, draw.probability_runs, draw.probabilities_at) == (
        expected, 9, AT)
    assert (estimated.pk, estimated.probabilities, estimated.probability_runs,
            estimated.probabilities_at) == (done.pk, expected, 9, AT)
    assert draw.probabilities_asked_at is None  # the request's, not the estimate's
    assert draw.probabilities_answer is None  # no request to answer


def test_an_estimate_without_runs_or_time_takes_the_defaults(done, engine_calls):
    before = timezone.now()
    estimated = services.probabilities_estimate(draw_id=done.pk)
    assert [call[-1] for call in engine_calls] == [1000]
    assert estimated.probability_runs == 1000
    assert before <= stored(done).probabilities_at <= timezone.now()


def test_an_estimate_is_the_asked_draws_not_another_run_one(done, residents, engine_calls):
    other = announce(residents, seats=1, quotas={})
    Draw.objects.filter(pk=other.pk).update(status=Draw.Status.DONE, result=["C-9"],
                                            pool=[["C-9", {}]])
    # Each asked in turn, whichever a query without the draw's id would come to first.
    services.probabilities_estimate(draw_id=other.pk, runs=3)
    services.probabilities_estimate(draw_id=done.pk, runs=4)
    assert [call[2] for call in engine_calls] == [1, 2]  # each draw's own seats
    assert (stored(other).probability_runs, stored(done).probability_runs) == (3, 4)


def test_a_draw_deleted_during_the_runs_gives_none(done, monkeypatch):
    def deleting(pool, quotas, seats, seed, runs):
        Draw.objects.filter(pk=done.pk).delete()
        return {"runs": runs, "by_candidate": {"C-1": 1.0}, "by_category": {}}

    monkeypatch.setattr(engine, "selection_probabilities", deleting)
    assert services.probabilities_estimate(draw_id=done.pk, runs=2, now=AT) is None
    assert not Draw.objects.filter(pk=done.pk).exists()


# probability_summary --------------------------------------------------------------------

def hand_made(probabilities, *, runs=400, seats=1, result=("C-3",)):
    return Draw(seats=seats, result=list(result), probabilities=probabilities,
                probability_runs=runs, probabilities_at=AT)


# One seat among four: 0.0099 is just below the 1 % line, 0.01 is on it.
FOUR = [["C-1", 0.0099], ["C-2", 0.01], ["C-3", 0.6501], ["C-4", 0.33]]


def test_before_any_estimate_there_is_no_summary():
    assert services.probability_summary(hand_made([])) is None


def test_each_figure_of_the_summary():
    summary = services.probability_summary(hand_made(FOUR))
    assert set(summary) == {"runs", "at", "count", "margin", "min", "median", "max",
                            "uniform", "low", "low_percent", "rows"}
    assert (summary["runs"], summary["at"], summary["count"]) == (400, AT, 4)
    assert summary["margin"] == 5.0  # 100 / sqrt(400)
    assert summary["min"] == pytest.approx(0.99, abs=1e-9)
    assert summary["median"] == pytest.approx(17.0, abs=1e-9)  # (0.01 + 0.33) / 2
    assert summary["max"] == pytest.approx(65.01, abs=1e-9)
    assert summary["uniform"] == 25.0  # 100 × 1 seat / 4
    assert (summary["low"], summary["low_percent"]) == (1, 1.0)
    assert summary["rows"] == [  # the stored order, each flagged when drawn
        {"public_id": "C-1", "percent": pytest.approx(0.99), "drawn": False},
        {"public_id": "C-2", "percent": pytest.approx(1.0), "drawn": False},
        {"public_id": "C-3", "percent": pytest.approx(65.01), "drawn": True},
        {"public_id": "C-4", "percent": pytest.approx(33.0), "drawn": False},
    ]


def test_the_median_of_an_odd_count_is_its_middle_chance_and_uniform_follows_the_seats():
    summary = services.probability_summary(hand_made(
        [["A", 0.2], ["B", 0.9], ["C", 0.4]], seats=2, result=["A", "B"]))
    assert summary["median"] == pytest.approx(40.0)
    assert summary["uniform"] == pytest.approx(200 / 3)
    assert summary["count"] == 3
    assert [row["drawn"] for row in summary["rows"]] == [True, True, False]


@pytest.mark.parametrize(("chances", "low"), [
    ([0.01, 0.01], 0),  # on the line: not below
    ([0.00999999, 0.01], 1),  # just below
    ([0.0, 0.001, 0.5], 2),
    ([0.02, 0.5], 0),
])
def test_low_counts_the_chances_strictly_below_one_percent(chances, low):
    assert probabilities.LOW_PROBABILITY == 0.01
    draw = hand_made([[f"C-{n}", chance] for n, chance in enumerate(chances)])
    assert services.probability_summary(draw)["low"] == low


@pytest.mark.parametrize(("runs", "margin"), [
    (None, 100.0), (0, 100.0), (1, 100.0), (4, 50.0), (100, 10.0), (10000, 1.0)])
def test_the_margin_is_100_over_the_root_of_the_runs(runs, margin):
    summary = services.probability_summary(hand_made(FOUR, runs=runs))
    assert summary["margin"] == pytest.approx(margin, abs=1e-12)
    assert summary["runs"] == runs


# probabilities_pending -----------------------------------------------------------------

LATER = AT + dt.timedelta(seconds=1)


@pytest.mark.parametrize(("asked", "answered", "pending"), [
    (None, None, False),  # never asked
    (None, AT, False),  # an answer, the request since forgotten
    (AT, None, True),  # asked, nothing stored yet
    (LATER, AT, True),  # asked again: the stored estimate answers the earlier request
    (AT, AT, False),  # the stored estimate answers the last request
    (AT, LATER, False),  # it answers a later one
])
def test_an_estimate_is_pending_until_one_answers_the_last_request(asked, answered, pending):
    # When it was computed does not matter: a task of an earlier request may end last.
    draw = Draw(probabilities_asked_at=asked, probabilities_answer=answered,
                probabilities_at=LATER + dt.timedelta(hours=1))
    assert services.probabilities_pending(draw) is pending


# Asked twice while a task runs ------------------------------------------------------------


def ask(draw, runs, at, delays, capture):
    with capture(execute=True):
        services.probabilities_request(draw=draw, runs=runs, now=at)
    return delays[-1]


def run(task_arguments):
    """What the worker does with the task's message: its body, in this process."""
    from councils.tasks import estimate_probabilities

    return estimate_probabilities.run(*task_arguments)


def test_the_first_requests_estimate_ending_after_a_second_request_leaves_it_pending(
        drawn, delays, django_capture_on_commit_callbacks):
    first = ask(drawn, 3, AT, delays, django_capture_on_commit_callbacks)
    second = ask(drawn, 5, LATER, delays, django_capture_on_commit_callbacks)

    assert run(first) is True
    draw = stored(drawn)
    assert (draw.probability_runs, draw.probabilities_answer) == (3, AT)
    assert services.probabilities_pending(draw)  # the report waits for the 5 runs

    assert run(second) is True
    draw = stored(drawn)
    assert (draw.probability_runs, draw.probabilities_answer) == (5, LATER)
    assert not services.probabilities_pending(draw)


def test_an_earlier_requests_estimate_ending_last_never_replaces_the_later_one(
        drawn, delays, django_capture_on_commit_callbacks):
    first = ask(drawn, 3, AT, delays, django_capture_on_commit_callbacks)
    second = ask(drawn, 5, LATER, delays, django_capture_on_commit_callbacks)
    assert run(second) is True

    assert run(first) is False
    draw = stored(drawn)
    assert (draw.probability_runs, draw.probabilities_answer) == (5, LATER)
    assert not services.probabilities_pending(draw)


def test_the_same_request_answered_twice_stores_the_last_figures(done, engine_calls):
    services.probabilities_estimate(draw_id=done.pk, runs=3, asked_at=AT)
    assert services.probabilities_estimate(draw_id=done.pk, runs=4, asked_at=AT) is not None
    assert stored(done).probability_runs == 4


def test_a_message_queued_before_it_named_its_request_answers_the_standing_one(
        drawn, delays, django_capture_on_commit_callbacks):
    """A message sent by the code before this change carries no request time."""
    ask(drawn, 3, AT, delays, django_capture_on_commit_callbacks)

    assert run((drawn.pk, 3)) is True
    draw = stored(drawn)
    assert (draw.probability_runs, draw.probabilities_answer) == (3, AT)
    assert not services.probabilities_pending(draw)


def test_estimates_stored_before_the_change_stay_answered(residents):
    """The migration: an estimate stored after its request answered it; one
    asked since is still awaited."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("councils.migrations.0007_draw_probabilities_answer")
    cases = {"answered": (AT, LATER, AT), "at the same time": (AT, AT, AT),
             "asked since": (LATER, AT, None), "never asked": (None, AT, None),
             "never estimated": (AT, None, None)}
    draws = {}
    for name, (asked, at, _answer) in cases.items():
        draw = announce(residents, seats=1, quotas={})
        Draw.objects.filter(pk=draw.pk).update(probabilities_asked_at=asked, probabilities_at=at)
        draws[name] = draw

    migration.answered_before(apps, None)

    assert {name: stored(draw).probabilities_answer for name, draw in draws.items()} == {
        name: answer for name, (_asked, _at, answer) in cases.items()}
