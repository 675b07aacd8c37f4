"""The working groups' pages as people meet them: what they see, what they may do,
and what a forged or refused request gets (404, 403, a message; nothing changes)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from communities.models import Circle
from events.models import Event
from tests.space import home_of, panel, skip_list
from workgroups import services
from workgroups.models import Decision, GroupMember, JoinRequest, WorkingGroup

from .conftest import engaged_person

pytestmark = pytest.mark.django_db


def url(name, group=None, community_slug="biodiversite", **kwargs):
    if group is not None:
        kwargs["group_slug"] = group.slug
    return reverse(f"workgroups:{name}", kwargs={"slug": community_slug, **kwargs})


def texts(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def test_the_list_shows_active_and_archived_groups(client, login, people, community, group, group_member):
    old = services.group_create(community=community, actor=people["gardener"], name="Ancien", goal="g", issue="i")
    services.group_archive(group=old, actor=people["gardener"])
    response = login(people["citizen"]).get(url("list"))
    assert response.status_code == 200
    lists = response.context["groups"]
    assert [g.name for g in lists.active] == ["Semences paysannes"]
    assert [g.name for g in lists.archived] == ["Ancien"]
    assert lists.active[0].member_count == 1
    assert "Create a working group" not in response.content.decode()


@pytest.mark.parametrize("role,status", [("other_gardener", 403), ("citizen", 200), ("cultivator", 200)])
def test_who_reads_the_list(client, login, people, group, role, status):
    assert login(people[role]).get(url("list")).status_code == status


def test_anonymous_is_sent_to_log_in(client, group):
    response = client.get(url("detail", group))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_forged_addresses_are_404(client, login, people, group):
    login(people["gardener"])
    assert client.get(url("list", community_slug="nowhere")).status_code == 404
    assert client.get(url("detail", group_slug="nowhere")).status_code == 404
    assert client.post(url("request_approve", group, request_id=999999)).status_code == 404
    response = client.post(url("member_add", group), {"user": 999999})
    assert response.status_code == 404


def test_a_group_of_another_community_is_not_found_here(client, login, people, other_community):
    elsewhere = services.group_create(
        community=other_community, actor=people["other_gardener"], name="Cantines", goal="g", issue="i"
    )
    response = login(people["gardener"]).get(url("detail", elsewhere))
    assert response.status_code == 404


def test_the_group_page_for_a_citizen(client, login, people, group, group_member):
    services.decision_record(group=group, actor=group_member, text="Bourse en avril", decided_on=timezone.localdate())
    response = login(people["citizen"]).get(url("detail", group))
    page = response.content.decode()
    assert response.status_code == 200
    for text in ("Semences paysannes", "Accès aux semences locales", "Organiser une bourse", "Inès Martin",
                 "Bourse en avril", "No meeting is planned yet."):
        assert text in page
    # No channel, no join, no decision form for a citizen.
    assert group.channel.get_absolute_url() not in page
    assert url("request_join", group) not in page
    assert url("decision_add", group) not in page


def test_the_group_page_for_a_member_links_the_channel(client, login, group, group_member):
    page = login(group_member).get(url("detail", group)).content.decode()
    assert group.channel.get_absolute_url() in page
    assert url("decision_add", group) in page
    assert url("leave", group) in page


def test_the_group_page_for_the_pair(client, login, people, group):
    page = login(people["gardener"]).get(url("detail", group)).content.decode()
    for link in (url("members", group), url("requests", group), url("update", group), url("archive", group),
                 group.channel.get_absolute_url(), reverse("events:create")):
        assert link in page


def test_next_meeting_is_the_next_published_event_of_the_group(client, login, people, community, group):
    now = timezone.now()

    def event(title, days, state=Event.State.PUBLISHED, working_group=group):
        return Event.objects.create(
            community=community, working_group=working_group, organiser=people["gardener"], title=title,
            description="d", starts_at=now + dt.timedelta(days=days),
            ends_at=now + dt.timedelta(days=days, hours=2), state=state, address="Mairie",
        )

    event("Passée", -3)
    event("Brouillon", 1, state=Event.State.DRAFT)
    event("Autre groupe", 1, working_group=None)
    event("Plus tard", 10)
    event("Réunion de lancement", 2)
    response = login(people["citizen"]).get(url("detail", group))
    assert response.context["page"].next_meeting.title == "Réunion de lancement"
    assert "Réunion de lancement" in response.content.decode()


def test_the_pair_creates_a_group_and_lands_on_its_members(client, login, people, community):
    response = login(people["gardener"]).post(url("create"), {
        "name": "Haies bocagères", "issue": "Replanter les haies", "goal": "1 km de haies", "ends_on": "",
    })
    group = WorkingGroup.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("members", group)
    assert group.channel.min_circle == Circle.ENGAGED


def test_an_invalid_group_form_shows_errors_and_creates_nothing(client, login, people):
    response = login(people["gardener"]).post(url("create"), {"name": "", "issue": "x", "goal": "", "ends_on": "demain"})
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"name", "goal", "ends_on"}
    assert not WorkingGroup.objects.exists()


@pytest.mark.parametrize("role", ["engaged", "cultivator", "other_gardener"])
def test_others_cannot_create(client, login, people, community, role):
    assert login(people[role]).post(url("create"), {"name": "x", "issue": "x", "goal": "x"}).status_code == 403
    assert not WorkingGroup.objects.exists()


def test_edit_and_archive(client, login, people, group):
    login(people["gardener"])
    response = client.post(url("update", group), {"name": "Graines", "issue": "i", "goal": "g", "ends_on": "2031-05-01"})
    assert response.status_code == 302
    group.refresh_from_db()
    assert (group.name, group.ends_on) == ("Graines", dt.date(2031, 5, 1))
    assert client.get(url("archive", group)).status_code == 200
    client.post(url("archive", group))
    group.refresh_from_db()
    assert group.is_archived
    # Archived: the page stays readable, editing is refused.
    assert client.get(url("detail", group)).status_code == 200
    assert client.get(url("update", group)).status_code == 403


def test_manage_members_search_add_remove(client, login, people, community, group):
    engaged_person(community, email="lea@example.org", display_name="Léa Dubois", organisation="Terre Vivante")
    login(people["gardener"])
    response = client.get(url("members", group), {"q": "terre viv"})
    assert [str(p) for p in response.context["candidates"]] == ["Léa Dubois"]
    everyone = client.get(url("members", group)).context["candidates"]
    # Engaged members only: never a citizen or an informed member.
    assert {p.email for p in everyone} == {"lea@example.org", "engaged@example.org"}
    lea = everyone[0] if everyone[0].email == "lea@example.org" else everyone[1]
    response = client.post(url("member_add", group), {"user": lea.pk}, follow=True)
    assert "Léa Dubois joined the working group." in texts(response)
    assert [str(m.user) for m in response.context["members"]] == ["Léa Dubois"]
    assert "lea@example.org" not in {p.email for p in response.context["candidates"]}
    assert GroupMember.objects.filter(group=group, user=lea, ended_at__isnull=True).exists()
    response = client.post(url("member_remove", group), {"user": lea.pk}, follow=True)
    assert "Léa Dubois is no longer a member of the working group." in texts(response)
    assert not GroupMember.objects.filter(group=group, ended_at__isnull=True).exists()


def test_adding_someone_outside_the_engaged_circle_is_refused_with_a_message(client, login, people, group):
    response = login(people["gardener"]).post(
        url("member_add", group), {"user": people["informed"].pk}, follow=True
    )
    assert any("only engaged members can belong" in m for m in texts(response))
    assert not GroupMember.objects.exists()


def test_a_bad_user_value_is_a_message_not_a_500(client, login, people, group):
    response = login(people["gardener"]).post(url("member_add", group), {"user": "abc"}, follow=True)
    assert response.status_code == 200
    assert "Choose a member from the list." in texts(response)


def test_an_engaged_member_asks_to_join_and_the_pair_approves(client, login, people, group):
    login(people["engaged"])
    assert client.get(url("request_join", group)).status_code == 200
    response = client.post(url("request_join", group), {"message": "J'ai un grainier"})
    assert response.status_code == 302
    request = JoinRequest.objects.get()
    page = client.get(url("detail", group)).content.decode()
    assert "the gardeners have not answered yet" in page
    login(people["gardener"])
    assert "J&#x27;ai un grainier" in client.get(url("requests", group)).content.decode()
    client.post(url("request_approve", group, request_id=request.pk), {"answer": ""})
    assert GroupMember.objects.filter(user=people["engaged"], ended_at__isnull=True).exists()


def test_declining_without_an_answer_is_refused(client, login, people, group):
    request = services.join_request_create(group=group, user=people["engaged"], message="Moi")
    response = login(people["gardener"]).post(
        url("request_decline", group, request_id=request.pk), {"answer": ""}, follow=True
    )
    assert "Write a short answer: the member will read why." in texts(response)
    request.refresh_from_db()
    assert request.status == JoinRequest.Status.PENDING


@pytest.mark.parametrize("role", ["citizen", "informed"])
def test_outer_circles_cannot_ask_to_join(client, login, people, group, role):
    assert login(people[role]).post(url("request_join", group), {"message": "Moi"}).status_code == 403
    assert not JoinRequest.objects.exists()


def test_an_empty_request_message_is_a_form_error(client, login, people, group):
    response = login(people["engaged"]).post(url("request_join", group), {"message": "  "})
    assert response.status_code == 400
    assert "message" in response.context["form"].errors


def test_a_member_records_a_decision_and_leaves(client, login, group, group_member):
    login(group_member)
    today = timezone.localdate().isoformat()
    client.post(url("decision_add", group), {"text": "On commande les sachets", "decided_on": today})
    assert Decision.objects.get().text == "On commande les sachets"
    response = client.post(url("decision_add", group), {"text": "Futur", "decided_on": "2999-01-01"}, follow=True)
    assert any("future" in m for m in texts(response))
    assert Decision.objects.count() == 1
    client.post(url("leave", group))
    assert not GroupMember.objects.filter(ended_at__isnull=True).exists()


def test_a_non_member_cannot_record_a_decision(client, login, people, group):
    response = login(people["engaged"]).post(
        url("decision_add", group), {"text": "x", "decided_on": timezone.localdate().isoformat()}
    )
    assert response.status_code == 403
    assert not Decision.objects.exists()


def test_the_groups_panel_on_the_community_home(people, community, group, group_member):
    shown = panel(home_of(people["gardener"], community), "groups")
    assert "Semences paysannes" in shown and url("create") in shown and "1 member" in shown
    shown = panel(home_of(people["citizen"], community), "groups")
    assert "Semences paysannes" in shown and url("create") not in shown
    # A gardener of another community may not see the groups: no panel, no skip link.
    outsider = home_of(people["other_gardener"], community)
    assert panel(outsider, "groups") is None
    assert "groups" not in skip_list(outsider)


def test_the_event_form_offers_the_groups_of_the_community(client, login, people, community, group, other_community):
    services.group_create(community=other_community, actor=people["other_gardener"], name="Cantines", goal="g", issue="i")
    login(people["gardener"])
    response = client.get(reverse("events:create"), {"community": community.slug, "working_group": group.pk})
    field = response.context["form"]["working_group"]
    assert [label for value, label in field.field.choices if value] == ["Biodiversité — Semences paysannes"]
    assert str(field.value()) == str(group.pk)
    start = (timezone.localtime() + dt.timedelta(days=5)).replace(tzinfo=None, second=0, microsecond=0)
    data = {
        "community": community.slug, "title": "Réunion du groupe", "description": "Ordre du jour",
        "starts_at": start.isoformat(timespec="minutes"),
        "ends_at": (start + dt.timedelta(hours=2)).isoformat(timespec="minutes"),
        "time_zone": "Europe/Paris", "format": "in_person", "address": "Mairie", "audience": "public",
        "working_group": group.pk,
    }
    response = client.post(reverse("events:create"), data)
    assert response.status_code == 302, response.context["form"].errors
    assert Event.objects.get().working_group == group


def test_the_event_form_refuses_a_group_of_another_community(client, login, people, community, other_community, group):
    # The staff may create for every community, so both groups are offered.
    login(people["staff"])
    elsewhere = services.group_create(community=other_community, actor=people["other_gardener"], name="Cantines", goal="g", issue="i")
    start = (timezone.localtime() + dt.timedelta(days=5)).replace(tzinfo=None, second=0, microsecond=0)
    response = client.post(reverse("events:create"), {
        "community": community.slug, "title": "R", "description": "d",
        "starts_at": start.isoformat(timespec="minutes"),
        "ends_at": (start + dt.timedelta(hours=2)).isoformat(timespec="minutes"),
        "time_zone": "Europe/Paris", "format": "in_person", "address": "Mairie", "audience": "public",
        "working_group": elsewhere.pk,
    })
    assert response.status_code == 400
    assert "This working group belongs to another community." in response.context["form"].errors["working_group"]
    assert not Event.objects.exists()


def test_the_event_edit_form_keeps_and_changes_the_group(client, login, people, community, group):
    from events import services as events

    start = timezone.now() + dt.timedelta(days=5)
    event = events.event_create(
        organiser=people["gardener"], community=community, title="Réunion", description="d",
        starts_at=start, ends_at=start + dt.timedelta(hours=2), address="Mairie", working_group=group,
    )
    login(people["gardener"])
    form = client.get(reverse("events:update", kwargs={"pk": event.pk})).context["form"]
    assert form["working_group"].value() == group.pk
    assert [label for value, label in form.fields["working_group"].choices if value] == ["Semences paysannes"]
    events.event_update(event=event, actor=people["gardener"], working_group=None)
    event.refresh_from_db()
    assert event.working_group is None
