"""Adding and removing a community's external participation tools."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext as _

import audit

from .models import ExternalTool
from .selectors import today

# The columns' lengths (models.ExternalTool).
TITLE_MAX = 160
URL_MAX = 500


def tool_add(*, community, actor, kind: str, title: str, url: str,
             closes_on: dt.date) -> ExternalTool:
    """List a tool on the community's page until its closing date (included).
    Refused, writing nothing: an unknown kind; no title, or one over 160
    characters; an address that is no http(s) page, or over 500 characters;
    a closing date that has passed."""
    errors = {}
    title, url = title.strip(), url.strip()
    if kind not in ExternalTool.Kind.values:
        errors["kind"] = ValidationError(_("Choose a kind of participation."), code="bad_kind")
    if not title:
        errors["title"] = ValidationError(_("Give the tool a title."), code="required")
    elif len(title) > TITLE_MAX:
        errors["title"] = ValidationError(
            _("A title has %(max)d characters at most.") % {"max": TITLE_MAX}, code="too_long")
    if len(url) > URL_MAX:
        errors["url"] = ValidationError(
            _("A link has %(max)d characters at most.") % {"max": URL_MAX}, code="too_long")
    else:
        try:
            URLValidator(schemes=["https", "http"])(url)
        except ValidationError:
            errors["url"] = ValidationError(
                _("Give the full address of the page, starting with https://."), code="bad_url")
    if closes_on < today():
        errors["closes_on"] = ValidationError(
            _("This closing date has passed: the tool would never be shown."), code="past")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        tool = ExternalTool.objects.create(community=community, created_by=actor, kind=kind,
                                           title=title, url=url, closes_on=closes_on)
        audit.record(audit.Action.EXTERNAL_TOOL_ADDED, actor=actor, community_id=community.pk,
                     target=tool, target_label=tool.title,
                     details={"kind": kind, "closes_on": closes_on.isoformat()})
    return tool


def tool_remove(*, tool: ExternalTool, actor) -> None:
    # The entry names the tool (its title, given by the cultivator, not a
    # person's words) before the row goes.
    with transaction.atomic():
        audit.record(audit.Action.EXTERNAL_TOOL_REMOVED, actor=actor,
                     community_id=tool.community_id, target=tool, target_label=tool.title,
                     details={"kind": tool.kind})
        tool.delete()
