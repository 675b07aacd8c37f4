"""Every refusal and boundary of circle moves and membership
(communities/services.py): exact messages, the 2,000-character limit, which
pending request a move answers, who closes what, who is e-mailed. Each test
fails when its check is removed or shifted by one."""

from datetime import timedelta
from email.utils import parseaddr

import pytest
from django.core import mail
from django.utils import timezone, translation

from audit.models import AuditEntry
from communities import services
from communities.kinds import CIRCLE_REQUEST_DECIDED
from communities.models import Circle, CircleChange, CircleRequest, Community, Membership
from notifications.models import Notification
from tests.factories import DirectionFactory, MembershipFactory, UserFactory
from tests.refusals import refusals

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


def sent_to():
    return [parseaddr(address)[1] for message in mail.outbox for address in message.to]


def circle_of(community, user):
    return Membership.objects.get(community=community, user=user).circle


def ask(community, user, circle=Circle.INFORMED, message="Je tiens la grainothèque."):
    return services.circle_request_create(
        community=community, user=user, circle=circle, message=message)


# --- Joining, leaving, removing -----------------------------------------------------------


def test_joining_twice_says_so_and_joining_is_recorded_as_the_persons_own(community):
    person = UserFactory()
    membership = services.membership_join(community=community, user=person)
    assert (membership.user, membership.community, membership.circle) == (
        person, community, Circle.CITIZENS)
    assert refusals(lambda: services.membership_join(community=community, user=person)) == [
        (None, "You are already a member of Biodiversité.", "already_member")]
    assert list(CircleChange.objects.values_list("actor", "kind")) == [(person.pk, "joined")]


def test_leaving_or_removing_someone_who_is_not_a_member_names_them(people, community):
    stranger = UserFactory(display_name="Jean Passant")
    expected = [(None, "Jean Passant is not a member of Biodiversité.", "not_member")]
    assert refusals(lambda: services.membership_leave(community=community, user=stranger)) \
        == expected
    assert refusals(lambda: services.membership_remove(
        community=community, user=stranger, actor=people["gardener"], reason="Spam.")) == expected
    assert not CircleChange.objects.exists()


def test_removing_without_a_reason_is_refused_and_changes_nothing(people, community):
    request = ask(community, people["citizen"])
    assert refusals(lambda: services.membership_remove(
        community=community, user=people["citizen"], actor=people["gardener"], reason=" \n")) == [
        (None, "Say why the member is removed.", "reason_required")]
    request.refresh_from_db()
    assert request.status == CircleRequest.Status.PENDING
    assert circle_of(community, people["citizen"]) == Circle.CITIZENS


def test_removing_closes_the_pending_request_in_the_gardeners_name(people, community):
    request = ask(community, people["citizen"])
    services.membership_remove(community=community, user=people["citizen"],
                               actor=people["gardener"], reason="Spam.")

    request.refresh_from_db()
    assert (request.status, request.decided_by) == ("withdrawn", people["gardener"])
    assert request.decided_at is not None


def test_leaving_closes_only_the_leavers_requests_in_this_community(
        people, community, other_community):
    mine = ask(community, people["citizen"])
    theirs = ask(community, people["informed"], Circle.ENGAGED)
    MembershipFactory(community=other_community, user=people["citizen"], circle=Circle.CITIZENS)
    elsewhere = ask(other_community, people["citizen"])

    services.membership_leave(community=community, user=people["citizen"])

    mine.refresh_from_db()
    assert (mine.status, mine.decided_by) == ("withdrawn", people["citizen"])
    assert mine.decided_at is not None
    for untouched in (theirs, elsewhere):
        untouched.refresh_from_db()
        assert (untouched.status, untouched.decided_at) == ("pending", None)


# --- Moves ---------------------------------------------------------------------------------


def move(community, user, actor, to_circle, reason="Anime l'atelier semences."):
    return services.membership_move(
        community=community, user=user, actor=actor, to_circle=to_circle, reason=reason)


def test_a_move_to_the_same_circle_or_without_reason_says_why(people, community):
    citizen, gardener = people["citizen"], people["gardener"]
    citizen.display_name = "Camille"
    citizen.save()
    assert refusals(lambda: move(community, citizen, gardener, Circle.CITIZENS)) == [
        (None, "Camille is already in the citizens circle.", "same_circle")]
    assert refusals(lambda: move(community, citizen, gardener, Circle.INFORMED, "")) == [
        (None, "Say why the member changes circle.", "reason_required")]
    assert refusals(lambda: move(community, citizen, gardener, None)) == [
        (None, "Choose one of the three circles.", "bad_circle")]


def test_a_move_answers_a_request_up_to_its_circle_and_not_beyond(people, community):
    gardener = people["gardener"]
    same = ask(community, people["citizen"], Circle.INFORMED)
    further = ask(community, people["informed"], Circle.ENGAGED)

    move(community, people["citizen"], gardener, Circle.INFORMED, "Bienvenue.")
    move(community, people["informed"], gardener, Circle.CITIZENS, "Moins dispo.")

    same.refresh_from_db()
    assert (same.status, same.decided_by, same.answer) == ("approved", gardener, "Bienvenue.")
    assert same.decided_at is not None
    further.refresh_from_db()
    assert (further.status, further.decided_by, further.answer) == ("pending", None, "")


