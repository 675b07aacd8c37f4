"""Writes of the watch on other calls: post, edit, withdraw, and tell the
people whose themes match (once, after commit, by a Celery task)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications import services as notifications

from .. import kinds
from ..tasks import announce_outside_call
from . import selectors
from .models import TITLE_MAX, OutsideCall

FUNDER_MAX = OutsideCall._meta.get_field("funder").max_length
URL_MAX = OutsideCall._meta.get_field("url").max_length
TERRITORY_MAX = OutsideCall._meta.get_field("territory").max_length
THEME_MAX = 100  # taggit's Tag.name
# How long a call's own task has to announce it before the sweep does.
SWEEP_GRACE = dt.timedelta(minutes=2)


def _text(value) -> str:
    return value.strip() if isinstance(value, str) else ""


def _is_https_address(url: str) -> bool:
    try:
        URLValidator(schemes=["https"])(url)
    except ValidationError:
        return False
    return True


def _clean(*, title: str, funder: str, url: str, deadline: dt.date | None, themes,
           territory: str) -> dict:
    """The fields, stripped and checked: every problem at once, each with its
    field and code."""
    errors = {}

    def refuse(field: str, message: str, code: str) -> None:
        errors[field] = ValidationError(message, code=code)

    title, funder, url, territory = (_text(value) for value in (title, funder, url, territory))
    themes = list(dict.fromkeys(theme for theme in map(_text, themes or ()) if theme))
    if not title:
        refuse("title", _("Give the call its title."), "required")
    elif len(title) > TITLE_MAX:
        refuse("title", _("A title has %(max)d characters at most.") % {"max": TITLE_MAX},
               "too_long")
    if not funder:
        refuse("funder", _("Say who funds this call."), "required")
    elif len(funder) > FUNDER_MAX:
        refuse("funder", _("A funder's name has %(max)d characters at most.") % {
            "max": FUNDER_MAX}, "too_long")
    if len(url) > URL_MAX or not _is_https_address(url):
        refuse("url", _("Give the full address of the call's page, starting with https://."),
               "bad_url")
    if deadline is None:
        refuse("deadline", _("Give the call's deadline."), "required")
    elif deadline < selectors.today():
        refuse("deadline", _("This deadline has passed: nobody could apply any more."),
               "past_deadline")
    if not themes:
        refuse("themes", _("Give at least one theme: it is how the call reaches the people "
                           "it concerns."), "required")
    elif any(len(theme) > THEME_MAX for theme in themes):
        refuse("themes", _("A theme has 100 characters at most."), "too_long")
    if len(territory) > TERRITORY_MAX:
        refuse("territory", _("A territory has %(max)d characters at most.") % {
            "max": TERRITORY_MAX}, "too_long")
    if errors:
        raise ValidationError(errors)
    return {"title": title, "funder": funder, "url": url, "deadline": deadline,
            "territory": territory, "themes": themes}


def outside_call_post(*, poster, **fields) -> OutsideCall:
    """List an outside call until its deadline (included); the people whose
    themes match hear of it after commit (`outside_call_announce`)."""
    with transaction.atomic():
        data = _clean(**fields)
        themes = data.pop("themes")
        outside = OutsideCall.objects.create(posted_by=poster, **data)
        outside.themes.set(themes)
        pk = outside.pk
        transaction.on_commit(lambda: announce_outside_call.delay(pk), robust=True)
        return outside


def outside_call_update(*, outside_call: OutsideCall, **fields) -> OutsideCall:
    """Correct an outside call. Nobody is told again: each person hears of a
    call once, when it is posted. Refused when it was withdrawn meanwhile."""
    with transaction.atomic():
        data = _clean(**fields)
        themes = data.pop("themes")
        outside = OutsideCall.objects.select_for_update().filter(pk=outside_call.pk).first()
        if outside is None:
            raise ValidationError(_("This call was withdrawn meanwhile: there is nothing to "
                                    "save."), code="withdrawn")
        for key, value in data.items():
            setattr(outside, key, value)
        outside.save()
        outside.themes.set(themes)
        return outside


def outside_call_withdraw(*, outside_call: OutsideCall) -> None:
    OutsideCall.objects.filter(pk=outside_call.pk).delete()


def outside_call_announce(*, pk: int) -> int:
    """Tell everyone whose themes match, except its poster. Claimed by a
    conditional update in the same transaction as the notifications: a task
    run twice (a redelivery) tells nobody twice. Returns how many were told."""
    with transaction.atomic():
        now = timezone.now()
        if not OutsideCall.objects.filter(pk=pk, announced_at__isnull=True).update(
                announced_at=now):
            return 0  # told already, or withdrawn before the task ran
        outside = selectors.outside_call(pk)
        if outside.deadline < selectors.today():
            return 0
        people = selectors.people_with_themes(tag.pk for tag in outside.themes.all())
        rows = notifications.notify(  # not to its poster: notify() skips the actor
            people, kinds.OUTSIDE_CALL, actor=outside.posted_by, url=outside.get_absolute_url(),
            data={"title": outside.title, "funder": outside.funder,
                  "deadline": outside.deadline.strftime("%d/%m/%Y"),
                  "themes": ", ".join(sorted(tag.name for tag in outside.themes.all()))},
        )
        return len(rows)


def outside_calls_announce_due(*, now: dt.datetime | None = None) -> int:
    """The announcement's safety net, run by Celery beat: a call whose own
    task was lost (a broker out of reach at the post, a worker killed) is
    announced by the next sweep, once its task had `SWEEP_GRACE` to do it.
    Each call is claimed as by its own task, so nobody is told twice.
    Returns how many people were told."""
    now = now or timezone.now()
    due = OutsideCall.objects.filter(announced_at__isnull=True,
                                     posted_at__lte=now - SWEEP_GRACE)
    return sum(outside_call_announce(pk=pk) for pk in list(due.values_list("pk", flat=True)))
