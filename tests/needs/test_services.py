"""The services of needs: what they write, what they refuse (nothing written
then), who they notify, with what."""

import html

import pytest
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string

from communities.models import Circle
from needs import services
from needs.models import Connection, Need, Status, Step, Support
from notifications.models import Notification

from .conftest import make_need, member

pytestmark = pytest.mark.django_db


def kinds_of(user):
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def line(notification):
    """The sentence as a reader sees it in the centre (HTML entities decoded)."""
    return html.unescape(" ".join(
        render_to_string(f"notifications/kinds/{notification.kind}.html",
                         {"data": notification.data}).split()
    ))


def test_submitting_tells_both_gardeners(community, people, author):
    need = make_need(community, author, tags=["semences", " Salle ", "semences"])
    assert need.status == Status.NEW
    assert sorted(t.name for t in need.tags.all()) == ["Salle", "semences"]
    for gardener, kind in ((people["gardener"], "need_new_first"),
                           (people["institution_gardener"], "need_new")):
        (notification,) = Notification.objects.filter(recipient=gardener)
        assert notification.kind == kind
        assert line(notification) == (
            "Awa Diallo submits a need in Biodiversité: “Une salle pour une bourse aux semences”."
        )


def test_a_citizen_cannot_submit(community, people):
    with pytest.raises(ValidationError, match="informed and engaged circles"):
        make_need(community, people["citizen"])
    assert not Need.objects.exists()


def test_bad_input_is_refused_field_by_field(community, people, author):
    with pytest.raises(ValidationError) as error:
        make_need(community, author, title="  ", description="", kind="wish",
                  tags=[f"t{i}" for i in range(9)])
    assert set(error.value.message_dict) == {"title", "description", "kind", "tags"}
    assert not Need.objects.exists()


def test_gardeners_move_one_step_at_a_time_with_an_answer(need, people, author):
    gardener = people["gardener"]
    with pytest.raises(ValidationError, match="can only move to “Being discussed” or “Declined”"):
        services.need_move(need=need, actor=gardener, to_status=Status.DONE, answer="Fait.")
    with pytest.raises(ValidationError) as error:
        services.need_move(need=need, actor=gardener, to_status=Status.DISCUSSED, answer="  ")
    assert "Write an answer" in str(error.value)
    assert not Step.objects.exists()

    services.need_move(need=need, actor=gardener, to_status=Status.DISCUSSED,
                       answer="Nous en parlons avec la mairie.")
    services.need_move(need=need, actor=people["institution_gardener"],
                       to_status=Status.CONNECTED, answer="La médiathèque vous accueille.")
    need.refresh_from_db()
    assert need.status == Status.CONNECTED
    assert [(s.from_status, s.to_status) for s in need.steps.all()] == [
        ("new", "discussed"), ("discussed", "connected")
    ]
    steps = Notification.objects.filter(recipient=author, kind="need_step").order_by("pk")
    assert [line(n) for n in steps] == [
        "Your item “Une salle pour une bourse aux semences” in Biodiversité is being discussed. "
        "The gardeners' answer: Nous en parlons avec la mairie.",
        "Your item “Une salle pour une bourse aux semences” in Biodiversité is connected. "
        "The gardeners' answer: La médiathèque vous accueille.",
    ]


def test_a_stale_move_is_refused_after_another_gardener_moved_it(need, people):
    """Both gardeners loaded the page while the item was new; the second is refused."""
    stale = Need.objects.get(pk=need.pk)
    services.need_move(need=need, actor=people["gardener"], to_status=Status.DISCUSSED,
                       answer="On en parle.")
    with pytest.raises(ValidationError, match="is now “Being discussed”"):
        services.need_move(need=stale, actor=people["institution_gardener"],
                           to_status=Status.DISCUSSED, answer="Moi aussi.")
    assert Step.objects.count() == 1