def test_a_move_that_answers_a_request_emails_the_member_after_commit(
        people, community, django_capture_on_commit_callbacks):
    ask(community, people["citizen"], Circle.INFORMED)
    ask(community, people["informed"], Circle.ENGAGED)
    with django_capture_on_commit_callbacks(execute=True):
        move(community, people["citizen"], people["gardener"], Circle.ENGAGED)
        move(community, people["informed"], people["gardener"], Circle.CITIZENS)
    assert sent_to() == [people["citizen"].email]


# --- Requests -------------------------------------------------------------------------------


def test_request_texts_are_trimmed_and_limited_to_2000_characters(people, community):
    too_long = [(None, "Keep it under 2000 characters.", "too_long")]
    assert refusals(lambda: ask(community, people["citizen"], message="x" * 2001)) == too_long
    request = ask(community, people["citizen"], message="  " + "x" * 2000 + "  ")
    assert request.message == "x" * 2000
    assert refusals(lambda: services.circle_request_approve(
        community=community, request_id=request.pk, actor=people["gardener"],
        answer="a" * 2001)) == too_long
    assert refusals(lambda: services.circle_request_decline(
        community=community, request_id=request.pk, actor=people["gardener"],
        answer="a" * 2001)) == too_long
    request.refresh_from_db()
    assert request.status == "pending"

    services.circle_request_decline(community=community, request_id=request.pk,
                                    actor=people["gardener"], answer=" " + "a" * 2000 + " ")
    request.refresh_from_db()
    assert (request.status, request.answer, request.decided_by) == (
        "declined", "a" * 2000, people["gardener"])
    assert request.decided_at is not None


def test_request_refusals_say_why(people, community):
    assert refusals(lambda: ask(community, people["citizen"], message=" ")) == [
        (None, "Tell the gardeners a few words about why you want to move.", "message_required")]
    assert refusals(lambda: ask(community, people["informed"], Circle.INFORMED)) == [
        (None, "You can only ask to move to a circle closer to the core than yours.",
         "not_inward")]
    ask(community, people["citizen"])
    assert refusals(lambda: ask(community, people["citizen"], Circle.ENGAGED)) == [
        (None, "You already have a request waiting for an answer in this community.",
         "already_pending")]
    assert refusals(lambda: services.circle_request_decline(
        community=community, request_id=1, actor=people["gardener"], answer="")) == [
        (None, "Write a short answer: the member will read why.", "answer_required")]
    assert refusals(lambda: services.circle_request_approve(
        community=community, request_id="x", actor=people["gardener"])) == [
        (None, "This request does not exist.", "no_request")]


def test_asking_counts_as_activity_and_tells_the_gardeners(
        people, community, pair, django_capture_on_commit_callbacks):
    before = Membership.objects.get(community=community, user=people["citizen"]).last_active_at
    with django_capture_on_commit_callbacks(execute=True):
        ask(community, people["citizen"])
    after = Membership.objects.get(community=community, user=people["citizen"]).last_active_at
    assert after is not None and (before is None or after > before)
    assert sorted(sent_to()) == sorted([pair.territory_gardener.email, pair.institution_gardener.email])


def test_withdrawing_is_dated_and_done_once(people, community):
    request = ask(community, people["citizen"])
    services.circle_request_withdraw(community=community, request_id=request.pk,
                                     user=people["citizen"])
    request.refresh_from_db()
    assert (request.status, request.decided_by) == ("withdrawn", people["citizen"])
    assert request.decided_at is not None
    assert refusals(lambda: services.circle_request_withdraw(
        community=community, request_id=request.pk, user=people["citizen"])) == [
        (None, "This request was already withdrawn; nothing was changed.", "not_pending")]


def test_approving_never_moves_a_member_outward_and_keeps_the_message_without_answer(
        people, community, django_capture_on_commit_callbacks):
    request = ask(community, people["citizen"], Circle.INFORMED, "Je viens souvent.")
    # Moved inward meanwhile by other means (an import, the admin).
    Membership.objects.filter(community=community, user=people["citizen"]).update(
        circle=Circle.ENGAGED)

    with django_capture_on_commit_callbacks(execute=True):
        services.circle_request_approve(community=community, request_id=request.pk,
                                        actor=people["gardener"], answer="  ")

    assert circle_of(community, people["citizen"]) == Circle.ENGAGED
    request.refresh_from_db()
    assert (request.status, request.answer, request.decided_by) == (
        "approved", "", people["gardener"])
    assert request.decided_at is not None
    assert list(CircleChange.objects.values_list("kind", "from_circle", "to_circle", "reason")) \
        == [("request_approved", Circle.ENGAGED, Circle.ENGAGED, "Je viens souvent.")]
    assert sent_to() == [people["citizen"].email]


