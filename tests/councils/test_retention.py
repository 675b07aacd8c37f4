"""Retention of candidates' details: erased after withdrawing, or once the
council's term (plus COUNCILS_POOL_RETENTION_DAYS) is over, by the privacy
app's hourly beat task; the boundary is the exact day."""

import datetime as dt
import zoneinfo

import pytest

from accounts import personal_data
from councils import privacy_hooks, services
from councils.models import Candidate, Member
from privacy import tasks

from .conftest import announce, make_pool

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def at(day: dt.date, hour=12) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=PARIS)


def test_details_are_kept_through_the_last_day_of_the_term(council):
    make_pool(council, 3)
    last_day = council.term_end
    assert privacy_hooks.purge(at(last_day, 23)) == 0
    assert Candidate.objects.filter(erased_at__isnull=True).count() == 3
    assert privacy_hooks.purge(at(last_day + dt.timedelta(days=1), 0)) == 3
    erased = Candidate.objects.first()
    assert erased.name == "" and erased.territory == "" and erased.email.endswith(".invalid")
    assert erased.characteristics and erased.public_id  # still in the published draws
    assert privacy_hooks.purge(at(last_day + dt.timedelta(days=2))) == 0  # idempotent


def test_the_setting_moves_the_day(council, settings):
    settings.COUNCILS_POOL_RETENTION_DAYS = 30
    make_pool(council, 1)
    last_day = council.term_end + dt.timedelta(days=30)
    assert privacy_hooks.purge(at(last_day, 23)) == 0
    assert privacy_hooks.purge(at(last_day + dt.timedelta(days=1), 0)) == 1


def test_a_withdrawn_candidate_is_erased_at_once_and_keeps_the_date(council):
    candidate, other = make_pool(council, 2)
    withdrawn = services.candidate_withdraw(candidate=candidate).withdrawn_at
    assert privacy_hooks.purge(at(council.term_start)) == 1
    candidate.refresh_from_db()
    assert candidate.erased_at and candidate.withdrawn_at == withdrawn and candidate.email != ""
    assert Candidate.objects.get(pk=other.pk).erased_at is None


def test_the_beat_task_runs_it_and_members_keep_their_seat_name(council, residents):
    make_pool(council, 12)
    draw = services.draw_run(draw=announce(residents, quotas={}, seats=4))
    day_after = council.term_end + dt.timedelta(days=1)
    removed = tasks.purge_expired(now=at(day_after).isoformat())
    assert removed["councils"] == 12
    members = Member.objects.filter(draw=draw)
    assert all(m.name.startswith("Habitant") and m.ended_at for m in members)


def test_an_erased_account_takes_its_candidacies(council):
    from tests.factories import UserFactory

    person = UserFactory(email="aicha@example.org")
    services.candidate_volunteer(council=council, name="Aïcha", email="AICHA@example.org",
                                 territory="Nord", consent_given=True,
                                 characteristics={"age_band": "60+", "gender": "woman",
                                                  "sub_area": "Nord"})
    holder = next(h for h in personal_data.holders() if h.key == "councils")
    assert holder.export(person)["candidacies"][0]["name"] == "Aïcha"
    holder.erase(person)
    assert Candidate.objects.get().name == "" and holder.export(person) == {"candidacies": [], "seats": []}


@pytest.fixture(autouse=True)
def _paris(settings):
    settings.TIME_ZONE = "Europe/Paris"
