"""Draws by lot: announce (seats, quotas, where the seed will come from),
fix the seed once it is public, run, verify; a replacement for a member who
withdrew. The draw itself is councils/services/engine.py.

Locks: the council's row, then the draw's; two agents acting at once wait
for each other.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

import audit
from notifications import services as notifications

from ..models import Candidate, College, Council, Draw, Member
from . import engine
from .councils import free_seats

SEED_SOURCE_MAX_LENGTH = 300
SEED_MAX_LENGTH = 200


def characteristics_of(council: Council) -> list[tuple[str, str, list[str]]]:
    return [(c.key, c.label, list(c.categories)) for c in council.characteristics.all()]


def labels_of(council: Council) -> dict:
    return {c.key: _(c.label) for c in council.characteristics.all()}


def _parse_quotas(council: Council, quotas: dict, seats: int) -> dict:
    """{key: {category: [min, max]}} over every category; refuses unknown ones."""
    known = {key: categories for key, _label, categories in characteristics_of(council)}
    for key, categories in quotas.items():
        if key not in known:
            raise ValidationError(
                _("The council has no characteristic “%(key)s”.") % {"key": key}, code="unknown"
            )
        for category, pair in categories.items():
            if category not in known[key]:
                raise ValidationError(
                    _("“%(category)s” is not a category of “%(key)s”.")
                    % {"category": category, "key": key},
                    code="unknown",
                )
            if not (isinstance(pair, (list, tuple)) and len(pair) == 2
                    and all(isinstance(v, int) and not isinstance(v, bool) for v in pair)):
                raise ValidationError(_("A quota is two whole numbers."), code="not_numbers")
    full = engine.full_quotas(characteristics_of(council), quotas, seats)
    engine.check_quotas(full, seats, labels=labels_of(council))
    return full


def _check_seed_source(seed_source: str) -> str:
    seed_source = (seed_source or "").strip()
    if not seed_source:
        raise ValidationError({"seed_source": ValidationError(
            _("Say where the seed will come from, before the draw (for "
              "example: the numbers of a public lottery on a given date)."), code="seed_source")})
    if len(seed_source) > SEED_SOURCE_MAX_LENGTH:
        raise ValidationError({"seed_source": ValidationError(
            _("Keep it under %(limit)d characters.") % {"limit": SEED_SOURCE_MAX_LENGTH},
            code="too_long")})
    return seed_source


def draw_announce(*, college: College, seats: int, quotas: dict, seed_source: str,
                  actor=None, now=None) -> Draw:
    """Publish a draw to come: the seats, the quotas and where its seed will
    come from, with the time of the announcement."""
    with transaction.atomic():
        council = Council.objects.select_for_update().get(pk=college.council_id)
        seed_source = _check_seed_source(seed_source)
        if seats > free_seats(college):
            raise ValidationError(
                _("The college “%(college)s” has %(free)d free seat(s); you asked to draw %(seats)d.")
                % {"college": college.name, "free": free_seats(college), "seats": seats},
                code="too_many_seats",
            )
        full = _parse_quotas(council, quotas, seats)
        return Draw.objects.create(
            council=council, college=college, seats=seats, quotas=full, seed_source=seed_source,
            announced_at=now or timezone.now(), announced_by=actor,
        )


def draw_fix_seed(*, draw: Draw, seed: str, now=None) -> Draw:
    """Record the seed, once its public source has given it."""
    with transaction.atomic():
        draw = Draw.objects.select_for_update().get(pk=draw.pk)
        seed = (seed or "").strip()
        if draw.seed_fixed_at is not None:
            raise ValidationError(_("The seed of this draw is already fixed."), code="fixed")
        if not seed:
            raise ValidationError({"seed": ValidationError(
                _("Enter the seed as published."), code="seed")})
        if len(seed) > SEED_MAX_LENGTH:
            raise ValidationError({"seed": ValidationError(
                _("Keep it under %(limit)d characters.") % {"limit": SEED_MAX_LENGTH},
                code="too_long")})
        now = now or timezone.now()
        if now <= draw.announced_at:
            raise ValidationError(
                _("The seed can only be fixed after the draw's announcement."), code="too_early"
            )
        draw.seed, draw.seed_fixed_at = seed, now
        draw.save(update_fields=["seed", "seed_fixed_at"])
        return draw


def _pool(council: Council) -> list:
    """Every candidate still in the pool who holds no seat, by pseudonymous id."""
    seated = Member.objects.filter(council=council, ended_at__isnull=True,
                                   candidate__isnull=False).values("candidate_id")
    rows = (
        Candidate.objects.filter(council=council, withdrawn_at__isnull=True)
        .exclude(pk__in=seated)
        .order_by("public_id")
        .values_list("public_id", "characteristics")
    )
    return [[public_id, values] for public_id, values in rows]


def draw_run(*, draw: Draw, now=None, actor=None) -> Draw:
    """Draw the panel: refused before the seed is fixed, or twice; quotas
    that cannot be met are named and nothing changes. The drawn become
    members of the college and are told by e-mail."""
    with transaction.atomic():
        council = Council.objects.select_for_update().get(pk=draw.council_id)
        draw = Draw.objects.select_for_update().select_related("college").get(pk=draw.pk)
        if draw.status == Draw.Status.DONE:
            raise ValidationError(_("This draw has already been run."), code="done")
        if draw.seed_fixed_at is None:
            raise ValidationError(
                _("The seed is not fixed yet: enter it once its announced source has published "
                  "it, then run the draw."),
                code="no_seed",
            )
        if draw.seats > free_seats(draw.college):
            raise ValidationError(
                _("The college “%(college)s” no longer has %(seats)d free seat(s).")
                % {"college": draw.college.name, "seats": draw.seats},
                code="too_many_seats",
            )
        pool = _pool(council)
        result = engine.draw(pool, draw.quotas, draw.seats, draw.seed, labels=labels_of(council))
        now = now or timezone.now()
        draw.pool, draw.result, draw.status = pool, result, Draw.Status.DONE
        draw.algorithm, draw.ran_at = engine.algorithm_label(), now
        draw.save(update_fields=["pool", "result", "status", "algorithm", "ran_at"])
        drawn = list(Candidate.objects.filter(council=council, public_id__in=result))
        Member.objects.bulk_create([
            Member(council=council, college=draw.college, mode=Member.Mode.LOT, name=c.name,
                   candidate=c, draw=draw, user_id=c.user_id, joined_at=now)
            for c in drawn
        ])
        for candidate in drawn:
            notifications.notify([candidate], "council_drawn", about=candidate)
        audit.record(audit.Action.COUNCIL_DRAW_RUN, actor=actor,
                     community_id=council.community_id, target=draw,
                     target_label=f"{council.name} — {draw.college.name}",
                     details={"draw": draw.pk, "seats": draw.seats, "pool": len(pool)})
        return draw


def draw_verify(draw: Draw) -> tuple[bool, list[str]]:
    """Run the draw again from its published inputs: (same result?, result)."""
    if draw.status != Draw.Status.DONE:
        raise ValidationError(_("This draw has not been run yet."), code="not_run")
    again = engine.draw(draw.pool, draw.quotas, draw.seats, draw.seed)
    return again == sorted(draw.result), again


def replacement_announce(*, member: Member, seed_source: str, actor=None, now=None) -> Draw:
    """Announce the draw of one seat for a member drawn by lot who left: the
    quotas are the original draw's, less what the members still seated from
    it (and its earlier replacements) already fill."""
    with transaction.atomic():
        member = Member.objects.select_for_update(of=("self",)).select_related("draw", "college").get(
            pk=member.pk
        )
        if member.ended_at is None:
            raise ValidationError(_("Only the seat of a member who left can be drawn again."),
                                  code="active")
        if member.draw is None:
            raise ValidationError(_("This member was not drawn by lot."), code="choice")
        if Draw.objects.filter(replaces=member).exists():
            raise ValidationError(_("A replacement is already announced for this seat."),
                                  code="duplicate")
        root = member.draw
        while root.replaces_id is not None:
            root = root.replaces.draw
        panel = _panel_of(root)
        quotas = {}
        for key, categories in root.quotas.items():
            quotas[key] = {}
            for category, (low, high) in categories.items():
                seated = sum(1 for values in panel if values.get(key) == category)
                quotas[key][category] = [max(0, low - seated), max(0, high - seated)]
        council = Council.objects.select_for_update().get(pk=member.council_id)
        engine.check_quotas(quotas, 1, labels=labels_of(council))
        return Draw.objects.create(
            council=council, college=member.college, seats=1, quotas=quotas,
            seed_source=_check_seed_source(seed_source), announced_at=now or timezone.now(),
            announced_by=actor, replaces=member,
        )


def _panel_of(root: Draw) -> list[dict]:
    """The characteristics of the members still seated from a draw and its replacements."""
    draws, frontier = {root.pk}, [root.pk]
    while frontier:
        frontier = list(Draw.objects.filter(replaces__draw_id__in=frontier)
                        .values_list("pk", flat=True))
        draws.update(frontier)
    return list(
        Member.objects.filter(draw_id__in=draws, ended_at__isnull=True)
        .values_list("candidate__characteristics", flat=True)
    )
