"""Applications still in draft for a call that is open, for the members of
their carrier organisations, on their dashboard (communities/waiting.py):
the invitation to carry a project together and the reminders before the
deadline both ask to complete and submit it. One query. For the admins of
a received application's carriers, the missing pieces its call's agent asked
for, until the file is declared complete. One query. And, for the admins
of a funded project's carriers, its final report still to file before it is
due (the reminders 14 days and 1 day before ask for it). One query. For
the agents of a call's direction, its questions still unanswered. One
query."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from communities import waiting
from roles.predicates import agent_direction_ids, organisation_roles

from . import kinds
from .models import Application, Call
from .selectors import report_due_applications


def drafts(user) -> list[waiting.Item]:
    organisation_ids = sorted(organisation_roles(user))
    if not organisation_ids:
        return []
    applications = (
        Application.objects.filter(
            Q(organisation_id__in=organisation_ids) | Q(co_carriers__in=organisation_ids),
            status=Application.Status.DRAFT, call__state=Call.State.PUBLISHED,
            call__closes_at__gt=timezone.now(),
        )
        .distinct().select_related("call").order_by("call__closes_at", "pk")[:waiting.LIMIT]
    )
    return [
        waiting.Item(
            text=_("Complete and submit “%(title)s” before %(closes)s") % {
                "title": a.title,
                "closes": formats.date_format(timezone.localtime(a.call.closes_at),
                                              "SHORT_DATETIME_FORMAT")},
            url=a.get_absolute_url(), community=a.call.title,
        )
        for a in applications
    ]


def pieces(user) -> list[waiting.Item]:
    administered = sorted(pk for pk, role in organisation_roles(user).items() if role == "admin")
    if not administered:
        return []
    applications = (
        Application.objects.filter(
            Q(organisation_id__in=administered) | Q(co_carriers__in=administered),
            status=Application.Status.SUBMITTED, pieces_requested_at__isnull=False,
        )
        .distinct().select_related("call").order_by("pieces_requested_at", "pk")[:waiting.LIMIT]
    )
    return [
        waiting.Item(text=_("Attach the missing pieces of “%(title)s”") % {"title": a.title},
                     url=a.get_absolute_url(), community=a.call.title)
        for a in applications
    ]


def final_reports(user) -> list[waiting.Item]:
    administered = sorted(pk for pk, role in organisation_roles(user).items() if role == "admin")
    if not administered:
        return []
    applications = (
        report_due_applications(timezone.now())
        .filter(Q(organisation_id__in=administered) | Q(co_carriers__in=administered))
        .distinct().select_related("call").order_by("due", "pk")[:waiting.LIMIT]
    )
    return [
        waiting.Item(
            text=_("File the final report of “%(title)s” before %(due)s") % {
                "title": a.title,
                "due": formats.date_format(timezone.localtime(a.due), "SHORT_DATETIME_FORMAT")},
            url=a.get_absolute_url(), community=a.call.title,
        )
        for a in applications
    ]


def questions(user) -> list[waiting.Item]:
    directions = sorted(agent_direction_ids(user))
    if not directions:
        return []
    calls = (
        Call.objects.filter(direction_id__in=directions)
        .annotate(unanswered=Count("questions", filter=Q(questions__answered_at__isnull=True)))
        .filter(unanswered__gt=0).order_by("closes_at", "pk")[:waiting.LIMIT]
    )
    return [
        waiting.Item(
            text=ngettext("Answer the question asked about “%(title)s”",
                          "Answer the %(count)s questions asked about “%(title)s”",
                          call.unanswered) % {"title": call.title, "count": call.unanswered},
            url=reverse("calls:questions", kwargs={"slug": call.slug}), community=call.title,
        )
        for call in calls
    ]


def register() -> None:
    waiting.register(waiting.Source("call_questions", (kinds.QUESTION_ASKED,), questions))
    waiting.register(waiting.Source("call_drafts", (kinds.INVITED, kinds.REMINDER), drafts))
    waiting.register(waiting.Source("call_pieces", (kinds.PIECES_REQUESTED,), pieces))
    waiting.register(waiting.Source("call_final_reports", (kinds.REPORT_REMINDER,),
                                    final_reports))
