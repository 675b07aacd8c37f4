"""Consents recorded with their date and the version of their text
(accounts/consents.py): newsletters, directory listing, map position."""

import hashlib
import importlib
import io
import json
import zipfile

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone, translation

from accounts import consents, personal_data
from accounts.models import Consent
from communities.models import Circle
from communities.services import membership_leave
from directory.models import DirectoryEntry
from newsletters import tokens
from newsletters.models import Subscription
from tests.accounts.helpers import in_french
from tests.factories import MembershipFactory, UserFactory

LETTERS, DIRECTORY, MAP = (
    Consent.Purpose.LETTERS, Consent.Purpose.DIRECTORY, Consent.Purpose.MAP_POSITION
)

# Each version's fingerprint, pinned: a text cannot change under its version.
# To change a text, add a new version to accounts/consents.py and pin it here.
PINNED = {
    (LETTERS, "2026-12-04"): "9ef58398f1ab9a6a6be0d4d8a55e70613cc2cfd90ecfef6d6848b4b34ab274ac",
    (DIRECTORY, "2026-12-04"): "07974371ce8a94a529a8d96f55a4e721a2782efbb309ffccb11736c1a9d4fcbf",
    (MAP, "2026-12-04"): "b84c9294c4f0c460fb4f6e6ebba3af7094d6d08ba2a8bfb123ae66aecd7a5499",
}


@pytest.fixture
def member(community):
    return MembershipFactory(
        community=community, circle=Circle.INFORMED, user=UserFactory(email="lea@example.org")
    ).user


def _consents(user, purpose):
    return list(Consent.objects.filter(user=user, purpose=purpose).order_by("given_at", "pk"))


def _subscribe(client, community, subscribed):
    return client.post(
        reverse("newsletters:subscriptions"),
        {"community": community.slug, "subscribed": "1" if subscribed else "0"},
    )


# --- The texts ----------------------------------------------------------------------


def test_every_text_keeps_its_version():
    found = {(t.purpose, t.version): t.fingerprint for t in consents.VERSIONS}

    assert found == PINNED, (
        "a consent text changed under its version: add a new version instead "
        "(accounts/consents.py) and pin its fingerprint"
    )
    for text in consents.VERSIONS:
        assert text.fingerprint == hashlib.sha256(text.source.encode()).hexdigest()


