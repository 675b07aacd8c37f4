"""The gardening pages, for each role, and what a user sees when input is wrong.

People read the pages in English here, so that assertions hold whatever the
French catalogue says.
"""

import io

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape
from PIL import Image

from communities.models import Community, Direction
from roles.models import GardenerPair
from tests.factories import (
    DirectionFactory,
    GardenerPairFactory,
    UserFactory,
)


@pytest.fixture
def as_role(client, people):
    def _as(role):
        user = people[role]
        if user.is_authenticated:
            user.preferred_language = "en"
            user.save(update_fields=["preferred_language"])
            client.force_login(user)
        return client

    return _as


def shown(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def url(name: str, slug: str | None = None) -> str:
    return reverse(f"gardeners:{name}", kwargs={"slug": slug} if slug else {})


def insights(name: str, slug: str | None = None) -> str:
    """The dashboards' pages, which the gardening pages link to."""
    return reverse(f"insights:{name}", kwargs={"slug": slug} if slug else {})


def page(response) -> str:
    return response.content.decode()


def names(response, *people) -> bool:
    """Every person's name is on the page (escaped as the template escapes it)."""
    return all(escape(str(person)) in page(response) for person in people)


# --- Who may open what ----------------------------------------------------------

GARDENERS = {"gardener", "institution_gardener", "cultivator", "staff"}
COORDINATION = {"cultivator", "staff"}
PAGES = {
    "home": ({}, GARDENERS | {"other_gardener"}),
    # The cultivator edits the settings only when invited (issue #16).
    "community_edit": ({"slug": "biodiversite"}, GARDENERS - {"cultivator"}),
    "community_create": ({}, COORDINATION),
    "directions": ({}, COORDINATION),
    "direction_create": ({}, COORDINATION),
    "direction_edit": ({"slug": "cultivateur"}, COORDINATION),
    "pair_appoint": ({"slug": "biodiversite"}, COORDINATION),
    "pair_end": ({"slug": "biodiversite"}, COORDINATION),
}
ROLES = [
    "anonymous", "citizen", "informed", "engaged", "gardener",
    "institution_gardener", "other_gardener", "cultivator", "staff",
]


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("role", ROLES)
def test_each_page_opens_only_for_the_roles_it_serves(as_role, name, role):
    kwargs, allowed = PAGES[name]
    address = reverse(f"gardeners:{name}", kwargs=kwargs)

    response = as_role(role).get(address)

    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    elif role in allowed:
        assert response.status_code == 200
    else:
        assert response.status_code == 403


@pytest.mark.parametrize(
    "name", ["community_edit", "pair_appoint", "pair_end", "direction_edit"]
)
def test_an_unknown_slug_is_not_found(as_role, name):
    response = as_role("staff").get(url(name, "nowhere"))

    assert response.status_code == 404


@pytest.mark.parametrize(
    "role, sees", [("citizen", False), ("gardener", True), ("cultivator", True), ("staff", True)]
)
def test_the_gardening_link_is_in_the_navigation_of_gardening_people_only(as_role, role, sees):
    response = as_role(role).get(reverse("communities:list"))

    assert (f'href="{url("home")}"' in page(response)) is sees


# --- Reading ------------------------------------------------------------------


def test_my_gardens_lists_the_communities_a_gardener_tends(as_role, community, other_community):
    response = as_role("gardener").get(url("home"))

    assert insights("dashboard", community.slug) in page(response)
    assert insights("dashboard", other_community.slug) not in page(response)
    assert insights("overview") not in page(response)


def test_my_gardens_leads_the_cultivator_to_the_overview(as_role):
    response = as_role("cultivator").get(url("home"))

    assert insights("overview") in page(response)
    assert url("community_create") in page(response)


# --- Communities --------------------------------------------------------------


def _png(name="garden.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "green").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def _community_data(direction, **overrides):
    data = {
        "name": "Jardins partagés",
        "description": "Gardens tended together.",
        "themes": "gardens, food",
        "territory": "Toulouse",
        "direction": direction.pk,
        "picture_alt": "",
        "how_to_join": "Come to a Saturday workshop.",
    }
    return {**data, **overrides}


def test_the_cultivator_creates_a_community_and_lands_on_its_dashboard(as_role, community):
    data = _community_data(community.direction, picture=_png(), picture_alt="Raised beds")

    response = as_role("cultivator").post(url("community_create"), data)

    created = Community.objects.get(name="Jardins partagés")
    assert response.status_code == 302
    assert response["Location"] == insights("dashboard", created.slug)
    assert sorted(created.themes.names()) == ["food", "gardens"]
    assert created.picture and created.picture_alt == "Raised beds"


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"picture_alt": ""}, "picture_alt"),
        ({"direction": "999999"}, "direction"),
        ({"direction": "not-a-number"}, "direction"),
        ({"name": ""}, "name"),
    ],
)
def test_a_refused_community_form_says_why_and_creates_nothing(
    as_role, community, overrides, field
):
    data = {**_community_data(community.direction, picture=_png()), **overrides}

    response = as_role("cultivator").post(url("community_create"), data)

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Community.objects.filter(name="Jardins partagés").exists()


