"""The watch on other calls at its edges (calls/watch/services.py): each
refusal's field, words and code, all at once; each limit on both sides;
an edit of a call withdrawn meanwhile; who the announcement tells, once,
and when it tells nobody."""

import datetime as dt

import pytest

from calls.models import OutsideCall
from calls.watch import services
from calls.watch.selectors import today
from notifications.models import Notification
from tests.factories import UserFactory
from tests.refusals import refusals

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english", "from_noon_in_paris")]

KIND = "call_outside_posted"
HTTPS = "https://www.laregion.fr/"


def fields(**overrides) -> dict:
    data = {"title": "Fonds pour l'alimentation locale", "funder": "Région Occitanie",
            "url": HTTPS + "appel", "deadline": today() + dt.timedelta(days=30),
            "themes": ["alimentation"], "territory": ""}
    return {**data, **overrides}


@pytest.fixture
def queued(monkeypatch):
    """The pks handed to the announcement task after commit."""
    from calls.watch import services as module

    pks = []
    monkeypatch.setattr(module.announce_outside_call, "delay", pks.append)
    return pks


def post(poster, capture, **overrides):
    with capture(execute=True):
        return services.outside_call_post(poster=poster, **fields(**overrides))


@pytest.fixture
def posted(agent, django_capture_on_commit_callbacks, queued):
    return post(agent, django_capture_on_commit_callbacks)


# Every refusal, at once --------------------------------------------------------------

def test_an_empty_form_names_every_field_missing_at_once(agent, queued):
    assert refusals(lambda: services.outside_call_post(
        poster=agent, title=" ", funder=None, url="", deadline=None, themes=[" ", ""],
        territory=None)) == [
        ("deadline", "Give the call's deadline.", "required"),
        ("funder", "Say who funds this call.", "required"),
        ("themes", ("Give at least one theme: it is how the call reaches the people it "
                    "concerns."), "required"),
        ("title", "Give the call its title.", "required"),
        ("url", "Give the full address of the call's page, starting with https://.", "bad_url"),
    ]
    assert not OutsideCall.objects.exists()
    assert queued == []


def test_every_field_too_long_is_named_at_once(agent, queued):
    assert refusals(lambda: services.outside_call_post(poster=agent, **fields(
        title="x" * 201, funder="f" * 161, url=HTTPS + "a" * (501 - len(HTTPS)),
        deadline=today() - dt.timedelta(days=1), themes=["ok", "y" * 101],
        territory="t" * 161))) == [
        ("deadline", "This deadline has passed: nobody could apply any more.",
         "past_deadline"),
        ("funder", "A funder's name has 160 characters at most.", "too_long"),
        ("territory", "A territory has 160 characters at most.", "too_long"),
        ("themes", "A theme has 100 characters at most.", "too_long"),
        ("title", "A title has 200 characters at most.", "too_long"),
        ("url", "Give the full address of the call's page, starting with https://.", "bad_url"),
    ]
    assert not OutsideCall.objects.exists()


@pytest.mark.parametrize("url", ["http://www.laregion.fr/appel", "www.laregion.fr",
                                 "https://", "https://exa mple.org", None])
def test_only_a_full_https_address_is_a_link(agent, url):
    assert [(field, code) for field, _w, code in refusals(
        lambda: services.outside_call_post(poster=agent, **fields(url=url)))] == [
        ("url", "bad_url")]


def test_each_limit_itself_is_accepted(agent, django_capture_on_commit_callbacks, queued):
    url = HTTPS + "a" * (500 - len(HTTPS))
    outside = post(agent, django_capture_on_commit_callbacks, title=" " + "x" * 200 + " ",
                   funder="f" * 160, url=url, deadline=today(), themes=["y" * 100],
                   territory="t" * 160)
    stored = OutsideCall.objects.get()
    assert stored == outside
    assert (stored.title, stored.funder, stored.url, stored.deadline, stored.territory) == (
        "x" * 200, "f" * 160, url, today(), "t" * 160)
    assert list(stored.themes.names()) == ["y" * 100]
    assert queued == [stored.pk]


