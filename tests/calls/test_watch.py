"""The watch on other funding calls (issue 19, item 6): who posts, the
public list, who hears of a new call, and every refusal at its boundary."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from calls.models import OutsideCall
from calls.watch import services
from calls.watch.selectors import today
from notifications.models import Notification
from tests.factories import CommunityFactory, MembershipFactory, UserFactory

# "today" is read when a call is posted and again when the list is read
pytestmark = pytest.mark.usefixtures("from_noon_in_paris")

KIND = "call_outside_posted"


def fields(**overrides):
    data = {"title": "Fonds pour l'alimentation locale", "funder": "Région Occitanie",
            "url": "https://www.laregion.fr/appel-alimentation",
            "deadline": today() + dt.timedelta(days=30), "themes": ["alimentation"],
            "territory": ""}
    return {**data, **overrides}


def post(poster, capture, **overrides):
    with capture(execute=True):
        return services.outside_call_post(poster=poster, **fields(**overrides))


@pytest.fixture
def partner(call, partner_org):
    """A member of an outside organisation that is one of the call's funders."""
    org, _admin, member = partner_org
    call.partner_organisations.add(org)
    return member


# --- Who may post ------------------------------------------------------------------------


def test_agents_and_partner_members_post_others_do_not(agent, partner, third, db):
    _org, third_admin, _ = third
    citizen = UserFactory()
    assert agent.has_perm("calls.post_outside_call")
    assert partner.has_perm("calls.post_outside_call")
    assert not third_admin.has_perm("calls.post_outside_call")  # an organisation, not a partner
    assert not citizen.has_perm("calls.post_outside_call")


def test_a_draft_calls_partners_do_not_post_yet(agent, direction, partner_org):
    from calls import services as calls

    now = timezone.now()
    draft = calls.call_create(agent=agent, direction=direction, title="En préparation",
                              summary="…", budget=1000, criteria=[("Utilité", 1)],
                              opens_at=now, closes_at=now + dt.timedelta(days=3))
    org, _admin, member = partner_org
    draft.partner_organisations.add(org)
    assert not member.has_perm("calls.post_outside_call")


def test_its_poster_and_agents_edit_another_partner_does_not(
        agent, partner, call, lead, django_capture_on_commit_callbacks):
    other_org, _admin, other_member = lead
    call.partner_organisations.add(other_org)
    outside = post(partner, django_capture_on_commit_callbacks)
    assert partner.has_perm("calls.change_outside_call", outside)
    assert agent.has_perm("calls.change_outside_call", outside)
    assert not other_member.has_perm("calls.change_outside_call", outside)


# --- Who hears of it ---------------------------------------------------------------------


def test_people_whose_themes_match_are_told_once_the_poster_not(
        agent, lead, django_capture_on_commit_callbacks):
    org, lead_admin, lead_member = lead
    org.themes.set(["alimentation"])
    community = CommunityFactory()
    community.themes.set(["alimentation", "jardins"])
    in_community = MembershipFactory(community=community).user
    in_both = MembershipFactory(community=community, user=lead_member).user
    with_interest = UserFactory()
    with_interest.interests.set(["Alimentation"])  # the same tag (taggit matches its name)
    elsewhere = CommunityFactory()
    elsewhere.themes.set(["mobilité"])
    not_concerned = MembershipFactory(community=elsewhere).user
    MembershipFactory(community=community, user=agent)  # the poster

    outside = post(agent, django_capture_on_commit_callbacks,
                   themes=["alimentation", "santé"])

    told = list(Notification.objects.filter(kind=KIND).values_list("recipient_id", flat=True))
    assert sorted(told) == sorted({lead_admin.pk, in_community.pk, in_both.pk,
                                   with_interest.pk})
    assert not_concerned.pk not in told and agent.pk not in told
    line = Notification.objects.filter(kind=KIND).first()
    assert line.data["title"] == outside.title and line.data["funder"] == "Région Occitanie"


def test_a_second_run_of_the_task_tells_nobody_again(
        agent, lead, django_capture_on_commit_callbacks):
    from calls.tasks import announce_outside_call

    org, _admin, _member = lead
    org.themes.set(["alimentation"])
    outside = post(agent, django_capture_on_commit_callbacks)
    before = Notification.objects.filter(kind=KIND).count()
    assert before == 2

    assert announce_outside_call(outside.pk) == 0  # redelivered
    assert Notification.objects.filter(kind=KIND).count() == before


