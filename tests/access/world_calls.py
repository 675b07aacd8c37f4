"""The calls' part of the access world (tests/access/world.py): three
organisations (the engaged member's leads, the informed member's carries
with it, the citizen's is a third one), a call run by the coordinating
direction (the cultivator is its agent, and a reviewer as an agent of a
funder), a call in draft, a draft application with a co-carrier, a
submitted one (received: its agent asked for missing pieces) and one
declared complete."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from calls import services as calls
from calls.models import Application
from calls.services import questions
from communities.models import Direction
from organisations import services as organisations


def _pdf():
    return SimpleUploadedFile("statuts.pdf", b"%PDF-1.4 statuts", content_type="application/pdf")


def build_calls(people, o) -> dict:
    lead, co, _third = (
        organisations.organisation_create(creator=people[role], name=name, kind="association")
        for role, name in (("engaged", "Jardins du Nord"), ("informed", "Collectif Sud"),
                           ("citizen", "Troisième Voie"))
    )
    # The lead takes part in the world's community (its admins unlink it).
    organisations.community_link(organisation=lead, community=o["community"])
    coordinating = Direction.objects.get(is_coordinating=True)
    now = timezone.now()
    dates = {"opens_at": now - dt.timedelta(days=1), "closes_at": now + dt.timedelta(days=30)}
    call = calls.call_publish(call=calls.call_create(
        agent=people["cultivator"], direction=coordinating, title="Quartiers fertiles",
        summary="Un appel.", budget=Decimal(50000), criteria=[("Utilité", 2)],
        documents=["Statuts"], partners=[coordinating, o["direction"]], **dates,
    ))
    draft_call = calls.call_create(
        agent=people["cultivator"], direction=coordinating, title="Appel en préparation",
        summary="Pas encore.", budget=Decimal(1000), criteria=[("Utilité", 1)], **dates,
    )
    document = call.required_documents.get()
    draft = calls.application_start(call=call, organisation=lead, user=people["engaged"],
                                    title="Potagers partagés")
    calls.cocarrier_invite(application=draft, organisation=co, actor=people["engaged"])
    calls.attachment_upload(application=draft, document=document, upload=_pdf(),
                            user=people["engaged"])
    submitted = calls.application_start(call=call, organisation=lead, user=people["engaged"],
                                        title="Vergers")
    calls.application_save(application=submitted, summary="Des vergers.",
                           requested_amount=Decimal(0))
    calls.attachment_upload(application=submitted, document=document, upload=_pdf(),
                            user=people["engaged"])
    calls.application_submit(application=submitted, user=people["engaged"])
    calls.reviewer_assign(application=submitted, reviewer=people["cultivator"])
    # Its agent asked for missing pieces: its carriers' admins may attach them.
    calls.pieces_request(application=submitted, agent=people["cultivator"],
                         text="Les statuts signés.")
    # One declared complete: its reviewer scores it.
    complete = calls.application_start(call=call, organisation=lead, user=people["engaged"],
                                       title="Haies")
    calls.application_save(application=complete, summary="Des haies.",
                           requested_amount=Decimal(0))
    calls.attachment_upload(application=complete, document=document, upload=_pdf(),
                            user=people["engaged"])
    calls.application_submit(application=complete, user=people["engaged"])
    calls.application_complete(application=complete, agent=people["cultivator"])
    calls.reviewer_assign(application=complete, reviewer=people["cultivator"])
    # A funded project (the decision itself is walked in tests/calls/).
    funded = calls.application_start(call=call, organisation=lead, user=people["engaged"],
                                     title="Un verger financé")
    Application.objects.filter(pk=funded.pk).update(
        status=Application.Status.DECIDED, decision=Application.Decision.FUNDED,
        granted_amount=Decimal(5000))
    # Its carriers' admin files a progress report with an attachment.
    report = calls.report_file(application=funded, author=people["engaged"], text="Bilan.",
                               progress=30, upload=_pdf())
    # A question the citizen asked about the call (its agents answer it).
    question = questions.question_ask(call=call, user=people["citizen"], text="Qui candidate ?")
    return {
        "call_question": question.pk,
        "organisation": lead.slug, "call": call.slug, "draft_call": draft_call.slug,
        "call_document": document.pk, "draft_application": draft.pk,
        "submitted_application": submitted.pk, "complete_application": complete.pk,
        "funded_application": funded.pk,
        "funded_report": report.pk, "organisation_community": o["community"].pk,
    }
