"""The rules every write of the communities app keeps, whoever calls it."""

import pytest
from django.core.exceptions import ValidationError

from communities import services
from communities.models import Circle, CircleChange, CircleRequest, Membership
from tests.factories import CommunityFactory, DirectionFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def history(community, user):
    return list(
        CircleChange.objects.filter(community=community, user=user)
        .order_by("created_at", "id")
        .values_list("kind", "from_circle", "to_circle", "actor_id", "reason")
    )


def ask(community, user, circle=Circle.INFORMED, message="I run a seed library."):
    return services.circle_request_create(
        community=community, user=user, circle=circle, message=message
    )


# --- Joining and leaving ---------------------------------------------------------


def test_joining_puts_the_person_in_the_citizens_circle_and_records_it(community):
    person = UserFactory()

    membership = services.membership_join(community=community, user=person)

    assert membership.circle == Circle.CITIZENS
    assert history(community, person) == [("joined", None, Circle.CITIZENS, person.pk, "")]


def test_joining_twice_is_refused_and_changes_nothing(community):
    person = UserFactory()
    services.membership_join(community=community, user=person)

    with pytest.raises(ValidationError) as refused:
        services.membership_join(community=community, user=person)

    assert refused.value.code == "already_member"
    assert Membership.objects.filter(community=community, user=person).count() == 1
    assert len(history(community, person)) == 1


def test_leaving_records_the_circle_left_and_withdraws_the_pending_request(community):
    member = MembershipFactory(community=community, circle=Circle.INFORMED).user
    request = ask(community, member, Circle.ENGAGED)

    services.membership_leave(community=community, user=member, reason="Moving away.")

    assert not Membership.objects.filter(community=community, user=member).exists()
    assert history(community, member) == [
        ("left", Circle.INFORMED, None, member.pk, "Moving away.")
    ]
    request.refresh_from_db()
    assert request.status == CircleRequest.Status.WITHDRAWN


def test_leaving_a_community_one_is_not_in_is_refused(community):
    with pytest.raises(ValidationError) as refused:
        services.membership_leave(community=community, user=UserFactory())

    assert refused.value.code == "not_member"
    assert not CircleChange.objects.exists()


# --- A gardener moves or removes a member ---------------------------------------


def test_moving_records_who_from_where_to_where_and_why(people, community):
    citizen, gardener = people["citizen"], people["gardener"]

    services.membership_move(
        community=community, user=citizen, actor=gardener, to_circle=Circle.ENGAGED,
        reason="Leads the seed working group.",
    )

    assert Membership.objects.get(community=community, user=citizen).circle == Circle.ENGAGED
    assert history(community, citizen) == [
        ("moved", Circle.CITIZENS, Circle.ENGAGED, gardener.pk, "Leads the seed working group.")
    ]


def test_a_move_is_not_counted_as_the_members_own_activity(people, community):
    membership = Membership.objects.get(community=community, user=people["citizen"])
    before = membership.last_active_at

    services.membership_move(
        community=community, user=people["citizen"], actor=people["gardener"],
        to_circle=Circle.INFORMED, reason="Came to three events.",
    )

    membership.refresh_from_db()
    assert membership.last_active_at == before


def test_moving_answers_the_pending_request_it_fulfils(people, community):
    request = ask(community, people["citizen"], Circle.INFORMED)

    services.membership_move(
        community=community, user=people["citizen"], actor=people["gardener"],
        to_circle=Circle.ENGAGED, reason="Welcome to the core.",
    )

    request.refresh_from_db()
    assert request.status == CircleRequest.Status.APPROVED
    assert request.decided_by == people["gardener"]


def test_moving_someone_who_is_not_a_member_is_refused(people, community):
    with pytest.raises(ValidationError) as refused:
        services.membership_move(
            community=community, user=UserFactory(), actor=people["gardener"],
            to_circle=Circle.INFORMED, reason="Why not.",
        )
    assert refused.value.code == "not_member"


@pytest.mark.parametrize(
    ("to_circle", "reason", "code"),
    [
        (Circle.CITIZENS, "Already there.", "same_circle"),
        (Circle.INFORMED, "   ", "reason_required"),
        (99, "A circle that does not exist.", "bad_circle"),
        ("engaged", "Not a number.", "bad_circle"),
    ],
)
def test_a_move_without_a_real_change_or_a_reason_is_refused(people, community, to_circle, reason, code):
    with pytest.raises(ValidationError) as refused:
        services.membership_move(
            community=community, user=people["citizen"], actor=people["gardener"],
            to_circle=to_circle, reason=reason,
        )

    assert refused.value.code == code
    assert Membership.objects.get(community=community, user=people["citizen"]).circle == Circle.CITIZENS
    assert history(community, people["citizen"]) == []


def test_removing_needs_a_reason_and_keeps_it_in_the_history(people, community):
    engaged, gardener = people["engaged"], people["gardener"]
    with pytest.raises(ValidationError):
        services.membership_remove(community=community, user=engaged, actor=gardener, reason="")
    assert Membership.objects.filter(community=community, user=engaged).exists()

    services.membership_remove(
        community=community, user=engaged, actor=gardener, reason="Asked by e-mail."
    )

    assert not Membership.objects.filter(community=community, user=engaged).exists()
    assert history(community, engaged) == [
        ("removed", Circle.ENGAGED, None, gardener.pk, "Asked by e-mail.")
    ]


