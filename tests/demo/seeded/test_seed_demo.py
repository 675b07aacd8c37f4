"""`manage.py seed_demo`: a demo region anyone can log into, safe to run twice."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.sites.models import Site

from communities.models import Circle, CircleChange, CircleRequest, Community, Direction, Membership
from roles.models import GardenerPair

from .conftest import seed as _seed

User = get_user_model()
PASSWORD = "terreau-demo"

COUNTED = (User, EmailAddress, Direction, Community, Membership, CircleChange, CircleRequest,
           GardenerPair, Group)


def _counts():
    return {model.__name__: model.objects.count() for model in COUNTED}


@pytest.fixture
def biodiversite(seeded):
    return Community.objects.get(name="Biodiversité")


def _user(email):
    # A fresh object each time: rules cache answers on the user instance.
    return User.objects.get(email=email)


def test_running_the_seed_twice_adds_nothing_the_second_time(seeded):
    # Given a first run
    first_output = seeded
    after_first = _counts()

    # When it runs again
    second_output = _seed()

    # Then nothing was added, and it says so
    assert _counts() == after_first
    assert "nothing to add" in second_output
    assert "cultivateur@demo.terreau.fr" in first_output
    assert after_first["Community"] == 4
    assert after_first["Membership"] > 600


def test_the_demo_has_four_communities_tended_by_a_pair_with_three_circles(seeded):
    for community in Community.objects.all():
        pair = GardenerPair.objects.get(community=community, ended_at__isnull=True)
        assert pair.is_complete
        # The institution gardener is an agent of the community's direction
        assert community.direction.staff.filter(pk=pair.institution_gardener_id).exists()
        circles = {
            circle: Membership.objects.filter(community=community, circle=circle).count()
            for circle in Circle
        }
        assert 15 <= circles[Circle.ENGAGED] <= 25
        assert 30 <= circles[Circle.INFORMED] <= 50
        assert 80 <= circles[Circle.CITIZENS] <= 120
        assert community.themes.exists()
        assert community.how_to_join
        assert CircleRequest.objects.filter(
            community=community, status=CircleRequest.Status.PENDING
        ).exists()
    assert Direction.objects.filter(is_coordinating=True).count() == 1


def test_every_member_history_ends_in_the_circle_they_are_in(seeded):
    for membership in Membership.objects.select_related("community", "user")[:200]:
        history = CircleChange.objects.filter(
            community=membership.community, user=membership.user
        ).order_by("created_at", "id")
        assert history.first().kind == CircleChange.Kind.JOINED
        assert history.last().to_circle == membership.circle
        assert membership.joined_at <= membership.last_active_at


def test_the_demo_site_is_named_terreau_on_the_local_address(seeded):
    site = Site.objects.get(pk=1)
    assert (site.domain, site.name) == ("127.0.0.1:8000", "Terreau")


@pytest.mark.parametrize(
    "email",
    [
        "cultivateur@demo.terreau.fr",
        "jardinier.territoire@demo.terreau.fr",
        "jardiniere.region@demo.terreau.fr",
        "engage@demo.terreau.fr",
        "informe@demo.terreau.fr",
        "citoyen@demo.terreau.fr",
        "redaction@demo.terreau.fr",
        "admin@demo.terreau.fr",
    ],
)
def test_every_demo_account_logs_in_with_the_demo_password(seeded, client, email):
    assert client.login(email=email, password=PASSWORD)
    assert EmailAddress.objects.filter(email=email, verified=True, primary=True).exists()


def test_the_cultivator_coordinates_but_does_not_garden(biodiversite):
    cultivator = _user("cultivateur@demo.terreau.fr")
    assert cultivator.has_perm("communities.add_community")
    assert cultivator.has_perm("gardeners.appoint_pair", biodiversite)
    assert cultivator.has_perm("communities.view_members", biodiversite)
    assert not cultivator.has_perm("communities.manage_members", biodiversite)


@pytest.mark.parametrize(
    "email", ["jardinier.territoire@demo.terreau.fr", "jardiniere.region@demo.terreau.fr"]
)
def test_the_biodiversity_gardeners_animate_their_community_only(biodiversite, email):
    gardener = _user(email)
    other = Community.objects.get(name="Mobilités")
    assert gardener.has_perm("communities.manage_members", biodiversite)
    assert not gardener.has_perm("communities.manage_members", other)
    assert not gardener.has_perm("communities.add_community")


def test_the_institution_gardener_is_an_agent_of_the_environment_direction(biodiversite):
    gardener = _user("jardiniere.region@demo.terreau.fr")
    assert list(gardener.directions.values_list("name", flat=True)) == [
        "Direction de l'Environnement"
    ]
    pair = GardenerPair.objects.get(community=biodiversite, ended_at__isnull=True)
    assert pair.institution_gardener == gardener
    assert pair.territory_gardener.email == "jardinier.territoire@demo.terreau.fr"
    assert pair.territory_gardener.organisation.startswith("Association")


@pytest.mark.parametrize(
    "email, circle",
    [
        ("engage@demo.terreau.fr", Circle.ENGAGED),
        ("informe@demo.terreau.fr", Circle.INFORMED),
        ("citoyen@demo.terreau.fr", Circle.CITIZENS),
    ],
)
def test_the_member_accounts_sit_in_their_circle_of_biodiversity(biodiversite, email, circle):
    member = _user(email)
    assert Membership.objects.get(community=biodiversite, user=member).circle == circle
    assert member.has_perm("communities.leave_community", biodiversite)
    assert member.has_perm("communities.request_circle", biodiversite)
    assert not member.has_perm("communities.join_community", biodiversite)
    assert not member.has_perm("communities.manage_members", biodiversite)
    assert not member.has_perm("wagtailadmin.access_admin")


def test_the_editor_reaches_the_cms_for_the_environment_direction(biodiversite):
    editor = _user("redaction@demo.terreau.fr")
    assert editor.has_perm("wagtailadmin.access_admin")
    assert editor.groups.filter(name="Éditeurs — Direction de l'Environnement").exists()
    assert editor.directions.filter(name="Direction de l'Environnement").exists()
    assert not editor.has_perm("communities.manage_members", biodiversite)


def test_the_admin_can_do_everything(biodiversite):
    admin = _user("admin@demo.terreau.fr")
    assert admin.is_superuser
    assert admin.has_perm("communities.manage_members", biodiversite)
    assert admin.has_perm("wagtailadmin.access_admin")
