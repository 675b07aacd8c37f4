"""What citizens, members and gardeners see and do on the community pages."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from communities import services
from communities.models import Circle, CircleChange, CircleRequest, Membership
from events.models import Event
from roles.models import GardenerPair
from tests.events.factories import EventFactory
from tests.factories import CommunityFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def url(name, community, *args):
    return reverse(f"communities:{name}", args=[community.slug, *args])


def shown_messages(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def ask(community, user, circle=Circle.INFORMED):
    return services.circle_request_create(
        community=community, user=user, circle=circle, message="I run the seed library."
    )


# --- Public pages ------------------------------------------------------------------------


def test_home_introduces_terreau_and_shows_communities_as_cards(client, people, community):
    community.themes.add("Biodiversité")

    response = client.get("/")

    assert response.status_code == 200
    assert reverse("communities:list") in response.text
    assert "Biodiversité" in response.text and community.get_absolute_url() in response.text
    card = next(c for c in response.context["communities"] if c.pk == community.pk)
    assert (card.citizens_count, card.informed_count, card.engaged_count) == (1, 1, 1)


def test_home_offers_events_and_shows_the_next_three_public_ones(client, community):
    soon = timezone.now() + dt.timedelta(days=1)
    shown = [
        EventFactory(community=community, title=f"Sortie {n}",
                     starts_at=soon + dt.timedelta(days=n))
        for n in range(3)
    ]
    EventFactory(community=community, title="Plus tard", starts_at=soon + dt.timedelta(days=9))
    EventFactory(title="Brouillon", state=Event.State.DRAFT, starts_at=soon)
    EventFactory(title="Réservée", audience=Event.Audience.CIRCLES, for_engaged=True,
                 starts_at=soon)
    EventFactory(title="Passée", starts_at=soon - dt.timedelta(days=10))

    response = client.get("/")

    assert reverse("events:list") in response.text
    assert response.context["next_events"] == shown
    for event in shown:
        assert event.get_absolute_url() in response.text
    for hidden in ("Plus tard", "Brouillon", "Réservée", "Passée"):
        assert hidden not in response.text


def test_list_filters_by_theme_and_searches_name_description_and_territory(client, db):
    CommunityFactory(name="Jardins partagés", territory="Hérault").themes.add("Alimentation")
    CommunityFactory(name="Haies vives", description="Planter des haies", territory="Gers")

    by_theme = client.get(reverse("communities:list"), {"theme": "alimentation"})
    by_words = client.get(reverse("communities:list"), {"q": "HAIES"})
    by_place = client.get(reverse("communities:list"), {"q": "hérault"})

    assert "Jardins partagés" in by_theme.text and "Haies vives" not in by_theme.text
    assert "Haies vives" in by_words.text and "Jardins partagés" not in by_words.text
    assert "Jardins partagés" in by_place.text


def test_list_paginates_and_survives_a_junk_page_number(client, db):
    for n in range(26):
        CommunityFactory(name=f"Communauté {n:02}")

    second = client.get(reverse("communities:list"), {"page": "2"})
    junk = client.get(reverse("communities:list"), {"page": "x'; drop"})

    assert second.status_code == junk.status_code == 200
    assert len(second.context["communities"]) == 2
    assert len(junk.context["communities"]) == 24


def test_the_community_page_shows_the_pair_and_the_three_circles(client, people, community):
    for _ in range(6):
        MembershipFactory(community=community, circle=Circle.CITIZENS)
    MembershipFactory(community=community, circle=Circle.INFORMED)

    response = client.get(community.get_absolute_url())

    assert response.status_code == 200
    assert str(people["gardener"]) in response.text
    assert str(people["institution_gardener"]) in response.text
    # The rings drawn as a picture carry their counts in words: 1 engaged,
    # 2 informed, 7 citizens.
    label = re.search(r'<svg[^>]*role="img"[^>]*aria-label="([^"]+)"', response.text).group(1)
    assert all(re.search(rf"\b{count}\b", label) for count in ("1", "2", "7"))
    assert response.context["counts"] == [(1, 7), (2, 2), (3, 1)]


def test_a_vacant_role_and_a_missing_pair_are_said_in_words(client, community, pair):
    GardenerPair.objects.filter(pk=pair.pk).update(institution_gardener=None, direction=None)
    vacant = client.get(community.get_absolute_url())
    GardenerPair.objects.all().delete()
    no_pair = client.get(community.get_absolute_url())

    assert 'class="vacant"' in vacant.text
    assert str(pair.territory_gardener) in vacant.text
    assert no_pair.context["pair"] is None and 'class="vacant"' in no_pair.text


def test_an_unknown_community_is_not_found(client, db):
    assert client.get("/communities/nowhere/").status_code == 404


def test_each_viewer_is_offered_their_own_way_in(login, client, people, community):
    anonymous = client.get(community.get_absolute_url())
    assert f"?next={community.get_absolute_url()}" in anonymous.text

    login(people["other_gardener"])
    outsider = client.get(community.get_absolute_url())
    assert url("join", community) in outsider.text
    assert url("members", community) not in outsider.text

    login(people["citizen"])
    citizen = client.get(community.get_absolute_url())
    assert citizen.context["circle"] == Circle.CITIZENS
    assert [c for c, _ in citizen.context["request_form"].fields["circle"].choices] == [2, 3]
    assert url("leave", community) in citizen.text

    login(people["engaged"])
    assert client.get(community.get_absolute_url()).context["request_form"] is None

    login(people["cultivator"])
    assert url("members", community) in client.get(community.get_absolute_url()).text


# --- The member's own actions --------------------------------------------------------------


def test_joining_in_one_click_then_twice(login, people, community):
    client = login(people["other_gardener"])

    joined = client.post(url("join", community), follow=True)
    again = client.post(url("join", community), follow=True)

    assert "Biodiversité" in shown_messages(joined)[0]
    assert len(shown_messages(again)) == 1 and "Biodiversité" in shown_messages(again)[0]
    assert Membership.objects.filter(community=community, user=people["other_gardener"]).count() == 1


def test_anonymous_actions_lead_to_login_and_change_nothing(client, people, community):
    response = client.post(url("join", community))

    assert response.status_code == 302
    assert reverse("account_login") in response.url
    assert community.get_absolute_url() in response.url
    assert Membership.objects.count() == 3


def test_actions_are_post_only(login, people, community):
    client = login(people["citizen"])
    assert client.get(url("join", community)).status_code == 405
    assert client.get(url("request_circle", community)).status_code == 405


def test_leaving_asks_for_confirmation_then_leaves(login, people, community):
    client = login(people["informed"])

    confirm = client.get(url("leave", community))
    left = client.post(url("leave", community), {"reason": "Too far."}, follow=True)

    assert confirm.status_code == 200 and 'method="post"' in confirm.text
    assert not Membership.objects.filter(user=people["informed"], community=community).exists()
    assert shown_messages(left)
    assert CircleChange.objects.get(user=people["informed"]).reason == "Too far."


def test_leaving_a_community_one_is_not_in_says_so(login, people, community):
    client = login(people["other_gardener"])

    page = client.get(url("leave", community), follow=True)
    post = client.post(url("leave", community), follow=True)

    assert page.redirect_chain[-1][0] == community.get_absolute_url()
    assert shown_messages(page) and shown_messages(post)
    assert not CircleChange.objects.exists()


def test_asking_to_move_inward_then_withdrawing(login, people, community):
    client = login(people["citizen"])

    asked = client.post(
        url("request_circle", community), {"circle": "2", "message": "I come every month."},
        follow=True,
    )
    request = CircleRequest.objects.get(user=people["citizen"])
    page = client.get(community.get_absolute_url())
    withdrawn = client.post(url("withdraw_request", community, request.pk), follow=True)

    assert shown_messages(asked) and asked.context["pending_request"] == request
    assert url("withdraw_request", community, request.pk) in page.text
    assert shown_messages(withdrawn)
    request.refresh_from_db()
    assert request.status == CircleRequest.Status.WITHDRAWN


@pytest.mark.parametrize(
    ("role", "data"),
    [
        ("citizen", {"circle": "99", "message": "Tampered."}),
        ("citizen", {"circle": "2", "message": "   "}),
        ("informed", {"circle": "1", "message": "Outward."}),
        ("other_gardener", {"circle": "2", "message": "Not a member."}),
    ],
)
def test_a_bad_request_is_explained_and_nothing_is_asked(login, people, community, role, data):
    client = login(people[role])

    response = client.post(url("request_circle", community), data, follow=True)

    assert response.status_code == 200
    assert len(shown_messages(response)) == 1
    assert not CircleRequest.objects.exists()


def test_withdrawing_someone_elses_request_is_refused(login, people, community):
    request = ask(community, people["citizen"])
    client = login(people["informed"])

    response = client.post(url("withdraw_request", community, request.pk), follow=True)

    assert len(shown_messages(response)) == 1
    request.refresh_from_db()
    assert request.status == CircleRequest.Status.PENDING


def test_withdrawing_returns_to_a_local_next_page_only(login, people, community):
    client = login(people["citizen"])
    first, second = ask(community, people["citizen"]), None

    local = client.post(
        url("withdraw_request", community, first.pk), {"next": reverse("communities:mine")}
    )
    second = ask(community, people["citizen"])
    external = client.post(
        url("withdraw_request", community, second.pk), {"next": "https://evil.example/"}
    )

    assert local.url == reverse("communities:mine")
    assert external.url == community.get_absolute_url()


def test_my_communities_shows_my_circle_requests_history_and_past_communities(
    login, people, community, other_community
):
    citizen = people["citizen"]
    services.membership_join(community=other_community, user=citizen)
    services.membership_leave(community=other_community, user=citizen)
    request = ask(community, citizen)
    services.circle_request_decline(
        community=community, request_id=request.pk, actor=people["gardener"],
        answer="Come to the spring event first.",
    )
    services.membership_move(
        community=community, user=citizen, actor=people["gardener"],
        to_circle=Circle.INFORMED, reason="Came to the spring event.",
    )
    client = login(citizen)

    response = client.get(reverse("communities:mine"))

    assert response.status_code == 200
    assert [e.community for e in response.context["current"]] == [community]
    assert [e.community for e in response.context["past"]] == [other_community]
    assert "Come to the spring event first." in response.text
    assert "Came to the spring event." in response.text
    assert str(people["gardener"]) in response.text


def test_my_communities_needs_login(client, db):
    response = client.get(reverse("communities:mine"))
    assert response.status_code == 302 and reverse("account_login") in response.url


# --- Gardeners' pages: the role matrix --------------------------------------------------------

GARDENER_PAGES = ("members", "requests", "member")
ALLOWED = {"gardener", "institution_gardener", "cultivator", "staff"}


@pytest.mark.parametrize("page", GARDENER_PAGES)
@pytest.mark.parametrize(
    "role", ["anonymous", "citizen", "engaged", "other_gardener", *sorted(ALLOWED)]
)
def test_only_the_pair_the_cultivator_and_staff_see_members(login, people, community, page, role):
    args = [people["citizen"].pk] if page == "member" else []

    response = login(people[role]).get(url(page, community, *args))

    if role == "anonymous":
        assert response.status_code == 302 and reverse("account_login") in response.url
    else:
        assert response.status_code == (200 if role in ALLOWED else 403)


@pytest.mark.parametrize("role", ["cultivator", "other_gardener", "engaged"])
def test_only_gardeners_and_staff_act_on_members(login, people, community, role):
    request = ask(community, people["citizen"])
    client = login(people[role])

    responses = [
        client.post(url("member_move", community, people["citizen"].pk), {"circle": 3, "reason": "x"}),
        client.post(url("member_remove", community, people["citizen"].pk), {"reason": "x"}),
        client.post(url("approve_request", community, request.pk)),
        client.post(url("decline_request", community, request.pk), {"answer": "No."}),
    ]

    assert [r.status_code for r in responses] == [403] * 4
    assert Membership.objects.get(user=people["citizen"], community=community).circle == 1
    request.refresh_from_db()
    assert request.status == CircleRequest.Status.PENDING


def test_member_list_filters_by_circle_and_searches_name_or_email(login, people, community):
    client = login(people["gardener"])

    engaged = client.get(url("members", community), {"circle": "3"})
    by_email = client.get(url("members", community), {"q": "INFORMED@example"})
    junk = client.get(url("members", community), {"circle": "99", "page": "zz"})

    assert [m.user for m in engaged.context["members"]] == [people["engaged"]]
    assert [m.user for m in by_email.context["members"]] == [people["informed"]]
    assert junk.status_code == 200 and len(junk.context["members"]) == 3
    assert engaged.context["counts"] == [(1, 1), (2, 1), (3, 1)]


def test_moving_and_removing_a_member_from_their_page(login, people, community):
    client = login(people["gardener"])
    citizen = people["citizen"]

    moved = client.post(
        url("member_move", community, citizen.pk), {"circle": "2", "reason": "Regular."}, follow=True
    )
    removed = client.post(
        url("member_remove", community, citizen.pk), {"reason": "Asked to."}, follow=True
    )

    assert shown_messages(moved) and shown_messages(removed)
    assert not Membership.objects.filter(user=citizen, community=community).exists()
    page = client.get(url("member", community, citizen.pk))
    assert page.status_code == 200
    assert "Regular." in page.text and "Asked to." in page.text


@pytest.mark.parametrize(
    "data", [{"circle": "99", "reason": "x"}, {"circle": "1", "reason": "x"}, {"circle": "2"}]
)
def test_a_bad_move_is_explained_and_changes_nothing(login, people, community, data):
    client = login(people["gardener"])

    response = client.post(url("member_move", community, people["citizen"].pk), data, follow=True)

    assert response.status_code == 200 and len(shown_messages(response)) == 1
    assert Membership.objects.get(user=people["citizen"], community=community).circle == 1
    assert not CircleChange.objects.exists()


def test_acting_on_a_non_member_says_so_and_unknown_people_are_not_found(login, people, community):
    client = login(people["gardener"])
    stranger = UserFactory()

    move = client.post(
        url("member_move", community, stranger.pk), {"circle": "2", "reason": "x"}, follow=True
    )

    assert str(stranger) in shown_messages(move)[0]
    assert client.get(url("member", community, stranger.pk)).status_code == 404
    assert client.get(url("member", community, 987654)).status_code == 404
    assert client.post(url("member_remove", community, 987654), {"reason": "x"}).status_code == 404


def test_approving_and_declining_from_the_requests_page(login, people, community):
    first = ask(community, people["citizen"], Circle.ENGAGED)
    second = ask(community, people["informed"], Circle.ENGAGED)
    client = login(people["institution_gardener"])

    page = client.get(url("requests", community))
    client.post(url("approve_request", community, first.pk), {"answer": "Welcome."}, follow=True)
    refused = client.post(url("decline_request", community, second.pk), {"answer": ""}, follow=True)
    client.post(url("decline_request", community, second.pk), {"answer": "Next year."})

    assert [r.pk for r in page.context["pending"]] == [first.pk, second.pk]
    assert page.context["pending"][0].current_circle_label == Circle.CITIZENS.label
    assert len(shown_messages(refused)) == 1
    assert Membership.objects.get(user=people["citizen"], community=community).circle == 3
    second.refresh_from_db()
    assert (second.status, second.answer) == ("declined", "Next year.")
    decided = client.get(url("requests", community)).context["decided"]
    assert {r.pk for r in decided} == {first.pk, second.pk}


def test_approving_a_withdrawn_or_foreign_request_changes_nothing(
    login, people, community, other_community
):
    withdrawn = ask(community, people["citizen"])
    services.circle_request_withdraw(
        community=community, request_id=withdrawn.pk, user=people["citizen"]
    )
    foreign = ask(other_community, MembershipFactory(community=other_community).user)
    client = login(people["gardener"])

    late = client.post(url("approve_request", community, withdrawn.pk), follow=True)
    tampered = client.post(url("approve_request", community, foreign.pk), follow=True)

    assert len(shown_messages(late)) == 1 and len(shown_messages(tampered)) == 1
    assert Membership.objects.get(user=people["citizen"], community=community).circle == 1
    foreign.refresh_from_db()
    assert foreign.status == CircleRequest.Status.PENDING
    assert not CircleChange.objects.exists()


@pytest.mark.parametrize(
    "model", ["direction", "community", "membership", "circlechange", "circlerequest"]
)
def test_support_staff_browse_the_admin_and_history_stays_read_only(client, people, community, model):
    ask(community, people["citizen"])
    services.membership_move(
        community=community, user=people["informed"], actor=people["gardener"],
        to_circle=Circle.ENGAGED, reason="Core.",
    )
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    listing = client.get(reverse(f"admin:communities_{model}_changelist"), {"q": "a"})
    adding = client.get(reverse(f"admin:communities_{model}_add"))

    assert listing.status_code == 200
    read_only = model in {"membership", "circlechange", "circlerequest"}
    assert adding.status_code == (403 if read_only else 200)
