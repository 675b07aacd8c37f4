"""Every refusal and boundary of the needs pipeline (needs/services.py): the
exact limits, the order of the steps, the written answer, who is told what.
Each test fails when its check is removed or shifted by one."""

import pytest
from django.utils import timezone

from communities.models import Circle
from needs import services
from needs.models import Connection, Need, Status, Step, Support
from notifications.models import Notification
from roles.models import GardenerPair
from terreau.french import sort_key
from tests.factories import UserFactory
from tests.refusals import refusals

from .conftest import make_need, member

pytestmark = pytest.mark.django_db


def notified(user, kind):
    return list(Notification.objects.filter(recipient=user, kind=kind).order_by("pk")
                .values_list("data", flat=True))


def create(community, author, **fields):
    values = dict(kind=Need.Kind.NEED, title="Un local", description="Pour trier des graines.",
                  visibility=Need.Visibility.COMMUNITY)
    values.update(fields)
    return lambda: services.need_create(community=community, author=author, **values)


# --- Submitting ------------------------------------------------------------------------


@pytest.mark.parametrize(("circle", "allowed"), [
    (None, False), (Circle.CITIZENS, False), (Circle.INFORMED, True), (Circle.ENGAGED, True),
])
def test_only_the_informed_and_engaged_circles_submit(community, people, circle, allowed):
    author = member(community, circle) if circle else UserFactory()
    if allowed:
        assert create(community, author)().author == author
        return
    assert refusals(create(community, author)) == [(None, (
        "Only members of the informed and engaged circles of Biodiversité can submit "
        "a need or a proposal."
    ), "not_informed")]
    assert not Need.objects.exists()


@pytest.mark.parametrize(("field", "limit"), [("title", 140), ("description", 4000)])
def test_title_and_description_limits_are_exact(community, author, field, limit):
    need = create(community, author, **{field: "  " + "a" * limit + "  "})()
    assert getattr(need, field) == "a" * limit  # stripped, then measured

    assert refusals(create(community, author, **{field: "a" * (limit + 1)})) == [
        (field, f"Keep it under {limit} characters.", "too_long")]
    assert Need.objects.count() == 1


def test_every_field_is_checked_at_once_with_its_own_message(community, author):
    errors = refusals(create(community, author, kind="wish", title=" ", description="",
                             visibility="everyone", tags=["x" * 41]))

    assert errors == [
        ("description", "Describe what you need or propose, so the gardeners can answer.",
         "required"),
        ("kind", "Choose one of the options offered.", "invalid_choice"),
        ("tags", "A tag has at most 40 characters.", "tag_too_long"),
        ("title", "Give your item a short title.", "required"),
        ("visibility", "Choose one of the options offered.", "invalid_choice"),
    ]
    assert not Need.objects.exists()


def test_a_title_that_is_not_text_is_missing(community, author):
    assert refusals(create(community, author, title=None)) == [
        ("title", "Give your item a short title.", "required")]


def test_tags_are_cleaned_deduplicated_and_limited(community, author):
    need = create(community, author, tags=["  Semences   paysannes ", "semences PAYSANNES", "",
                                           "   ", "t" * 40, *[f"tag{n}" for n in range(6)]])()
    assert sorted(need.tags.names()) == sorted(
        ["Semences paysannes", "t" * 40, *[f"tag{n}" for n in range(6)]]
    )

    assert refusals(create(community, author, tags=[f"tag{n}" for n in range(9)])) == [
        ("tags", "Use at most 8 tags.", "too_many_tags")]
    assert refusals(create(community, author, tags=["t" * 41])) == [
        ("tags", "A tag has at most 40 characters.", "tag_too_long")]


def test_submitting_notifies_the_active_pair_only_with_the_item(community, people, author, pair):
    GardenerPair.objects.create(
        community=community, territory_gardener=UserFactory(), institution_gardener=UserFactory(),
        direction=community.direction, ended_at=timezone.now(),
    )
    need = create(community, author, contact_consent=1)()

    assert need.contact_consent is True
    assert need.status == Status.NEW and need.status_changed_at is not None
    data = {"title": "Un local", "community": "Biodiversité", "kind": "need",
            "person": "Awa Diallo"}
    # The territory gardener first, at once; the institution gardener in the digest.
    assert notified(pair.territory_gardener, "need_new_first") == [data]
    assert notified(pair.institution_gardener, "need_new") == [data]
    assert Notification.objects.filter(kind__in=["need_new", "need_new_first"]).count() == 2
    notification = Notification.objects.filter(kind="need_new").first()
    assert (notification.actor, notification.community) == (author, community)
    assert notification.url == need.get_absolute_url()


