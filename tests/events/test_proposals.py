"""Members propose events; the pair accepts, asks for changes or declines with a
reason; the author is told which, in the centre and by e-mail."""

import datetime as dt
from email.utils import parseaddr

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from communities.models import Circle
from events import services
from events.models import Event, EventProposal
from notifications.models import Notification

pytestmark = pytest.mark.django_db


def _when(days=10):
    start = (timezone.now() + dt.timedelta(days=days)).replace(second=0, microsecond=0)
    return start, start + dt.timedelta(hours=2)


def _propose(people, community, commit, **fields):
    start, end = _when()
    values = {"title": "Balade des haies", "description": "On regarde les haies.",
              "starts_at": start, "ends_at": end, "address": "Lavaur", "circle": None}
    values.update(fields)
    return commit(services.event_propose, author=people["engaged"], community=community,
                  **values)


def _form(start, end, **extra):
    data = {"title": "Balade des haies", "description": "On regarde les haies.",
            "starts_at": start.astimezone(dt.timezone(dt.timedelta(hours=1)))
            .strftime("%Y-%m-%dT%H:%M"),
            "ends_at": end.astimezone(dt.timezone(dt.timedelta(hours=1)))
            .strftime("%Y-%m-%dT%H:%M"),
            "address": "Lavaur", "circle": ""}
    data.update(extra)
    return data


def _recipients(outbox):
    return sorted(parseaddr(m.to[0])[1] for m in outbox)


def test_an_engaged_member_proposes_and_the_pair_is_told(people, community, pair, login,
                                                         django_capture_on_commit_callbacks,
                                                         outbox):
    start, end = _when()
    client = login(people["engaged"])
    home = client.get(reverse("communities:detail", args=[community.slug])).content.decode()
    assert reverse("events:propose", args=[community.slug]) in home

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("events:propose", args=[community.slug]),
                               _form(start, end))

    proposal = EventProposal.objects.get()
    assert response.status_code == 302 and response.url == proposal.get_absolute_url()
    assert proposal.status == EventProposal.Status.PENDING
    assert _recipients(outbox) == sorted([pair.territory_gardener.email,
                                          pair.institution_gardener.email])
    garden = login(pair.territory_gardener).get(
        reverse("communities:detail", args=[community.slug])).content.decode()
    assert "Balade des haies" in garden and proposal.get_absolute_url() in garden


def test_only_the_engaged_circle_proposes(people, community, login, commit):
    informed = login(people["informed"])
    assert informed.get(reverse("events:propose", args=[community.slug])).status_code == 403
    home = informed.get(reverse("communities:detail", args=[community.slug])).content.decode()
    assert reverse("events:propose", args=[community.slug]) not in home
    start, end = _when()
    with pytest.raises(ValidationError) as refused:
        services.event_propose(author=people["informed"], community=community, title="x",
                               description="y", starts_at=start, ends_at=end, address="z")
    assert refused.value.code == "not_engaged"
    assert not EventProposal.objects.exists()


def test_a_date_in_the_past_is_refused_with_a_clear_message(people, community, login):
    start = timezone.now() - dt.timedelta(minutes=5)
    response = login(people["engaged"]).post(
        reverse("events:propose", args=[community.slug]),
        _form(start, start + dt.timedelta(hours=2)),
    )
    assert response.status_code == 400
    assert "The date proposed is in the past: choose a date to come." in response.content.decode()
    assert not EventProposal.objects.exists()
    # one minute ahead is a date to come
    start, end = _when(days=0)
    services.event_propose(author=people["engaged"], community=community, title="t",
                           description="d", starts_at=timezone.now() + dt.timedelta(minutes=1),
                           ends_at=end + dt.timedelta(hours=3), address="a")


def _speaks(user, language):
    """The person's own language (an UPDATE: this folder's saves are made to
    prefer English); pages follow it."""
    type(user).objects.filter(pk=user.pk).update(preferred_language=language)


