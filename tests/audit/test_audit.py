"""The audit log (docs/audit.md): each audited action writes exactly one entry
with its actor, community and origin; a community's log is its pair's, the
cultivator's and staff's only; erasure anonymises; entries expire."""

from __future__ import annotations

import datetime as dt

import pytest
from asgiref.sync import async_to_sync
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import audit
from accounts import personal_data
from audit import context
from audit.models import AuditEntry
from communities import services as community_services
from communities.models import Circle
from newsletters import services as letter_services
from privacy import services as privacy_services
from roles import services as pair_services
from tests.events.factories import EventFactory
from tests.factories import MembershipFactory, UserFactory
from tests.newsletters.factories import LetterFactory, SectionFactory, subscribe

pytestmark = pytest.mark.django_db

IP = "203.0.113.7"
AGENT = "Mozilla/5.0 (audit test)"
A = audit.Action


def origin(user=None):
    """The origin a request from IP with AGENT would leave for the services."""

    class _Request:
        META = {"REMOTE_ADDR": IP, "HTTP_USER_AGENT": AGENT}

    request = _Request()
    request.user = user
    return context.bound(context.origin_from_request(request))


def only_entry(action) -> AuditEntry:
    entries = list(AuditEntry.objects.filter(action=action))
    assert len(entries) == 1, [str(e) for e in entries]
    return entries[0]


def assert_entry(action, *, actor, community_id, ip=IP):
    entry = only_entry(action)
    assert entry.actor_id == (actor.pk if actor else None)
    assert entry.actor_name == (str(actor) if actor else "")
    assert entry.community_id == community_id
    assert entry.ip_address == ip
    if ip:
        assert entry.user_agent == AGENT
    return entry


# --- Roles and circles --------------------------------------------------------


def test_moving_and_removing_a_member_are_recorded(people, community, pair):
    gardener = pair.territory_gardener
    with origin(gardener):
        community_services.membership_move(
            community=community, user=people["informed"], actor=gardener,
            to_circle=Circle.ENGAGED, reason="Très impliquée",
        )
        community_services.membership_remove(
            community=community, user=people["citizen"], actor=gardener, reason="Doublon",
        )
    moved = assert_entry(A.MEMBERSHIP_MOVED, actor=gardener, community_id=community.pk)
    assert moved.target_user == people["informed"]
    assert moved.details == {"from": Circle.INFORMED, "to": Circle.ENGAGED}
    removed = assert_entry(A.MEMBERSHIP_REMOVED, actor=gardener, community_id=community.pk)
    assert removed.target_user == people["citizen"]


def test_joining_by_oneself_is_not_an_audited_role_change(community):
    community_services.membership_join(community=community, user=UserFactory())
    assert not AuditEntry.objects.filter(action__startswith="membership.").exists()


def test_appointing_and_ending_a_pair_are_recorded(people, community):
    cultivator = people["cultivator"]
    newcomer = UserFactory(display_name="Nouvelle Jardinière")
    with origin(cultivator):
        pair_services.pair_appoint(community=community, territory_gardener=newcomer, actor=cultivator)
        pair_services.pair_end(community=community, actor=cultivator)
    appointed = assert_entry(A.PAIR_APPOINTED, actor=cultivator, community_id=community.pk)
    assert appointed.details["territory_gardener"] == newcomer.pk
    assert_entry(A.PAIR_ENDED, actor=cultivator, community_id=community.pk)


def test_a_refused_appointment_leaves_no_entry(people, community):
    cultivator = people["cultivator"]
    with pytest.raises(ValidationError):
        pair_services.pair_appoint(community=community, actor=cultivator)
    assert not AuditEntry.objects.filter(action=A.PAIR_APPOINTED).exists()


def test_changing_a_directions_staff_is_recorded_and_saving_it_unchanged_is_not(
    people, cultivator_direction
):
    cultivator, agent = people["cultivator"], UserFactory()
    with origin(cultivator):
        community_services.direction_save(
            direction=cultivator_direction, name=cultivator_direction.name,
            staff=[cultivator, agent], actor=cultivator,
        )
        community_services.direction_save(
            direction=cultivator_direction, name=cultivator_direction.name,
            staff=[cultivator, agent], actor=cultivator,
        )
    entry = assert_entry(A.DIRECTION_STAFF_CHANGED, actor=cultivator, community_id=None)
    assert entry.details == {"added": [agent.pk], "removed": []}


# --- Decisions ------------------------------------------------------------------


