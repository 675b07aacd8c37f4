"""Delete my account: password, 30 days of grace, cancel on login, erasure by beat."""

import datetime as dt

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from privacy import services, tasks
from tests.factories import GardenerPairFactory, UserFactory

PASSWORD = "password"  # tests.factories.UserFactory's


@pytest.fixture
def member(db):
    return UserFactory(email="lea.marty@example.org", display_name="Léa Marty",
                       preferred_language="en")


def test_the_right_password_schedules_the_erasure_30_days_later(client, member):
    client.force_login(member)
    before = timezone.now()

    response = client.post(reverse("privacy:deletion"), {"password": PASSWORD})

    assert response.status_code == 302
    member.refresh_from_db()
    assert before + services.GRACE_PERIOD <= member.erase_after
    assert member.erase_after <= timezone.now() + services.GRACE_PERIOD


def test_a_wrong_password_schedules_nothing(client, member):
    client.force_login(member)

    response = client.post(reverse("privacy:deletion"), {"password": "not-it"})

    assert response.status_code == 200
    assert "This is not your password." in response.content.decode()
    member.refresh_from_db()
    assert member.erase_after is None


def test_an_active_gardener_cannot_ask_for_deletion(community, member):
    GardenerPairFactory(community=community, territory_gardener=member)

    with pytest.raises(ValidationError):
        services.account_deletion_request(user=member, password=PASSWORD)

    member.refresh_from_db()
    assert member.erase_after is None


def test_asking_twice_is_refused(member):
    services.account_deletion_request(user=member, password=PASSWORD)
    first = User.objects.get(pk=member.pk).erase_after

    with pytest.raises(ValidationError):
        services.account_deletion_request(user=member, password=PASSWORD)

    assert User.objects.get(pk=member.pk).erase_after == first


def test_logging_in_during_the_grace_period_offers_to_cancel(client, member):
    services.account_deletion_request(user=member, password=PASSWORD)

    response = client.post(reverse("account_login"),
                           {"login": member.email, "password": PASSWORD})

    assert response.status_code == 302 and response["Location"] == reverse("privacy:deletion")
    page = client.get(reverse("privacy:deletion")).content.decode()
    assert "Cancel the deletion and keep my account" in page
    # Every page shows the banner too
    assert "Cancel the deletion" in client.get(reverse("accounts:profile")).content.decode()


def test_cancelling_keeps_the_account(client, member):
    services.account_deletion_request(user=member, password=PASSWORD)
    client.force_login(member)

    client.post(reverse("privacy:deletion_cancel"))

    member.refresh_from_db()
    assert member.erase_after is None
    assert "Your account will be deleted" not in client.get(
        reverse("accounts:profile")).content.decode()


def test_the_task_erases_once_the_grace_period_is_over_not_a_second_before(member):
    services.account_deletion_request(user=member, password=PASSWORD)
    due = User.objects.get(pk=member.pk).erase_after

    # The task's own function, as the worker runs it (an eager .get() is
    # refused by Celery in a process where something marked joins as blocking).
    assert tasks.erase_due_accounts(now=(due - dt.timedelta(seconds=1)).isoformat()) == 0
    assert User.objects.filter(pk=member.pk).exists()

    assert tasks.erase_due_accounts(now=due.isoformat()) == 1
    assert not User.objects.filter(pk=member.pk).exists()


def test_a_person_appointed_gardener_meanwhile_stays_scheduled(community, member):
    services.account_deletion_request(user=member, password=PASSWORD)
    GardenerPairFactory(community=community, institution_gardener=member)

    erased = services.accounts_erase_due(now=timezone.now() + dt.timedelta(days=31))

    assert erased == 0
    assert User.objects.get(pk=member.pk).erase_after is not None


def test_beat_runs_the_erasure_and_the_purges():
    tasks_scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}

    assert {"privacy.tasks.erase_due_accounts", "privacy.tasks.purge_expired"} <= tasks_scheduled


def test_the_profile_links_to_download_and_deletion(client, member):
    client.force_login(member)

    page = client.get(reverse("accounts:profile")).content.decode()

    assert reverse("privacy:export") in page and reverse("privacy:deletion") in page