def test_themes_are_stripped_and_given_once(agent, django_capture_on_commit_callbacks, queued):
    outside = post(agent, django_capture_on_commit_callbacks,
                   themes=[" jardins ", "", None, 7, "jardins", "santé"])
    assert sorted(outside.themes.names()) == ["jardins", "santé"]


@pytest.mark.parametrize("title", [None, 12, ["Fonds"]])
def test_a_title_that_is_no_text_is_no_title(agent, title):
    assert refusals(lambda: services.outside_call_post(poster=agent, **fields(title=title))) == [
        ("title", "Give the call its title.", "required")]


def test_no_territory_is_an_empty_one(agent, django_capture_on_commit_callbacks, queued):
    assert post(agent, django_capture_on_commit_callbacks, territory=None).territory == ""
    assert OutsideCall.objects.get().territory == ""


@pytest.mark.django_db(transaction=True)
def test_a_broker_down_does_not_undo_the_post(agent, monkeypatch):
    """The announcement is queued after commit, robustly: a broker that
    cannot be reached is logged, the call stays posted, the poster gets no
    server error."""
    from calls.watch import services as module

    def down(pk):
        raise ConnectionError("broker unreachable")

    monkeypatch.setattr(module.announce_outside_call, "delay", down)
    outside = services.outside_call_post(poster=agent, **fields())
    assert OutsideCall.objects.get() == outside
    assert OutsideCall.objects.get().announced_at is None  # the sweep will


# The sweep: announcements whose task was lost ---------------------------------------

def test_a_call_whose_task_was_lost_is_announced_by_the_next_sweep_once(posted, concerned):
    at = posted.posted_at + services.SWEEP_GRACE
    assert services.outside_calls_announce_due(now=at - dt.timedelta(microseconds=1)) == 0
    assert OutsideCall.objects.get().announced_at is None
    assert services.outside_calls_announce_due(now=at) == 2
    assert told() == concerned
    assert services.outside_calls_announce_due(now=at + dt.timedelta(hours=1)) == 0
    assert told() == concerned


def test_the_sweep_leaves_a_call_its_own_task_announced(posted, concerned,
                                                        django_assert_num_queries):
    services.outside_call_announce(pk=posted.pk)
    with django_assert_num_queries(1):  # the calls left to announce: none, nothing claimed
        assert services.outside_calls_announce_due(
            now=posted.posted_at + dt.timedelta(hours=1)) == 0
    assert told() == concerned


def test_the_sweep_announces_every_lost_call(agent, concerned, queued,
                                             django_capture_on_commit_callbacks):
    first = post(agent, django_capture_on_commit_callbacks, title="Premier")
    second = post(agent, django_capture_on_commit_callbacks, title="Second")
    later = max(first.posted_at, second.posted_at) + services.SWEEP_GRACE
    assert services.outside_calls_announce_due(now=later) == 4
    assert OutsideCall.objects.filter(announced_at__isnull=True).count() == 0


def test_beat_sweeps_the_lost_announcements_every_quarter_of_an_hour(settings):
    from calls.tasks import announce_outside_calls

    assert settings.CELERY_BEAT_SCHEDULE["calls-announce-outside-calls"] == {
        "task": "calls.tasks.announce_outside_calls", "schedule": 900.0}
    assert announce_outside_calls.name == "calls.tasks.announce_outside_calls"


# Editing ----------------------------------------------------------------------------

def test_an_edit_changes_every_field_and_tells_nobody(posted, queued):
    queued.clear()
    services.outside_call_update(outside_call=posted, **fields(
        title="Changé", funder="Europe", url=HTTPS + "autre", deadline=today(),
        themes=["mobilité"], territory="Gers"))
    stored = OutsideCall.objects.get()
    assert (stored.title, stored.funder, stored.url, stored.deadline, stored.territory,
            list(stored.themes.names())) == (
        "Changé", "Europe", HTTPS + "autre", today(), "Gers", ["mobilité"])
    assert queued == []


def test_a_refused_edit_changes_nothing(posted):
    assert [code for _f, _w, code in refusals(lambda: services.outside_call_update(
        outside_call=posted, **fields(title="Changé", themes=[])))] == ["required"]
    stored = OutsideCall.objects.get()
    assert (stored.title, list(stored.themes.names())) == (posted.title, ["alimentation"])


