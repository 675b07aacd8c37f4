"""The dashboard and the overview for each role, what they show, and their
former addresses under /gardeners/, which answer 301.

People read the pages in English here, so that assertions hold whatever the
French catalogue says.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from communities.models import CircleRequest, Membership
from roles.models import GardenerPair
from tests.factories import CommunityFactory, MembershipFactory, UserFactory


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


def url(name: str, slug: str | None = None) -> str:
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
    "dashboard": ({"slug": "biodiversite"}, GARDENERS),
    "overview": ({}, COORDINATION),
    "overview_export": ({}, COORDINATION),
}
ROLES = [
    "anonymous", "citizen", "informed", "engaged", "gardener",
    "institution_gardener", "other_gardener", "cultivator", "staff",
]


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("role", ROLES)
def test_each_page_opens_only_for_the_roles_it_serves(as_role, name, role):
    kwargs, allowed = PAGES[name]

    response = as_role(role).get(url(name, **kwargs))

    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    elif role in allowed:
        assert response.status_code == 200
    else:
        assert response.status_code == 403


def test_the_dashboard_of_an_unknown_slug_is_not_found(as_role):
    response = as_role("staff").get(url("dashboard", "nowhere"))

    assert response.status_code == 404


# --- Former addresses -------------------------------------------------------------


@pytest.mark.parametrize(
    "old, new",
    [
        ("/gardeners/biodiversite/", "/communities/biodiversite/dashboard/"),
        ("/insights/biodiversite/", "/communities/biodiversite/dashboard/"),
        ("/gardeners/overview/", "/insights/overview/"),
        ("/gardeners/overview/?sort=-total", "/insights/overview/?sort=-total"),
        ("/gardeners/overview.csv", "/insights/overview.csv"),
        ("/gardeners/overview.csv?sort=name", "/insights/overview.csv?sort=name"),
    ],
)
def test_a_bookmarked_dashboard_address_moves_permanently(client, db, old, new):
    response = client.get(old)

    assert response.status_code == 301
    assert response["Location"] == new


def test_the_new_addresses_are_those_the_former_ones_lead_to(community):
    assert url("dashboard", community.slug) == f"/communities/{community.slug}/dashboard/"
    assert url("overview") == "/insights/overview/"
    assert url("overview_export") == "/insights/overview.csv"


@pytest.mark.parametrize(
    "name, slug", [("home", None), ("directions", None), ("community_edit", "biodiversite")]
)
def test_the_gardening_pages_keep_their_addresses(as_role, name, slug):
    address = reverse(f"gardeners:{name}", kwargs={"slug": slug} if slug else {})

    # The cultivator edits a community's settings only when invited (issue #16).
    response = as_role("gardener" if name == "community_edit" else "cultivator").get(address)

    assert response.status_code == 200


# --- Reading ------------------------------------------------------------------


def test_the_dashboard_shows_circles_newcomers_requests_silent_members_and_pair(
    as_role, community, people
):
    # Given a long-silent member and a pending request
    silent = MembershipFactory(community=community, user=UserFactory(display_name="Zoé Silence"))
    Membership.objects.filter(pk=silent.pk).update(
        last_active_at=timezone.now() - timedelta(days=90)
    )
    CircleRequest.objects.create(
        community=community, user=people["citizen"], circle=2, message="I run a seed library."
    )

    response = as_role("gardener").get(url("dashboard", community.slug))

    text = page(response)
    dashboard = response.context["dashboard"]
    assert [(c.circle.value, c.count) for c in dashboard.circle_counts] == [(3, 1), (2, 1), (1, 2)]
    assert dashboard.recent_joiners_count == 4
    assert names(response, people["engaged"])
    assert "1 circle request waiting" in text
    assert "asks to join the informed circle" in text
    assert "1 member to re-engage" in text
    assert "Zoé Silence" in text
    assert names(response, people["gardener"], people["institution_gardener"])


def test_the_dashboard_says_when_a_role_is_vacant(as_role, community):
    GardenerPair.objects.filter(community=community).update(institution_gardener=None)

    response = as_role("cultivator").get(url("dashboard", community.slug))

    assert "Vacant: nobody holds this role." in page(response)


def test_the_overview_shows_every_community_with_counts_and_vacancies(as_role, community):
    lonely = CommunityFactory(name="Eau et rivières")

    response = as_role("cultivator").get(url("overview"))

    rows = {c.name: c for c in response.context["communities"]}
    assert rows["Biodiversité"].total == 3 and rows["Biodiversité"].engaged == 1
    assert rows["Biodiversité"].vacancies == 0
    assert rows[lonely.name].vacancies == 2
    assert "2 roles vacant" in page(response)
    assert 'class="vacant">vacant<' in page(response)


@pytest.mark.parametrize(
    "sort, first, aria",
    [("name", "Alimentation durable", "ascending"), ("-total", "Biodiversité", "descending")],
)
def test_the_overview_sorts_by_the_chosen_column(as_role, sort, first, aria):
    response = as_role("staff").get(url("overview"), {"sort": sort})

    assert response.context["communities"][0].name == first
    assert f'aria-sort="{aria}"' in page(response)
    assert page(response).count("aria-sort=") == 1


def test_the_overview_ignores_a_sort_it_does_not_know(as_role):
    response = as_role("staff").get(url("overview"), {"sort": "-password;drop"})

    assert response.status_code == 200
    assert response.context["communities"][0].name == "Alimentation durable"
