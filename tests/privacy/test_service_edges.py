"""The edges of the personal-data rights (privacy/services.py) that their
first mutation run found unpinned: each refusal in the words the person
reads, each request, cancellation and export in the audit log, one account
that cannot be erased holding up none of the others, an app with nothing to
say about the person left out of the export without losing the apps after
it, and a data.json a person can read (accents as written, indented) in a
compressed archive."""

import datetime as dt
import io
import json
import zipfile

import pytest
from django.utils import timezone

from accounts import personal_data
from accounts.models import User
from audit.models import AuditEntry
from privacy import services
from tests.factories import GardenerPairFactory, UserFactory
from tests.refusals import refusals

pytestmark = pytest.mark.django_db
PASSWORD = "password"  # tests.factories.UserFactory's
LATER = dt.timedelta(days=31)


@pytest.fixture
def member(db):
    return UserFactory(email="lea.marty@example.org", display_name="Léa Marty",
                       preferred_language="en")


# --- Refusals, in words --------------------------------------------------------------


def test_a_wrong_or_empty_password_is_named_on_its_field(member):
    for password in ("not-it", ""):
        assert refusals(lambda: services.account_deletion_request(
            user=member, password=password)) == [
            ("password", "This is not your password.", "password")]
    assert User.objects.get(pk=member.pk).erase_after is None


def test_a_second_request_and_a_cancellation_of_nothing_say_why(member):
    assert refusals(lambda: services.account_deletion_cancel(user=member)) == [
        (None, "No deletion of your account is scheduled.", "not_scheduled")]
    services.account_deletion_request(user=member, password=PASSWORD)
    assert refusals(lambda: services.account_deletion_request(
        user=member, password=PASSWORD)) == [
        (None, "The deletion of your account is already scheduled.", "scheduled")]


def test_an_active_gardener_reads_what_stands_in_the_way(community, member):
    GardenerPairFactory(community=community, territory_gardener=member)
    assert refusals(lambda: services.account_deletion_request(
        user=member, password=PASSWORD)) == [
        (None, (f"You are a gardener of “{community.name}”: the cultivator must appoint "
                "another pair before your account can be erased."), "blocked")]


# --- The audit log -------------------------------------------------------------------


def test_asking_cancelling_and_downloading_are_logged_as_the_persons_own(member):
    services.account_deletion_request(user=member, password=PASSWORD)
    services.account_deletion_cancel(user=member)
    services.export_build(user=member)
    for action in ("account.deletion_requested", "account.deletion_cancelled",
                   "export.personal_data"):
        logged = AuditEntry.objects.get(action=action)
        assert (logged.actor, logged.target_user) == (member, member), action
    assert User.objects.get(pk=member.pk).erase_after is None


# --- Erasure ---------------------------------------------------------------------------


def test_one_account_that_cannot_be_erased_holds_up_none_of_the_others(community):
    blocked, *others = [UserFactory() for _ in range(3)]
    for person in (blocked, *others):
        services.account_deletion_request(user=person, password=PASSWORD)
    GardenerPairFactory(community=community, territory_gardener=blocked)  # appointed since

    assert services.accounts_erase_due(now=timezone.now() + LATER) == 2

    assert list(User.objects.filter(pk__in=[p.pk for p in (blocked, *others)])) == [blocked]


def test_an_account_not_erased_is_logged_with_every_reason(community, monkeypatch, caplog):
    blocked = UserFactory()
    services.account_deletion_request(user=blocked, password=PASSWORD)
    GardenerPairFactory(community=community, territory_gardener=blocked)
    holding = personal_data.Holder(key="holding", title="Holding", export=lambda person: {},
                                   erase=lambda person: None,
                                   blocker=lambda person: "A file is still open.")
    monkeypatch.setattr(personal_data, "_holders", {**personal_data._holders,
                                                    "holding": holding})

    assert services.accounts_erase_due(now=timezone.now() + LATER) == 0

    assert [r.getMessage() for r in caplog.records if r.name == "privacy.services"] == [(
        f"Account {blocked.pk} not erased: You are a gardener of “{community.name}”: the "
        "cultivator must appoint another pair before your account can be erased.; "
        "A file is still open.")]


# --- Export ------------------------------------------------------------------------------


def test_an_app_with_nothing_about_the_person_is_left_out_and_the_next_ones_stay(
        member, monkeypatch):
    silent = personal_data.Holder(key="silent", title="Silent", export=lambda person: {},
                                  erase=lambda person: None)
    monkeypatch.setattr(personal_data, "_holders", {"silent": silent,
                                                    **personal_data._holders})
    sections = services.export_data(user=member)["sections"]
    assert "silent" not in sections
    assert sections["accounts"]["data"]["email"] == "lea.marty@example.org"
    assert sections["consents"] == {"title": "Consents", "data": {"consents": []}}


def test_the_archive_is_compressed_and_its_json_reads_as_written(member):
    before = timezone.now()
    archive = zipfile.ZipFile(io.BytesIO(services.export_build(user=member)))
    assert {i.filename: i.compress_type for i in archive.infolist()} == {
        "data.json": zipfile.ZIP_DEFLATED, "index.html": zipfile.ZIP_DEFLATED}
    raw = archive.read("data.json").decode()
    assert '"display_name": "Léa Marty"' in raw  # not "L\\u00e9a"
    assert '\n  "person": "lea.marty@example.org",\n' in raw  # two spaces a level
    generated = dt.datetime.fromisoformat(json.loads(raw)["generated_at"])
    assert before <= generated <= timezone.now()
