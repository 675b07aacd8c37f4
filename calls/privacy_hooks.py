"""What `calls` holds about a person (see accounts/personal_data.py): the
scores and comments they wrote as a reviewer, the outside calls they shared
on the watch, the follow-up reports they filed for a funded project, the
questions they asked about a call.
Applications belong to their organisations and stay; a reviewer's scores, a
shared outside call and a follow-up report stay, signed "former member"."""

from django.utils.translation import gettext_lazy as _

from accounts import personal_data

from .models import Assignment, OutsideCall, Question, Report, Score


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


def register() -> None:
    personal_data.register(personal_data.Holder(
        key="calls", title=_("Calls for projects"), export=export, erase=erase,
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
        )),
    ))