def test_an_edit_tells_nobody_again(agent, lead, django_capture_on_commit_callbacks):
    org, _admin, _member = lead
    org.themes.set(["alimentation"])
    outside = post(agent, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        services.outside_call_update(outside_call=outside, **fields(title="Nouveau titre"))
    assert Notification.objects.filter(kind=KIND).count() == 2


def test_nobody_is_told_before_the_post_commits(agent, lead, django_capture_on_commit_callbacks):
    org, _admin, _member = lead
    org.themes.set(["alimentation"])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.outside_call_post(poster=agent, **fields())
        assert not Notification.objects.filter(kind=KIND).exists()
    assert len(callbacks) == 1


def test_a_call_withdrawn_before_the_task_runs_tells_nobody(
        agent, lead, django_capture_on_commit_callbacks):
    org, _admin, _member = lead
    org.themes.set(["alimentation"])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        outside = services.outside_call_post(poster=agent, **fields())
    services.outside_call_withdraw(outside_call=outside)
    for callback in callbacks:
        callback()
    assert not Notification.objects.filter(kind=KIND).exists()


# --- Bad input: a clear message, nothing changes ------------------------------------------


@pytest.mark.parametrize(("overrides", "field"), [
    ({"deadline": today() - dt.timedelta(days=1)}, "deadline"),
    ({"url": "http://www.laregion.fr/appel"}, "url"),
    ({"url": "ftp://www.laregion.fr/appel"}, "url"),
    ({"url": "www.laregion.fr/appel"}, "url"),
    ({"themes": []}, "themes"),
    ({"themes": ["  ", ""]}, "themes"),
    ({"themes": ["x" * 101]}, "themes"),
    ({"title": "x" * 201}, "title"),
    ({"title": "   "}, "title"),
    ({"funder": ""}, "funder"),
    ({"funder": "x" * 161}, "funder"),
    ({"territory": "x" * 161}, "territory"),
])
def test_bad_input_is_refused_and_nothing_is_written(agent, overrides, field,
                                                     django_capture_on_commit_callbacks):
    with pytest.raises(ValidationError) as refused:
        post(agent, django_capture_on_commit_callbacks, **overrides)
    assert list(refused.value.message_dict) == [field]
    assert not OutsideCall.objects.exists()
    assert not Notification.objects.filter(kind=KIND).exists()


def test_the_boundaries_are_accepted(agent, django_capture_on_commit_callbacks):
    """Today's deadline (the last day to apply), a 200-character title, a
    100-character theme, 160 characters of funder and territory are fine."""
    outside = post(agent, django_capture_on_commit_callbacks, deadline=today(),
                   title="x" * 200, themes=["y" * 100], funder="f" * 160, territory="t" * 160)
    assert outside.deadline == today() and len(outside.title) == 200


def test_a_deadline_moved_to_the_past_is_refused_and_the_call_unchanged(
        agent, django_capture_on_commit_callbacks):
    outside = post(agent, django_capture_on_commit_callbacks)
    with pytest.raises(ValidationError, match="deadline has passed"):
        services.outside_call_update(outside_call=outside,
                                     **fields(deadline=today() - dt.timedelta(days=1),
                                              title="Changé"))
    outside.refresh_from_db()
    assert outside.title == fields()["title"]


# --- Pages ---------------------------------------------------------------------------------


def test_the_list_shows_open_calls_nearest_first_and_filters_by_theme(
        client, agent, django_capture_on_commit_callbacks, django_assert_max_num_queries):
    later = post(agent, django_capture_on_commit_callbacks, title="Plus tard",
                 deadline=today() + dt.timedelta(days=40), themes=["culture"])
    sooner = post(agent, django_capture_on_commit_callbacks, title="Bientôt",
                  deadline=today(), themes=["alimentation"])
    closed = post(agent, django_capture_on_commit_callbacks, title="Fermé")
    OutsideCall.objects.filter(pk=closed.pk).update(deadline=today() - dt.timedelta(days=1))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("calls:watch"))
    for n in range(25):
        post(agent, django_capture_on_commit_callbacks, title=f"Appel {n}",
             deadline=today() + dt.timedelta(days=50 + n), themes=["culture", f"t{n}"])

    with django_assert_max_num_queries(8) as many:
        page = client.get(reverse("calls:watch")).content.decode()
    assert len(many) == len(few)  # 2 open calls or 27: the same queries
    assert page.index(sooner.title) < page.index(later.title)
    assert "Fermé" not in page
    assert "Appel 24" not in page and "Page 1 of 2" in page  # 20 a page
    assert 'href="https://www.laregion.fr/appel-alimentation"' in page
    assert "Share a funding call" not in page  # anonymous

    with django_assert_max_num_queries(8):
        filtered = client.get(reverse("calls:watch"), {"theme": "alimentation"}).content.decode()
    assert "Bientôt" in filtered and "Plus tard" not in filtered


def test_an_agent_posts_through_the_form_and_finds_it_listed(
        client, agent, django_capture_on_commit_callbacks):
    client.force_login(agent)
    listing = client.get(reverse("calls:list")).content.decode()
    assert reverse("calls:watch") in listing
    assert reverse("calls:watch_post") in client.get(reverse("calls:watch")).content.decode()
    data = {**fields(), "themes": "alimentation, santé", "deadline": today().isoformat()}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("calls:watch_post"), data)
    assert response.status_code == 302
    outside = OutsideCall.objects.get()
    assert sorted(t.name for t in outside.themes.all()) == ["alimentation", "santé"]


