"""Councils, their colleges and characteristics, members by choice."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ..models import Characteristic, College, Council, Member

# The characteristics every council's quotas may use; a council adds others.
# Labels stay in the source language in the database and are translated on display.
DEFAULT_CHARACTERISTICS = (
    ("age_band", gettext_noop("Age band"), ["16-29", "30-44", "45-59", "60+"]),
    ("gender", gettext_noop("Gender"), ["woman", "man", "other"]),
    ("sub_area", gettext_noop("Sub-area"), []),
)


@transaction.atomic
def council_create(*, name: str, slug: str, territory: str, direction, term_start: dt.date,
                   term_end: dt.date, colleges: list[tuple[str, int]], sub_areas: list[str],
                   extra_characteristics: list[tuple[str, str, list[str]]] = (),
                   description: str = "") -> Council:
    if term_end <= term_start:
        raise ValidationError(_("The term must end after it starts."), code="term")
    if not colleges:
        raise ValidationError(_("Give the council at least one college."), code="colleges")
    if not sub_areas:
        raise ValidationError(_("Name at least one sub-area of the territory."), code="sub_areas")
    council = Council.objects.create(
        name=name, slug=slug, territory=territory, direction=direction,
        term_start=term_start, term_end=term_end, description=description,
    )
    for order, (college, seats) in enumerate(colleges):
        if seats < 1:
            raise ValidationError(_("A college has at least one seat."), code="seats")
        College.objects.create(council=council, name=college, seats=seats, order=order)
    characteristics = [
        (key, label, categories or list(sub_areas))
        for key, label, categories in DEFAULT_CHARACTERISTICS
    ] + list(extra_characteristics)
    for order, (key, label, categories) in enumerate(characteristics):
        Characteristic.objects.create(
            council=council, key=key, label=label, categories=list(categories), order=order
        )
    return council


def free_seats(college: College) -> int:
    taken = Member.objects.filter(college=college, ended_at__isnull=True).count()
    return college.seats - taken


@transaction.atomic
def member_appoint(*, college: College, name: str, now=None) -> Member:
    """A member by choice (a local association's delegate, a volunteer kept by choice)."""
    college = College.objects.select_for_update().get(pk=college.pk)
    name = (name or "").strip()
    if not name:
        raise ValidationError(_("Give the member's name."), code="name")
    if free_seats(college) < 1:
        raise ValidationError(
            _("Every seat of the college “%(college)s” is taken.") % {"college": college.name},
            code="full",
        )
    return Member.objects.create(
        council_id=college.council_id, college=college, mode=Member.Mode.CHOICE, name=name,
        joined_at=now or timezone.now(),
    )


@transaction.atomic
def member_withdraw(*, member: Member, now=None) -> Member:
    """A member leaves the council: the seat is free for a replacement draw."""
    member = Member.objects.select_for_update().get(pk=member.pk)
    if member.ended_at is not None:
        raise ValidationError(
            _("%(name)s has already left the council.") % {"name": member.name}, code="ended"
        )
    member.ended_at = now or timezone.now()
    member.save(update_fields=["ended_at"])
    return member
