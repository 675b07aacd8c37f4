"""Every refusal and boundary of calls' services: each test fails when its
check is removed or shifted."""

import datetime as dt
import io
import zipfile
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from calls import documents, services
from calls.models import Application, Attachment, CoCarrier, Score
from notifications.models import Notification
from notifications.rendering import render_text
from organisations import services as organisations
from organisations.validators import luhn_ok
from tests.refusals import refusals

from .conftest import complete, even_split, pdf

# --- Organisations --------------------------------------------------------------------


def test_a_siret_must_pass_luhn_and_an_rna_its_format(db, lead):
    org = lead[0]
    assert luhn_ok("73282932000074")
    with pytest.raises(ValidationError) as error:
        organisations.organisation_update(organisation=org, siret="73282932000075")
    assert "check digit" in str(error.value)
    with pytest.raises(ValidationError, match="14 digits"):
        organisations.organisation_update(organisation=org, siret="7328293200007")
    with pytest.raises(ValidationError, match="letter W"):
        organisations.organisation_update(organisation=org, rna="X123456789")
    org = organisations.organisation_update(organisation=org, siret="73282932000074",
                                            rna="W123456789")
    assert org.siret == "73282932000074"


def test_verifying_twice_is_refused(db, lead, agent):
    org = organisations.organisation_verify(organisation=lead[0], agent=agent)
    assert org.verified_by == agent
    with pytest.raises(ValidationError, match="already verified"):
        organisations.organisation_verify(organisation=org, agent=agent)


def test_a_member_is_added_once_and_must_have_an_account(db, lead):
    with pytest.raises(ValidationError, match="already a member"):
        organisations.member_add(organisation=lead[0], email="LEAD.member@example.org")
    with pytest.raises(ValidationError, match="Nobody has an account"):
        organisations.member_add(organisation=lead[0], email="nobody@example.org")


# --- Budget ---------------------------------------------------------------------------


def test_a_budget_that_does_not_add_up_is_refused_and_changes_nothing(application):
    with pytest.raises(ValidationError) as error:
        services.application_save(
            application=application, requested_amount=Decimal(8001), summary="Changed",
            lines=[("expense", "Matériel", "10000"), ("cofunding", "Ville", "2000")],
        )
    assert "must equal the total of the expenses (10000 €) minus the co-funding (2000 €)" in str(
        error.value)
    application.refresh_from_db()
    assert application.summary == "" and not application.budget_lines.exists()
    services.application_save(
        application=application, requested_amount=Decimal(8000),
        lines=[("expense", "Matériel", "10000"), ("cofunding", "Ville", "2000")],
    )
    assert application.budget_lines.count() == 2


def test_changing_the_amount_alone_is_checked_against_the_saved_lines(application):
    complete(application, None)
    with pytest.raises(ValidationError, match="must equal"):
        services.application_save(application=application, requested_amount=Decimal(9000))


# --- Deadline -------------------------------------------------------------------------


def test_submitting_one_second_before_the_deadline_is_accepted(application, lead):
    complete(application, lead[1])
    closes = application.call.closes_at
    done = services.application_submit(application=application, user=lead[1],
                                       now=closes - dt.timedelta(seconds=1))
    assert done.status == Application.Status.SUBMITTED
    # As stored: the instant it was submitted, which the funders' lists show.
    stored = Application.objects.get(pk=application.pk)
    assert (stored.status, stored.submitted_at) == (
        Application.Status.SUBMITTED, closes - dt.timedelta(seconds=1))


@pytest.mark.parametrize("late", [dt.timedelta(0), dt.timedelta(seconds=1)])
def test_submitting_at_or_after_the_deadline_is_refused(application, lead, late):
    """Even when the form was opened before: the check is at submit time."""
    complete(application, lead[1])
    with pytest.raises(ValidationError, match="deadline has passed"):
        services.application_submit(application=application, user=lead[1],
                                    now=application.call.closes_at + late)
    application.refresh_from_db()
    assert application.status == Application.Status.DRAFT


def test_the_deadline_is_read_again_at_submit_time(application, lead):
    """A call shortened after the page was loaded: the stale object is not trusted."""
    complete(application, lead[1])
    stale = Application.objects.get(pk=application.pk)
    call = application.call
    call.closes_at = call.opens_at + dt.timedelta(seconds=1)
    call.save()
    with pytest.raises(ValidationError, match="deadline has passed"):
        services.application_submit(application=stale, user=lead[1])