def test_decline_from_any_open_state_then_nothing_moves(need, people):
    services.need_move(need=need, actor=people["gardener"], to_status=Status.DECLINED,
                       answer="Hors du champ de la communauté.")
    with pytest.raises(ValidationError, match="is closed"):
        services.need_move(need=need, actor=people["gardener"], to_status=Status.DISCUSSED,
                           answer="Finalement oui.")


def test_the_author_edits_only_while_new_and_withdraws(need, people, author):
    services.need_update(need=need, actor=author, kind="synergy", title="Partager une salle",
                         description="Autre texte.", visibility="gardeners", tags=["salle"])
    need.refresh_from_db()
    assert (need.title, need.kind, need.visibility) == ("Partager une salle", "synergy",
                                                        "gardeners")
    assert [t.name for t in need.tags.all()] == ["salle"]
    services.need_move(need=need, actor=people["gardener"], to_status=Status.DISCUSSED,
                       answer="Vu.")
    with pytest.raises(ValidationError, match="can no longer be edited"):
        services.need_update(need=need, actor=author, kind="need", title="X", description="Y",
                             visibility="community")
    services.need_withdraw(need=need, actor=author, reason="Trouvé ailleurs.")
    need.refresh_from_db()
    assert need.status == Status.WITHDRAWN
    assert need.steps.last().answer == "Trouvé ailleurs."


def test_supports_are_unique_per_kind_and_tell_author_and_gardeners(need, people, author):
    engaged = people["engaged"]
    services.support_add(need=need, user=engaged, kind="can_help", contact_consent=True)
    services.support_add(need=need, user=engaged, kind="me_too")
    with pytest.raises(ValidationError, match="You already said “Me too”"):
        services.support_add(need=need, user=engaged, kind="me_too")
    with pytest.raises(ValidationError, match="your own item"):
        services.support_add(need=need, user=author, kind="me_too")
    with pytest.raises(ValidationError, match="Only members"):
        services.support_add(need=need, user=people["other_gardener"], kind="me_too")
    assert Support.objects.count() == 2
    supports = Notification.objects.filter(recipient=author, kind="need_support").order_by("pk")
    assert [line(n) for n in supports] == [
        f"{engaged} offers help on “Une salle pour une bourse aux semences”.",
        f"{engaged} says “me too” on “Une salle pour une bourse aux semences”.",
    ]
    assert kinds_of(people["gardener"]).count("need_support") == 2


def test_connecting_needs_both_consents_and_shares_contacts(community, need, people, author):
    helper = member(community, Circle.ENGAGED, email="helper@example.org",
                    display_name="Jean Roux", organisation="")
    shy = member(community, Circle.ENGAGED, email="shy@example.org", display_name="Shy")
    services.support_add(need=need, user=helper, kind="can_help", contact_consent=True)
    services.support_add(need=need, user=shy, kind="can_help", contact_consent=False)
    with pytest.raises(ValidationError, match="Shy has not agreed"):
        services.connection_create(need=need, actor=people["gardener"], first=author, second=shy)
    services.connection_create(need=need, actor=people["gardener"], first=helper, second=author,
                               note="Voisins !")
    with pytest.raises(ValidationError, match="already connected"):
        services.connection_create(need=need, actor=people["gardener"], first=author,
                                   second=helper)
    assert Connection.objects.count() == 1
    (to_author,) = Notification.objects.filter(recipient=author, kind="need_connected")
    (to_helper,) = Notification.objects.filter(recipient=helper, kind="need_connected")
    assert line(to_author) == (
        "About “Une salle pour une bourse aux semences”, the gardeners put you in touch with "
        "Jean Roux, helper@example.org. Their note: Voisins !"
    )
    assert line(to_helper) == (
        "About “Une salle pour une bourse aux semences”, the gardeners put you in touch with "
        "Awa Diallo (Graines d'Ariège), author@example.org. Their note: Voisins !"
    )
    assert [u.email for u in services.connectable_people(need)] == [
        "author@example.org", "helper@example.org"
    ]