def test_deciding_a_circle_request_is_recorded_once(people, community, pair):
    gardener = pair.territory_gardener
    request = community_services.circle_request_create(
        community=community, user=people["citizen"], circle=Circle.INFORMED, message="Je veux aider",
    )
    with origin(gardener):
        community_services.circle_request_decline(
            community=community, request_id=request.pk, actor=gardener, answer="Pas encore",
        )
        with pytest.raises(ValidationError):  # already decided: refused
            community_services.circle_request_decline(
                community=community, request_id=request.pk, actor=gardener, answer="Encore",
            )
    entry = assert_entry(A.REQUEST_DECIDED, actor=gardener, community_id=community.pk)
    assert entry.details == {"kind": "communities.circlerequest", "status": "declined"}


def test_a_section_decision_belongs_to_the_letters_community(community, pair):
    gardener = pair.territory_gardener
    section = SectionFactory(letter=LetterFactory(community=community))
    with origin(gardener):
        letter_services.section_decline(section=section, actor=gardener, comment="Trop long")
    assert_entry(A.REQUEST_DECIDED, actor=gardener, community_id=community.pk)


# --- Deletions, exports, sends ---------------------------------------------------


def test_asking_and_cancelling_an_account_deletion_are_recorded(db):
    member = UserFactory()
    member.set_password("secret-Passw0rd!")
    member.save()
    with origin(member):
        privacy_services.account_deletion_request(user=member, password="secret-Passw0rd!")
        privacy_services.account_deletion_cancel(user=member)
    assert_entry(A.ACCOUNT_DELETION_REQUESTED, actor=member, community_id=None)
    assert_entry(A.ACCOUNT_DELETION_CANCELLED, actor=member, community_id=None)


def test_the_personal_data_download_is_recorded_with_its_origin(client, db):
    member = UserFactory()
    client.force_login(member)
    response = client.get("/privacy/my-data.zip", REMOTE_ADDR=IP, HTTP_USER_AGENT=AGENT)
    assert response.status_code == 200
    assert_entry(A.PERSONAL_DATA_EXPORTED, actor=member, community_id=None)


def test_the_registrants_csv_is_recorded(client, community, pair):
    gardener = pair.territory_gardener
    event = EventFactory(community=community)
    client.force_login(gardener)
    response = client.get(f"/events/{event.pk}/registrants.csv", REMOTE_ADDR=IP,
                          HTTP_USER_AGENT=AGENT)
    assert response.status_code == 200
    entry = assert_entry(A.REGISTRANTS_EXPORTED, actor=gardener, community_id=community.pk)
    assert entry.target_id == str(event.pk)


def test_starting_a_newsletter_and_a_test_send_are_recorded(community, pair):
    gardener = pair.territory_gardener
    letter = LetterFactory(community=community, created_by=gardener)
    SectionFactory(letter=letter, state="accepted")
    reader = MembershipFactory(community=community, circle=Circle.ENGAGED).user
    subscribe(reader, community)
    with origin(gardener):
        letter_services.letter_send_test(letter=letter, actor=gardener)
        letter_services.letter_send_now(letter=letter, actor=gardener)
    assert_entry(A.NEWSLETTER_TEST_SENT, actor=gardener, community_id=community.pk)
    assert_entry(A.NEWSLETTER_SENDING_STARTED, actor=gardener, community_id=community.pk)


# --- Log-ins --------------------------------------------------------------------


def test_a_failed_staff_login_is_recorded_with_its_origin(client, people):
    staff = people["staff"]
    response = client.post(
        "/accounts/login/", {"login": staff.email, "password": "not-the-password"},
        REMOTE_ADDR=IP, HTTP_USER_AGENT=AGENT,
    )
    assert response.status_code == 200
    entry = assert_entry(A.LOGIN_FAILED, actor=None, community_id=None)
    assert entry.target_user == staff


def test_an_address_that_is_not_one_is_left_out_and_the_entry_kept(client, db):
    # What a misconfigured proxy passes on from a header: the entry is
    # recorded without an address, rather than the download failing on the
    # database's address column.
    member = UserFactory()
    client.force_login(member)

    response = client.get("/privacy/my-data.zip", REMOTE_ADDR="203.0.113.9, 10.0.0.1",
                          HTTP_USER_AGENT=AGENT)

    assert response.status_code == 200
    entry = assert_entry(A.PERSONAL_DATA_EXPORTED, actor=member, community_id=None, ip=None)
    assert entry.user_agent == AGENT


def test_a_failed_member_login_is_not_recorded(client, people):
    client.post("/accounts/login/", {"login": people["engaged"].email, "password": "nope"},
                REMOTE_ADDR=IP)
    assert not AuditEntry.objects.exists()


def test_logins_of_gardeners_are_recorded_and_members_are_not(client, people):
    client.force_login(people["engaged"])
    assert not AuditEntry.objects.exists()
    client.force_login(people["gardener"])
    entry = assert_entry(A.LOGIN_SUCCEEDED, actor=people["gardener"], community_id=None, ip=None)
    assert entry.target_user == people["gardener"]


