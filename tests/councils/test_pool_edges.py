"""A council's pool at its edges (councils/services/pool.py): each refusal in
its words, the limits, the pseudonymous numbers, a withdrawal after the
seat has already ended, the list import's rows and its safety net."""

import datetime as dt

from django.utils import translation

from audit.models import AuditEntry
from councils import services
from councils.models import Candidate, Member
from councils.services import pool
from notifications.models import Notification
from tests.factories import CommunityFactory
from tests.refusals import refusals

from .conftest import SUB_AREAS, announce, make_pool

VALUES = {"age_band": "30-44", "gender": "woman", "sub_area": "Nord"}
HEADER = "name,email,territory,age_band,gender,sub_area\n"
ROW = "Jean Martin,jean@example.org,Malakoff,45-59,man,Sud\n"


def volunteer(council, **fields):
    data = {"name": "Aïcha Benali", "email": "aicha@example.org", "territory": "Rue de Malakoff",
            "characteristics": dict(VALUES), "consent_given": True, **fields}
    return services.candidate_volunteer(council=council, **data)


def refused(call):
    """What `call` refuses (tests.refusals.refusals); nobody was added to the pool."""
    before = Candidate.objects.count()
    refused = refusals(call)
    assert Candidate.objects.count() == before
    return refused


def other_council(direction):
    return services.council_create(
        name="Conseil citoyen de Bellevue", slug="bellevue", territory="Nantes, Bellevue",
        direction=direction, term_start=dt.date(2026, 1, 1), term_end=dt.date(2028, 12, 31),
        colleges=[("Habitants", 12)], sub_areas=SUB_AREAS)


def test_each_field_is_refused_in_its_words_at_once(council):
    assert refused(lambda: volunteer(council, name="", email="nope", territory=None,
                                     characteristics={**VALUES, "age_band": "12-15"})) == [
        ("age_band", "Choose one of: 16-29, 30-44, 45-59, 60+.", "bad_category"),
        ("email", "Enter a valid e-mail address.", "invalid"),
        ("name", "Give your name.", "required"),
        ("territory", "Say where you live.", "required"),
    ]


def test_the_name_and_the_territory_keep_to_their_limits(council):
    assert refused(lambda: volunteer(council, name="n" * 121, territory="t" * 201)) == [
        ("name", "Keep it under 120 characters.", "too_long"),
        ("territory", "Keep it under 200 characters.", "too_long"),
    ]
    candidate = volunteer(council, name=" " + "n" * 120 + " ", territory="t" * 200)
    assert (candidate.name, candidate.territory) == ("n" * 120, "t" * 200)


def test_an_address_in_one_councils_pool_may_volunteer_for_another(council, direction):
    volunteer(council)
    assert refused(lambda: volunteer(council, email="Aicha@Example.org")) == [
        ("email", "This address is already in the council's pool.", "duplicate")]
    elsewhere = volunteer(other_council(direction))
    assert elsewhere.council.slug == "bellevue"


def test_no_consent_is_refused_in_its_words_and_code(council):
    assert refused(lambda: volunteer(council, consent_given=False)) == [
        ("consent", "Tick the box to agree to the text above: without it you cannot join the pool.",
         "consent")]


def test_a_pseudonymous_number_is_new_in_its_council_only(council, direction, monkeypatch):
    drawn = iter(["a1b2c3", "a1b2c3", "a1b2c3", "d4e5f6"])

    def token_hex(size):
        assert size == 3  # six hexadecimal digits
        return next(drawn)

    monkeypatch.setattr(pool.secrets, "token_hex", token_hex)
    bellevue = other_council(direction)
    assert volunteer(bellevue).public_id == "C-A1B2C3"
    # Another council's number does not count; this council's does: drawn
    # again, the next number is taken.
    assert volunteer(council).public_id == "C-A1B2C3"
    assert volunteer(council, email="bruno@example.org").public_id == "C-D4E5F6"
    assert next(drawn, "none left") == "none left"


def test_a_candidate_is_written_to_in_the_language_they_volunteered_in(council):
    with translation.override("en-gb"):
        assert volunteer(council).language == "en"
    translation.deactivate_all()  # no language at all: the site's, French
    assert volunteer(council, email="bruno@example.org").language == "fr"


def test_withdrawing_twice_is_refused_in_its_words(council):
    candidate = volunteer(council)
    services.candidate_withdraw(candidate=candidate)
    assert refusals(lambda: services.candidate_withdraw(candidate=candidate)) == [
        (None, "You have already withdrawn from this pool.", "withdrawn")]


def test_the_agents_are_told_which_council_and_which_number(council, residents, agent):
    make_pool(council, 11)
    me = volunteer(council)
    services.draw_run(draw=announce(residents, seats=12, quotas={}))
    services.candidate_withdraw(candidate=me)
    told = Notification.objects.get(kind="council_seat_freed")
    assert told.data == {"council": "Conseil citoyen de Malakoff", "number": me.public_id}