def test_a_community_name_already_taken_is_refused_with_a_message(as_role, community):
    data = _community_data(community.direction, name=community.name)

    response = as_role("cultivator").post(url("community_create"), data)

    assert response.status_code == 200
    assert shown(response) and "name" in shown(response)[0].lower()
    assert Community.objects.filter(name=community.name).count() == 1


def test_a_gardener_edits_their_community(as_role, community):
    data = _community_data(community.direction, name="Biodiversité en ville", themes="birds")

    response = as_role("gardener").post(
        url("community_edit", community.slug), data
    )

    community.refresh_from_db()
    assert response.status_code == 302
    assert community.name == "Biodiversité en ville"
    assert community.slug == "biodiversite"
    assert list(community.themes.names()) == ["birds"]


def test_an_edit_refused_by_the_service_changes_nothing(as_role, community, other_community):
    data = _community_data(community.direction, name=other_community.name, themes="birds")

    response = as_role("gardener").post(
        url("community_edit", community.slug), data
    )

    community.refresh_from_db()
    assert response.status_code == 200
    assert shown(response)
    assert community.name == "Biodiversité"
    assert list(community.themes.names()) == []


# --- Directions ---------------------------------------------------------------


def test_directions_are_listed_with_staff_and_communities(as_role, community):
    response = as_role("cultivator").get(url("directions"))

    assert "yes, the cultivator" in page(response)
    assert community.direction.name in page(response)
    assert community.name in page(response)


def test_the_cultivator_creates_a_direction_with_its_staff(as_role, people):
    agent = people["informed"]

    response = as_role("cultivator").post(
        url("direction_create"),
        {"name": "Environnement", "description": "", "staff": [agent.pk]},
    )

    direction = Direction.objects.get(name="Environnement")
    assert response.status_code == 302
    assert list(direction.staff.all()) == [agent]
    assert not direction.is_coordinating


def test_editing_a_direction_changes_its_name_and_staff(as_role, people):
    direction = DirectionFactory(name="Agriculture", slug="agriculture")
    direction.staff.add(people["citizen"])

    as_role("staff").post(
        url("direction_edit", "agriculture"),
        {"name": "Agriculture et forêt", "staff": [people["engaged"].pk]},
    )

    direction.refresh_from_db()
    assert direction.name == "Agriculture et forêt"
    assert list(direction.staff.all()) == [people["engaged"]]


@pytest.mark.parametrize("staff", [["999999"], ["nobody"]])
def test_a_tampered_staff_list_is_refused(as_role, people, staff):
    response = as_role("cultivator").post(
        url("direction_create"), {"name": "Culture", "staff": staff}
    )

    assert response.status_code == 200
    assert "staff" in response.context["form"].errors
    assert not Direction.objects.filter(name="Culture").exists()


def test_a_direction_name_already_taken_is_refused_with_a_message(as_role, cultivator_direction):
    response = as_role("cultivator").post(
        url("direction_create"), {"name": cultivator_direction.name}
    )

    assert response.status_code == 200
    assert shown(response)
    assert Direction.objects.filter(name=cultivator_direction.name).count() == 1


