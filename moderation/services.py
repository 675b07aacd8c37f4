"""Every write of the moderation queue: a report, a decision.

Reports group into one open case per item; the community's gardener pair
(with the cultivator and site staff) decide a case once (terreau.decisions):
keep the item, hide it (the owner app's own service, through the registry),
or keep it and warn its author. Each reporter is then told the outcome, and
the author the decision — never who reported.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from notifications.services import notify
from roles.selectors import gardeners_of
from terreau.decisions import decide

from . import kinds, registry
from .models import Case, Reason, Report

TEXT_MAX = 1000
NOTE_MAX = 1000
EXCERPT_MAX = 2000


def _clean(text, *, limit: int) -> str:
    text = (text or "").strip() if isinstance(text, str) else ""
    try:
        text.encode("utf-8")
        broken = "\x00" in text
    except UnicodeEncodeError:
        broken = True
    if broken:
        raise ValidationError(
            _("This text holds characters that cannot be stored (a NUL byte or a broken "
              "character). Remove them and try again."),
            code="bad_characters",
        )
    if len(text) > limit:
        raise ValidationError(
            _("Keep it under %(limit)d characters (this one has %(length)d).")
            % {"limit": limit, "length": len(text)},
            code="too_long",
        )
    return text


def _reportable(kind: str) -> registry.Reportable:
    reportable = registry.get(kind)
    if reportable is None:
        raise ValueError(f"Nothing of kind {kind!r} can be reported")
    return reportable


def report_submit(*, kind: str, item, reporter, reason: str, text: str = "") -> Report:
    """`reporter` tells the gardeners that `item` should not be here.

    Refused: a reason outside the list, an item the reporter may not read,
    their own item, an item already hidden, a second report by the same person.
    """
    with transaction.atomic():
        reportable = _reportable(kind)
        if reason not in Reason.values:
            raise ValidationError(_("Choose a reason from the list."), code="bad_reason")
        text = _clean(text, limit=TEXT_MAX)
        if reportable.author_id_of(item) == reporter.pk:
            raise ValidationError(_("You cannot report what you wrote."), code="own_item")
        if not reporter.has_perm(reportable.permission, item):
            raise ValidationError(_("You cannot report this."), code="cannot_read")
        if reportable.is_hidden(item):
            raise ValidationError(
                _("The gardeners already hid this; nothing more to report."), code="hidden"
            )
        if Report.objects.filter(kind=kind, object_id=item.pk, reporter=reporter).exists():
            raise _already_reported()
        case, opened = _open_case(reportable, item)
        try:
            with transaction.atomic():
                report = Report.objects.create(
                    case=case, kind=kind, object_id=item.pk, reporter=reporter,
                    reason=reason, text=text,
                )
        except IntegrityError:  # the same person, twice at once
            raise _already_reported() from None
        if opened:
            _tell_gardeners(case, reportable=reportable, reason=reason, reporter=reporter)
        return report


def _already_reported() -> ValidationError:
    return ValidationError(
        _("You already reported this; the gardeners will look at it and tell you what they decide."),
        code="already_reported",
    )


def _open_case(reportable: registry.Reportable, item) -> tuple[Case, bool]:
    """The item's open case, locked, and whether this report opened it
    (created with what it shows if none was open)."""
    lookup = {"kind": reportable.kind, "object_id": item.pk, "status": Case.Status.OPEN}
    case = Case.objects.select_for_update().filter(**lookup).first()
    if case is not None:
        return case, False
    try:
        with transaction.atomic():
            return Case.objects.create(
                community=reportable.community_of(item),
                kind=reportable.kind,
                object_id=item.pk,
                author_id=reportable.author_id_of(item),
                excerpt=(reportable.excerpt(item) or "")[:EXCERPT_MAX],
                url=reportable.url(item)[:300],
            ), True
    except IntegrityError:  # another reporter opened it meanwhile
        return Case.objects.select_for_update().get(**lookup), False


def _tell_gardeners(case: Case, *, reportable: registry.Reportable, reason: str,
                    reporter) -> None:
    """The community's pair learn that a case opened: once per case, the
    later reports of the same item join it silently (the queue counts them).
    Nobody is named: no actor (a notification keeps its actor), and a
    gardener who reported it themself is not told of their own report."""
    community = case.community
    gardeners = [person for person in gardeners_of(community) if person.pk != reporter.pk]
    notify(
        gardeners, kinds.CASE_OPENED, community=community,
        url=reverse("moderation:queue", kwargs={"slug": community.slug}),
        data={
            "what": str(reportable.label),
            "excerpt": case.excerpt[:120],
            "community": community.name,
            "reason": reason,
        },
    )


DECISIONS = (Case.Status.KEPT, Case.Status.HIDDEN, Case.Status.WARNED)


def case_decide(*, case: Case, actor, decision: str, note: str = "") -> Case:
    """Decide an open case; its reporters and, when hidden or warned, its
    author are told (after commit, through notify()).

    A note is required to hide or warn: the author reads it. A case decided
    meanwhile is refused (terreau.decisions) and nothing is written.
    """
    with transaction.atomic():
        if decision not in DECISIONS:
            raise ValidationError(_("Choose what to do with this content."), code="bad_decision")
        note = _clean(note, limit=NOTE_MAX)
        if decision != Case.Status.KEPT and not note:
            raise ValidationError(
                _("Say why: the author will read it (never who reported)."), code="note_required"
            )
        decide(case, status=decision, actor=actor, answer=note)
        reportable = _reportable(case.kind)
        if decision == Case.Status.HIDDEN:
            item = reportable.lookup(case.community, case.object_id)
            if item is not None and not reportable.is_hidden(item):
                reportable.hide(item, actor=actor, reason=note)
        _tell(case, actor=actor, reportable=reportable)
        return case


def case_close_hidden(*, kind: str, item, actor, note: str) -> int:
    """The owner app hid `item` itself (a gardener's "hide" on a message):
    its open case, if any, is decided as hidden and its reporters are told."""
    with transaction.atomic():
        case = (
            Case.objects.select_for_update()
            .filter(kind=kind, object_id=item.pk, status=Case.Status.OPEN)
            .select_related("community")
            .first()
        )
        if case is None:
            return 0
        decide(case, status=Case.Status.HIDDEN, actor=actor, answer=note)
        _tell(case, actor=actor, reportable=_reportable(kind), author=False)
        return 1


def _tell(case: Case, *, actor, reportable: registry.Reportable, author: bool = True) -> None:
    """Each reporter reads the outcome; the author reads the decision (not who
    reported). One notification per person and decision."""
    data = {
        "decision": case.status,
        "what": str(reportable.label),
        "excerpt": case.excerpt[:120],
        "community": case.community.name,
    }
    reporters = [report.reporter for report in case.reports.select_related("reporter")]
    notify(
        reporters, "moderation_outcome", actor=actor, community=case.community,
        data=data,
    )
    if author and case.author_id and case.status != Case.Status.KEPT:
        notify(
            [case.author], "moderation_decision", actor=actor, community=case.community,
            url=case.url, data={**data, "note": case.note},
        )
