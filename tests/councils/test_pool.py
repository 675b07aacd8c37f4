"""The pool: volunteering with consent, withdrawing, importing a CSV."""

import re

import pytest
from django.core.exceptions import ValidationError

from councils import consent, services, tokens
from councils.models import Candidate

VALUES = {"age_band": "30-44", "gender": "woman", "sub_area": "Nord"}


def volunteer(council, **fields):
    data = {"name": "Aïcha Benali", "email": "aicha@example.org", "territory": "Rue de Malakoff",
            "characteristics": dict(VALUES), "consent_given": True, **fields}
    return services.candidate_volunteer(council=council, **data)


def test_volunteering_records_the_consent_text_and_sends_the_withdraw_link(
        council, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        candidate = volunteer(council)
    assert candidate.consent_version == consent.CURRENT.version
    assert candidate.consent_fingerprint == consent.CURRENT.fingerprint
    assert candidate.characteristics == VALUES and candidate.public_id.startswith("C-")
    (message,) = mailoutbox
    assert message.to[0].endswith("<aicha@example.org>")
    assert candidate.public_id in message.body
    # The link's token carries the second it was signed: read it, do not re-make it.
    (token,) = re.findall(r"/councils/withdraw/([^/\s]+)/", message.body)
    assert tokens.read(token) == {"c": candidate.pk, "p": candidate.public_id}


def test_no_consent_no_candidate(council):
    with pytest.raises(ValidationError) as caught:
        volunteer(council, consent_given=False)
    assert "consent" in caught.value.message_dict
    assert not Candidate.objects.exists()


@pytest.mark.parametrize("field, value", [
    ("name", ""), ("email", "not-an-address"), ("territory", " "), ("name", "x" * 121),
])
def test_bad_fields_are_refused(council, field, value):
    with pytest.raises(ValidationError) as caught:
        volunteer(council, **{field: value})
    assert field in caught.value.message_dict
    assert not Candidate.objects.exists()


def test_a_name_of_the_limit_is_accepted(council):
    assert volunteer(council, name="x" * 120).name == "x" * 120


def test_a_category_outside_the_characteristic_is_refused(council):
    with pytest.raises(ValidationError) as caught:
        volunteer(council, characteristics={**VALUES, "sub_area": "Ailleurs"})
    assert "sub_area" in caught.value.message_dict
    with pytest.raises(ValidationError):
        volunteer(council, characteristics={"age_band": "30-44", "gender": "woman"})
    assert not Candidate.objects.exists()


def test_one_address_once_while_in_the_pool(council):
    first = volunteer(council)
    with pytest.raises(ValidationError) as caught:
        volunteer(council, email="AICHA@example.org")
    assert "email" in caught.value.message_dict
    services.candidate_withdraw(candidate=first)
    assert volunteer(council).pk != first.pk


def test_withdrawing_twice_is_refused(council):
    candidate = volunteer(council)
    services.candidate_withdraw(candidate=candidate)
    candidate.refresh_from_db()
    assert candidate.withdrawn_at is not None
    with pytest.raises(ValidationError):
        services.candidate_withdraw(candidate=candidate)


HEADER = "name,email,territory,age_band,gender,sub_area\n"


def test_import_reports_each_rejected_row_and_why(council):
    data = HEADER + (
        "Jean Martin,jean@example.org,Malakoff,45-59,man,Sud\n"
        ",anon@example.org,Malakoff,45-59,man,Sud\n"
        "Lucie,not-an-address,Malakoff,45-59,woman,Sud\n"
        "Marc,marc@example.org,Malakoff,99+,man,Sud\n"
        "Jean bis,JEAN@example.org,Malakoff,45-59,man,Nord\n"
        "\n"
        "Sophie,sophie@example.org,Malakoff,16-29,woman,Centre\n"
    )
    report = services.candidates_import(council=council, data=data.encode(), consent_confirmed=True)
    assert report.imported == 2
    assert [line for line, _why in report.rejected] == [3, 4, 5, 6]
    reasons = dict(report.rejected)
    assert reasons[3].startswith("name:") and reasons[4].startswith("email:")
    assert "age_band" in reasons[5] and "already in the council's pool" in reasons[6]
    assert set(Candidate.objects.values_list("source", flat=True)) == {"import"}


def test_import_with_a_missing_column_imports_nothing_and_names_it(council):
    data = "name,email,age_band,gender\nJean,jean@example.org,45-59,man\n"
    with pytest.raises(ValidationError) as caught:
        services.candidates_import(council=council, data=data, consent_confirmed=True)
    assert caught.value.code == "missing_columns"
    assert "territory, sub_area" in caught.value.messages[0]
    assert not Candidate.objects.exists()


def test_import_reads_semicolons_and_a_bom_and_refuses_other_encodings(council):
    data = "\ufeffname;email;territory;age_band;gender;sub_area\nÉlise;elise@example.org;Malakoff;60+;woman;Nord\n"
    report = services.candidates_import(council=council, data=data.encode("utf-8"),
                                        consent_confirmed=True)
    assert report.imported == 1 and Candidate.objects.get().name == "Élise"
    with pytest.raises(ValidationError) as caught:
        services.candidates_import(council=council, data="é".encode("latin-1") + b"\xff",
                                   consent_confirmed=True)
    assert caught.value.code == "encoding"


def test_import_needs_the_agents_word_on_consent(council):
    with pytest.raises(ValidationError) as caught:
        services.candidates_import(council=council, data=HEADER, consent_confirmed=False)
    assert caught.value.code == "consent"