def test_the_form_says_what_is_wrong_and_writes_nothing(client, agent):
    client.force_login(agent)
    data = {**fields(), "themes": "alimentation", "url": "http://example.org/appel",
            "deadline": (today() - dt.timedelta(days=1)).isoformat()}
    response = client.post(reverse("calls:watch_post"), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "starting with https://" in page and "This deadline has passed" in page
    assert not OutsideCall.objects.exists()


def test_a_citizen_cannot_post_and_sees_no_button(client, db):
    citizen = UserFactory()
    client.force_login(citizen)
    assert client.get(reverse("calls:watch_post")).status_code == 403
    assert reverse("calls:watch_post") not in client.get(reverse("calls:watch")).content.decode()


def test_its_poster_withdraws_it_another_person_cannot(
        client, partner, django_capture_on_commit_callbacks):
    outside = post(partner, django_capture_on_commit_callbacks)
    client.force_login(UserFactory())
    assert client.post(reverse("calls:watch_withdraw", args=[outside.pk])).status_code == 403
    assert OutsideCall.objects.filter(pk=outside.pk).exists()
    client.force_login(partner)
    page = client.get(reverse("calls:watch")).content.decode()
    assert reverse("calls:watch_edit", args=[outside.pk]) in page
    assert client.post(reverse("calls:watch_withdraw", args=[outside.pk])).status_code == 302
    assert not OutsideCall.objects.filter(pk=outside.pk).exists()


def test_an_agent_edits_a_partners_call(client, agent, partner,
                                        django_capture_on_commit_callbacks):
    outside = post(partner, django_capture_on_commit_callbacks)
    client.force_login(agent)
    assert client.get(reverse("calls:watch_edit", args=[outside.pk])).status_code == 200
    data = {**fields(title="Corrigé"), "themes": "alimentation",
            "deadline": outside.deadline.isoformat()}
    assert client.post(reverse("calls:watch_edit", args=[outside.pk]), data).status_code == 302
    outside.refresh_from_db()
    assert outside.title == "Corrigé"


# --- An outside call's own page ------------------------------------------------------------


def test_the_notifications_link_opens_the_calls_own_page_even_when_listed_on_page_two(
        client, agent, lead, django_capture_on_commit_callbacks,
        django_assert_max_num_queries):
    org, lead_admin, _member = lead
    for n in range(21):  # fills the list's first page with calls that close sooner
        post(agent, django_capture_on_commit_callbacks, title=f"Appel {n}",
             deadline=today() + dt.timedelta(days=1 + n), themes=["culture"])
    org.themes.set(["alimentation"])
    outside = post(agent, django_capture_on_commit_callbacks, territory="Hérault",
                   themes=["alimentation", "santé"], deadline=today() + dt.timedelta(days=60))
    assert outside.title not in client.get(reverse("calls:watch")).content.decode()

    [told] = Notification.objects.filter(kind=KIND, recipient=lead_admin)
    assert told.url == reverse("calls:watch_detail", args=[outside.pk])
    client.force_login(lead_admin)
    with django_assert_max_num_queries(12):
        response = client.get(told.url)
    assert response.status_code == 200
    page = response.content.decode()
    assert f"<h1>{outside.title}</h1>" in page.replace("&#x27;", "'")
    assert "Région Occitanie" in page and "Hérault" in page
    assert ">alimentation<" in page and ">santé<" in page
    assert "Agathe Agent" in page and "agent@example.org" not in page
    assert ('href="https://www.laregion.fr/appel-alimentation" '
            'rel="noopener noreferrer external"') in page
    assert "external site" in page and "Closed" not in page
    assert reverse("calls:watch_edit", args=[outside.pk]) not in page  # not its poster


def test_the_list_links_each_call_to_its_page(client, agent, django_capture_on_commit_callbacks):
    outside = post(agent, django_capture_on_commit_callbacks)
    page = client.get(reverse("calls:watch")).content.decode()
    assert f'href="{reverse("calls:watch_detail", args=[outside.pk])}"' in page


def test_a_call_past_its_deadline_says_closed_a_withdrawn_one_is_gone(
        client, agent, django_capture_on_commit_callbacks):
    outside = post(agent, django_capture_on_commit_callbacks, deadline=today())
    url = reverse("calls:watch_detail", args=[outside.pk])
    assert "Closed" not in client.get(url).content.decode()  # the last day to apply
    OutsideCall.objects.filter(pk=outside.pk).update(deadline=today() - dt.timedelta(days=1))
    page = client.get(url).content.decode()
    assert "Closed" in page and "Apply until" not in page
    services.outside_call_withdraw(outside_call=outside)
    assert client.get(url).status_code == 404
    assert client.get(reverse("calls:watch_detail", args=[999999])).status_code == 404


# --- Personal data -------------------------------------------------------------------------


def test_a_posters_data_is_exported_and_at_erasure_the_call_stays_signed_former_member(
        partner, django_capture_on_commit_callbacks):
    from accounts import personal_data
    from calls import privacy_hooks

    outside = post(partner, django_capture_on_commit_callbacks)
    [exported] = privacy_hooks.export(partner)["outside_calls"]
    assert exported["title"] == outside.title and exported["link"] == outside.url

    personal_data.account_erase(user=partner)
    outside.refresh_from_db()
    assert personal_data.is_former_member(outside.posted_by)
