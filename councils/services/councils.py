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


def _refuse(errors: dict, field: str, message: str, code: str) -> None:
    errors.setdefault(field, []).append(ValidationError(message, code=code))


def _check_fields(*, name, territory, term_start, term_end, colleges, sub_areas,
                  extra_characteristics) -> None:
    """Every refusal of the council's own fields, by field, each with its code,
    in one error."""
    errors: dict[str, list[ValidationError]] = {}
    for field, value, limit, missing in (
        ("name", name, NAME_MAX_LENGTH, _("Give the council a name.")),
        ("territory", territory, TERRITORY_MAX_LENGTH, _("Name the territory the council serves.")),
    ):
        if not (value or "").strip():
            _refuse(errors, field, missing, "required")
        elif len(value.strip()) > limit:
            _refuse(errors, field, _("Keep it under %(limit)d characters.") % {"limit": limit},
                    "too_long")
    if term_start and term_end and term_end <= term_start:
        _refuse(errors, "term_end", _("The term must end after it starts."), "term_order")
    if not colleges:
        _refuse(errors, "colleges", _("Give the council at least one college."), "required")
    for college, seats in colleges:
        if seats < 1:
            _refuse(errors, "colleges", _("The college “%(college)s” needs at least one seat.")
                    % {"college": college}, "no_seat")
    names = [college.strip().lower() for college, _seats in colleges]
    doubles = sorted({n for n in names if names.count(n) > 1})
    if doubles:
        _refuse(errors, "colleges", _("Two colleges have the same name: %(names)s.")
                % {"names": ", ".join(doubles)}, "duplicate_college")
    if not sub_areas:
        _refuse(errors, "sub_areas", _("Name at least one sub-area of the territory."),
                "required")
    elif len({a.lower() for a in sub_areas}) < len(sub_areas):
        _refuse(errors, "sub_areas", _("A sub-area is named twice."), "duplicate_sub_area")
    defaults = {key for key, _label, _categories in DEFAULT_CHARACTERISTICS}
    keys = [key for key, _label, _categories in extra_characteristics]
    for key, label, categories in extra_characteristics:
        if key in defaults or keys.count(key) > 1:
            _refuse(errors, "characteristics", _("The characteristic “%(label)s” is named twice.")
                    % {"label": label}, "duplicate_characteristic")
        if len(categories) < 2:
            _refuse(errors, "characteristics",
                    _("The characteristic “%(label)s” needs at least two categories.")
                    % {"label": label}, "too_few_categories")
    if errors:
        raise ValidationError(errors)


def _check_slug(slug: str) -> str:
    """A new council's address: not one of /councils/'s own, not another council's."""
    slug = (slug or "").strip().lower()
    if not slug or slug in RESERVED_SLUGS:
        raise ValidationError({"slug": ValidationError(
            _("Choose another address: “%(slug)s” is not available.") % {"slug": slug},
            code="reserved_slug")})
    if Council.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": ValidationError(
            _("Another council already has the address “%(slug)s”.") % {"slug": slug},
            code="duplicate_slug")})
    return slug


def _characteristics(sub_areas, extra_characteristics):
    return [
        (key, label, categories or list(sub_areas))
        for key, label, categories in DEFAULT_CHARACTERISTICS
    ] + [(key, label, list(categories)) for key, label, categories in extra_characteristics]


def council_create(*, name: str, slug: str, territory: str, direction, term_start: dt.date,
                   term_end: dt.date, colleges: list[tuple[str, int]], sub_areas: list[str],
                   extra_characteristics: list[tuple[str, str, list[str]]] = (),
                   description: str = "") -> Council:
    """A council with its colleges and characteristics. Refused, by field and
    writing nothing: a term that ends before it starts, a college without a
    seat, two colleges of one name, no sub-area, an address already taken."""
    with transaction.atomic():
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


def council_update(*, council: Council, name: str, territory: str, term_start: dt.date,
                   term_end: dt.date, colleges: list[tuple[str, int]], sub_areas: list[str],
                   extra_characteristics: list[tuple[str, str, list[str]]] = (),
                   description: str | None = None) -> Council:
    """Change a council. Its address stays (it is in e-mails and published
    reports); its description stays unless one is given ("" clears it).
    Besides council_create's refusals: a college cannot have fewer seats
    than members seated, nor go while it has members or draws; a category
    a candidate of the pool holds cannot go; a characteristic cannot be
    added or removed once the pool has candidates (they would lack it);
    nothing about characteristics changes while a draw waits to be run."""
    with transaction.atomic():
        council = Council.objects.select_for_update().get(pk=council.pk)
        _check_fields(name=name, territory=territory, term_start=term_start, term_end=term_end,
                      colleges=colleges, sub_areas=sub_areas,
                      extra_characteristics=extra_characteristics)
        errors: dict[str, list[ValidationError]] = {}
        current = {c.name.lower(): c for c in council.colleges.all()}
        wanted = {name_.strip().lower(): (name_.strip(), seats) for name_, seats in colleges}
        for key, college in current.items():
            if key not in wanted:
                # A member who left still belongs to the council's history.
                if college.draws.exists() or college.members.exists():
                    _refuse(errors, "colleges",
                            _("The college “%(college)s” has members or draws: it cannot be "
                              "removed.") % {"college": college.name}, "college_in_use")
                continue
            seated = Member.objects.filter(college=college, ended_at__isnull=True).count()
            if wanted[key][1] < seated:
                _refuse(errors, "colleges",
                        _("The college “%(college)s” has %(seated)d members seated: it cannot "
                          "have fewer seats.") % {"college": college.name, "seated": seated},
                        "seats_taken")
        before = [(c.key, c.label, list(c.categories)) for c in council.characteristics.all()]
        after = _characteristics(sub_areas, extra_characteristics)
        if before != after:
            used = _in_use(council)
            if Draw.objects.filter(council=council, status=Draw.Status.ANNOUNCED).exists():
                _refuse(errors, "characteristics",
                        _("A draw is announced and not run yet: its categories cannot change "
                          "until it is run."), "draw_announced")
            elif {k for k, _l, _c in before} != {k for k, _l, _c in after} and used:
                _refuse(errors, "characteristics",
                        _("The pool already has candidates: characteristics can no longer be "
                          "added or removed, only their categories extended."), "pool_not_empty")
            else:
                kept = {key: set(categories) for key, _label, categories in after}
                for key, label, _categories in before:
                    gone = sorted(used.get(key, set()) - kept.get(key, set()))
                    if gone:
                        _refuse(errors, "sub_areas" if key == "sub_area" else "characteristics",
                                _("Candidates of the pool are in “%(categories)s” (%(label)s): "
                                  "it cannot be removed.")
                                % {"categories": ", ".join(gone), "label": _(label)},
                                "category_in_use")
        if errors:
            raise ValidationError(errors)
        council.name, council.territory = name.strip(), territory.strip()
        council.term_start, council.term_end = term_start, term_end
        if description is not None:
            council.description = description
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


def member_appoint(*, college: College, name: str, user=None, now=None) -> Member:
    """A member by choice (a local association's delegate, a volunteer kept by
    choice), with their account if they have one (the council's channel,
    sessions' invitations and minutes go by it)."""
    with transaction.atomic():
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


def member_withdraw(*, member: Member, now=None) -> Member:
    """A member leaves the council: the seat is free for a replacement draw."""
    with transaction.atomic():
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