# --- Reading the log ---------------------------------------------------------------


@pytest.fixture
def logged(people, community, other_community):
    """One entry in each community and one platform-wide, each with a marker."""
    audit.record(A.PAIR_ENDED, actor=people["cultivator"], community_id=community.pk,
                 target="MARKER-A")
    audit.record(A.PAIR_ENDED, actor=people["cultivator"], community_id=other_community.pk,
                 target="MARKER-B")
    audit.record(A.DIRECTION_STAFF_CHANGED, actor=people["cultivator"], target="MARKER-PLATFORM")


@pytest.mark.parametrize(
    ("role", "url", "status", "seen", "unseen"),
    [
        ("gardener", "/communities/biodiversite/audit/", 200, ["MARKER-A"],
         ["MARKER-B", "MARKER-PLATFORM"]),
        ("other_gardener", "/communities/biodiversite/audit/", 403, [], []),
        ("other_gardener", "/communities/alimentation/audit/", 200, ["MARKER-B"],
         ["MARKER-A", "MARKER-PLATFORM"]),
        ("engaged", "/communities/biodiversite/audit/", 403, [], []),
        ("cultivator", "/communities/alimentation/audit/", 200, ["MARKER-B"], ["MARKER-A"]),
        ("gardener", "/gardeners/audit/", 403, [], []),
        ("cultivator", "/gardeners/audit/", 200, ["MARKER-A", "MARKER-B", "MARKER-PLATFORM"], []),
        ("staff", "/gardeners/audit/", 200, ["MARKER-A", "MARKER-B", "MARKER-PLATFORM"], []),
        ("gardener", "/gardeners/audit/export.csv", 403, [], []),
        ("cultivator", "/gardeners/audit/export.csv", 200,
         ["MARKER-A", "MARKER-B", "MARKER-PLATFORM"], []),
    ],
)
def test_who_reads_which_entries(client, people, logged, role, url, status, seen, unseen):
    client.force_login(people[role])
    response = client.get(url)
    assert response.status_code == status
    text = response.content.decode()
    for marker in seen:
        assert marker in text
    for marker in unseen:
        assert marker not in text


def test_the_links_to_the_log_show_only_to_those_who_may_read_it(client, people):
    client.force_login(people["gardener"])
    home = client.get("/gardeners/").content.decode()
    assert "/communities/biodiversite/audit/" in home
    assert "/gardeners/audit/" not in home
    client.force_login(people["cultivator"])
    assert "/gardeners/audit/" in client.get("/gardeners/").content.decode()


def test_the_log_filters_by_action_and_period(client, people, community, logged):
    old = audit.record(A.PAIR_APPOINTED, community_id=community.pk, target="MARKER-OLD")
    AuditEntry.objects.filter(pk=old.pk).update(at=timezone.now() - dt.timedelta(days=10))
    client.force_login(people["gardener"])
    url = "/communities/biodiversite/audit/"
    by_action = client.get(url, {"action": A.PAIR_APPOINTED}).content.decode()
    assert "MARKER-OLD" in by_action and "MARKER-A" not in by_action
    today = timezone.localdate()
    recent = client.get(url, {"since": today.isoformat()}).content.decode()
    assert "MARKER-A" in recent and "MARKER-OLD" not in recent
    # the day ten days ago is included when it ends the period
    until = client.get(url, {"until": (today - dt.timedelta(days=10)).isoformat()}).content.decode()
    assert "MARKER-OLD" in until and "MARKER-A" not in until


