"""An event's team: the organiser and the pair add engaged members as
co-organisers, who then edit the event, see its registrants and write to them."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from communities.models import Circle
from events import services
from events.models import EventCoOrganiser
from notifications.models import Notification
from tests.factories import MembershipFactory, UserFactory

from .factories import EventFactory

pytestmark = pytest.mark.django_db


def _add(commit, event, person, actor):
    return commit(services.co_organiser_add, event=event, person=person, actor=actor)


def test_the_pair_adds_an_engaged_member_who_is_told(people, event, commit):
    _add(commit, event, people["engaged"], people["gardener"])

    assert list(event.co_organisers.values_list("person", flat=True)) == [people["engaged"].pk]
    line = Notification.objects.get(recipient=people["engaged"], kind="event_co_organiser_added")
    assert line.url == event.get_absolute_url()


@pytest.mark.parametrize("role", ["informed", "citizen", "other_gardener"])
def test_a_person_not_engaged_in_the_community_is_refused(people, event, commit, role):
    with pytest.raises(ValidationError) as error:
        _add(commit, event, people[role], people["gardener"])
    assert error.value.code == "not_engaged"
    assert "engaged circle" in error.value.messages[0]
    assert not EventCoOrganiser.objects.exists()


def test_an_engaged_member_of_another_community_is_refused(people, event, other_community,
                                                          commit):
    outsider = MembershipFactory(community=other_community, circle=Circle.ENGAGED).user
    with pytest.raises(ValidationError) as error:
        _add(commit, event, outsider, people["gardener"])
    assert error.value.code == "not_engaged"


def test_twice_on_the_team_is_refused(people, event, commit):
    _add(commit, event, people["engaged"], people["gardener"])
    with pytest.raises(ValidationError) as error:
        _add(commit, event, people["engaged"], people["gardener"])
    assert error.value.code == "already"
    assert event.co_organisers.count() == 1


def test_the_organiser_is_not_added_to_their_own_team(people, community, commit):
    event = EventFactory(community=community, organiser=people["engaged"])
    with pytest.raises(ValidationError) as error:
        _add(commit, event, people["engaged"], people["gardener"])
    assert error.value.code == "is_organiser"


def test_an_institution_wide_event_has_no_team(people, commit):
    event = EventFactory(community=None, organiser=people["cultivator"])
    with pytest.raises(ValidationError) as error:
        _add(commit, event, people["engaged"], people["cultivator"])
    assert error.value.code == "no_community"


def test_a_cancelled_event_keeps_its_team(people, event, commit):
    event.state = event.State.CANCELLED
    event.save()
    with pytest.raises(ValidationError) as error:
        _add(commit, event, people["engaged"], people["gardener"])
    assert error.value.code == "cancelled"


def test_removing_tells_the_person_and_removing_again_is_refused(people, event, commit):
    _add(commit, event, people["engaged"], people["gardener"])
    commit(services.co_organiser_remove, event=event, person=people["engaged"],
           actor=people["gardener"])
    assert not event.co_organisers.exists()
    assert Notification.objects.filter(recipient=people["engaged"],
                                       kind="event_co_organiser_removed").exists()
    with pytest.raises(ValidationError) as error:
        services.co_organiser_remove(event=event, person=people["engaged"],
                                     actor=people["gardener"])
    assert error.value.code == "not_on_team"


def test_who_may_manage_the_team(people, community, event):
    proposed = EventFactory(community=community, organiser=people["engaged"])
    assert people["gardener"].has_perm("events.manage_team", event)
    assert people["institution_gardener"].has_perm("events.manage_team", event)
    assert people["engaged"].has_perm("events.manage_team", proposed)
    for role in ("engaged", "informed", "citizen", "other_gardener", "cultivator", "anonymous"):
        assert not people[role].has_perm("events.manage_team", event), role


def test_a_co_organiser_edits_sees_registrants_and_writes_but_does_not_publish(
    people, event, commit, login, register
):
    register(event, UserFactory(email="registrant@example.org", display_name="Rita Registrant"))
    engaged = people["engaged"]
    assert not engaged.has_perm("events.change_event", event)
    _add(commit, event, engaged, people["gardener"])
    engaged = type(engaged).objects.get(pk=engaged.pk)  # a fresh request's user
    for perm in ("change_event", "view_registrants", "message_registrants", "view_event"):
        assert engaged.has_perm(f"events.{perm}", event), perm
    for perm in ("publish_event", "cancel_event", "export_registrants", "manage_team",
                 "checkin_registration", "report_event"):
        assert not engaged.has_perm(f"events.{perm}", event), perm

    page = login(engaged).get(event.get_absolute_url()).content.decode()
    assert "Rita Registrant" in page
    assert reverse("events:update", args=[event.pk]) in page
    assert reverse("events:message", args=[event.pk]) in page
    # Buttons only for those allowed: no cancel, export or team link.
    assert reverse("events:cancel", args=[event.pk]) not in page
    assert reverse("events:export", args=[event.pk]) not in page
    assert reverse("events:team", args=[event.pk]) not in page
    assert login(engaged).get(reverse("events:message", args=[event.pk])).status_code == 200


def test_a_co_organiser_sees_a_draft_of_a_circle_they_are_not_for(people, community, commit):
    draft = EventFactory(community=community, organiser=people["gardener"],
                         state="draft", published_at=None)
    _add(commit, draft, people["engaged"], people["gardener"])
    engaged = type(people["engaged"]).objects.get(pk=people["engaged"].pk)
    assert engaged.has_perm("events.view_event", draft)


def test_the_team_page_adds_and_removes(people, event, login):
    client = login(people["gardener"])
    url = reverse("events:team", args=[event.pk])
    page = client.get(url).content.decode()
    assert str(people["engaged"]) in page
    assert str(people["informed"]) not in page  # only engaged members are offered

    response = client.post(url, {"person": people["engaged"].pk, "action": "add"}, follow=True)
    assert "is on the team" in response.content.decode()
    assert event.co_organisers.filter(person=people["engaged"]).exists()

    response = client.post(url, {"person": people["informed"].pk, "action": "add"}, follow=True)
    assert "not in the engaged circle" in response.content.decode()

    client.post(url, {"person": people["engaged"].pk, "action": "remove"})
    assert not event.co_organisers.exists()
    detail = client.get(event.get_absolute_url()).content.decode()
    assert url in detail