def test_a_missing_document_and_summary_are_named(application, lead):
    assert refusals(lambda: services.application_submit(
        application=application, user=lead[1])) == [
        (None, "The document “Budget” is missing.", "missing"),
        (None, "The document “Statuts” is missing.", "missing"),
        (None, "Write the project summary.", "required"),
    ]
    # Refused, so nothing changed: still a draft, not submitted.
    application.refresh_from_db()
    assert application.status == Application.Status.DRAFT
    assert application.submitted_at is None


def test_a_submitted_application_is_no_longer_editable(submitted, lead, partner_org):
    with pytest.raises(ValidationError, match="can no longer be changed"):
        services.application_save(application=submitted, summary="Autre chose")
    with pytest.raises(ValidationError, match="can no longer be changed"):
        services.cocarrier_invite(application=submitted, organisation=partner_org[0],
                                  actor=lead[1])
    document = submitted.call.required_documents.first()
    with pytest.raises(ValidationError, match="can no longer be changed"):
        services.attachment_upload(application=submitted, document=document, upload=pdf(),
                                   user=lead[1])
    with pytest.raises(ValidationError, match="can no longer be changed"):
        services.application_submit(application=submitted, user=lead[1])


def test_starting_an_application_on_a_closed_call_is_refused(call, lead):
    with pytest.raises(ValidationError, match="closed"):
        services.application_start(call=call, organisation=lead[0], user=lead[1], title="X",
                                   now=call.closes_at)


# --- Documents ------------------------------------------------------------------------


