"""The audit log, continued (docs/audit.md): the cultivator overview's CSV is
recorded like every personal-data export, and so is a wrong second-factor
code of a watched account; a right one adds nothing but the log-in."""

from __future__ import annotations

import pytest
from django.urls import reverse

import audit
from audit.models import AuditEntry
from tests.second_factor import recovery_codes, totp_code, totp_setup

pytestmark = pytest.mark.django_db

IP = "203.0.113.9"
AGENT = "Mozilla/5.0 (audit test)"
A = audit.Action
CODE_STEP = "/accounts/2fa/authenticate/"
PASSWORD = "password"  # the factories' password


@pytest.fixture(autouse=True)
def _english(in_english):
    """Pages are read in English here (tests/conftest.py)."""


def entries(action) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=action))


# --- Exports ------------------------------------------------------------------------


def test_the_overview_csv_is_recorded_with_who_when_and_where(client, people, community):
    cultivator = people["cultivator"]
    client.force_login(cultivator)
    AuditEntry.objects.all().delete()  # the log-in's own entry

    response = client.get(reverse("insights:overview_export"), REMOTE_ADDR=IP,
                          HTTP_USER_AGENT=AGENT)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    [entry] = AuditEntry.objects.all()
    assert entry.action == A.OVERVIEW_EXPORTED
    assert entry.actor == cultivator
    assert entry.community_id is None  # every community: the platform's log
    assert entry.ip_address == IP and entry.user_agent == AGENT
    assert entry.details == {"communities": 2}  # community and other_community
    assert entry.at is not None


def test_a_refused_overview_export_records_nothing(client, people):
    client.force_login(people["gardener"])

    assert client.get(reverse("insights:overview_export")).status_code == 403
    assert entries(A.OVERVIEW_EXPORTED) == []


def test_the_overview_export_shows_in_the_platform_log(client, people):
    client.force_login(people["cultivator"])
    client.get(reverse("insights:overview_export"))

    page = client.get(reverse("gardeners:audit_log"), {"action": A.OVERVIEW_EXPORTED})

    assert "Communities overview exported (CSV)" in page.content.decode()


# --- Second-factor codes ------------------------------------------------------------


def _password_step(client, user):
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response["Location"] == CODE_STEP


def test_a_wrong_code_of_a_gardener_is_recorded_without_an_actor(client, people):
    gardener = people["gardener"]
    totp_setup(gardener)
    _password_step(client, gardener)

    response = client.post(CODE_STEP, {"code": "123456"}, REMOTE_ADDR=IP,
                           HTTP_USER_AGENT=AGENT)

    assert response.status_code == 200  # refused, the form again
    [entry] = AuditEntry.objects.all()  # the password step itself left nothing
    assert entry.action == A.LOGIN_CODE_FAILED
    assert entry.actor is None and entry.actor_name == ""
    assert entry.target_user == gardener
    assert entry.details == {"step": "login", "route": "totp"}
    assert entry.ip_address == IP and entry.user_agent == AGENT


def test_a_wrong_recovery_code_names_its_route(client, people):
    staff = people["staff"]
    totp_setup(staff)
    _password_step(client, staff)

    client.post(CODE_STEP, {"code": "00000000"})

    [entry] = entries(A.LOGIN_CODE_FAILED)
    assert entry.details == {"step": "login", "route": "recovery"}


def test_a_code_refused_by_the_throttle_is_recorded_as_such(client, people, settings):
    gardener = people["gardener"]
    totp_setup(gardener)
    _password_step(client, gardener)
    limit, _window = settings.LOGIN_THROTTLE["per_account"]
    for _ in range(limit + 1):
        client.post(CODE_STEP, {"code": "123456"})

    recorded = entries(A.LOGIN_CODE_FAILED)
    assert len(recorded) == limit + 1
    assert [e.details.get("throttled", False) for e in recorded].count(True) == 1


def test_a_right_code_records_the_log_in_only(client, people):
    gardener = people["gardener"]
    totp_setup(gardener)
    _password_step(client, gardener)

    client.post(CODE_STEP, {"code": totp_code()})

    assert [e.action for e in AuditEntry.objects.all()] == [A.LOGIN_SUCCEEDED]


def test_a_wrong_code_of_a_member_is_not_recorded(client, people):
    # as their wrong passwords and their log-ins: members' log-ins are not watched
    engaged = people["engaged"]
    totp_setup(engaged)
    _password_step(client, engaged)

    client.post(CODE_STEP, {"code": "123456"})
    client.post(CODE_STEP, {"code": recovery_codes(engaged)[0][:-1] + "x"})

    assert not AuditEntry.objects.exists()