@pytest.mark.parametrize(("language", "message"), [
    ("en", "is in the past: offer only dates to come."),
    ("fr", "est passée : ne proposez que des dates à venir."),
])
def test_a_date_option_in_the_past_is_refused_in_the_persons_language(
        people, community, login, language, message):
    _speaks(people["engaged"], language)
    start, end = _when()
    response = login(people["engaged"]).post(
        reverse("events:propose", args=[community.slug]),
        _form(start, end, other_date_1=(timezone.now() - dt.timedelta(days=1))
              .astimezone(dt.timezone(dt.timedelta(hours=1))).strftime("%Y-%m-%dT%H:%M")),
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not EventProposal.objects.exists()


@pytest.mark.parametrize("role", ["informed", "other_gardener"])
@pytest.mark.parametrize(("language", "message"), [
    ("en", "Only members of the engaged circle propose events to their community."),
    ("fr", ("Seuls les membres du cercle des engagé·e·s proposent des événements à leur "
            "communauté.")),
])
def test_a_proposal_from_outside_the_engaged_circle_is_told_why_in_the_persons_language(
        people, community, login, role, language, message):
    _speaks(people[role], language)
    client = login(people[role])
    url = reverse("events:propose", args=[community.slug])
    start, end = _when()

    response = client.post(url, _form(start, end), HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == 403
    assert message in response.content.decode()
    assert not EventProposal.objects.exists()
    assert message in client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()


def test_a_visitor_who_is_not_signed_in_is_asked_to_sign_in(community, client):
    url = reverse("events:propose", args=[community.slug])
    start, end = _when()
    response = client.post(url, _form(start, end))
    assert response.status_code == 302 and "login" in response.url
    assert not EventProposal.objects.exists()


def test_declining_needs_a_reason_and_the_author_reads_it(people, community, pair, commit,
                                                          login, outbox):
    proposal = _propose(people, community, commit)
    gardener = pair.territory_gardener
    page = login(gardener).post(proposal.get_absolute_url(),
                                {"action": "decide", "decision": "decline", "answer": ""})
    assert page.status_code == 400
    assert "Say why, so that the author knows what to do." in page.content.decode()
    assert EventProposal.objects.get().status == EventProposal.Status.PENDING

    outbox.clear()
    commit(services.event_proposal_decide, proposal=proposal, actor=gardener,
           decision="decline", answer="Trop proche de la fête des mares.")

    line = Notification.objects.get(kind="event_proposal_decided")
    assert line.recipient == people["engaged"]
    assert line.data["answer"] == "Trop proche de la fête des mares."
    assert _recipients(outbox) == [people["engaged"].email]
    assert "is declined: Trop proche de la fête des mares." in outbox[0].body
    assert not Event.objects.filter(title="Balade des haies").exists()
    # decided once: a second decision changes nothing
    with pytest.raises(ValidationError) as again:
        services.event_proposal_decide(proposal=EventProposal.objects.get(), actor=gardener,
                                       decision="accept")
    assert again.value.code == "not_pending"


def test_changes_asked_then_sent_again(people, community, pair, commit, login, outbox):
    proposal = _propose(people, community, commit)
    with pytest.raises(ValidationError) as early:
        services.event_proposal_resubmit(proposal=proposal, author=people["engaged"],
                                         **_values(proposal))
    assert early.value.code == "no_changes_asked"

    commit(services.event_proposal_decide, proposal=proposal, actor=pair.territory_gardener,
           decision="changes", answer="Un samedi plutôt ?")
    assert "ask for changes to your proposal" in outbox[-1].body

    client = login(people["engaged"])
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert "Un samedi plutôt ?" in page and "Send again" in page
    start, end = _when(days=12)
    outbox.clear()
    response = client.post(proposal.get_absolute_url(),
                           {"action": "resubmit", **_form(start, end, title="Balade du samedi")})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == EventProposal.Status.PENDING
    assert proposal.title == "Balade du samedi"
    assert Notification.objects.filter(kind="event_proposed").count() == 4  # 2 gardeners x 2
    # the pair's decision form is theirs only
    assert client.post(proposal.get_absolute_url(),
                       {"action": "decide", "decision": "accept"}).status_code == 403


def _values(proposal):
    return {"title": proposal.title, "description": proposal.description,
            "starts_at": proposal.starts_at, "ends_at": proposal.ends_at,
            "address": proposal.address, "circle": proposal.circle}


def test_accepting_publishes_the_event_announces_it_and_tells_the_author(
    people, community, pair, commit, outbox
):
    proposal = _propose(people, community, commit, circle=Circle.INFORMED)
    outbox.clear()
    commit(services.event_proposal_decide, proposal=proposal, actor=pair.territory_gardener,
           decision="accept")

    proposal.refresh_from_db()
    event = proposal.event
    assert event.is_published and event.organiser == people["engaged"]
    assert event.circles == {Circle.INFORMED, Circle.ENGAGED}
    # the circles are told (the author as a member too), the author of the decision
    announced = Notification.objects.filter(kind="event_announced")
    assert sorted(announced.values_list("recipient__email", flat=True)) == sorted(
        [people["informed"].email, people["engaged"].email])
    assert Notification.objects.get(kind="event_proposal_decided").url == event.get_absolute_url()
    assert people["engaged"].has_perm("events.change_event", event)
    assert people["engaged"].has_perm("events.view_registrants", event)


def test_a_proposal_whose_date_passed_cannot_be_accepted(people, community, pair, commit):
    proposal = _propose(people, community, commit)
    EventProposal.objects.filter(pk=proposal.pk).update(
        starts_at=timezone.now() - dt.timedelta(hours=1),
        ends_at=timezone.now() + dt.timedelta(hours=1),
    )
    proposal.refresh_from_db()
    with pytest.raises(ValidationError):
        services.event_proposal_decide(proposal=proposal, actor=pair.territory_gardener,
                                       decision="accept")
    proposal.refresh_from_db()
    assert proposal.status == EventProposal.Status.PENDING
    assert not Event.objects.exists()
