"""A member's agreement to a community's letters at its edges
(newsletters/services/subscriptions.py): each origin of the choice, agreeing
without a membership and stopping without one, a choice made twice, when
the agreement is dated, the consent's own record, and the one-click link for
an account or a community gone."""

import datetime as dt

import pytest
from django.utils import timezone

from accounts.models import Consent
from communities.models import Community
from newsletters import services, tokens
from newsletters.models import Subscription
from tests.factories import MembershipFactory, UserFactory
from tests.refusals import refusals

pytestmark = pytest.mark.django_db

T0 = dt.datetime(2027, 1, 4, 9, 0, tzinfo=dt.UTC)
T1 = T0 + dt.timedelta(days=3)
GONE = ("This unsubscribe link is not valid any more: the account or the community no longer "
        "exists.")


@pytest.fixture
def clock(monkeypatch):
    """timezone.now() reads what the test sets."""
    now = {"at": T0}
    monkeypatch.setattr(timezone, "now", lambda: now["at"])
    return now


def stored(user) -> list[tuple]:
    return list(Subscription.objects.filter(user=user).values_list(
        "community_id", "subscribed", "source", "consented_at"))


def consents(user) -> list[tuple]:
    return list(Consent.objects.filter(user=user).order_by("pk").values_list(
        "purpose", "scope_label", "given_at", "withdrawn_at"))


def test_an_unknown_origin_is_refused_and_nothing_is_written(community, engaged):
    assert refusals(lambda: services.subscription_set(
        user=engaged, community=community, subscribed=True, source="newsletter")) == [
        (None, "Unknown origin of the choice.", "bad_source")]
    assert stored(engaged) == [] and consents(engaged) == []


@pytest.mark.parametrize("source", Subscription.Source.values)
def test_each_origin_is_kept(community, engaged, source):
    services.subscription_set(user=engaged, community=community, subscribed=True, source=source)
    assert [row[2] for row in stored(engaged)] == [source]


def test_agreeing_without_a_membership_is_refused_in_words_and_changes_nothing(community):
    outsider = UserFactory()
    MembershipFactory(user=outsider)  # a member elsewhere is no member here
    assert refusals(lambda: services.subscription_set(
        user=outsider, community=community, subscribed=True)) == [
        (None, f"Join {community.name} to receive its letters.", "not_member")]
    assert stored(outsider) == [] and consents(outsider) == []


def test_stopping_needs_no_membership_a_former_members_choice_is_kept(community, clock):
    former = UserFactory()
    subscription = services.subscription_set(user=former, community=community,
                                             subscribed=False)
    assert (subscription.subscribed, subscription.consented_at) == (False, None)
    assert stored(former) == [(community.pk, False, "profile", None)]
    assert consents(former) == []


def test_a_first_agreement_is_dated_and_recorded_as_a_consent(community, engaged, clock):
    subscription = services.subscription_set(user=engaged, community=community, subscribed=True,
                                             source=Subscription.Source.LETTER_PAGE)
    assert stored(engaged) == [(community.pk, True, "letter_page", T0)]
    assert subscription.pk == Subscription.objects.get(user=engaged).pk
    assert consents(engaged) == [(Consent.Purpose.LETTERS, community.name, T0, None)]


def test_agreeing_again_changes_neither_the_date_nor_the_origin(community, engaged, clock):
    services.subscription_set(user=engaged, community=community, subscribed=True)
    clock["at"] = T1
    services.subscription_set(user=engaged, community=community, subscribed=True,
                              source=Subscription.Source.ADMIN)
    assert stored(engaged) == [(community.pk, True, "profile", T0)]
    assert consents(engaged) == [(Consent.Purpose.LETTERS, community.name, T0, None)]


def test_stopping_keeps_the_agreements_date_and_closes_the_consent(community, engaged, clock):
    services.subscription_set(user=engaged, community=community, subscribed=True)
    clock["at"] = T1
    subscription = services.subscription_set(user=engaged, community=community,
                                             subscribed=False,
                                             source=Subscription.Source.LETTER_PAGE)
    assert not subscription.subscribed
    assert stored(engaged) == [(community.pk, False, "letter_page", T0)]
    assert consents(engaged) == [(Consent.Purpose.LETTERS, community.name, T0, T1)]


