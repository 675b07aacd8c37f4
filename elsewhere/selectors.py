"""Reads of the external participation tools."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from .models import ExternalTool


def today() -> dt.date:
    """Today in the site's time zone (Paris): a tool closing today is still shown."""
    return timezone.localdate()


def open_tools(community, *, on: dt.date | None = None) -> list[ExternalTool]:
    """The tools still open on `on` (today), closing first: one query."""
    return list(ExternalTool.objects.filter(community=community,
                                            closes_on__gte=on or today()))


def all_tools(community) -> list[ExternalTool]:
    """Every tool of the community, closed ones too (the cultivator's page)."""
    return list(ExternalTool.objects.filter(community=community).order_by("-closes_on", "pk"))
