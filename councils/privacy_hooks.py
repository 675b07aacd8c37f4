"""What `councils` holds about a person (see accounts/personal_data.py): the
candidacies in councils' pools, made with or without an account.

Retention (docs/councils.md, "Retention"): a candidate's name, address and
territory are erased once they are no longer needed —

- after withdrawing (at the next hourly purge);
- otherwise once the council's term is over, plus COUNCILS_POOL_RETENTION_DAYS
  (default 0: the consent text promises "until the end of its term"). The
  data are kept through the day `term_end + days`, erased from the next day.

What stays: the pseudonymous number and the characteristics (they are
published in the draws' pools, which must stay re-runnable), and the names of
the members who sat (the council's public composition, Member.name).
Run by the privacy app's hourly beat task (privacy.tasks.purge_expired).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import personal_data

from .models import Candidate, Member

DEFAULT_RETENTION_DAYS = 0


def retention_days() -> int:
    return getattr(settings, "COUNCILS_POOL_RETENTION_DAYS", DEFAULT_RETENTION_DAYS)


def _candidacies(person):
    return Candidate.objects.filter(Q(user=person) | Q(email__iexact=person.email))


def export(person) -> dict:
    return {
        "candidacies": [
            {
                "council": c.council.name, "number": c.public_id, "name": c.name,
                "email": c.email, "territory": c.territory,
                "characteristics": c.characteristics,
                "consented_at": c.consented_at.isoformat(),
                "consent_version": c.consent_version,
                "withdrawn_at": c.withdrawn_at.isoformat() if c.withdrawn_at else None,
            }
            for c in _candidacies(person).filter(erased_at__isnull=True)
            .select_related("council").order_by("consented_at", "pk")
        ],
        "seats": [
            {
                "council": m.council.name, "college": m.college.name, "name": m.name,
                "how": m.get_mode_display(), "from": m.joined_at.isoformat(),
                "until": m.ended_at.isoformat() if m.ended_at else None,
            }
            for m in Member.objects.filter(
                Q(user=person)
                | Q(candidate__in=_candidacies(person).filter(erased_at__isnull=True))
            ).select_related("council", "college").order_by("joined_at", "pk")
        ],
    }


def _erase(candidates, now) -> int:
    """Anonymise the rows: they leave the pool, their seat if any is freed."""
    ids = list(candidates.filter(erased_at__isnull=True).values_list("pk", flat=True))
    Member.objects.filter(candidate_id__in=ids, ended_at__isnull=True).update(ended_at=now)
    for pk in ids:
        # A candidacy already withdrawn keeps its date of withdrawal.
        Candidate.objects.filter(pk=pk).update(
            name="", territory="", email=f"erased-{pk}@erased.invalid", user=None,
            withdrawn_at=Coalesce(F("withdrawn_at"), Value(now)), erased_at=now,
        )
    return len(ids)


def erase(person) -> None:
    _erase(_candidacies(person), timezone.now())


def last_kept_day(term_end: dt.date) -> dt.date:
    """The last day a council's candidates' details are kept."""
    return term_end + dt.timedelta(days=retention_days())


def purge(now) -> int:
    """Erase the withdrawn candidates and those of councils whose term (plus
    the retention days) is over. Idempotent."""
    today = timezone.localdate(now)
    over = today - dt.timedelta(days=retention_days())  # term_end < over: erase
    due = Candidate.objects.filter(
        Q(withdrawn_at__isnull=False) | Q(council__term_end__lt=over), erased_at__isnull=True
    )
    return _erase(due, now)


def register() -> None:
    personal_data.register(
        personal_data.Holder(
            key="councils",
            title=_("Citizen councils"),
            export=export,
            erase=erase,
            covers=(
                "councils.Candidate.user", "councils.Member.user",
            ),
            acts=(
                "councils.Draw.announced_by",
            ),
            purge=purge,
            processings=(
                personal_data.Processing(
                    name=_("Pools of candidates of citizen councils"),
                    data=_("Your name, e-mail address, where you live, and your age band, "
                           "gender, sub-area and the other characteristics the council asks."),
                    purpose=_("Draw part of a citizen council's members by lot, under "
                              "published quotas, and tell you if you are drawn."),
                    legal_basis=personal_data.CONSENT,
                    retention=_(
                        "Your name, address and where you live are erased when you withdraw, "
                        "or else the day after the council's term ends. Your pseudonymous "
                        "number and characteristics stay in the published draws, so that "
                        "anyone can still check them; if you sat on the council, your name "
                        "stays in its list of members."
                    ),
                ),
            ),
        )
    )