def test_declining_tells_the_member_once(people, community, django_capture_on_commit_callbacks):
    request = ask(community, people["citizen"])
    with django_capture_on_commit_callbacks(execute=True):
        services.circle_request_decline(community=community, request_id=request.pk,
                                        actor=people["gardener"], answer="Pas encore.")
    assert sent_to() == [people["citizen"].email]
    assert circle_of(community, people["citizen"]) == Circle.CITIZENS
    assert not CircleChange.objects.exists()


def test_withdrawing_someone_elses_request_is_refused_and_changes_nothing(people, community):
    request = ask(community, people["citizen"])
    assert refusals(lambda: services.circle_request_withdraw(
        community=community, request_id=request.pk, user=people["informed"])) == [
        (None, "This request is not yours.", "not_yours")]
    request.refresh_from_db()
    assert (request.status, request.decided_by, request.decided_at) == ("pending", None, None)


def test_approving_with_no_answer_at_all_records_the_members_message(people, community):
    request = ask(community, people["citizen"], Circle.INFORMED, "Je viens souvent.")
    services.circle_request_approve(community=community, request_id=request.pk,
                                    actor=people["gardener"])
    request.refresh_from_db()
    assert (request.status, request.answer) == ("approved", "")
    assert list(CircleChange.objects.values_list("kind", "reason")) == [
        ("request_approved", "Je viens souvent.")]


def test_leaving_without_a_reason_records_none(people, community):
    services.membership_leave(community=community, user=people["citizen"])
    assert list(CircleChange.objects.values_list("user", "actor", "kind", "reason")) == [
        (people["citizen"].pk, people["citizen"].pk, "left", "")]


def test_the_member_is_told_who_answered_their_request(people, community):
    gardener = people["gardener"]
    ask(community, people["citizen"], Circle.INFORMED)
    approved = ask(community, people["informed"], Circle.ENGAGED)
    move(community, people["citizen"], gardener, Circle.INFORMED)
    services.circle_request_approve(community=community, request_id=approved.pk, actor=gardener)
    stranger = UserFactory()
    services.membership_join(community=community, user=stranger)
    declined = ask(community, stranger)
    services.circle_request_decline(community=community, request_id=declined.pk, actor=gardener,
                                    answer="Pas encore.")
    told = Notification.objects.filter(kind=CIRCLE_REQUEST_DECIDED)
    assert sorted(told.values_list("recipient", "actor")) == sorted(
        (member.pk, gardener.pk) for member in (people["citizen"], people["informed"], stranger))


def test_moves_and_removals_are_audited_in_the_gardeners_name(people, community):
    gardener = people["gardener"]
    move(community, people["citizen"], gardener, Circle.INFORMED)
    request = ask(community, people["informed"], Circle.ENGAGED)
    services.circle_request_approve(community=community, request_id=request.pk, actor=gardener)
    services.membership_remove(community=community, user=people["informed"], actor=gardener,
                               reason="Spam.")
    assert list(AuditEntry.objects.filter(action__startswith="membership.").order_by("pk")
                .values_list("action", "actor", "target_user", "details")) == [
        ("membership.moved", gardener.pk, people["citizen"].pk,
         {"from": Circle.CITIZENS, "to": Circle.INFORMED}),
        ("membership.moved", gardener.pk, people["informed"].pk,
         {"from": Circle.INFORMED, "to": Circle.ENGAGED}),
        ("membership.removed", gardener.pk, people["informed"].pk,
         {"from": Circle.ENGAGED, "to": None}),
    ]


def test_touch_marks_only_that_member_in_that_community(people, community, other_community):
    long_ago = timezone.now() - timedelta(days=30)
    MembershipFactory(community=other_community, user=people["citizen"])
    Membership.objects.update(last_active_at=long_ago)

    services.membership_touch(community=community, user=people["citizen"])

    touched = Membership.objects.filter(last_active_at__gt=long_ago)
    assert list(touched.values_list("community", "user")) == [(community.pk, people["citizen"].pk)]


# --- Addresses -------------------------------------------------------------------------------


def test_slugs_are_numbered_reserved_words_refused_and_an_update_keeps_its_own(community):
    direction = DirectionFactory()

    def create(name, **extra):
        return services.community_create(
            name=name, description="d", territory="t", direction=direction, **extra)

    assert create("Biodiversité !").slug == "biodiversite-2"
    assert create("biodiversite").slug == "biodiversite-3"
    assert create("!!!").slug == "community"
    assert create("overview").slug == "overview-2"
    assert create("a" * 120).slug == "a" * 100
    assert refusals(lambda: create("Nouvelle", slug="new")) == [
        ("slug", "This address is reserved; choose another one.", "reserved_slug")]
    assert not Community.objects.filter(name="Nouvelle").exists()

    updated = services.community_update(community=community, name="Autre", themes=None)
    assert updated.slug == "biodiversite"
    assert services.direction_save(name="Environnement").slug == "environnement"
    again = services.direction_save(name="Environnement !")
    assert again.slug == "environnement-2"
    assert services.direction_save(direction=again, name="Env").slug == "environnement-2"
