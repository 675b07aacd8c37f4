"""Retention purges at their boundaries (the privacy page promises them)."""

import datetime as dt

import pytest
from allauth.account.models import EmailAddress
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from accounts.models import User
from events.models import Registration
from events.services import registration_create
from newsletters.models import Delivery
from privacy import tasks
from tests.events.factories import EventFactory
from tests.factories import UserFactory
from tests.newsletters.factories import LetterFactory

NOW = timezone.make_aware(dt.datetime(2026, 6, 15, 12, 0, 0))
ALMOST = dt.timedelta(days=29, hours=23)
PAST = dt.timedelta(days=30, seconds=1)


def _purge():
    return tasks.purge_expired.delay(now=NOW.isoformat()).get()


def _pending(event, email, age):
    registration = registration_create(event=event, name="Nadia", email=email, consent=True)
    Registration.objects.filter(pk=registration.pk).update(created_at=NOW - age)
    return registration


def test_unconfirmed_registrations_go_after_30_days(community):
    event = EventFactory(community=community)
    kept = _pending(event, "kept@example.org", ALMOST)
    purged = _pending(event, "purged@example.org", PAST)
    exact = _pending(event, "exact@example.org", dt.timedelta(days=30))
    confirmed = registration_create(event=event, user=UserFactory())
    Registration.objects.filter(pk=confirmed.pk).update(created_at=NOW - dt.timedelta(days=90))

    _purge()

    remaining = set(Registration.objects.values_list("pk", flat=True))
    assert kept.pk in remaining and exact.pk in remaining and confirmed.pk in remaining
    assert purged.pk not in remaining


def _signup(email, age, verified=False):
    user = UserFactory(email=email, verified=False, last_login=None)
    EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
    User.objects.filter(pk=user.pk).update(date_joined=NOW - age)
    return user


def test_unconfirmed_sign_ups_go_after_30_days(db):
    kept = _signup("kept@example.org", ALMOST)
    purged = _signup("purged@example.org", PAST)
    confirmed = _signup("confirmed@example.org", dt.timedelta(days=200), verified=True)
    made_by_admin = UserFactory(email="admin-made@example.org", verified=False)
    User.objects.filter(pk=made_by_admin.pk).update(date_joined=NOW - dt.timedelta(days=200),
                                                    last_login=NOW)

    _purge()

    remaining = set(User.objects.values_list("pk", flat=True))
    assert {kept.pk, confirmed.pk, made_by_admin.pk} <= remaining
    assert purged.pk not in remaining


@pytest.mark.parametrize("age, erased", [
    (dt.timedelta(days=3 * 365) - dt.timedelta(hours=1), False),
    (dt.timedelta(days=3 * 365, seconds=1), True),
])
def test_accounts_unused_for_three_years_are_erased(db, age, erased):
    user = UserFactory(email="sleeper@example.org")
    User.objects.filter(pk=user.pk).update(last_login=NOW - age,
                                           date_joined=NOW - dt.timedelta(days=4000))
    staff = UserFactory(email="staff@example.org", is_staff=True)
    User.objects.filter(pk=staff.pk).update(last_login=NOW - dt.timedelta(days=4000))

    _purge()

    assert User.objects.filter(pk=user.pk).exists() is not erased
    assert User.objects.filter(pk=staff.pk).exists()


def test_delivery_logs_go_after_13_months(community):
    letter = LetterFactory(community=community)
    limit = NOW - relativedelta(months=13)
    kept = Delivery.objects.create(letter=letter, user=UserFactory(), email="a@example.org",
                                   state="sent", sent_at=limit + dt.timedelta(hours=1))
    exact = Delivery.objects.create(letter=letter, user=UserFactory(), email="b@example.org",
                                    state="sent", sent_at=limit)
    purged = Delivery.objects.create(letter=letter, user=UserFactory(), email="c@example.org",
                                     state="sent", sent_at=limit - dt.timedelta(seconds=1))

    counts = _purge()

    remaining = set(Delivery.objects.values_list("pk", flat=True))
    assert {kept.pk, exact.pk} <= remaining and purged.pk not in remaining
    assert counts["newsletters"] == 1


def _guest(event, email, status=Registration.Status.CONFIRMED, user=None):
    return Registration.objects.create(
        event=event, user=user, name="Nadia Invitée", email=email, status=status,
        code=email[:12].upper(), secret="s" * 40, consent_at=NOW - dt.timedelta(days=500),
    )


def _ended(community, at):
    return EventFactory(community=community, starts_at=at - dt.timedelta(hours=2), ends_at=at)


def _anonymised(registration) -> bool:
    registration.refresh_from_db()
    return registration.email == f"erased-{registration.pk}@erased.invalid" and (
        "Nadia" not in registration.name)


def test_a_registration_without_an_account_loses_name_and_address_13_months_after(community):
    limit = NOW - relativedelta(months=13)
    exact = _guest(_ended(community, limit), "exact@example.org")
    purged = _guest(_ended(community, limit - dt.timedelta(seconds=1)), "purged@example.org")
    member = _guest(_ended(community, limit - dt.timedelta(days=30)), "member@example.org",
                    user=UserFactory())

    counts = _purge()

    assert not _anonymised(exact)
    assert _anonymised(purged)
    purged.refresh_from_db()
    assert purged.status == Registration.Status.CONFIRMED  # the event still counts it
    # An account holder's registration is theirs until the account goes.
    assert not _anonymised(member)
    assert counts["events"] == 1


def test_a_cancelled_registration_without_an_account_goes_once_the_event_is_over(community):
    cancelled = Registration.Status.CANCELLED
    over = _guest(_ended(community, NOW), "over@example.org", status=cancelled)
    running = _guest(_ended(community, NOW + dt.timedelta(seconds=1)), "running@example.org",
                     status=cancelled)
    confirmed = _guest(_ended(community, NOW - dt.timedelta(days=2)), "seated@example.org")

    _purge()

    assert _anonymised(over)
    assert not _anonymised(running)
    assert not _anonymised(confirmed)  # kept for the attendance list


def test_an_anonymised_registration_is_not_counted_again(community):
    old = _guest(_ended(community, NOW - relativedelta(months=14)), "old@example.org")

    assert _purge()["events"] == 1
    assert _purge()["events"] == 0
    assert _anonymised(old)
