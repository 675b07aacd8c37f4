"""The pair's two roles (issue #16, item 4): new items reach the territory
gardener first; the institution gardener relays an item to their direction
and records its answer; each action says which of the two did it; the pair
publishes its own story."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from needs import relays
from needs import services as need_services
from needs.models import Need, Relay
from notifications.models import Notification
from roles.models import GardenerPair
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def author(community):
    from communities.models import Circle

    return MembershipFactory(
        community=community, circle=Circle.ENGAGED,
        user=UserFactory(email="awa@example.org", display_name="Awa Diallo"),
    ).user


@pytest.fixture
def need(community, people, author):
    return need_services.need_create(
        community=community, author=author, kind=Need.Kind.NEED, title="Un local",
        description="Pour la grainothèque.",
    )


def _kinds(user):
    return sorted(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def test_a_new_item_reaches_the_territory_gardener_first(need, pair):
    assert _kinds(pair.territory_gardener) == ["need_new_first"]
    assert _kinds(pair.institution_gardener) == ["need_new"]


def test_with_the_territory_seat_vacant_the_institution_gardener_is_told_first(
    community, people, author
):
    pair = GardenerPair.objects.get(community=community, ended_at__isnull=True)
    pair.territory_gardener = None
    pair.save()
    need_services.need_create(community=community, author=author, kind=Need.Kind.NEED,
                              title="Un local", description="x")
    assert _kinds(pair.institution_gardener) == ["need_new_first"]


def test_the_institution_gardener_relays_and_records_the_answer(need, pair, author):
    relay = relays.need_relay(need=need, actor=pair.institution_gardener,
                              message="Pouvez-vous prêter une salle ?")
    assert relay.direction == pair.direction
    relays.relay_answer_record(need=need, actor=pair.institution_gardener, status="partly",
                               answer="Une salle le samedi seulement.")
    relay.refresh_from_db()
    assert (relay.answer_status, relay.answer) == ("partly", "Une salle le samedi seulement.")
    assert _kinds(author) == ["need_direction_answered", "need_relayed"]


@pytest.mark.parametrize("role", ["gardener", "cultivator", "staff", "engaged"])
def test_only_the_institution_gardener_relays(need, people, role):
    with pytest.raises(ValidationError) as refused:
        relays.need_relay(need=need, actor=people[role], message="x")
    assert refused.value.code == "not_institution_gardener"
    assert not Relay.objects.exists()


def test_an_item_is_relayed_once_and_answered_once(need, pair):
    actor = pair.institution_gardener
    with pytest.raises(ValidationError) as refused:
        relays.relay_answer_record(need=need, actor=actor, status="yes", answer="Oui")
    assert refused.value.code == "not_relayed"
    relays.need_relay(need=need, actor=actor, message="Une salle ?")
    with pytest.raises(ValidationError) as refused:
        relays.need_relay(need=need, actor=actor, message="Encore ?")
    assert refused.value.code == "already_relayed"
    with pytest.raises(ValidationError):
        relays.relay_answer_record(need=need, actor=actor, status="waiting", answer="…")
    with pytest.raises(ValidationError):
        relays.relay_answer_record(need=need, actor=actor, status="yes", answer="  ")
    relays.relay_answer_record(need=need, actor=actor, status="yes", answer="Oui")
    with pytest.raises(ValidationError) as refused:
        relays.relay_answer_record(need=need, actor=actor, status="no", answer="Non")
    assert refused.value.code == "already_answered"
    assert Relay.objects.get().answer_status == "yes"


def test_a_closed_item_is_not_relayed(need, pair):
    need_services.need_move(need=need, actor=pair.territory_gardener, to_status="declined",
                            answer="Hors sujet")
    with pytest.raises(ValidationError) as refused:
        relays.need_relay(need=need, actor=pair.institution_gardener, message="x")
    assert refused.value.code == "closed"


def test_the_item_page_says_which_gardener_did_what(need, pair, author, login, in_english):
    pair.territory_gardener.display_name = "Anne"
    pair.territory_gardener.save()
    pair.institution_gardener.display_name = "Ines"
    pair.institution_gardener.save()
    need_services.need_move(need=need, actor=pair.territory_gardener, to_status="discussed",
                            answer="On en parle jeudi.")
    relays.need_relay(need=need, actor=pair.institution_gardener, message="Une salle ?")
    relays.relay_answer_record(need=need, actor=pair.institution_gardener, status="yes",
                               answer="La salle B, le 12.")
    page = login(author).get(need.get_absolute_url()).content.decode()
    assert "by Anne, territory gardener" in page
    assert "by Ines, institution gardener" in page
    assert "The direction says yes" in page and "La salle B, le 12." in page
    assert reverse("needs:relay", args=[need.community.slug, need.pk]) not in page


def test_the_relay_buttons_show_only_to_the_institution_gardener(need, pair, people, login):
    relay_url = reverse("needs:relay", args=[need.community.slug, need.pk])
    assert relay_url in login(pair.institution_gardener).get(
        need.get_absolute_url()).content.decode()
    assert relay_url not in login(pair.territory_gardener).get(
        need.get_absolute_url()).content.decode()
    assert login(pair.territory_gardener).post(relay_url, {"message": "x"}).status_code == 403
    response = login(pair.institution_gardener).post(relay_url, {"message": "Une salle ?"})
    assert response.status_code == 302 and Relay.objects.count() == 1
    # Relayed: the button is gone, posting again is refused.
    assert login(pair.institution_gardener).post(relay_url, {"message": "x"}).status_code == 403


def test_the_pair_publishes_its_own_story(people, community):
    from cms.role_groups import GARDENER_PAGE_PERMISSIONS

    assert "publish" in GARDENER_PAGE_PERMISSIONS
    assert people["gardener"].has_perm("communities.change_story", community)
    assert not people["cultivator"].has_perm("communities.change_story", community)
