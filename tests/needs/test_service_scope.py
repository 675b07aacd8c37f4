"""What the needs services act on, and what they say they did (needs/services.py):
this community's members only, this item's supports and connections only,
consent off unless given, hiding after a report, and every notification
naming who acted, in which community, with a link to the item. Each test
fails when the filter, default or argument it reads is dropped."""

import pytest
from django.core.exceptions import ValidationError

from communities.models import Circle, Membership
from needs import services
from needs.models import Connection, Need, Status, Support
from notifications.models import Notification

from .conftest import make_need, member

pytestmark = pytest.mark.django_db


def refused(call):
    with pytest.raises(ValidationError) as error:
        call()
    return error.value.code, error.value.messages[0]


def told(kind):
    """(recipient, actor, community, url) of every notification of `kind`."""
    return sorted(Notification.objects.filter(kind=kind)
                  .values_list("recipient", "actor", "community", "url"))


# --- Members of this community only --------------------------------------------------------


def test_the_engaged_circle_of_another_community_does_not_count(community, other_community):
    elsewhere = member(other_community, Circle.ENGAGED)
    assert refused(lambda: make_need(community, elsewhere))[0] == "not_informed"
    assert not Need.objects.exists()


def test_a_member_of_another_community_cannot_support(need, other_community):
    elsewhere = member(other_community, Circle.ENGAGED)
    assert refused(lambda: services.support_add(need=need, user=elsewhere, kind="me_too")) == (
        "not_member", "Only members of Biodiversité can support its items.")
    assert not Support.objects.exists()


# --- Consent is off unless given -------------------------------------------------------------


def test_nobody_consents_to_share_their_contact_by_default(community, author, people):
    need = services.need_create(community=community, author=author, kind=Need.Kind.NEED,
                                title="Un local", description="Pour trier des graines.")
    supported = services.support_add(need=need, user=people["citizen"], kind="can_help")
    assert (need.contact_consent, supported.contact_consent, supported.message) == (False, False, "")
    assert services.connectable_people(need) == []

    need = services.need_update(need=make_need(community, author), actor=author, kind="need",
                                title="Un local", description="d", visibility="community")
    need.refresh_from_db()
    assert need.contact_consent is False


def test_an_edit_keeps_the_consent_the_author_gives(community, author):
    need = make_need(community, author, contact_consent=False)
    services.need_update(need=need, actor=author, kind="need", title="Un local",
                         description="d", visibility="community", contact_consent=True)
    need.refresh_from_db()
    assert need.contact_consent is True


def test_a_withdrawal_without_a_reason_records_none(need, author):
    services.need_withdraw(need=need, actor=author)
    assert list(need.steps.values_list("to_status", "answer")) == [("withdrawn", "")]


# --- This item's supports and connections only ----------------------------------------------


def test_taking_back_a_support_leaves_the_same_support_on_another_item(community, author, people):
    first, second = make_need(community, author), make_need(community, author, title="Autre")
    for need in (first, second):
        services.support_add(need=need, user=people["citizen"], kind="me_too")

    services.support_remove(need=first, user=people["citizen"], kind="me_too")

    assert list(Support.objects.values_list("need", flat=True)) == [second.pk]


def test_the_same_people_are_connected_once_per_item_and_each_pair_once(
        community, author, people):
    gardener = people["gardener"]
    first, second = make_need(community, author), make_need(community, author, title="Autre")
    helpers = [member(community, Circle.CITIZENS, display_name=name) for name in ("Lou", "Noé")]
    for need in (first, second):
        for helper in helpers:
            services.support_add(need=need, user=helper, kind="can_help", contact_consent=True)

    for a, b in ((author, helpers[0]), (author, helpers[1]), (helpers[0], helpers[1])):
        services.connection_create(need=first, actor=gardener, first=a, second=b)
    services.connection_create(need=second, actor=gardener, first=author, second=helpers[0])

    assert Connection.objects.filter(need=first).count() == 3
    assert list(Connection.objects.filter(need=second).values_list("first", "second", "note")) == [
        (author.pk, helpers[0].pk, "")]


def test_connectable_people_are_the_author_then_the_others_by_name_whatever_the_case(
        community, author):
    need = make_need(community, author)
    # Created in an order that is neither the alphabetical one nor its upper-case one:
    # "_" sorts after the capitals and before the lower-case letters.
    names = ("Zoé", "Jardinier", "jardin_partagé")
    for name in names:
        services.support_add(need=need, user=member(community, Circle.CITIZENS, display_name=name),
                             kind="can_help", contact_consent=True)
    assert [str(p) for p in services.connectable_people(need)] == [
        "Awa Diallo", "jardin_partagé", "Jardinier", "Zoé"]


# --- Who acted, where, and the link to the item ----------------------------------------------


def test_each_notification_names_who_acted_the_community_and_links_to_the_item(
        community, need, author, people, pair):
    gardener, citizen = people["gardener"], people["citizen"]
    link = need.get_absolute_url()
    services.support_add(need=need, user=citizen, kind="can_help", contact_consent=True)
    services.need_move(need=need, actor=gardener, to_status=Status.DISCUSSED, answer="On en parle.")
    services.connection_create(need=need, actor=gardener, first=author, second=citizen)

    assert told("need_support") == sorted(
        (person.pk, citizen.pk, community.pk, link)
        for person in (author, pair.territory_gardener, pair.institution_gardener))
    assert told("need_step") == [(author.pk, gardener.pk, community.pk, link)]
    assert told("need_connected") == sorted(
        (person.pk, gardener.pk, community.pk, link) for person in (author, citizen))


def test_a_gardener_who_supports_is_not_told_of_their_own_support(community, need, pair):
    gardener = pair.territory_gardener
    Membership.objects.get_or_create(community=community, user=gardener,
                                     defaults={"circle": Circle.ENGAGED})
    services.support_add(need=need, user=gardener, kind="can_help")
    recipients = [row[0] for row in told("need_support")]
    assert gardener.pk not in recipients
    assert pair.institution_gardener.pk in recipients


# --- Hiding after a report -------------------------------------------------------------------


def test_hiding_keeps_the_reason_and_a_second_hiding_is_refused(need, people):
    services.need_hide(need=need, actor=people["gardener"], reason="Hors sujet.")
    need.refresh_from_db()
    assert (need.is_hidden, need.hidden_reason, need.status) == (True, "Hors sujet.", Status.NEW)
    hidden_at = need.hidden_at

    assert refused(lambda: services.need_hide(need=need, actor=people["gardener"],
                                              reason="Encore.")) == (
        "already_hidden", "This item is already hidden.")
    need.refresh_from_db()
    assert (need.hidden_at, need.hidden_reason) == (hidden_at, "Hors sujet.")
