"""The cultivator as a contributor (issue #16): 403 without the pair's
invitation, 200 with it (and the letter actually sent or scheduled by them),
403 again once revoked."""

import datetime as dt
from email.utils import parseaddr

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from newsletters.models import Letter
from roles import services as role_services
from roles.models import ContributorInvitation
from tests.newsletters.factories import LetterFactory, SectionFactory, subscribe

pytestmark = pytest.mark.django_db


@pytest.fixture
def letter(community):
    return LetterFactory(community=community)


def _pages(community, letter):
    return {
        "settings": reverse("gardeners:community_edit", kwargs={"slug": community.slug}),
        "new letter": reverse("newsletters:create", kwargs={"slug": community.slug}),
        "letter": letter.get_absolute_url(),
        "members": reverse("communities:members", kwargs={"slug": community.slug}),
    }


def _send_url(letter):
    return reverse("newsletters:send", kwargs={"pk": letter.pk})


def test_the_cultivator_gets_403_on_settings_and_letter_send_until_invited(
    people, community, letter, login
):
    client = login(people["cultivator"])
    pages = _pages(community, letter)
    assert client.get(pages["settings"]).status_code == 403
    assert client.get(pages["new letter"]).status_code == 403
    assert client.post(_send_url(letter)).status_code == 403
    # Coaching is not operating: reading the members stays open.
    assert client.get(pages["members"]).status_code == 200

    invitation = role_services.contributor_invite(
        community=community, person=people["cultivator"], actor=people["gardener"]
    )
    client = login(people["cultivator"])
    assert client.get(pages["settings"]).status_code == 200
    assert client.get(pages["new letter"]).status_code == 200
    assert client.get(pages["letter"]).status_code == 200

    role_services.contributor_revoke(invitation=invitation, actor=people["gardener"])
    assert client.get(pages["settings"]).status_code == 403


def test_the_invited_cultivator_sends_and_schedules_the_letter(
    people, community, letter, login, django_capture_on_commit_callbacks
):
    # A letter ready to go: an accepted section, an engaged reader who agreed.
    SectionFactory(letter=letter, state="accepted")
    subscribe(people["engaged"], community)
    later = LetterFactory(community=community)
    SectionFactory(letter=later, state="accepted")
    schedule_url = reverse("newsletters:schedule", kwargs={"pk": later.pk})
    when = timezone.localtime(timezone.now() + dt.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    mail.outbox.clear()

    client = login(people["cultivator"])
    assert client.post(_send_url(letter)).status_code == 403
    assert client.post(schedule_url, {"when": when}).status_code == 403
    letter.refresh_from_db(), later.refresh_from_db()
    assert (letter.state, later.state) == (Letter.State.CALL_OPEN, Letter.State.CALL_OPEN)

    role_services.contributor_invite(
        community=community, person=people["cultivator"], actor=people["gardener"]
    )
    client = login(people["cultivator"])
    assert client.get(_send_url(letter)).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_send_url(letter), follow=True)
    assert response.status_code == 200
    assert "Sending has started." in [str(m) for m in response.context["messages"]]
    letter.refresh_from_db()
    assert letter.state == Letter.State.SENT
    assert letter.sent_by == people["cultivator"]
    assert people["engaged"].email in [parseaddr(m.to[0])[1] for m in mail.outbox]

    response = client.post(schedule_url, {"when": when}, follow=True)
    assert "The letter is scheduled." in [str(m) for m in response.context["messages"]]
    later.refresh_from_db()
    assert later.state == Letter.State.SCHEDULED
    assert later.scheduled_for is not None


def test_only_a_cultivator_can_be_invited(people, community):
    with pytest.raises(ValidationError) as refused:
        role_services.contributor_invite(
            community=community, person=people["engaged"], actor=people["gardener"]
        )
    assert refused.value.code == "not_cultivator"
    assert not ContributorInvitation.objects.exists()


def test_a_second_invitation_is_refused_and_a_second_revocation_too(people, community):
    invitation = role_services.contributor_invite(
        community=community, person=people["cultivator"], actor=people["gardener"]
    )
    with pytest.raises(ValidationError) as refused:
        role_services.contributor_invite(
            community=community, person=people["cultivator"], actor=people["gardener"]
        )
    assert refused.value.code == "already_invited"
    role_services.contributor_revoke(invitation=invitation, actor=people["gardener"])
    with pytest.raises(ValidationError) as refused:
        role_services.contributor_revoke(invitation=invitation, actor=people["gardener"])
    assert refused.value.code == "already_revoked"
    # Once revoked, the pair may invite again.
    role_services.contributor_invite(
        community=community, person=people["cultivator"], actor=people["gardener"]
    )
    assert ContributorInvitation.objects.active().count() == 1


@pytest.mark.parametrize("role, status", [
    ("citizen", 403), ("other_gardener", 403), ("cultivator", 403),
    ("gardener", 200), ("institution_gardener", 200), ("staff", 200),
])
def test_only_the_pair_invites(people, community, login, role, status):
    client = login(people[role])
    url = reverse("gardeners:contributors", kwargs={"slug": community.slug})
    assert client.get(url).status_code == status
    response = client.post(url, {"person": people["cultivator"].pk})
    assert response.status_code == (302 if status == 200 else status)
    assert ContributorInvitation.objects.exists() == (status == 200)


def test_the_pair_invites_and_revokes_through_the_page(people, community, login):
    client = login(people["gardener"])
    url = reverse("gardeners:contributors", kwargs={"slug": community.slug})
    client.post(url, {"person": people["cultivator"].pk})
    invitation = ContributorInvitation.objects.get()
    assert "Revoke" in client.get(url).content.decode()
    client.post(reverse("gardeners:contributor_revoke",
                        kwargs={"slug": community.slug, "invitation_id": invitation.pk}))
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None


def test_no_settings_link_for_the_uninvited_cultivator(people, community, login):
    client = login(people["cultivator"])
    page = client.get(reverse("insights:dashboard", kwargs={"slug": community.slug}))
    assert page.status_code == 200
    edit = reverse("gardeners:community_edit", kwargs={"slug": community.slug})
    assert edit not in page.content.decode()
    letters = reverse("newsletters:create", kwargs={"slug": community.slug})
    assert letters not in client.get(community.get_absolute_url()).content.decode()
