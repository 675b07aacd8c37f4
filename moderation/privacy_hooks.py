"""What `moderation` holds about a person (see accounts/personal_data.py)."""

import datetime as dt
from datetime import datetime

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts import personal_data

from .models import Case, Report


def export(person) -> dict:
    reports = Report.objects.filter(reporter=person).select_related("case").order_by("created_at")
    return {
        "reports": [
            {
                "what": r.case.excerpt[:200],
                "reason": r.get_reason_display(),
                "text": r.text,
                "at": r.created_at.isoformat(),
                "outcome": r.case.get_status_display(),
            }
            for r in reports
        ],
        # What others reported of theirs, and what the gardeners decided
        # (never who reported).
        "reports_about_you": [
            {"what": c.excerpt[:200], "outcome": c.get_status_display(), "why": c.note,
             "at": c.created_at.isoformat()}
            for c in Case.objects.filter(author=person).order_by("created_at", "pk")
        ],
    }


def erase(person) -> None:
    """The person's reports go (a case keeps the others'); cases about what
    they wrote keep the decision, without their name."""
    Report.objects.filter(reporter=person).delete()
    Case.objects.filter(author=person).update(author=None)


# A decided case forgets the reported content and the people a year after its
# decision; what was decided, when and why stay (the dashboards count them).
DECIDED_KEPT = dt.timedelta(days=365)


def purge(now: datetime) -> int:
    """Cases decided more than a year ago lose their reports (who reported,
    why, their words), the reported content and its address, and their
    author. Open cases wait for their decision. Returns the rows changed."""
    due = Case.objects.filter(decided_at__lt=now - DECIDED_KEPT)  # open: not decided yet
    reports, _rows = Report.objects.filter(case__in=due).delete()
    cases = due.filter(~Q(excerpt="") | ~Q(url="") | Q(author__isnull=False)).update(
        excerpt="", url="", author=None)
    return reports + cases


def register() -> None:
    personal_data.register(
        personal_data.Holder(
            key="moderation",
            title=_("Reports to the gardeners"),
            export=export,
            erase=erase,
            purge=purge,
            covers=(
                "moderation.Report.reporter", "moderation.Case.author",
            ),
            acts=(
                "moderation.Case.decided_by",
            ),
            processings=(
                personal_data.Processing(
                    name=_("Reports and moderation decisions"),
                    data=_(
                        "What you reported, your reason and words, and the gardeners' "
                        "decisions about what you wrote."
                    ),
                    purpose=_(
                        "Let the gardeners keep the community's spaces respectful, tell you "
                        "what they decided, and never tell the author who reported."
                    ),
                    legal_basis=personal_data.PUBLIC_TASK,
                    retention=_(
                        "A year after the gardeners' decision, the reports, who made them, "
                        "the reported content and its author are erased; the decision and "
                        "its reason stay. Your reports are also erased with your account; "
                        "decisions about what you wrote stay, without your name."
                    ),
                ),
            ),
        )
    )