def test_leaving_the_pool_after_the_seat_has_ended_frees_nothing_again(
        council, residents, agent):
    make_pool(council, 11)
    me = volunteer(council)
    services.draw_run(draw=announce(residents, seats=12, quotas={}))
    seat = Member.objects.get(candidate=me)
    ended_at = services.member_withdraw(member=seat).ended_at
    left = services.candidate_withdraw(candidate=me)
    assert left.freed_seat is None
    seat.refresh_from_db()
    assert seat.ended_at == ended_at
    assert not Notification.objects.filter(kind="council_seat_freed").exists()


def test_the_import_needs_the_agents_word_in_its_words(council):
    assert refusals(lambda: services.candidates_import(
        council=council, data=HEADER + ROW, consent_confirmed=False)) == [
        (None, "Confirm that every person on the list agreed to the pool's text.", "consent")]
    assert not Candidate.objects.exists()


def test_a_missing_column_names_every_column_needed(council):
    assert refusals(lambda: services.candidates_import(
        council=council, data="name,email\nJean,j@example.org\n", consent_confirmed=True)) == [
        (None, ("The file lacks the column(s) territory, age_band, gender, sub_area; nothing was "
                "imported. The first row must name the columns: name, email, territory, "
                "age_band, gender, sub_area."), "missing_columns")]


def test_a_row_gives_every_reason_and_the_rows_after_a_blank_one_are_read(council):
    data = HEADER + ",nope,Malakoff,45-59,man,Sud\n,,,,,\n" + ROW
    report = services.candidates_import(council=council, data=data, consent_confirmed=True)
    assert report.rejected == [(2, "name: Give your name.; email: Enter a valid e-mail address.")]
    assert report.imported == 1 and Candidate.objects.get().email == "jean@example.org"


def test_an_address_twice_in_the_file_is_imported_once(council):
    data = HEADER + ROW + ROW.replace("jean@", "JEAN@")
    report = services.candidates_import(council=council, data=data, consent_confirmed=True)
    assert report.imported == 1
    assert report.rejected == [(3, "email: This address is already in the council's pool.")]


def test_the_file_may_hold_as_many_rows_as_the_limit(council, monkeypatch):
    monkeypatch.setattr(pool, "IMPORT_MAX_ROWS", 2)
    two = HEADER + ROW + ROW.replace("jean@", "lucie@")
    assert refusals(lambda: services.candidates_import(
        council=council, data=two + ROW.replace("jean@", "marc@"), consent_confirmed=True)) == [
        (None, "The file has more than 2 rows; nothing was imported.", "too_many")]
    assert not Candidate.objects.exists()
    assert services.candidates_import(council=council, data=two,
                                      consent_confirmed=True).imported == 2


def test_a_row_the_database_refuses_is_reported_and_the_import_goes_on(
        council, direction, monkeypatch):
    """The safety net under the pool's check: an insert the unique address
    refuses (the check is made here against another council, as if it had
    missed) is one rejected row; the next rows are still imported."""
    volunteer(council, email="jean@example.org")
    bellevue = other_council(direction)
    real_clean = pool._clean
    monkeypatch.setattr(pool, "_clean", lambda council, *args, **kwargs: real_clean(
        bellevue, *args, **kwargs))
    data = HEADER + ROW + ROW.replace("jean@", "lucie@")
    report = services.candidates_import(council=council, data=data, consent_confirmed=True)
    assert report.rejected == [(2, "email: This address is already in the council's pool.")]
    assert report.imported == 1
    assert sorted(council.candidates.values_list("email", flat=True)) == [
        "jean@example.org", "lucie@example.org"]


def test_the_import_is_audited_under_the_councils_community(council, agent):
    council.community = CommunityFactory()
    council.save(update_fields=["community"])
    services.candidates_import(council=council, data=HEADER + ROW, consent_confirmed=True,
                               actor=agent)
    entry = AuditEntry.objects.get(action="council.candidates_imported")
    assert (entry.community_id, entry.actor, entry.details) == (
        council.community_id, agent, {"imported": 1, "rejected": 0})


def test_the_reasons_follow_french_typography_in_french(council):
    from django.utils import translation

    data = HEADER + ",nope,Malakoff,45-59,man,Sud\n" + ROW + ROW
    with translation.override("fr"):
        report = services.candidates_import(council=council, data=data, consent_confirmed=True)
    assert [line for line, _reason in report.rejected] == [2, 4]
    assert report.rejected[0][1].startswith("name : ")
    assert "; email : " in report.rejected[0][1]
    assert report.rejected[1][1].startswith("email : Cette adresse")
