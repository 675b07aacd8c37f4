"""A call: created by an agent of its direction, published, edited."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from terreau.slugs import save_under_free_slug

from ..models import Call, Criterion, RequiredDocument

TEXT_FIELDS = ("title", "summary", "rules", "eligible_territories", "budget", "opens_at",
               "closes_at", "final_report_due_at")


def _check(call: Call, criteria) -> None:
    if call.closes_at <= call.opens_at:
        raise ValidationError({"closes_at": ValidationError(
            _("A call closes after it opens."), code="dates")})
    if call.budget is not None and call.budget < Decimal(0):
        raise ValidationError({"budget": ValidationError(
            _("The budget cannot be negative."), code="budget")})
    if criteria is not None:
        if not criteria:
            raise ValidationError({"criteria": ValidationError(
                _("A call needs at least one criterion."), code="no_criteria")})
        if any(not 1 <= int(weight) <= 100 for _title, weight in criteria):
            raise ValidationError({"criteria": ValidationError(
                _("Each criterion weighs from 1 to 100."), code="weight")})


def _set_parts(call, *, themes, partners, criteria, documents,
               partner_organisations=None) -> None:
    if themes is not None:
        call.themes.set(list(themes), clear=True)
    if partners is not None:
        call.partners.set(partners)
    if partner_organisations is not None:
        call.partner_organisations.set(partner_organisations)
    if criteria is not None:
        call.criteria.all().delete()
        Criterion.objects.bulk_create(
            Criterion(call=call, title=title, weight=int(weight), position=i)
            for i, (title, weight) in enumerate(criteria)
        )
    if documents is not None:
        call.required_documents.all().delete()
        RequiredDocument.objects.bulk_create(
            RequiredDocument(call=call, name=name, position=i) for i, name in enumerate(documents)
        )


def call_create(*, agent, direction, criteria, documents=(), themes=(), partners=(),
                partner_organisations=(), **fields) -> Call:
    """Funders: `partners` (directions) and `partner_organisations` (outside ones)."""
    with transaction.atomic():
        call = Call(direction=direction, created_by=agent,
                    **{k: v for k, v in fields.items() if k in TEXT_FIELDS})
        _check(call, criteria)
        save_under_free_slug(call, call.title, queryset=Call.objects.all(), max_length=180,
                             fallback="appel")
        _set_parts(call, themes=themes, partners=partners, criteria=criteria, documents=documents,
                   partner_organisations=partner_organisations)
        return call


def call_update(*, call: Call, criteria=None, documents=None, themes=None, partners=None,
                partner_organisations=None, **fields) -> Call:
    """Criteria and required documents are the rules applicants relied on:
    they change only while the call is a draft."""
    with transaction.atomic():
        call = Call.objects.select_for_update().get(pk=call.pk)
        for key, value in fields.items():
            if key in TEXT_FIELDS:
                setattr(call, key, value)
        if call.state == Call.State.PUBLISHED and (criteria is not None or documents is not None):
            old = ([(c.title, c.weight) for c in call.criteria.all()],
                   [d.name for d in call.required_documents.all()])
            new = ([(t, int(w)) for t, w in criteria] if criteria is not None else old[0],
                   list(documents) if documents is not None else old[1])
            if new != old:
                raise ValidationError(
                    _("Once a call is published its criteria and required documents no "
                      "longer change."),
                    code="published",
                )
            criteria = documents = None
        _check(call, criteria)
        call.save()
        _set_parts(call, themes=themes, partners=partners, criteria=criteria, documents=documents,
                   partner_organisations=partner_organisations)
        return call


def call_publish(*, call: Call) -> Call:
    with transaction.atomic():
        call = Call.objects.select_for_update().get(pk=call.pk)
        if call.state == Call.State.PUBLISHED:
            raise ValidationError(_("This call is already published."), code="published")
        call.state = Call.State.PUBLISHED
        call.save(update_fields=["state"])
        return call
