"""axe-core finds no serious or critical accessibility problem on the pages
everyone meets first, on a phone, signed in or not."""

import pytest
from django.core import mail
from django.urls import reverse
from playwright.sync_api import expect

from communities import services
from communities.models import Circle
from tests.factories import (
    CommunityFactory,
    GardenerPairFactory,
    MembershipFactory,
    UserFactory,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def biodiversite(transactional_db):
    community = CommunityFactory(
        name="Biodiversité",
        slug="biodiversite",
        description="Naturalistes, associations et agriculteurs qui protègent la faune et la flore.",
        territory="Occitanie — Pyrénées",
        how_to_join="Rejoignez le cercle des citoyens en un clic.",
    )
    community.themes.set(["biodiversité", "zones humides"])
    GardenerPairFactory(community=community)
    for circle in (Circle.ENGAGED, Circle.INFORMED, Circle.CITIZENS, Circle.CITIZENS):
        MembershipFactory(community=community, circle=circle)
    CommunityFactory(name="Alimentation durable", slug="alimentation-durable")
    return community


@pytest.fixture
def member(biodiversite):
    """A member with a history (joined, then moved by a gardener), as on the real site."""
    user = UserFactory(email="nadia.benali@example.org", display_name="Nadia Benali")
    gardener = biodiversite.gardener_pairs.get().territory_gardener
    services.membership_join(community=biodiversite, user=user)
    services.membership_move(
        community=biodiversite,
        user=user,
        actor=gardener,
        to_circle=Circle.INFORMED,
        reason="Très présente aux sorties de terrain, proposée lors de la réunion du binôme.",
    )
    return user


@pytest.mark.parametrize(
    "url_name, args",
    [
        ("home", []),
        ("communities:list", []),
        ("communities:detail", ["biodiversite"]),
        ("account_login", []),
        ("account_signup", []),
    ],
)
def test_public_pages_are_accessible(page, assert_accessible, biodiversite, url_name, args):
    page.goto(reverse(url_name, args=args))
    assert_accessible(page)


@pytest.mark.parametrize(
    "url_name, args",
    [
        ("home", []),
        ("communities:detail", ["biodiversite"]),
        ("communities:mine", []),
    ],
)
def test_a_members_pages_are_accessible(
    page, login_as, assert_accessible, member, url_name, args
):
    login_as(page, member)
    page.goto(reverse(url_name, args=args))
    assert_accessible(page)


def test_the_mail_outbox_is_accessible(page, assert_accessible, settings, tmp_path, transactional_db):
    # Given one e-mail in the outbox, so the page shows its table
    settings.EMAIL_BACKEND = "terreau.outbox.OutboxEmailBackend"
    settings.OUTBOX_DIR = tmp_path / "outbox"
    settings.OUTBOX_PAGE_ENABLED = True
    mail.send_mail("Bienvenue dans Biodiversité", "Bonjour !", None, ["lea@example.org"])

    page.goto(reverse("outbox"))

    expect(page.get_by_role("link", name="Bienvenue dans Biodiversité")).to_be_visible()
    assert_accessible(page)