def test_gardeners_of_a_pair_with_one_seat_empty_or_no_pair(community, other_community):
    assert services.gardeners_of(other_community) == []
    pair = GardenerPair.objects.create(community=community, territory_gardener=UserFactory(),
                                       institution_gardener=None, direction=community.direction)
    assert services.gardeners_of(community) == [pair.territory_gardener]


# --- The author edits and withdraws ------------------------------------------------------


def update(need, actor, **fields):
    values = dict(kind=Need.Kind.SYNERGY, title="Autre titre", description="Autre texte",
                  visibility=Need.Visibility.GARDENERS, tags=["nouveau"])
    values.update(fields)
    return lambda: services.need_update(need=need, actor=actor, **values)


def test_the_author_edits_everything_while_new(need, author):
    update(need, author, contact_consent=False)()

    need.refresh_from_db()
    assert (need.kind, need.title, need.description, need.visibility, need.contact_consent) == (
        "synergy", "Autre titre", "Autre texte", "gardeners", False)
    assert list(need.tags.names()) == ["nouveau"]


def test_nobody_else_edits_and_nobody_edits_once_answered(need, author, people):
    assert refusals(update(need, people["gardener"])) == [
        (None, "Only the author can edit this item.", "not_author")]
    services.need_move(need=need, actor=people["gardener"], to_status=Status.DISCUSSED,
                       answer="On en parle.")
    assert refusals(update(need, author)) == [(
        None, ("The gardeners have already answered “Une salle pour une bourse aux "
               "semences”: it can no longer be edited."), "answered")]
    need.refresh_from_db()
    assert need.kind == "need"


def test_an_edit_is_checked_like_a_submission(need, author):
    assert refusals(update(need, author, title="")) == [
        ("title", "Give your item a short title.", "required")]
    need.refresh_from_db()
    assert need.title == "Une salle pour une bourse aux semences"


def test_withdrawing_records_the_step_and_its_reason(need, author, people):
    assert refusals(lambda: services.need_withdraw(need=need, actor=people["gardener"])) == [
        (None, "Only the author can withdraw this item.", "not_author")]
    assert refusals(lambda: services.need_withdraw(
        need=need, actor=author, reason="x" * (services.ANSWER_MAX_LENGTH + 1)
    )) == [("reason", "Keep it under 2000 characters.", "too_long")]
    assert not Step.objects.exists()

    before = need.status_changed_at
    services.need_withdraw(need=need, actor=author, reason="x" * services.ANSWER_MAX_LENGTH)

    need.refresh_from_db()
    assert need.status == Status.WITHDRAWN and need.status_changed_at > before
    assert list(Step.objects.values_list("from_status", "to_status", "by", "answer")) == [
        ("new", "withdrawn", author.pk, "x" * 2000)]
    assert refusals(lambda: services.need_withdraw(need=need, actor=author)) == [(
        None, ("“Une salle pour une bourse aux semences” is closed (Withdrawn by its "
               "author); nothing was changed."), "closed")]


# --- The gardeners walk the pipeline -----------------------------------------------------


def move(need, actor, to_status, answer="Réponse écrite."):
    return lambda: services.need_move(need=need, actor=actor, to_status=to_status, answer=answer)


def test_the_pipeline_goes_one_step_at_a_time_in_order(need, people, author):
    gardener = people["gardener"]
    from_new = [(None, (
        "“Une salle pour une bourse aux semences” is now “New”: it can only move to "
        "“Being discussed” or “Declined”. Nothing was changed; the page shows its current state."
    ), "illegal_transition")]
    assert refusals(move(need, gardener, Status.CONNECTED)) == from_new
    assert refusals(move(need, gardener, Status.NEW)) == from_new
    assert refusals(move(need, gardener, Status.WITHDRAWN)) == from_new
    for to_status in (Status.DISCUSSED, Status.CONNECTED, Status.DONE):
        step = move(need, gardener, to_status, f"Vers {to_status}")()
        need.refresh_from_db()
        assert need.status == to_status and need.status_changed_at == step.at

    assert list(Step.objects.order_by("at", "pk").values_list("from_status", "to_status")) == [
        ("new", "discussed"), ("discussed", "connected"), ("connected", "done")]
    assert [d["status"] for d in notified(author, "need_step")] == [
        "discussed", "connected", "done"]
    assert refusals(move(need, gardener, Status.DECLINED)) == [(
        None, "“Une salle pour une bourse aux semences” is closed (Done); nothing was changed.",
        "closed")]