# --- Asking to move inward ----------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "circle", "message", "code"),
    [
        ("informed", Circle.CITIZENS, "Let me out.", "not_inward"),
        ("informed", Circle.INFORMED, "Same circle.", "not_inward"),
        ("engaged", Circle.ENGAGED, "Already in the core.", "not_inward"),
        ("citizen", Circle.INFORMED, "  ", "message_required"),
        ("citizen", 99, "Tampered.", "bad_circle"),
        ("citizen", Circle.INFORMED, "x" * 2001, "too_long"),
    ],
)
def test_a_request_goes_inward_and_says_why(people, community, role, circle, message, code):
    with pytest.raises(ValidationError) as refused:
        ask(community, people[role], circle, message)

    assert refused.value.code == code
    assert not CircleRequest.objects.exists()


def test_only_members_ask_and_only_one_request_waits_at_a_time(people, community):
    with pytest.raises(ValidationError) as refused:
        ask(community, UserFactory())
    assert refused.value.code == "not_member"

    ask(community, people["citizen"], Circle.INFORMED)
    with pytest.raises(ValidationError) as refused:
        ask(community, people["citizen"], Circle.ENGAGED)

    assert refused.value.code == "already_pending"
    assert CircleRequest.objects.filter(user=people["citizen"]).count() == 1


def test_approving_moves_the_member_and_records_the_answer(people, community):
    request = ask(community, people["citizen"], Circle.ENGAGED, "I host the annual event.")

    services.circle_request_approve(
        community=community, request_id=request.pk, actor=people["gardener"], answer="Welcome!"
    )

    request.refresh_from_db()
    assert request.status == CircleRequest.Status.APPROVED
    assert Membership.objects.get(community=community, user=people["citizen"]).circle == Circle.ENGAGED
    assert history(community, people["citizen"]) == [
        ("request_approved", Circle.CITIZENS, Circle.ENGAGED, people["gardener"].pk, "Welcome!")
    ]


def test_approving_a_withdrawn_request_is_refused_and_changes_nothing(people, community):
    request = ask(community, people["citizen"])
    services.circle_request_withdraw(community=community, request_id=request.pk, user=people["citizen"])

    with pytest.raises(ValidationError) as refused:
        services.circle_request_approve(
            community=community, request_id=request.pk, actor=people["gardener"]
        )

    assert refused.value.code == "not_pending"
    request.refresh_from_db()
    assert request.status == CircleRequest.Status.WITHDRAWN
    assert Membership.objects.get(community=community, user=people["citizen"]).circle == Circle.CITIZENS
    assert history(community, people["citizen"]) == []


def test_declining_needs_an_answer_and_a_decision_is_made_once(people, community):
    request = ask(community, people["citizen"])

    with pytest.raises(ValidationError) as refused:
        services.circle_request_decline(
            community=community, request_id=request.pk, actor=people["gardener"], answer=" "
        )
    assert refused.value.code == "answer_required"
    request.refresh_from_db()
    assert request.status == CircleRequest.Status.PENDING

    services.circle_request_decline(
        community=community, request_id=request.pk, actor=people["gardener"],
        answer="Come to an event first.",
    )
    with pytest.raises(ValidationError) as refused:
        services.circle_request_approve(
            community=community, request_id=request.pk, actor=people["gardener"]
        )

    assert refused.value.code == "not_pending"
    request.refresh_from_db()
    assert (request.status, request.answer) == ("declined", "Come to an event first.")


@pytest.mark.parametrize("request_id", ["other community", "not a number", None])
def test_a_request_is_found_only_in_its_own_community(people, community, other_community, request_id):
    request = ask(community, people["citizen"])
    if request_id == "other community":
        request_id = request.pk
        community = other_community

    with pytest.raises(ValidationError) as refused:
        services.circle_request_approve(
            community=community, request_id=request_id, actor=people["gardener"]
        )

    assert refused.value.code == "no_request"
    request.refresh_from_db()
    assert request.status == CircleRequest.Status.PENDING


def test_a_member_cannot_withdraw_someone_elses_request_nor_learn_its_status(people, community):
    request = ask(community, people["citizen"])
    services.circle_request_decline(
        community=community, request_id=request.pk, actor=people["gardener"], answer="Not yet."
    )

    with pytest.raises(ValidationError) as refused:
        services.circle_request_withdraw(
            community=community, request_id=request.pk, user=people["informed"]
        )

    assert refused.value.code == "not_yours"


# --- Community addresses -----------------------------------------------------------


def test_a_community_never_takes_an_address_the_site_uses():
    direction = DirectionFactory()

    community = services.community_create(
        name="Mine", description="Old mines.", territory="Gard", direction=direction
    )
    with pytest.raises(ValidationError):
        services.community_create(
            name="Mines", description="…", territory="Gard", direction=direction, slug="mine"
        )

    assert community.slug == "mine-2"
    with pytest.raises(ValidationError):
        services.community_update(community=CommunityFactory(), slug="mine")