def test_the_privacy_page_lists_each_text_with_its_current_version(client, db):
    page = client.get(reverse("privacy:page"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()

    for purpose in (LETTERS, DIRECTORY, MAP):
        text = consents.text_of(purpose)
        assert f'id="consent-{purpose}"' in page
        assert in_french(text.source) in page
        assert text.version in page


# --- Newsletters --------------------------------------------------------------------


def test_subscribing_records_the_date_and_the_version_of_the_text(client, community, member):
    client.force_login(member)
    page = client.get(reverse("newsletters:subscriptions"), HTTP_ACCEPT_LANGUAGE="fr")
    assert in_french(consents.text_of(LETTERS).source) in page.content.decode()
    before = timezone.now()

    _subscribe(client, community, True)

    [consent] = _consents(member, LETTERS)
    assert consent.scope == f"communities.community:{community.pk}"
    assert consent.scope_label == community.name
    assert consent.given_at >= before and consent.withdrawn_at is None
    assert consent.text_version == consents.text_of(LETTERS).version
    assert consent.text_hash == consents.text_of(LETTERS).fingerprint


def test_unsubscribing_records_the_withdrawal_and_keeps_the_consent(client, community, member):
    client.force_login(member)
    _subscribe(client, community, True)

    _subscribe(client, community, False)

    [consent] = _consents(member, LETTERS)
    assert consent.withdrawn_at is not None
    assert consent.given_at <= consent.withdrawn_at


def test_subscribing_again_opens_a_new_consent(client, community, member):
    client.force_login(member)
    _subscribe(client, community, True)
    _subscribe(client, community, False)

    _subscribe(client, community, True)

    first, second = _consents(member, LETTERS)
    assert first.withdrawn_at is not None and second.withdrawn_at is None


def test_agreeing_twice_to_the_same_text_records_it_once(client, community, member):
    client.force_login(member)
    _subscribe(client, community, True)
    client.post(reverse("newsletters:subscribe", args=[community.slug]), {"subscribed": "1"})

    assert len(_consents(member, LETTERS)) == 1


def test_agreeing_to_a_newer_text_closes_the_older_consent(community, member):
    # given a consent recorded before the texts had versions
    old = Consent.objects.create(
        user=member, purpose=LETTERS, scope=f"communities.community:{community.pk}",
        scope_label=community.name, given_at=timezone.now(), text_version=consents.UNVERSIONED,
    )

    consents.consent_give(user=member, purpose=LETTERS, about=community)

    old.refresh_from_db()
    assert old.withdrawn_at is not None
    assert _consents(member, LETTERS)[-1].text_version == consents.text_of(LETTERS).version


def test_the_one_click_unsubscribe_records_the_withdrawal(client, community, member):
    client.force_login(member)
    _subscribe(client, community, True)
    client.logout()
    token = tokens.make(user_id=member.pk, community_id=community.pk)

    client.post(reverse("newsletters:unsubscribe", args=[token]),
                {"List-Unsubscribe": "One-Click"})

    assert _consents(member, LETTERS)[0].withdrawn_at is not None


# --- Directory and map --------------------------------------------------------------


def _list_me(client, community, **fields):
    data = {"territory": "Ariège", "latitude": "", "longitude": "", **fields}
    return client.post(reverse("directory:mine", args=[community.slug]), data)


def test_listing_records_the_directory_consent_and_the_position_its_own(
    client, community, member
):
    client.force_login(member)
    page = client.get(reverse("directory:mine", args=[community.slug]), HTTP_ACCEPT_LANGUAGE="fr")
    for purpose in (DIRECTORY, MAP):
        assert in_french(consents.text_of(purpose).source) in page.content.decode()

    _list_me(client, community)
    assert [c.text_version for c in _consents(member, DIRECTORY)] == ["2026-12-04"]
    assert _consents(member, MAP) == []

    _list_me(client, community, latitude="43.6045", longitude="1.4440")
    [position] = _consents(member, MAP)
    assert position.withdrawn_at is None
    assert position.text_hash == consents.text_of(MAP).fingerprint
    assert len(_consents(member, DIRECTORY)) == 1  # still the same listing


def test_removing_the_position_withdraws_only_the_map_consent(client, community, member):
    client.force_login(member)
    _list_me(client, community, latitude="43.6045", longitude="1.4440")

    client.post(reverse("directory:remove_location", args=[community.slug]))

    assert _consents(member, MAP)[0].withdrawn_at is not None
    assert _consents(member, DIRECTORY)[0].withdrawn_at is None


def test_clearing_the_coordinates_withdraws_the_map_consent(client, community, member):
    client.force_login(member)
    _list_me(client, community, latitude="43.6045", longitude="1.4440")

    _list_me(client, community)

    assert _consents(member, MAP)[0].withdrawn_at is not None


def test_leaving_the_directory_withdraws_both(client, community, member):
    client.force_login(member)
    _list_me(client, community, latitude="43.6045", longitude="1.4440")

    client.post(reverse("directory:remove", args=[community.slug]))

    assert not DirectoryEntry.objects.filter(user=member).exists()
    assert _consents(member, DIRECTORY)[0].withdrawn_at is not None
    assert _consents(member, MAP)[0].withdrawn_at is not None


def test_leaving_the_community_withdraws_the_directory_consents(client, community, member):
    client.force_login(member)
    _list_me(client, community, latitude="43.6045", longitude="1.4440")

    membership_leave(community=community, user=member)

    assert _consents(member, DIRECTORY)[0].withdrawn_at is not None
    assert _consents(member, MAP)[0].withdrawn_at is not None


# --- Export, erasure, consents given before the versions ----------------------------


def test_the_data_download_lists_each_consent_with_its_version(client, community, member):
    client.force_login(member)
    _subscribe(client, community, True)
    _subscribe(client, community, False)
    _list_me(client, community)

    response = client.get(reverse("privacy:export"))

    data = json.loads(zipfile.ZipFile(io.BytesIO(response.content)).read("data.json"))
    rows = data["sections"]["consents"]["data"]["consents"]
    by_purpose = {row["purpose"]: row for row in rows if "purpose" in row}
    letters = by_purpose[LETTERS]
    with translation.override(member.preferred_language):  # the export's language
        assert letters["what"] == str(consents.text_of(LETTERS).label) % {
            "community": community.name
        }
        assert letters["text"] == str(consents.text_of(LETTERS).text)
    assert letters["withdrawn_at"] is not None
    assert letters["text_version"] == "2026-12-04"
    assert letters["text_fingerprint"] == consents.text_of(LETTERS).fingerprint
    assert by_purpose[DIRECTORY]["withdrawn_at"] is None


def test_consents_go_with_the_account(community, member):
    consents.consent_give(user=member, purpose=LETTERS, about=community)

    personal_data.account_erase(user=member)

    assert not Consent.objects.exists()


def test_consents_given_before_versioning_are_recorded_as_version_zero(community, member):
    # given a subscription and a located listing made before this change
    Subscription.objects.create(user=member, community=community, subscribed=True,
                                source="profile", consented_at=timezone.now())
    Subscription.objects.create(user=UserFactory(), community=community, subscribed=False,
                                source="profile", consented_at=None)
    DirectoryEntry.objects.create(user=member, community=community, latitude="43.604",
                                  longitude="1.444")

    migration = importlib.import_module(
        "accounts.migrations.0005_consents_given_before_versioning"
    )
    migration.backfill(apps, None)

    recorded = {(c.user_id, c.purpose, c.text_version) for c in Consent.objects.all()}
    assert recorded == {
        (member.pk, LETTERS, "0"), (member.pk, DIRECTORY, "0"), (member.pk, MAP, "0"),
    }