def test_a_move_skipping_a_step_is_refused_from_every_open_state(need, people):
    gardener = people["gardener"]
    move(need, gardener, Status.DISCUSSED)()
    assert refusals(move(need, gardener, Status.DONE)) == [(None, (
        "“Une salle pour une bourse aux semences” is now “Being discussed”: it can only move "
        "to “Connected” or “Declined”. Nothing was changed; the page shows its current state."
    ), "illegal_transition")]
    move(need, gardener, Status.CONNECTED)()
    assert refusals(move(need, gardener, Status.DISCUSSED)) == [(None, (
        "“Une salle pour une bourse aux semences” is now “Connected”: it can only move to "
        "“Done” or “Declined”. Nothing was changed; the page shows its current state."
    ), "illegal_transition")]
    need.refresh_from_db()
    assert need.status == Status.CONNECTED


def test_every_step_needs_its_written_answer_within_the_limit(need, people, author):
    gardener = people["gardener"]
    no_answer = [("answer", "Write an answer for the author: every step is explained to them.",
                  "required")]
    assert refusals(move(need, gardener, Status.DISCUSSED, "  ")) == no_answer
    assert refusals(move(need, gardener, Status.DISCUSSED, None)) == no_answer
    assert refusals(move(need, gardener, Status.DISCUSSED, "a" * 2001)) == [
        ("answer", "Keep it under 2000 characters.", "too_long")]
    assert not Step.objects.exists()
    assert notified(author, "need_step") == []

    step = move(need, gardener, Status.DISCUSSED, " " + "a" * 2000 + " ")()

    assert (step.answer, step.by, step.from_status, step.to_status) == (
        "a" * 2000, gardener, "new", "discussed")
    assert notified(author, "need_step") == [{
        "title": "Une salle pour une bourse aux semences", "community": "Biodiversité",
        "kind": "need", "status": "discussed", "answer": "a" * 2000}]


def test_the_status_is_read_again_under_the_lock(need, people):
    stale = Need.objects.get(pk=need.pk)
    move(need, people["gardener"], Status.DECLINED)()

    assert refusals(move(stale, people["institution_gardener"], Status.DISCUSSED)) == [(
        None, ("“Une salle pour une bourse aux semences” is closed (Declined); nothing "
               "was changed."), "closed")]
    assert Step.objects.count() == 1


# --- Supports ---------------------------------------------------------------------------


def support(need, user, kind=Support.Kind.ME_TOO, **fields):
    return lambda: services.support_add(need=need, user=user, kind=kind, **fields)


def test_supports_are_refused_on_closed_own_or_foreign_items(need, author, people):
    assert refusals(support(need, author)) == [(None, "This is your own item.", "own_item")]
    assert refusals(support(need, UserFactory())) == [
        (None, "Only members of Biodiversité can support its items.", "not_member")]
    assert refusals(support(need, people["citizen"], "love")) == [
        ("kind", "Choose one of the options offered.", "invalid_choice")]
    assert refusals(support(need, people["citizen"], message="m" * 1001)) == [
        ("message", "Keep it under 1000 characters.", "too_long")]
    assert not Support.objects.exists()

    services.need_withdraw(need=need, actor=author)
    assert refusals(support(need, people["citizen"])) == [(
        None, ("“Une salle pour une bourse aux semences” is closed (Withdrawn by its "
               "author); nothing was changed."), "closed")]
    assert not Support.objects.exists()


def test_a_citizen_supports_once_per_kind_and_author_and_gardeners_are_told(
        need, author, people, pair):
    citizen = people["citizen"]
    made = support(need, citizen, message=" " + "m" * 1000 + " ", contact_consent="yes")()
    assert (made.message, made.contact_consent, made.kind) == ("m" * 1000, True, "me_too")
    assert refusals(support(need, citizen)) == [
        (None, "You already said “Me too” on this item.", "already_supported")]
    support(need, citizen, Support.Kind.CAN_HELP)()

    expected = {"title": need.title, "community": "Biodiversité", "kind": "need",
                "person": str(citizen)}
    for person in (author, pair.territory_gardener, pair.institution_gardener):
        assert [d["support"] for d in notified(person, "need_support")] == ["me_too", "can_help"]
        assert {k: v for k, v in notified(person, "need_support")[0].items()
                if k != "support"} == expected


