"""A funded project's follow-up at its edges (calls/services/followup.py):
the grant's split among the funders to the cent, each refusal in its words,
field and code (tests/refusals.py), and its reports: who files them, what
they hold, one final, and who reads them."""

from decimal import Decimal

import pytest

from calls import services
from calls.models import Application, FundingShare, Report
from calls.services.followup import shares_record, split_check
from notifications.models import Notification
from tests.refusals import refusals

from .conftest import even_split, make_org, pdf

pytestmark = pytest.mark.django_db

PARTS = "Split the amount granted among the call's funders, one line per funder."


@pytest.fixture
def funded(submitted, agent, call):
    return services.application_decide(application=submitted, agent=agent, decision="funded",
                                       amount="8000", split=even_split(call, "8000"))


def split(call, *amounts):
    return dict(zip([f.key for f in services.funders_of(call)], amounts, strict=True))


# --- The funders -----------------------------------------------------------------------


def test_the_funders_are_the_partner_directions_then_the_organisations(call, direction, funder):
    org = make_org("Fondation Verte", "fondation@example.org")[0]
    services.call_update(call=call, partner_organisations=[org])
    assert [(f.key, f.name, f.direction_id, f.organisation_id)
            for f in services.funders_of(call)] == [
        (f"direction-{direction.pk}", "Cohésion urbaine", direction.pk, None),
        (f"direction-{funder.pk}", "Environnement", funder.pk, None),
        (f"organisation-{org.pk}", "Fondation Verte", None, org.pk),
    ]


def test_a_call_without_partners_is_funded_by_its_direction_alone(call, direction):
    services.call_update(call=call, partners=[])
    assert [(f.key, f.name, f.direction_id, f.organisation_id)
            for f in services.funders_of(call)] == [
        (f"direction-{direction.pk}", "Cohésion urbaine", direction.pk, None)]


# --- The split -------------------------------------------------------------------------


def test_a_split_that_adds_up_gives_one_share_per_funder_in_their_order(call, direction,
                                                                         funder):
    shares = split_check(call, Decimal("8000"), split(call, "7999.99", "0.01"))
    assert [(s.direction_id, s.organisation_id, s.amount) for s in shares] == [
        (direction.pk, None, Decimal("7999.99")), (funder.pk, None, Decimal("0.01"))]
    assert all(s.pk is None for s in shares)  # checked, not written


@pytest.mark.parametrize("given", [None, {}])
def test_several_funders_need_a_split(call, given):
    assert refusals(lambda: split_check(call, Decimal(100), given)) == [
        ("split", PARTS, "no_split")]


@pytest.mark.parametrize("given", [None, {}])
def test_a_single_funder_takes_the_whole_amount_without_a_split(call, direction, given):
    services.call_update(call=call, partners=[])
    shares = split_check(call, Decimal("1234.50"), given)
    assert [(s.direction_id, s.amount) for s in shares] == [(direction.pk, Decimal("1234.50"))]


def test_only_the_calls_funders_share_the_grant(call):
    other = make_org("Troisième Voie", "third@example.org")[0]
    given = {**split(call, "100", "0"), f"organisation-{other.pk}": "0"}
    assert refusals(lambda: split_check(call, Decimal(100), given)) == [
        ("split", "Only the call's funders share the amount granted.", "not_funder")]


@pytest.mark.parametrize("first,second,missing", [
    ("100", None, "Environnement"),
    ("", "100", "Cohésion urbaine"),
    ("abc", "", "Cohésion urbaine, Environnement"),  # not a number is not an amount
    ("NaN", "100", "Cohésion urbaine"),                # nor is a number that is not finite
    ("100", "-Infinity", "Environnement"),
])
def test_every_funder_needs_an_amount_even_zero(call, first, second, missing):
    given = {k: v for k, v in split(call, first, second).items() if v is not None}
    assert refusals(lambda: split_check(call, Decimal(100), given)) == [
        ("split", f"Give the amount of each funder (0 if none): {missing}.", "split_missing")]


def test_no_amount_is_negative_and_zero_is_an_amount(call):
    assert refusals(lambda: split_check(call, Decimal(100), split(call, "100.01", "-0.01"))) \
        == [("split", "A funder's amount cannot be negative.", "split_negative")]
    assert [s.amount for s in split_check(call, Decimal(100), split(call, "100", "0"))] == [
        Decimal(100), Decimal(0)]


@pytest.mark.parametrize("amounts,words", [
    (("5000", "2999.99"), "add up to 7999.99 €, not to the 8000.00 € granted: the difference "
                          "is 0.01 €."),
    (("5000", "3000.01"), "add up to 8000.01 €, not to the 8000.00 € granted: the difference "
                          "is -0.01 €."),
])
def test_a_split_a_cent_off_is_refused_with_the_difference(call, amounts, words):
    assert refusals(lambda: split_check(call, Decimal(8000), split(call, *amounts))) == [
        ("split", f"The funders' amounts {words}", "split_mismatch")]


def test_recording_the_shares_again_replaces_them(funded, call):
    shares_record(funded, split_check(call, Decimal(6000), split(call, "1000", "5000")))
    assert sorted(FundingShare.objects.values_list("application", "amount")) == [
        (funded.pk, Decimal(1000)), (funded.pk, Decimal(5000))]


# --- Reports ---------------------------------------------------------------------------


