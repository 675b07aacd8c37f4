import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from roles import services
from roles.models import GardenerPair
from roles.predicates import is_gardener_of
from tests.factories import DirectionFactory, GardenerPairFactory, UserFactory


def test_appointing_replaces_the_active_pair_and_keeps_the_old_one(community, agent, cultivator):
    # Given a community tended by a pair
    old = GardenerPairFactory(community=community)
    newcomer = UserFactory(email="newcomer@example.org")

    # When the cultivator appoints a new pair
    new = services.pair_appoint(
        community=community,
        territory_gardener=newcomer,
        institution_gardener=agent,
        direction=community.direction,
        actor=cultivator,
    )

    # Then the new pair is the only active one, and the old one is history
    old.refresh_from_db()
    assert old.ended_at is not None
    assert list(GardenerPair.objects.filter(community=community, ended_at__isnull=True)) == [new]
    assert GardenerPair.objects.filter(community=community).count() == 2
    assert new.appointed_by == cultivator
    assert is_gardener_of(newcomer, community)
    assert not is_gardener_of(old.territory_gardener, community)


def test_a_role_may_stay_vacant(community, cultivator):
    person = UserFactory()

    pair = services.pair_appoint(community=community, territory_gardener=person, actor=cultivator)

    assert pair.territory_gardener == person
    assert pair.institution_gardener is None
    assert not pair.is_complete


def test_the_same_person_cannot_hold_both_roles(community, agent, cultivator):
    # Given a community with a pair
    old = GardenerPairFactory(community=community)

    # When the cultivator appoints one person twice
    with pytest.raises(ValidationError) as error:
        services.pair_appoint(
            community=community,
            territory_gardener=agent,
            institution_gardener=agent,
            direction=community.direction,
            actor=cultivator,
        )

    # Then it is refused and the old pair still tends the community
    assert error.value.code == "same_person"
    old.refresh_from_db()
    assert old.is_active
    assert GardenerPair.objects.filter(community=community).count() == 1


def test_the_institution_gardener_must_be_an_agent_of_the_direction(community, cultivator):
    old = GardenerPairFactory(community=community)
    outsider = UserFactory(email="outsider@example.org")
    other_direction = DirectionFactory()
    other_direction.staff.add(outsider)

    with pytest.raises(ValidationError) as error:
        services.pair_appoint(
            community=community,
            institution_gardener=outsider,
            direction=community.direction,
            actor=cultivator,
        )

    assert error.value.code == "not_agent"
    assert str(outsider) in error.value.messages[0]
    old.refresh_from_db()
    assert old.is_active


def test_the_institution_gardener_needs_a_direction(community, agent, cultivator):
    with pytest.raises(ValidationError) as error:
        services.pair_appoint(community=community, institution_gardener=agent, actor=cultivator)

    assert error.value.code == "direction_required"
    assert not GardenerPair.objects.exists()


def test_an_empty_pair_is_refused(community, cultivator):
    with pytest.raises(ValidationError) as error:
        services.pair_appoint(community=community, actor=cultivator)

    assert error.value.code == "empty_pair"


def test_the_database_refuses_two_active_pairs(community):
    # Given an active pair
    GardenerPairFactory(community=community)

    # When something bypasses the service and inserts a second active pair
    with pytest.raises(IntegrityError), transaction.atomic():
        GardenerPairFactory(community=community)

    # Then only one pair is active
    assert GardenerPair.objects.filter(community=community, ended_at__isnull=True).count() == 1


def test_successive_appointments_leave_exactly_one_active_pair(community, agent, cultivator):
    for _ in range(3):
        services.pair_appoint(
            community=community, territory_gardener=UserFactory(), actor=cultivator
        )

    pairs = GardenerPair.objects.filter(community=community)
    assert pairs.count() == 3
    assert pairs.filter(ended_at__isnull=True).count() == 1


def test_ending_the_pair_leaves_both_roles_vacant(community, cultivator):
    pair = GardenerPairFactory(community=community)

    services.pair_end(community=community, actor=cultivator)

    pair.refresh_from_db()
    assert pair.ended_at is not None
    assert not GardenerPair.objects.filter(community=community, ended_at__isnull=True).exists()


def test_ending_a_pair_that_does_not_exist_is_refused(community, cultivator):
    with pytest.raises(ValidationError) as error:
        services.pair_end(community=community, actor=cultivator)

    assert error.value.code == "no_active_pair"