def test_taking_back_removes_only_that_kind(need, people):
    citizen = people["citizen"]
    support(need, citizen)()
    support(need, citizen, Support.Kind.CAN_HELP)()

    services.support_remove(need=need, user=citizen, kind=Support.Kind.ME_TOO)

    assert list(Support.objects.values_list("kind", flat=True)) == ["can_help"]
    nothing = [(None, "There was nothing to take back.", "not_found")]
    assert refusals(lambda: services.support_remove(
        need=need, user=citizen, kind=Support.Kind.ME_TOO)) == nothing
    assert refusals(lambda: services.support_remove(
        need=need, user=people["informed"], kind=Support.Kind.CAN_HELP)) == nothing


# --- Connections ------------------------------------------------------------------------


def connect(need, actor, first, second, note=""):
    return lambda: services.connection_create(
        need=need, actor=actor, first=first, second=second, note=note)


def test_connecting_requires_two_consenting_distinct_parties(community, need, author, people):
    gardener = people["gardener"]
    helper = member(community, Circle.CITIZENS, display_name="Zoé")
    silent = member(community, Circle.CITIZENS)
    support(need, helper, Support.Kind.CAN_HELP, contact_consent=True)()
    support(need, silent, Support.Kind.CAN_HELP, contact_consent=False)()

    assert services.connectable_people(need) == [author, helper]
    assert refusals(connect(need, gardener, author, author)) == [
        (None, "Choose two different people.", "same_person")]
    silent_refused = [(None, (f"{silent} has not agreed to share their contact about this "
                              "item; nobody was connected."), "no_consent")]
    assert refusals(connect(need, gardener, author, silent)) == silent_refused
    assert refusals(connect(need, gardener, silent, author)) == silent_refused
    assert refusals(connect(need, gardener, author, helper, "n" * 1001)) == [
        ("note", "Keep it under 1000 characters.", "too_long")]
    assert not Connection.objects.exists()


def test_a_pair_is_connected_once_whatever_the_order_and_both_get_the_other(
        community, need, author, people):
    gardener = people["gardener"]
    helper = member(community, Circle.CITIZENS, display_name="Zoé", organisation="Semons")
    support(need, helper, Support.Kind.CAN_HELP, contact_consent=True)()

    connection = connect(need, gardener, helper, author, " " + "n" * 1000 + " ")()

    first, second = sorted((author, helper), key=lambda u: u.pk)
    assert (connection.first, connection.second, connection.by, connection.note) == (
        first, second, gardener, "n" * 1000)
    assert refusals(connect(need, gardener, author, helper)) == [(
        None, f"{first} and {second} are already connected about this item.",
        "already_connected")]
    assert Connection.objects.count() == 1
    (to_author,) = notified(author, "need_connected")
    assert (to_author["other_name"], to_author["other_organisation"],
            to_author["other_email"], to_author["note"]) == (
        "Zoé", "Semons", helper.email, "n" * 1000)
    (to_helper,) = notified(helper, "need_connected")
    assert (to_helper["other_name"], to_helper["other_email"]) == ("Awa Diallo", author.email)


def test_the_author_without_consent_cannot_be_connected(community, people, author):
    need = make_need(community, author, contact_consent=False)
    helper = member(community, Circle.CITIZENS)
    other = member(community, Circle.CITIZENS)
    support(need, helper, Support.Kind.CAN_HELP, contact_consent=True)()
    support(need, other, Support.Kind.ME_TOO, contact_consent=True)()

    # In French order ("Émile" before "Valérie"), as every list of people.
    assert services.connectable_people(need) == sorted([helper, other],
                                                       key=lambda u: sort_key(str(u)))
    assert refusals(connect(need, people["gardener"], author, helper)) == [(
        None, (f"{author} has not agreed to share their contact about this item; nobody "
               "was connected."), "no_consent")]
    connect(need, people["gardener"], helper, other)()
    services.need_move(need=need, actor=people["gardener"], to_status=Status.DECLINED,
                       answer="Non.")
    assert refusals(connect(need, people["gardener"], helper, other)) == [(
        None, ("“Une salle pour une bourse aux semences” is closed (Declined); nothing "
               "was changed."), "closed")]