def file(application, author, **fields):
    values = {"text": "Les potagers poussent.", "progress": 40, **fields}
    return services.report_file(application=application, author=author, **values)


def test_a_project_not_decided_or_not_funded_files_no_report(submitted, agent, lead):
    refused = [(None, "Only a funded project reports on its progress.", "not_funded")]
    assert refusals(lambda: file(submitted, lead[1])) == refused
    services.application_decide(application=submitted, agent=agent, decision="not_funded",
                                reasons="Hors périmètre")
    assert refusals(lambda: file(submitted, lead[1])) == refused
    assert not Report.objects.exists()


def test_only_a_carriers_administrator_files_a_report(funded, lead, agent):
    for outsider in (lead[2], agent):
        assert refusals(lambda: file(funded, outsider)) == [
            (None, "Only the administrators of the project's carrier organisations file its "
                   "reports.", "not_carrier")]
    assert not Report.objects.exists()


@pytest.mark.parametrize("fields,refused", [
    ({"kind": "midterm"}, ("kind", "Choose a progress report or the final report.", "kind")),
    ({"text": "  "}, ("text", "Write the report.", "text")),
    ({"text": None}, ("text", "Write the report.", "text")),
    ({"progress": -1}, ("progress", "Progress is a whole number from 0 to 100.", "progress")),
    ({"progress": 101}, ("progress", "Progress is a whole number from 0 to 100.", "progress")),
    ({"progress": "half"}, ("progress", "Progress is a whole number from 0 to 100.",
                            "progress")),
    ({"progress": None}, ("progress", "Progress is a whole number from 0 to 100.", "progress")),
])
def test_a_report_is_refused_in_words_and_nothing_is_stored(funded, lead, fields, refused):
    assert refusals(lambda: file(funded, lead[1], **fields)) == [refused]
    assert not Report.objects.exists()


@pytest.mark.parametrize("progress,stored", [(0, 0), ("100", 100), (" 55 ", 55)])
def test_progress_is_stored_as_a_whole_number(funded, lead, progress, stored):
    assert file(funded, lead[1], progress=progress).progress == stored


def test_a_report_stores_its_trimmed_text_author_and_kind(funded, lead):
    report = file(funded, lead[1], text="  Bilan à mi-parcours.  ")
    report.refresh_from_db()
    assert (report.application, report.kind, report.text, report.author, report.progress,
            bool(report.file)) == (funded, "progress", "Bilan à mi-parcours.", lead[1], 40,
                                   False)


def test_a_report_keeps_its_files_name_size_and_type(funded, lead):
    report = file(funded, lead[1], upload=pdf("b" * 300 + ".pdf"))
    report.refresh_from_db()
    assert (report.filename, report.size, report.content_type) == (
        "b" * 251 + ".pdf", len(pdf().read()), "application/pdf")  # 255 characters at most
    assert report.file.read() == pdf().read()


def test_one_final_report_then_progress_reports_only(funded, lead):
    file(funded, lead[1], kind="final", progress=100)
    assert refusals(lambda: file(funded, lead[1], kind="final", progress=100)) == [
        (None, "The final report is already filed: file a progress report to add something.",
         "final_filed")]
    file(funded, lead[1], kind="progress", progress=100)
    assert list(Report.objects.order_by("pk").values_list("kind", flat=True)) == [
        "final", "progress"]


def test_a_final_report_meeting_another_at_the_same_moment_keeps_no_file(funded, lead,
                                                                        monkeypatch, settings):
    """The check reads no final report; the unique constraint then meets
    the one a colleague filed meanwhile: the same refusal, the file removed."""
    file(funded, lead[1], kind="final", progress=100)
    monkeypatch.setattr("django.db.models.QuerySet.exists", lambda self: False)
    assert refusals(lambda: file(funded, lead[1], kind="final", progress=100,
                                 upload=pdf("second.pdf"))) == [
        (None, "The final report is already filed: file a progress report to add something.",
         "final_filed")]
    reports = settings.CALLS_PRIVATE_ROOT / "calls" / str(funded.pk) / "reports"
    assert [p.name for p in reports.iterdir()] == []  # the first one filed no file either
    assert Report.objects.count() == 1


def test_a_report_reads_its_call_with_its_project(funded, lead, django_assert_num_queries):
    funded = Application.objects.get(pk=funded.pk)
    with django_assert_num_queries(11):
        file(funded, lead[1])


def test_the_calls_agents_and_assigned_reviewers_read_a_report_once_each(
        submitted, call, lead, agent, reviewers, direction):
    services.reviewer_assign(application=submitted, reviewer=reviewers[1])  # Environnement
    funded = services.application_decide(application=submitted, agent=agent, decision="funded",
                                         amount="8000", split=even_split(call, "8000"))
    direction.staff.add(lead[1])  # the author is an agent too: not told of their own report
    Notification.objects.all().delete()
    file(funded, lead[1], progress=70)
    told = {(n.recipient.email, n.kind, n.actor, n.url, tuple(sorted(n.data.items())))
            for n in Notification.objects.select_related("recipient")}
    data = (("call", "Quartiers fertiles"), ("progress", 70), ("report", "progress"),
            ("title", "Potagers partagés"))
    assert told == {(email, "call_report_filed", lead[1], funded.get_absolute_url(), data)
                    for email in ("agent@example.org", "rev1@example.org",
                                  "rev2@example.org")}
    assert Notification.objects.count() == 3  # Rita, agent and reviewer both, once
