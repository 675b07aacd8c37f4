"""The instruction time on the board (issue #19: "measured per application
and shown on a dashboard, median and slowest"): each application's time from
submission to decision (to now, marked as running, while not decided), its
time to completeness, and over the decided ones only the median and the
slowest, named. Exact figures, pinned."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from calls import selectors, services
from calls.models import Application

from .conftest import complete

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
NOW = T0 + dt.timedelta(days=40)


@pytest.fixture
def make(call, lead):
    """An application received at T0 + `offset` days, decided `days` after
    (None: not decided), declared complete `complete_after` days after."""
    def make(title, days, *, offset=0, complete_after=None):
        application = services.application_start(call=call, organisation=lead[0],
                                                  user=lead[1], title=title)
        complete(application, lead[1])
        services.application_submit(application=application, user=lead[1])
        submitted_at = T0 + dt.timedelta(days=offset)
        fields = {"submitted_at": submitted_at}
        if complete_after is not None:
            fields.update(status=Application.Status.COMPLETE,
                          completed_at=submitted_at + dt.timedelta(days=complete_after))
        if days is not None:
            fields.update(status=Application.Status.DECIDED, decision="not_funded",
                          decided_at=submitted_at + days)
        Application.objects.filter(pk=application.pk).update(**fields)
        return application
    return make


def _days(n, **extra):
    return dt.timedelta(days=n, **extra)


def _rows(call):
    return {r.application.title: r for r in selectors.board(call, now=NOW)["rows"]}


def test_three_decided_in_2_5_and_9_days_median_5_slowest_9_named(call, make):
    make("A", _days(2))
    make("B", _days(9), offset=1)
    make("C", _days(5), offset=2)
    board = selectors.board(call, now=NOW)
    assert board["median_days"] == 5
    assert board["slowest_days"] == 9
    assert board["slowest"].title == "B"
    assert {t: r.instruction_days for t, r in _rows(call).items()} == {"A": 2, "B": 9, "C": 5}
    assert not any(r.running for r in board["rows"])


def test_an_even_count_takes_the_mean_of_the_two_middle_ones(call, make):
    for title, days in (("A", 2), ("B", 5), ("C", 6), ("D", 9)):
        make(title, _days(days))
    board = selectors.board(call, now=NOW)
    assert board["median_days"] == 5.5 and board["slowest_days"] == 9


def test_undecided_applications_run_until_now_and_are_not_in_the_median(call, make):
    make("A", _days(2))
    make("B", _days(4))
    make("Long", None)  # received at T0, 40 days ago
    board = selectors.board(call, now=NOW)
    assert board["median_days"] == 3 and board["slowest_days"] == 4
    assert board["slowest"].title == "B"
    running = _rows(call)["Long"]
    assert running.running and running.instruction_days == 40


def test_no_decided_application_no_median(call, make):
    make("A", None)
    board = selectors.board(call, now=NOW)
    assert board["median_days"] is None and board["slowest_days"] is None
    assert board["slowest"] is None


def test_time_to_completeness_per_application(call, make):
    make("Vite", _days(6), complete_after=1.5)
    make("Reçu", None)
    rows = _rows(call)
    assert rows["Vite"].completeness_days == 1.5
    assert rows["Reçu"].completeness_days is None


def test_the_board_shows_each_figure_to_one_decimal(client, call, agent, make):
    make("A", _days(2))
    make("B", _days(9), complete_after=3)
    make("C", _days(5))
    # Twelve minutes are 0.05 day: rounded up to 0.1; one second less, down.
    make("Up", _days(1, hours=1, minutes=12))
    make("Down", _days(1, hours=1, minutes=11, seconds=59))
    make("Prêt", None, complete_after=1)
    running = make("En cours", None)
    Application.objects.filter(pk=running.pk).update(
        submitted_at=timezone.now() - _days(3, hours=12))
    client.force_login(agent)
    response = client.get(reverse("calls:board", args=[call.slug]))
    content = response.content.decode()
    # Decided: 1.0417 (Down), 1.05 (Up), 2, 5, 9: median 2.
    assert ("median 2.0 days, slowest 9.0 days (“B”)") in content

    def cells(title):
        row = content.split(f">{title}</a></th>")[1].split("</tr>")[0]
        instruction = row.split('class="instruction">')[1].split("</td>")[0].strip()
        completeness = row.split('class="completeness">')[1].split("</td>")[0].strip()
        return instruction, completeness

    assert cells("A") == ("2.0", "—")
    assert cells("B") == ("9.0", "3.0")
    assert cells("Up") == ("1.1", "—")
    assert cells("Down") == ("1.0", "—")
    assert cells("En cours") == ("3.5 (running)", "—")
    ready = content.split(">Prêt</a></th>")[1].split("</tr>")[0]
    assert ">Complete</td>" in ready
    assert cells("Prêt")[0].endswith("(running)") and cells("Prêt")[1] == "1.0"
