"""Councils, their colleges and characteristics, members by choice."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ..models import Candidate, Characteristic, College, Council, Draw, Member
from .members import seat_ended

# The characteristics every council's quotas may use; a council adds others.
# Labels stay in the source language in the database and are translated on display.
DEFAULT_CHARACTERISTICS = (
    ("age_band", gettext_noop("Age band"), ["16-29", "30-44", "45-59", "60+"]),
    ("gender", gettext_noop("Gender"), ["woman", "man", "other"]),
    ("sub_area", gettext_noop("Sub-area"), []),
)


# Addresses under /councils/ that a council's slug may not take.
RESERVED_SLUGS = frozenset({"new", "withdraw", "mine"})
NAME_MAX_LENGTH = 120
TERRITORY_MAX_LENGTH = 200


def _check_fields(*, name, territory, term_start, term_end, colleges, sub_areas,
                  extra_characteristics) -> None:
    """Every refusal of the council's own fields, by field, in one error."""
    errors: dict[str, list[str]] = {}
    if not (name or "").strip():
        errors["name"] = [_("Give the council a name.")]
    elif len(name.strip()) > NAME_MAX_LENGTH:
        errors["name"] = [_("Keep it under %(limit)d characters.") % {"limit": NAME_MAX_LENGTH}]
    if not (territory or "").strip():
        errors["territory"] = [_("Name the territory the council serves.")]
    elif len(territory.strip()) > TERRITORY_MAX_LENGTH:
        errors["territory"] = [
            _("Keep it under %(limit)d characters.") % {"limit": TERRITORY_MAX_LENGTH}
        ]
    if term_start and term_end and term_end <= term_start:
        errors["term_end"] = [_("The term must end after it starts.")]
    if not colleges:
        errors["colleges"] = [_("Give the council at least one college.")]
    else:
        names = [college.strip().lower() for college, _seats in colleges]
        for college, seats in colleges:
            if seats < 1:
                errors.setdefault("colleges", []).append(
                    _("The college “%(college)s” needs at least one seat.") % {"college": college}
                )
        doubles = sorted({n for n in names if names.count(n) > 1})
        if doubles:
            errors.setdefault("colleges", []).append(
                _("Two colleges have the same name: %(names)s.") % {"names": ", ".join(doubles)}
            )
    if not sub_areas:
        errors["sub_areas"] = [_("Name at least one sub-area of the territory.")]
    elif len({a.lower() for a in sub_areas}) < len(sub_areas):
        errors["sub_areas"] = [_("A sub-area is named twice.")]
    keys = [key for key, _label, _categories in extra_characteristics]
    for key, label, categories in extra_characteristics:
        if key in {k for k, _l, _c in DEFAULT_CHARACTERISTICS} or keys.count(key) > 1:
            errors.setdefault("characteristics", []).append(
                _("The characteristic “%(label)s” is named twice.") % {"label": label}
            )
        if len(categories) < 2:
            errors.setdefault("characteristics", []).append(
                _("The characteristic “%(label)s” needs at least two categories.")
                % {"label": label}
            )
    if errors:
        raise ValidationError(errors, code="invalid")


def _check_slug(slug: str, *, exclude=None) -> str:
    slug = (slug or "").strip().lower()
    if not slug or slug in RESERVED_SLUGS:
        raise ValidationError({"slug": ValidationError(
            _("Choose another address: “%(slug)s” is not available.") % {"slug": slug},
            code="reserved_slug")})
    if Council.objects.filter(slug=slug).exclude(pk=exclude).exists():
        raise ValidationError({"slug": ValidationError(
            _("Another council already has the address “%(slug)s”.") % {"slug": slug},
            code="duplicate_slug")})
    return slug


def _characteristics(sub_areas, extra_characteristics):
    return [
        (key, label, categories or list(sub_areas))
        for key, label, categories in DEFAULT_CHARACTERISTICS
    ] + [(key, label, list(categories)) for key, label, categories in extra_characteristics]


@transaction.atomic
def council_create(*, name: str, slug: str, territory: str, direction, term_start: dt.date,
                   term_end: dt.date, colleges: list[tuple[str, int]], sub_areas: list[str],
                   extra_characteristics: list[tuple[str, str, list[str]]] = (),
                   description: str = "") -> Council:
    """A council with its colleges and characteristics. Refused, by field and
    writing nothing: a term that ends before it starts, a college without a
    seat, two colleges of one name, no sub-area, an address already taken."""
    _check_fields(name=name, territory=territory, term_start=term_start, term_end=term_end,
                  colleges=colleges, sub_areas=sub_areas,
                  extra_characteristics=extra_characteristics)
    slug = _check_slug(slug)
    council = Council.objects.create(
        name=name.strip(), slug=slug, territory=territory.strip(), direction=direction,
        term_start=term_start, term_end=term_end, description=description,
    )
    for order, (college, seats) in enumerate(colleges):
        College.objects.create(council=council, name=college.strip(), seats=seats, order=order)
    for order, (key, label, categories) in enumerate(
        _characteristics(sub_areas, extra_characteristics)
    ):
        Characteristic.objects.create(
            council=council, key=key, label=label, categories=list(categories), order=order
        )
    return council


