"""One per-request cache of a person's roles, one way to forget it."""

from communities import services as community_services
from roles import predicates
from roles.cache import forget
from roles.circles import Circle
from roles.services import pair_appoint, pair_end
from tests.factories import CommunityFactory, MembershipFactory, UserFactory
from workgroups.predicates import group_ids


def _every_question(user, communities):
    for community in communities:
        predicates.is_member(user, community)
        predicates.is_engaged(user, community)
        predicates.is_gardener_of(user, community)
        predicates.can_oversee(user, community)
    predicates.is_direction_agent(user)


def test_twenty_questions_cost_one_query_per_kind_of_fact(db, django_assert_num_queries):
    communities = CommunityFactory.create_batch(5)
    user = UserFactory()
    MembershipFactory(community=communities[0], user=user, circle=Circle.ENGAGED)

    # circles, gardened communities, cultivator, direction agent
    with django_assert_num_queries(4):
        _every_question(user, communities)
    with django_assert_num_queries(0):
        _every_question(user, communities)


def test_every_answer_sits_in_one_attribute_of_the_user_object(db):
    user = UserFactory()
    _every_question(user, CommunityFactory.create_batch(2))
    group_ids(user)  # a higher app's fact joins the same cache

    assert [name for name in vars(user) if name.startswith("_terreau")] == ["_terreau_roles"]


def test_forget_drops_every_answer(db, django_assert_num_queries):
    user, community = UserFactory(), CommunityFactory()
    _every_question(user, [community])
    group_ids(user)

    forget(user)

    with django_assert_num_queries(5):
        _every_question(user, [community])
        group_ids(user)


def test_a_membership_service_forgets_the_answers_it_changed(db):
    community, user = CommunityFactory(), UserFactory()
    assert not predicates.is_member(user, community)

    community_services.membership_join(community=community, user=user)

    assert predicates.is_member(user, community)


def test_appointing_forgets_the_answers_of_the_people_it_was_given(db):
    community, new, actor = CommunityFactory(), UserFactory(), UserFactory(is_staff=True)
    for person in (new, actor):
        predicates.gardened_community_ids(person)  # cached before the change

    pair_appoint(community=community, territory_gardener=new, actor=actor)

    assert predicates.is_gardener_of(new, community)
    assert "gardened" not in vars(actor).get("_terreau_roles", {})


def test_ending_a_pair_forgets_the_answers_of_the_person_ending_it(db):
    community, gardener = CommunityFactory(), UserFactory(is_staff=True)
    pair_appoint(community=community, territory_gardener=gardener, actor=gardener)
    assert predicates.is_gardener_of(gardener, community)

    pair_end(community=community, actor=gardener)

    assert not predicates.is_gardener_of(gardener, community)


def test_the_request_users_lazy_wrapper_shares_the_real_users_cache(db, django_assert_num_queries):
    from django.utils.functional import SimpleLazyObject

    user, community = UserFactory(), CommunityFactory()
    lazy = SimpleLazyObject(lambda: user)  # what request.user is
    predicates.is_gardener_of(lazy, community)

    with django_assert_num_queries(0):
        predicates.is_gardener_of(user, community)
    forget(lazy)
    assert "_terreau_roles" not in vars(user)
