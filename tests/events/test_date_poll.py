"""A proposal's date poll: 2 to 5 dates to come, answered once per member of
the circle(s) it is for (a second answer is refused), counted for the
pair, who picks one date when accepting."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from communities.models import Circle
from events import selectors, services
from events.models import DatePollAnswer, Event, EventProposal
from notifications.models import Notification

pytestmark = pytest.mark.django_db

NOW = timezone.now().replace(second=0, microsecond=0)
DAY = dt.timedelta(days=1)
PARIS = ZoneInfo("Europe/Paris")


def _dates(*days):
    return [NOW + n * DAY for n in days]


def _propose(people, community, commit, *, start=None, others=(), circle=Circle.INFORMED):
    start = start or NOW + 10 * DAY
    return commit(
        services.event_propose, author=people["engaged"], community=community,
        title="Balade des haies", description="On regarde les haies.", starts_at=start,
        ends_at=start + dt.timedelta(hours=2), address="Lavaur", circle=circle,
        other_dates=list(others),
    )


@pytest.fixture
def poll(people, community, pair, commit):
    return _propose(people, community, commit, others=_dates(11, 12))


def _code(error):
    """The code of a refusal, attached to a field or not."""
    if hasattr(error, "error_dict"):
        return next(iter(error.error_dict.values()))[0].code
    return error.code


def _options(proposal):
    return list(proposal.date_options.order_by("starts_at"))


def test_a_proposal_with_other_dates_carries_a_poll_and_asks_its_circles(poll, people):
    assert [o.starts_at for o in _options(poll)] == _dates(10, 11, 12)
    asked = set(Notification.objects.filter(kind="event_date_poll")
                .values_list("recipient", flat=True))
    # For the informed circle: the informed and engaged members, not the author.
    assert asked == {people["informed"].pk}


def test_five_dates_pass_six_are_refused(people, community, pair, commit):
    proposal = _propose(people, community, commit, others=_dates(11, 12, 13, 14))
    assert proposal.date_options.count() == 5
    with pytest.raises(ValidationError) as error:
        _propose(people, community, commit, others=_dates(11, 12, 13, 14, 15))
    assert _code(error.value) == "too_many_dates"
    assert EventProposal.objects.count() == 1


def test_an_option_at_the_exact_instant_now_is_refused(people, community, pair, commit,
                                                       monkeypatch):
    moment = NOW + 5 * DAY
    monkeypatch.setattr("django.utils.timezone.now", lambda: moment)
    with pytest.raises(ValidationError) as error:
        _propose(people, community, commit, others=[moment])
    assert _code(error.value) == "date_in_past"
    assert "in the past" in error.value.messages[0]
    assert not EventProposal.objects.exists()
    # One minute later is a date to come.
    proposal = _propose(people, community, commit, others=[moment + dt.timedelta(minutes=1)])
    assert proposal.date_options.count() == 2


def test_the_same_date_twice_is_refused(people, community, pair, commit):
    with pytest.raises(ValidationError) as error:
        _propose(people, community, commit, others=_dates(10))
    assert _code(error.value) == "date_twice"


def test_a_second_answer_is_refused_and_changes_nothing(poll, people):
    first, second, third = _options(poll)
    services.date_poll_answer(proposal=poll, person=people["informed"],
                              option_ids=[first.pk, second.pk])
    with pytest.raises(ValidationError) as refused:
        services.date_poll_answer(proposal=poll, person=people["informed"], option_ids=[third.pk])

    assert refused.value.code == "already_answered"
    assert DatePollAnswer.objects.filter(proposal=poll).count() == 1
    votes = {o.pk: o.votes for o in selectors.poll_results(poll)}
    assert votes == {first.pk: 1, second.pk: 1, third.pk: 0}
    assert selectors.poll_choice_of(people["informed"], poll) == {first.pk, second.pk}


def test_the_database_refuses_a_second_answer_row(poll, people):
    DatePollAnswer.objects.create(proposal=poll, person=people["informed"])
    with pytest.raises(IntegrityError), transaction.atomic():
        DatePollAnswer.objects.create(proposal=poll, person=people["informed"])


def test_counts_per_option(poll, people):
    first, second, _third = _options(poll)
    services.date_poll_answer(proposal=poll, person=people["informed"],
                              option_ids=[first.pk, second.pk])
    services.date_poll_answer(proposal=poll, person=people["engaged"], option_ids=[first.pk])
    assert [o.votes for o in selectors.poll_results(poll)] == [2, 1, 0]


@pytest.mark.parametrize("role", ["citizen", "other_gardener", "gardener"])
def test_someone_outside_the_circle_is_refused_with_a_clear_message(poll, people, role):
    with pytest.raises(ValidationError) as error:
        services.date_poll_answer(proposal=poll, person=people[role],
                                  option_ids=[_options(poll)[0].pk])
    assert _code(error.value) == "not_in_circle"
    assert "Biodiversité" in error.value.messages[0]
    assert not DatePollAnswer.objects.exists()


def test_an_option_of_another_proposal_is_refused(poll, people, community, commit):
    other = _propose(people, community, commit, others=_dates(20))
    with pytest.raises(ValidationError) as error:
        services.date_poll_answer(proposal=poll, person=people["informed"],
                                  option_ids=[_options(other)[0].pk])
    assert _code(error.value) == "bad_option"


def test_the_poll_closes_when_the_pair_decides(poll, people, commit):
    commit(services.event_proposal_decide, proposal=poll, actor=people["gardener"],
           decision="decline", answer="Pas cette année.")
    with pytest.raises(ValidationError) as error:
        services.date_poll_answer(proposal=poll, person=people["informed"], option_ids=[])
    assert _code(error.value) == "poll_closed"


def test_accepting_needs_a_date_of_the_poll_and_publishes_at_it(poll, people, commit):
    with pytest.raises(ValidationError) as error:
        commit(services.event_proposal_decide, proposal=poll, actor=people["gardener"],
               decision="accept")
    assert _code(error.value) == "no_date"
    poll.refresh_from_db()
    assert poll.status == EventProposal.Status.PENDING and not Event.objects.exists()

    chosen = _options(poll)[2]
    commit(services.event_proposal_decide, proposal=poll, actor=people["gardener"],
           decision="accept", date_option=chosen.pk)
    event = Event.objects.get()
    assert event.starts_at == chosen.starts_at
    assert event.ends_at == chosen.starts_at + dt.timedelta(hours=2)


def test_a_chosen_date_that_has_passed_is_refused(poll, people, commit, monkeypatch):
    first = _options(poll)[0]
    monkeypatch.setattr("django.utils.timezone.now", lambda: first.starts_at)
    with pytest.raises(ValidationError) as error:
        commit(services.event_proposal_decide, proposal=poll, actor=people["gardener"],
               decision="accept", date_option=first.pk)
    assert _code(error.value) == "date_in_past"


def test_resubmitting_other_dates_starts_the_poll_again(people, community, pair, commit):
    proposal = _propose(people, community, commit, others=_dates(11))
    services.date_poll_answer(proposal=proposal, person=people["informed"],
                              option_ids=[_options(proposal)[0].pk])
    commit(services.event_proposal_decide, proposal=proposal, actor=people["gardener"],
           decision="changes", answer="Plutôt en mai.")
    start = NOW + 30 * DAY
    commit(services.event_proposal_resubmit, proposal=proposal, author=people["engaged"],
           title="Balade des haies", description="En mai.", starts_at=start,
           ends_at=start + dt.timedelta(hours=2), address="Lavaur", circle=Circle.INFORMED,
           other_dates=[start + DAY])
    assert [o.starts_at for o in _options(proposal)] == [start, start + DAY]
    assert not DatePollAnswer.objects.exists()


def test_the_page_shows_counts_to_the_pair_and_the_form_to_the_members(poll, people, login,
                                                                       client):
    url = reverse("events:proposal", args=[poll.pk])
    first = _options(poll)[0]
    member = login(people["informed"])
    page = member.get(url).content.decode()
    assert "Which of these dates suits you?" in page and "Send my answer" in page
    response = member.post(url, {"action": "answer", "option_ids": [first.pk]}, follow=True)
    page = response.content.decode()
    assert "Your answer is recorded" in page and "You have answered." in page
    assert "Send my answer" not in page  # no second answer offered
    second = member.post(url, {"action": "answer", "option_ids": [_options(poll)[1].pk]})
    assert second.status_code == 400
    assert "You have already answered this poll" in second.content.decode()
    assert DatePollAnswer.objects.count() == 1
    assert selectors.poll_choice_of(people["informed"], poll) == {first.pk}

    client.logout()
    pair_page = login(people["gardener"]).get(url).content.decode()
    assert "1 member answered." in pair_page
    assert "(suits 1)" in pair_page  # the accept form's choice of date
    assert "Send my answer" not in pair_page  # the gardener is not in the circle

    client.logout()
    assert login(people["citizen"]).get(url).status_code == 403


@pytest.mark.parametrize(("language", "refusal", "answered", "send"), [
    ("en", "You have already answered this poll: your answer stays as it is.",
     "You have answered.", "Send my answer"),
    ("fr", "Vous avez déjà répondu à ce sondage : votre réponse reste telle quelle.",
     "Vous avez répondu.", "Envoyer ma réponse"),
])
def test_a_second_answer_through_the_page_is_refused_in_the_persons_language(
        poll, people, login, language, refusal, answered, send):
    member = people["informed"]
    type(member).objects.filter(pk=member.pk).update(preferred_language=language)
    first, second, _third = _options(poll)
    url = reverse("events:proposal", args=[poll.pk])
    client = login(member)
    client.post(url, {"action": "answer", "option_ids": [first.pk]},
                HTTP_ACCEPT_LANGUAGE=language)

    response = client.post(url, {"action": "answer", "option_ids": [second.pk]},
                           HTTP_ACCEPT_LANGUAGE=language)

    page = response.content.decode()
    assert response.status_code == 400
    assert refusal in page
    # The page shows the answer kept (its one date) and offers no form again.
    assert answered in page and send not in page
    kept = page.split(answered)[1]
    assert f'datetime="{first.starts_at.astimezone(PARIS).isoformat()}"' in kept
    assert f'datetime="{second.starts_at.astimezone(PARIS).isoformat()}"' not in kept
    assert selectors.poll_choice_of(member, poll) == {first.pk}


def test_proposing_with_a_date_in_the_past_through_the_form(people, community, pair, login):
    start = NOW + 10 * DAY
    paris = dt.timezone(dt.timedelta(hours=1))

    def wall(moment):
        return moment.astimezone(paris).strftime("%Y-%m-%dT%H:%M")

    response = login(people["engaged"]).post(reverse("events:propose", args=[community.slug]), {
        "title": "Balade", "description": "Des haies.", "starts_at": wall(start),
        "ends_at": wall(start + dt.timedelta(hours=2)), "address": "Lavaur", "circle": "",
        "other_date_1": wall(NOW - DAY),
    })
    assert response.status_code == 400
    assert "in the past" in response.content.decode()
    assert not EventProposal.objects.exists()