def _zip(**members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize("name,data,expected", [
    ("a.pdf", b"%PDF-1.7 ...", "application/pdf"),
    ("a.png", b"\x89PNG\r\n\x1a\n....", "image/png"),
    ("a.JPG", b"\xff\xd8\xff\xe0....", "image/jpeg"),
    ("a.odt", _zip(mimetype=documents.TYPES["odt"]), documents.TYPES["odt"]),
    ("a.docx", _zip(**{"[Content_Types].xml": "x", "word/document.xml": "y"}),
     documents.TYPES["docx"]),
])
def test_accepted_types_are_read_from_the_content(name, data, expected):
    assert documents.check(SimpleUploadedFile(name, data)) == expected


@pytest.mark.parametrize("name,data,message", [
    ("virus.pdf", b"MZ\x90\x00 an executable", "Only PDF, ODT"),
    ("notes.txt", b"%PDF-1.7 a pdf named .txt", "Only PDF, ODT"),
    ("photo.pdf", b"\x89PNG\r\n\x1a\n....", "does not match its name (.pdf)"),
    ("letter.odt", _zip(**{"[Content_Types].xml": "x", "word/document.xml": "y"}),
     "does not match its name (.odt)"),
    ("broken.docx", b"PK\x03\x04 not a zip", "Only PDF, ODT"),
])
def test_a_wrong_type_is_refused_with_a_clear_message(application, lead, name, data, message):
    document = application.call.required_documents.first()
    with pytest.raises(ValidationError, match=message.replace("(", r"\(").replace(")", r"\)")):
        services.attachment_upload(application=application, document=document,
                                   upload=SimpleUploadedFile(name, data), user=lead[1])
    assert not Attachment.objects.exists()


def test_the_size_limit_is_10_mb_exactly(application, lead):
    document = application.call.required_documents.first()
    limit = documents.MAX_BYTES
    services.attachment_upload(application=application, document=document, user=lead[1],
                               upload=pdf(data=b"%PDF-" + b"0" * (limit - 5)))
    with pytest.raises(ValidationError, match="the limit is 10 MB"):
        services.attachment_upload(application=application, document=document, user=lead[1],
                                   upload=pdf(data=b"%PDF-" + b"0" * (limit - 4)))
    assert Attachment.objects.get().size == limit


def test_a_new_upload_replaces_the_document(application, lead):
    document = application.call.required_documents.first()
    first = services.attachment_upload(application=application, document=document,
                                       upload=pdf("v1.pdf"), user=lead[1])
    second = services.attachment_upload(application=application, document=document,
                                        upload=pdf("v2.pdf"), user=lead[1])
    assert first.pk == second.pk and Attachment.objects.get().filename == "v2.pdf"


# --- Co-carriers ----------------------------------------------------------------------


def test_inviting_tells_the_organisation_and_twice_is_refused(application, lead, partner_org):
    services.cocarrier_invite(application=application, organisation=partner_org[0],
                              actor=lead[1])
    told = set(Notification.objects.filter(kind="call_cocarrier_invited")
               .values_list("recipient__email", flat=True))
    assert told == {"co@example.org", "co.member@example.org"}
    # The invitation names who invited, in the row and in the line each member reads.
    assert CoCarrier.objects.get(organisation=partner_org[0]).invited_by == lead[1]
    assert set(Notification.objects.filter(kind="call_cocarrier_invited")
               .values_list("actor", flat=True)) == {lead[1].pk}
    line = Notification.objects.filter(kind="call_cocarrier_invited").first()
    assert render_text(line).startswith(f"{partner_org[0].name} is invited to carry “")
    for organisation in (partner_org[0], lead[0]):
        with pytest.raises(ValidationError) as refused:
            services.cocarrier_invite(application=application, organisation=organisation,
                                      actor=lead[1])
        assert refused.value.code == "already_carrier"
        assert refused.value.messages == [f"{organisation} already carries this project."]
    assert CoCarrier.objects.filter(application=application).count() == 1


# --- Review and decision --------------------------------------------------------------


def test_only_a_funders_agent_is_assigned_once(submitted, reviewers, lead):
    services.reviewer_assign(application=submitted, reviewer=reviewers[0])
    with pytest.raises(ValidationError, match="already assigned"):
        services.reviewer_assign(application=submitted, reviewer=reviewers[0])
    with pytest.raises(ValidationError, match="agent of one of the call's funders"):
        services.reviewer_assign(application=submitted, reviewer=lead[1])


def test_scores_need_an_assignment_and_stay_between_0_and_5(complete_file, reviewers):
    submitted = complete_file
    criteria = list(submitted.call.criteria.all())
    with pytest.raises(ValidationError, match="not a reviewer"):
        services.scores_save(application=submitted, reviewer=reviewers[0],
                             scores={criteria[0].pk: (3, "")})
    services.reviewer_assign(application=submitted, reviewer=reviewers[0])
    for bad in (6, -1):
        with pytest.raises(ValidationError, match="from 0 to 5"):
            services.scores_save(application=submitted, reviewer=reviewers[0],
                                 scores={criteria[0].pk: (bad, "")})
    services.scores_save(application=submitted, reviewer=reviewers[0],
                         scores={criteria[0].pk: (5, "Très utile"), criteria[1].pk: (0, "")})
    submitted.refresh_from_db()
    assert submitted.status == Application.Status.UNDER_REVIEW


def test_scoring_again_updates_the_reviewers_row_and_a_duplicate_row_is_refused(
        complete_file, reviewers):
    submitted = complete_file
    criterion = submitted.call.criteria.first()
    services.reviewer_assign(application=submitted, reviewer=reviewers[0])
    services.scores_save(application=submitted, reviewer=reviewers[0],
                         scores={criterion.pk: (2, "")})
    services.scores_save(application=submitted, reviewer=reviewers[0],
                         scores={criterion.pk: (4, "Revu")})
    assert list(Score.objects.values_list("value", "comment")) == [(4, "Revu")]
    with pytest.raises(IntegrityError), transaction.atomic():
        Score.objects.create(application=submitted, reviewer=reviewers[0], criterion=criterion,
                             value=1)


def test_the_decision_needs_an_amount_or_reasons_and_is_told_to_the_carriers(
        submitted, agent, lead):
    with pytest.raises(ValidationError, match="amount granted"):
        services.application_decide(application=submitted, agent=agent, decision="funded")
    with pytest.raises(ValidationError, match="cannot exceed"):
        services.application_decide(application=submitted, agent=agent, decision="funded",
                                    amount="8000.01")
    with pytest.raises(ValidationError, match="reasons"):
        services.application_decide(application=submitted, agent=agent, decision="not_funded",
                                    reasons="  ")
    services.application_decide(application=submitted, agent=agent, decision="funded",
                                amount="8000", split=even_split(submitted.call, "8000"))
    told = set(Notification.objects.filter(kind="call_application_decided")
               .values_list("recipient__email", flat=True))
    assert told == {"lead@example.org", "lead.member@example.org"}
    with pytest.raises(ValidationError, match="already decided"):
        services.application_decide(application=submitted, agent=agent, decision="not_funded",
                                    reasons="Non")


def test_a_decided_application_is_not_editable_nor_rescored(submitted, agent, lead, reviewers):
    services.reviewer_assign(application=submitted, reviewer=reviewers[0])
    services.application_decide(application=submitted, agent=agent, decision="not_funded",
                                reasons="Hors périmètre")
    with pytest.raises(ValidationError, match="can no longer be changed"):
        services.application_save(application=submitted, summary="Encore")
    with pytest.raises(ValidationError, match="scores are final"):
        services.scores_save(application=submitted, reviewer=reviewers[0],
                             scores={submitted.call.criteria.first().pk: (3, "")})


def test_a_draft_is_not_decided(application, agent):
    with pytest.raises(ValidationError, match="Only a submitted application"):
        services.application_decide(application=application, agent=agent,
                                    decision="not_funded", reasons="Non")


# --- Calls ----------------------------------------------------------------------------


def test_a_call_needs_criteria_and_closes_after_it_opens(agent, direction, call):
    with pytest.raises(ValidationError, match="at least one criterion"):
        services.call_create(agent=agent, direction=direction, title="T", summary="S",
                             budget=1, opens_at=call.opens_at, closes_at=call.closes_at,
                             criteria=[])
    with pytest.raises(ValidationError, match="closes after it opens"):
        services.call_create(agent=agent, direction=direction, title="T", summary="S",
                             budget=1, opens_at=call.opens_at, closes_at=call.opens_at,
                             criteria=[("A", 1)])


@pytest.mark.parametrize("weight,ok", [(0, False), (1, True), (100, True), (101, False)])
def test_a_criterion_weighs_from_1_to_100(agent, direction, call, weight, ok):
    def create():
        return services.call_create(agent=agent, direction=direction, title="T", summary="S",
                                    budget=1, opens_at=call.opens_at, closes_at=call.closes_at,
                                    criteria=[("A", weight)])
    if ok:
        assert create().criteria.get().weight == weight
    else:
        with pytest.raises(ValidationError, match="from 1 to 100"):
            create()


def test_a_published_calls_criteria_are_fixed(call):
    with pytest.raises(ValidationError, match="no longer change"):
        services.call_update(call=call, criteria=[("Autre", 2)])
    services.call_update(call=call, title="Quartiers fertiles 2026",
                         criteria=[("Utilité sociale", 3), ("Faisabilité", 1)])


def test_an_erased_reviewers_scores_stay_signed_former_member(complete_file, reviewers, lead):
    submitted = complete_file
    from calls import privacy_hooks as calls_privacy
    from organisations import privacy_hooks as organisations_privacy

    services.reviewer_assign(application=submitted, reviewer=reviewers[0])
    services.scores_save(application=submitted, reviewer=reviewers[0],
                         scores={c.pk: (3, "Bien") for c in submitted.call.criteria.all()})
    assert len(calls_privacy.export(reviewers[0])["scores"]) == 2
    calls_privacy.erase(reviewers[0])
    assert Score.objects.count() == 2 and not Score.objects.filter(reviewer=reviewers[0]).exists()
    assert organisations_privacy.export(lead[1])["organisations"][0]["role"] == "Administrator"
    organisations_privacy.erase(lead[1])
    assert not lead[0].members.filter(user=lead[1]).exists()


def test_the_common_opinion_is_written_before_the_decision_and_not_after(submitted, agent):
    with pytest.raises(ValidationError, match="Write the common opinion"):
        services.opinion_write(application=submitted, text="  ")
    done = services.opinion_write(application=submitted, text="Projet solide, budget réaliste.")
    assert done.status == Application.Status.OPINION_GIVEN
    services.application_decide(application=done, agent=agent, decision="funded", amount="8000",
                                split=even_split(done.call, "8000"))
    with pytest.raises(ValidationError, match="not yet decided"):
        services.opinion_write(application=done, text="Trop tard")