def test_an_edit_of_a_call_withdrawn_meanwhile_is_refused_in_words(posted):
    page_copy = OutsideCall.objects.get(pk=posted.pk)
    services.outside_call_withdraw(outside_call=posted)
    assert refusals(lambda: services.outside_call_update(outside_call=page_copy, **fields())) == [
        (None, "This call was withdrawn meanwhile: there is nothing to save.", "withdrawn")]
    assert not OutsideCall.objects.exists()


def test_withdrawing_removes_only_this_call(agent, django_capture_on_commit_callbacks, queued):
    first, second = (post(agent, django_capture_on_commit_callbacks, title=t) for t in "AB")
    services.outside_call_withdraw(outside_call=first)
    assert list(OutsideCall.objects.all()) == [second]


# The announcement -----------------------------------------------------------------

@pytest.fixture
def concerned(lead):
    org, admin, member = lead
    org.themes.set(["alimentation"])
    return sorted([admin.pk, member.pk])


def told() -> list[int]:
    return sorted(Notification.objects.filter(kind=KIND).values_list("recipient_id", flat=True))


def test_announcing_one_call_claims_only_that_one(agent, posted, concerned,
                                                  django_capture_on_commit_callbacks):
    other = post(agent, django_capture_on_commit_callbacks, title="Un autre appel")
    assert services.outside_call_announce(pk=posted.pk) == 2
    assert OutsideCall.objects.get(pk=other.pk).announced_at is None
    assert services.outside_call_announce(pk=other.pk) == 2


def test_the_line_lists_every_theme_in_order(agent, concerned, queued,
                                             django_capture_on_commit_callbacks):
    outside = post(agent, django_capture_on_commit_callbacks,
                   themes=["santé", "alimentation", "jardins"])
    services.outside_call_announce(pk=outside.pk)
    line = Notification.objects.filter(kind=KIND).first()
    assert line.data["themes"] == "alimentation, jardins, santé"


def test_the_announcement_tells_the_concerned_once(posted, concerned):
    assert services.outside_call_announce(pk=posted.pk) == 2
    assert told() == concerned
    assert OutsideCall.objects.get().announced_at is not None
    assert services.outside_call_announce(pk=posted.pk) == 0
    assert told() == concerned
    line = Notification.objects.filter(kind=KIND).first()
    assert (line.actor, line.url, line.data) == (posted.posted_by, posted.get_absolute_url(), {
        "title": posted.title, "funder": "Région Occitanie",
        "deadline": posted.deadline.strftime("%d/%m/%Y"), "themes": "alimentation"})


def test_its_poster_is_not_told_even_when_concerned(lead, django_capture_on_commit_callbacks,
                                                    queued):
    org, admin, member = lead
    org.themes.set(["alimentation"])
    outside = post(admin, django_capture_on_commit_callbacks)
    assert services.outside_call_announce(pk=outside.pk) == 1
    assert told() == [member.pk]


def test_a_poster_erased_meanwhile_leaves_everyone_concerned_told(posted, concerned):
    OutsideCall.objects.update(posted_by=None)
    assert services.outside_call_announce(pk=posted.pk) == 2


@pytest.mark.parametrize(("days", "told_count"), [(0, 2), (-1, 0)])
def test_a_deadline_passed_before_the_task_ran_tells_nobody(posted, concerned, days,
                                                           told_count):
    OutsideCall.objects.update(deadline=today() + dt.timedelta(days=days))
    assert services.outside_call_announce(pk=posted.pk) == told_count
    assert len(told()) == told_count
    # Claimed either way: a redelivery tells nobody.
    assert OutsideCall.objects.get().announced_at is not None
    assert services.outside_call_announce(pk=posted.pk) == 0


def test_a_call_withdrawn_before_the_task_ran_tells_nobody(posted, concerned):
    services.outside_call_withdraw(outside_call=posted)
    assert services.outside_call_announce(pk=posted.pk) == 0
    assert told() == []


def test_nobody_concerned_is_nobody_told(posted):
    UserFactory()
    assert services.outside_call_announce(pk=posted.pk) == 0
    assert told() == []