def test_stopping_twice_keeps_the_first_origin(community, engaged, clock):
    services.subscription_set(user=engaged, community=community, subscribed=True)
    services.subscription_set(user=engaged, community=community, subscribed=False,
                              source=Subscription.Source.LETTER_PAGE)
    services.subscription_set(user=engaged, community=community, subscribed=False,
                              source=Subscription.Source.ADMIN)
    assert stored(engaged) == [(community.pk, False, "letter_page", T0)]


def test_agreeing_after_stopping_is_dated_anew_with_its_origin(community, engaged, clock):
    services.subscription_set(user=engaged, community=community, subscribed=True)
    services.subscription_set(user=engaged, community=community, subscribed=False)
    clock["at"] = T1
    subscription = services.subscription_set(user=engaged, community=community,
                                             subscribed=True,
                                             source=Subscription.Source.LETTER_PAGE)
    assert (subscription.subscribed, subscription.consented_at) == (True, T1)
    assert stored(engaged) == [(community.pk, True, "letter_page", T1)]
    assert consents(engaged) == [(Consent.Purpose.LETTERS, community.name, T0, T0),
                                 (Consent.Purpose.LETTERS, community.name, T1, None)]


def test_a_choice_is_one_communitys_only(community, other_community, engaged, clock):
    MembershipFactory(community=other_community, user=engaged)
    services.subscription_set(user=engaged, community=community, subscribed=True)
    services.subscription_set(user=engaged, community=other_community, subscribed=True)
    services.subscription_set(user=engaged, community=community, subscribed=False)
    assert sorted(stored(engaged)) == sorted([(community.pk, False, "profile", T0),
                                              (other_community.pk, True, "profile", T0)])


def test_the_link_unsubscribes_with_its_own_origin(community, engaged, clock):
    services.subscription_set(user=engaged, community=community, subscribed=True)
    token = tokens.make(user_id=engaged.pk, community_id=community.pk)
    subscription = services.subscription_unsubscribe_by_token(token=token)
    assert (subscription.user_id, subscription.community_id, subscription.subscribed) == (
        engaged.pk, community.pk, False)
    assert stored(engaged) == [(community.pk, False, "unsubscribe_link", T0)]


def test_the_link_of_an_account_deleted_is_refused_in_words(community, engaged):
    token = tokens.make(user_id=engaged.pk, community_id=community.pk)
    engaged.delete()
    assert refusals(lambda: services.subscription_unsubscribe_by_token(token=token)) == [
        (None, GONE, "gone")]
    assert not Subscription.objects.exists()


def test_the_link_of_a_community_deleted_is_refused_in_words(community, engaged):
    token = tokens.make(user_id=engaged.pk, community_id=community.pk)
    Community.objects.filter(pk=community.pk).delete()
    assert refusals(lambda: services.subscription_unsubscribe_by_token(token=token)) == [
        (None, GONE, "gone")]
    assert stored(engaged) == []


BAD_LINK = ("This unsubscribe link is not valid. Copy the whole address from the e-mail, or "
            "manage your subscriptions from your profile.")


@pytest.mark.parametrize("token", ["", "12.34", "12.34:forged", "x.y:"])
def test_a_link_broken_or_forged_is_refused_in_words(community, engaged, token):
    assert refusals(lambda: services.subscription_unsubscribe_by_token(token=token)) == [
        (None, BAD_LINK, "bad_link")]
    assert stored(engaged) == []


def test_a_choice_costs_a_fixed_number_of_queries(community, engaged,
                                                  django_assert_num_queries):
    with django_assert_num_queries(11):
        services.subscription_set(user=engaged, community=community, subscribed=True)
    with django_assert_num_queries(7):
        services.subscription_set(user=engaged, community=community, subscribed=False)