def _in_use(council: Council) -> dict[str, set[str]]:
    """{key: categories} held by candidates still in the pool."""
    used: dict[str, set[str]] = {}
    for values in Candidate.objects.filter(council=council, withdrawn_at__isnull=True).values_list(
        "characteristics", flat=True
    ):
        for key, category in values.items():
            used.setdefault(key, set()).add(category)
    return used


@transaction.atomic
def council_update(*, council: Council, name: str, territory: str, term_start: dt.date,
                   term_end: dt.date, colleges: list[tuple[str, int]], sub_areas: list[str],
                   extra_characteristics: list[tuple[str, str, list[str]]] = (),
                   description: str = "") -> Council:
    """Change a council. Its address stays (it is in e-mails and published
    reports). Besides council_create's refusals: a college cannot have fewer
    seats than members seated, nor go while it has members or draws; a
    category a candidate of the pool holds cannot go; a characteristic cannot
    be added or removed once the pool has candidates (they would lack it);
    nothing about characteristics changes while a draw waits to be run."""
    council = Council.objects.select_for_update().get(pk=council.pk)
    _check_fields(name=name, territory=territory, term_start=term_start, term_end=term_end,
                  colleges=colleges, sub_areas=sub_areas,
                  extra_characteristics=extra_characteristics)
    errors: dict[str, list[str]] = {}
    current = {c.name.lower(): c for c in council.colleges.all()}
    wanted = {name_.strip().lower(): (name_.strip(), seats) for name_, seats in colleges}
    for key, college in current.items():
        seated = Member.objects.filter(college=college, ended_at__isnull=True).count()
        if key not in wanted:
            if seated or college.draws.exists() or college.members.exists():
                errors.setdefault("colleges", []).append(
                    _("The college “%(college)s” has members or draws: it cannot be removed.")
                    % {"college": college.name}
                )
        elif wanted[key][1] < seated:
            errors.setdefault("colleges", []).append(
                _("The college “%(college)s” has %(seated)d members seated: it cannot have "
                  "fewer seats.") % {"college": college.name, "seated": seated}
            )
    before = [(c.key, c.label, list(c.categories)) for c in council.characteristics.all()]
    after = _characteristics(sub_areas, extra_characteristics)
    if before != after:
        used = _in_use(council)
        if Draw.objects.filter(council=council, status=Draw.Status.ANNOUNCED).exists():
            errors.setdefault("characteristics", []).append(
                _("A draw is announced and not run yet: its categories cannot change until it "
                  "is run.")
            )
        elif {k for k, _l, _c in before} != {k for k, _l, _c in after} and used:
            errors.setdefault("characteristics", []).append(
                _("The pool already has candidates: characteristics can no longer be added or "
                  "removed, only their categories extended.")
            )
        else:
            kept = {key: set(categories) for key, _label, categories in after}
            for key, label, _categories in before:
                gone = sorted(used.get(key, set()) - kept.get(key, set()))
                if gone:
                    field = "sub_areas" if key == "sub_area" else "characteristics"
                    errors.setdefault(field, []).append(
                        _("Candidates of the pool are in “%(categories)s” (%(label)s): it "
                          "cannot be removed.") % {"categories": ", ".join(gone), "label": _(label)}
                    )
    if errors:
        raise ValidationError(errors, code="in_use")
    council.name, council.territory = name.strip(), territory.strip()
    council.term_start, council.term_end, council.description = term_start, term_end, description
    council.save(update_fields=["name", "territory", "term_start", "term_end", "description"])
    for order, (key, (college_name, seats)) in enumerate(wanted.items()):
        if key in current:
            College.objects.filter(pk=current[key].pk).update(
                name=college_name, seats=seats, order=order)
        else:
            College.objects.create(council=council, name=college_name, seats=seats, order=order)
    College.objects.filter(council=council).exclude(
        pk__in=[c.pk for k, c in current.items() if k in wanted]
    ).exclude(name__in=[n for n, _s in wanted.values()]).delete()
    if before != after:
        council.characteristics.all().delete()
        for order, (key, label, categories) in enumerate(after):
            Characteristic.objects.create(
                council=council, key=key, label=label, categories=list(categories), order=order
            )
    return council


def free_seats(college: College) -> int:
    taken = Member.objects.filter(college=college, ended_at__isnull=True).count()
    return college.seats - taken


@transaction.atomic
def member_appoint(*, college: College, name: str, user=None, now=None) -> Member:
    """A member by choice (a local association's delegate, a volunteer kept by
    choice), with their account if they have one (the council's channel,
    sessions' invitations and minutes go by it)."""
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
        user=user, joined_at=now or timezone.now(),
    )


@transaction.atomic
def member_withdraw(*, member: Member, now=None) -> Member:
    """A member leaves the council: the seat is free for a replacement draw."""
    member = (Member.objects.select_for_update(of=("self",))
              .select_related("council__channel", "candidate").get(pk=member.pk))
    if member.ended_at is not None:
        raise ValidationError(
            _("%(name)s has already left the council.") % {"name": member.name}, code="ended"
        )
    member.ended_at = now or timezone.now()
    member.save(update_fields=["ended_at"])
    seat_ended(member)
    return member
