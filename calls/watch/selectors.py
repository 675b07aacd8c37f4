"""Reads of the watch on other calls, each in a fixed number of queries."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils import timezone
from taggit.models import Tag

from communities import selectors as communities
from organisations import selectors as organisations

from .models import OutsideCall


def today() -> dt.date:
    """Today in the site's time zone (Paris): a call whose deadline is today is still open."""
    return timezone.localdate()


def open_outside_calls(*, theme: str = "", on: dt.date | None = None) -> QuerySet[OutsideCall]:
    """The outside calls whose deadline has not passed, the nearest first.
    Paginated by the caller: the count, the page, its themes, its posters."""
    rows = OutsideCall.objects.filter(deadline__gte=on or today())
    if theme:
        rows = rows.filter(pk__in=OutsideCall.objects.filter(themes__slug=theme).values("pk"))
    return (rows.select_related("posted_by").prefetch_related("themes")
            .order_by("deadline", "pk"))


def open_themes(*, on: dt.date | None = None) -> QuerySet[Tag]:
    """The themes of the open outside calls, for the list's filter."""
    return (Tag.objects.filter(
        taggit_taggeditem_items__content_type__app_label="calls",
        taggit_taggeditem_items__content_type__model="outsidecall",
        taggit_taggeditem_items__object_id__in=OutsideCall.objects.filter(
            deadline__gte=on or today()).values("pk"),
    ).distinct().order_by("name"))


def outside_call(pk: int) -> OutsideCall:
    return OutsideCall.objects.select_related("posted_by").prefetch_related("themes").get(pk=pk)


def people_with_themes(tag_ids) -> QuerySet:
    """Everyone whose themes meet these: the themes of the communities they
    belong to, of the organisations they are a member of, and their own
    interests (the platform's one vocabulary of tags). One query."""
    tag_ids = list(tag_ids)
    return get_user_model().objects.filter(
        Q(pk__in=communities.member_ids_with_themes(tag_ids))
        | Q(pk__in=organisations.member_ids_with_themes(tag_ids))
        | Q(pk__in=get_user_model().objects.filter(interests__in=tag_ids).values("pk")),
        is_active=True,
    ).order_by("pk")