def test_a_period_that_ends_before_it_starts_is_explained_not_an_error(client, people, logged):
    client.force_login(people["gardener"])
    response = client.get("/communities/biodiversite/audit/",
                          {"since": "2026-05-02", "until": "2026-05-01", "action": "nonsense"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "The start of the period must come before its end." in text or "doit précéder" in text


def test_the_log_is_paginated_by_25(client, people, community):
    for n in range(26):
        audit.record(A.PAIR_ENDED, community_id=community.pk, target=f"ENTRY-{n:02d}")
    client.force_login(people["gardener"])
    first = client.get("/communities/biodiversite/audit/").content.decode()
    assert "ENTRY-25" in first and "ENTRY-00" not in first
    second = client.get("/communities/biodiversite/audit/", {"page": 2}).content.decode()
    assert "ENTRY-00" in second and "ENTRY-25" not in second


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", ["/communities/biodiversite/audit/", "/gardeners/audit/"])
def test_the_log_page_takes_the_same_queries_for_3_or_25_entries(
    client, people, community, other_community, url
):
    client.force_login(people["cultivator"])
    for n in range(3):
        audit.record(A.PAIR_ENDED, actor=people["cultivator"], community_id=community.pk,
                     target=f"E{n}")
    few = _queries(client, url)
    for n in range(22):
        audit.record(A.PAIR_ENDED, actor=people["cultivator"],
                     community_id=(community if n % 2 else other_community).pk, target=f"F{n}")
    many = _queries(client, url)
    assert few == many
    assert many <= 12


def test_the_csv_export_neutralises_formulas_and_is_itself_recorded(client, people, community):
    audit.record(A.PAIR_ENDED, community_id=community.pk, target="=HYPERLINK(\"x\")")
    client.force_login(people["cultivator"])
    response = client.get("/gardeners/audit/export.csv", REMOTE_ADDR=IP, HTTP_USER_AGENT=AGENT)
    text = response.content.decode()
    assert "'=HYPERLINK" in text
    assert "Biodiversité" in text
    assert_entry(A.AUDIT_LOG_EXPORTED, actor=people["cultivator"], community_id=None)


# --- Append-only, erasure, retention ------------------------------------------------


def test_an_entry_cannot_be_changed_through_the_model(db):
    entry = audit.record(A.PAIR_ENDED, target="x")
    entry.target_label = "y"
    with pytest.raises(ValueError, match="append-only"):
        entry.save()


def test_the_admin_reads_entries_but_cannot_change_or_delete_them(client, people):
    entry = audit.record(A.PAIR_ENDED, target="x")
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    assert client.get("/django-admin/audit/auditentry/").status_code == 200
    assert client.get(f"/django-admin/audit/auditentry/{entry.pk}/delete/").status_code == 403
    page = client.get(f"/django-admin/audit/auditentry/{entry.pk}/change/")
    assert page.status_code == 200  # a read-only view
    assert 'name="_save"' not in page.content.decode()


def test_erasure_keeps_the_entries_but_anonymises_the_person(people, community, pair):
    gardener = pair.territory_gardener
    member = MembershipFactory(community=community, circle=Circle.INFORMED,
                               user=UserFactory(display_name="Zoé Effacée")).user
    with origin(gardener):
        community_services.membership_move(community=community, user=member, actor=gardener,
                                           to_circle=Circle.ENGAGED, reason="r")
    acted = audit.record(A.PERSONAL_DATA_EXPORTED, actor=member, target=member)
    personal_data.account_erase(user=member)
    former = personal_data.former_member_label()
    acted.refresh_from_db()
    assert (acted.actor_id, acted.actor_name, acted.target_label) == (None, former, former)
    moved = only_entry(A.MEMBERSHIP_MOVED)
    assert moved.target_label == former and moved.actor == gardener
    assert not AuditEntry.objects.filter(actor_name__contains="Zoé").exists()
    assert not AuditEntry.objects.filter(target_label__contains="Zoé").exists()
    erased = only_entry(A.ACCOUNT_ERASED)
    assert erased.target_label == former and erased.actor is None


def test_entries_are_purged_after_a_year(db):
    now = timezone.now()
    kept = audit.record(A.PAIR_ENDED, target="kept")
    gone = audit.record(A.PAIR_ENDED, target="gone")
    AuditEntry.objects.filter(pk=kept.pk).update(at=now - dt.timedelta(days=364, hours=23))
    AuditEntry.objects.filter(pk=gone.pk).update(at=now - dt.timedelta(days=365, minutes=1))
    removed = privacy_services.retention_purge(now=now)
    assert removed["audit"] == 1
    assert list(AuditEntry.objects.values_list("target_label", flat=True)) == ["kept"]


def test_the_origin_reaches_the_services_under_asgi(async_client, community, pair):
    # The same request through Django's ASGI handler: the middleware runs
    # asynchronously, the synchronous view in a thread with a copy of the context.
    gardener = pair.territory_gardener
    event = EventFactory(community=community)
    async_client.force_login(gardener)

    async def scenario():
        return await async_client.get(f"/events/{event.pk}/registrants.csv",
                                      headers={"user-agent": AGENT})

    response = async_to_sync(scenario)()
    assert response.status_code == 200
    entry = only_entry(A.REGISTRANTS_EXPORTED)
    # the ASGI scope's client address (the test client's), and the header
    assert entry.ip_address == "127.0.0.1" and entry.user_agent == AGENT


def test_a_moderator_hiding_a_message_is_recorded_without_its_text(people, community, pair):
    from discussions import services as discussion_services

    gardener = pair.territory_gardener
    channel = discussion_services.general_channel_ensure(community=community)
    message = discussion_services.message_post(channel=channel, author=people["engaged"],
                                               body="Des mots à cacher")
    with origin(gardener):
        discussion_services.message_hide(message=message, actor=gardener, reason="Hors sujet")
    entry = assert_entry(A.MESSAGE_HIDDEN, actor=gardener, community_id=community.pk)
    assert entry.target_label == f"message #{message.pk}"
    assert "cacher" not in entry.target_label