# --- Pairs --------------------------------------------------------------------


@pytest.fixture
def agent(community):
    person = UserFactory(email="agent@example.org", display_name="Agnès Agent")
    community.direction.staff.add(person)
    return person


def test_the_pair_page_shows_the_current_pair_and_the_history(as_role, community, pair, people):
    # Given a past pair appointed by the cultivator, and a current one
    GardenerPair.objects.filter(pk=pair.pk).update(
        ended_at=pair.started_at, appointed_by=people["cultivator"]
    )
    current = GardenerPairFactory(community=community)

    response = as_role("cultivator").get(url("pair_appoint", community.slug))

    assert response.context["pair"] == current
    assert response.context["history"] == [pair]
    assert names(response, current.territory_gardener, pair.territory_gardener)
    assert names(response, people["cultivator"])


def test_appointing_a_pair_by_email_replaces_the_current_one(
    as_role, community, pair, agent, people
):
    response = as_role("cultivator").post(
        url("pair_appoint", community.slug),
        {
            "territory_gardener": "ENGAGED@example.org",
            "institution_gardener": agent.email,
            "direction": community.direction.pk,
        },
    )

    assert response.status_code == 302
    active = GardenerPair.objects.get(community=community, ended_at__isnull=True)
    assert active.territory_gardener == people["engaged"]
    assert active.institution_gardener == agent
    assert active.appointed_by == people["cultivator"]
    pair.refresh_from_db()
    assert pair.ended_at is not None


@pytest.mark.parametrize(
    "data, says",
    [
        (
            {"territory_gardener": "ghost@example.org"},
            "Nobody has an account with the address ghost@example.org.",
        ),
        ({"territory_gardener": "not an address"}, "The pair was not changed"),
        (
            {"territory_gardener": "agent@example.org", "direction": "999999"},
            "The pair was not changed",
        ),
        (
            {"territory_gardener": "agent@example.org", "institution_gardener": "agent@example.org",
             "direction": "DIRECTION"},
            "two different people",
        ),
        (
            {"institution_gardener": "citizen@example.org", "direction": "DIRECTION"},
            "is not an agent of",
        ),
        ({}, "Appoint at least one of the two gardeners."),
    ],
)
def test_a_refused_appointment_says_why_and_changes_nothing(
    as_role, community, pair, agent, data, says
):
    data = dict(data)  # the parameters are shared by every run of the test in a process
    if data.get("direction") == "DIRECTION":
        data["direction"] = community.direction.pk

    response = as_role("cultivator").post(url("pair_appoint", community.slug), data)

    assert response.status_code == 200
    assert says in page(response)
    assert GardenerPair.objects.get(community=community, ended_at__isnull=True) == pair
    assert GardenerPair.objects.filter(community=community).count() == 1


def test_ending_the_pair_asks_first_then_leaves_both_roles_vacant(as_role, community, pair):
    client = as_role("cultivator")

    confirmation = client.get(url("pair_end", community.slug))
    assert "Yes, end this pair" in page(confirmation)
    assert GardenerPair.objects.filter(community=community, ended_at__isnull=True).exists()

    response = client.post(url("pair_end", community.slug), follow=True)

    assert not GardenerPair.objects.filter(community=community, ended_at__isnull=True).exists()
    assert "both roles are now vacant" in page(response)


def test_ending_a_pair_that_is_already_ended_says_so(as_role, community, pair):
    GardenerPair.objects.filter(pk=pair.pk).update(ended_at=pair.started_at)

    response = as_role("staff").post(url("pair_end", community.slug), follow=True)

    assert "has no active pair to end" in page(response)
    assert GardenerPair.objects.get(pk=pair.pk).ended_at == pair.started_at


def test_a_gardener_cannot_end_their_own_pair(as_role, community, pair):
    response = as_role("gardener").post(url("pair_end", community.slug))

    assert response.status_code == 403
    assert GardenerPair.objects.filter(community=community, ended_at__isnull=True).exists()
