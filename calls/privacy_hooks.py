"""What `calls` holds about a person (see accounts/personal_data.py): the
scores and comments they wrote as a reviewer, the outside calls they shared
on the watch, the follow-up reports they filed for a funded project, the
questions they asked about a call.
Applications belong to their organisations and stay; a reviewer's scores, a
shared outside call and a follow-up report stay, signed "former member".
The pieces of an application that was not funded go a year after the
decision, those of a draft never submitted a year after its call closed
(`purge`): CVs, statutes and bank details have no use left."""

import datetime as dt
from datetime import datetime

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts import personal_data

from .models import Application, Assignment, Attachment, OutsideCall, Question, Report, Score

UNFUNDED_PIECES_KEPT = dt.timedelta(days=365)


def export(person) -> dict:
    return {"scores": [
        {"application": s.application.title, "criterion": s.criterion.title, "score": s.value,
         "comment": s.comment, "at": s.scored_at.isoformat()}
        for s in Score.objects.filter(reviewer=person).select_related("application", "criterion")
    ], "outside_calls": [
        {"title": o.title, "funder": o.funder, "link": o.url, "deadline": o.deadline.isoformat(),
         "at": o.posted_at.isoformat()}
        for o in OutsideCall.objects.filter(posted_by=person)
    ], "reports": [
        {"application": r.application.title, "kind": r.get_kind_display(),
         "at": r.created_at.isoformat(), "progress": r.progress, "text": r.text,
         "file": r.filename}
        for r in Report.objects.filter(author=person).select_related("application")
    ], "questions": [
        {"call": q.call.title, "question": q.text, "at": q.created_at.isoformat(),
         "answer": q.answer, "answered_at": q.answered_at.isoformat() if q.answered_at else None,
         "public": q.public}
        for q in Question.objects.filter(asked_by=person).select_related("call")
    ]}


def erase(person) -> None:
    former = personal_data.former_member()
    Score.objects.filter(reviewer=person).update(reviewer=former)
    Assignment.objects.filter(reviewer=person).update(reviewer=former)
    OutsideCall.objects.filter(posted_by=person).update(posted_by=former)
    # The report is the project's record, owed to its funders: it stays.
    Report.objects.filter(author=person).update(author=former)
    # A question answered on a call's page stays there, unsigned (it never
    # showed who asked); the others were for this person alone: gone.
    Question.objects.filter(asked_by=person, public=True, answered_at__isnull=False).update(
        asked_by=None)
    Question.objects.filter(asked_by=person).delete()
    Question.objects.filter(answered_by=person).update(answered_by=former)


def purge(now: datetime) -> int:
    """Delete the pieces of the applications not funded a year ago or more
    (and of the drafts whose call closed a year ago), their files once the
    rows are gone; the application, its amounts, the decision and its
    reasons stay in the call's records. Returns the pieces deleted."""
    before = now - UNFUNDED_PIECES_KEPT
    due = Attachment.objects.filter(
        Q(application__decision=Application.Decision.NOT_FUNDED,
          application__decided_at__lt=before)
        | Q(application__status=Application.Status.DRAFT, application__call__closes_at__lt=before))
    names = [name for name in due.values_list("file", flat=True) if name]
    deleted, _rows = due.delete()
    storage = Attachment._meta.get_field("file").storage

    def delete_files():
        for name in names:
            storage.delete(name)

    transaction.on_commit(delete_files)
    return deleted


def register() -> None:
    personal_data.register(personal_data.Holder(
        key="calls", title=_("Calls for projects"), export=export, erase=erase, purge=purge,
        covers=(
            "calls.Assignment.reviewer", "calls.Score.reviewer", "calls.Report.author",
            "calls.OutsideCall.posted_by", "calls.Question.asked_by",
        ),
        acts=(
            "calls.Call.created_by", "calls.Application.created_by",
            "calls.Application.completed_by", "calls.Application.decided_by",
            "calls.Attachment.uploaded_by", "calls.CoCarrier.invited_by",
            "calls.Question.answered_by",
        ),
        processings=(personal_data.Processing(
            name=_("Review of applications to calls for projects"),
            data=_("The scores and comments you give as a funder's reviewer."),
            purpose=_("A joint, traceable review of the applications."),
            legal_basis=personal_data.PUBLIC_TASK,
            retention=_("With the call's records; signed “former member” once your account "
                        "is erased."),
        ), personal_data.Processing(
            name=_("The watch on other funding calls"),
            data=_("The outside funding calls you share, signed with your name."),
            purpose=_("Sharing with the institution's partners the calls that may fund their "
                      "projects."),
            legal_basis=personal_data.PUBLIC_TASK,
            retention=_("Until you or an agent withdraw the call; signed “former member” once "
                        "your account is erased."),
        ), personal_data.Processing(
            name=_("Questions about a call for projects"),
            data=_("The questions you ask about a call; the call's team sees your name, the "
                   "call's page shows a question and its answer without it."),
            purpose=_("Answering project carriers before they apply, for every applicant "
                      "alike."),
            legal_basis=personal_data.PUBLIC_TASK,
            retention=_("A published question stays on the call's page without your name once "
                        "your account is erased; the others are erased with it."),
        ), personal_data.Processing(
            name=_("Follow-up reports on funded projects"),
            data=_("The progress and final reports you file for a funded project, signed with "
                   "your name."),
            purpose=_("Telling the call's funders how the project they fund is going."),
            legal_basis=personal_data.PUBLIC_TASK,
            retention=_("With the call's records; signed “former member” once your account "
                        "is erased."),
        ), personal_data.Processing(
            name=_("Pieces attached to an application"),
            data=_("The documents an organisation attaches to its application: statutes, "
                   "budget, résumés of the people who carry the project."),
            purpose=_("Letting the call's funders review the application."),
            legal_basis=personal_data.PUBLIC_TASK,
            retention=_("With the call's records for a funded project; a year after the "
                        "decision for one not funded, a year after the call closed for a draft "
                        "never submitted."),
        )),
    ))
