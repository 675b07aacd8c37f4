"""Every write to needs, their steps, supports and connections.

Services check the state of the data (is the author still in the informed or
engaged circle? is this move one step along the pipeline? did this person
consent?) and raise ValidationError with a translated message; nothing is
written then. Who may call them is decided by rules.py, asked by the views.

A status change locks the item (`select_for_update`) and reads its status
again under the lock, so two gardeners answering at once cannot both move
it: the second sees the new status and is refused.

Notifications are created in the same transaction (notifications.notify);
their e-mails leave after commit.

Each service opens its transaction in its body (`with transaction.atomic():`)
rather than as a decorator: the same transaction, and mutation testing
(`make mutation`, docs/testing.md) can change its code.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from communities.models import Circle, Community, Membership
from notifications import services as notifications
from roles.selectors import active_pair, gardeners_of
from terreau.french import sort_key

from .models import OPEN_STATUSES, Connection, Need, Status, Step, Support, next_statuses

TITLE_MAX_LENGTH = 140
DESCRIPTION_MAX_LENGTH = 4000
ANSWER_MAX_LENGTH = 2000
MESSAGE_MAX_LENGTH = 1000
TAGS_MAX = 8
TAG_MAX_LENGTH = 40


# --- Checks ---------------------------------------------------------------------------


def _text(value, *, field: str, limit: int, required: str | None) -> str:
    value = value.strip() if isinstance(value, str) else ""
    if not value and required:
        raise ValidationError({field: ValidationError(required, code="required")})
    if len(value) > limit:
        raise ValidationError(
            {field: ValidationError(
                _("Keep it under %(limit)d characters.") % {"limit": limit}, code="too_long"
            )}
        )
    return value


def _tags(values) -> list[str]:
    tags = []
    for value in values or []:
        tag = " ".join(str(value).split())
        if not tag or tag.lower() in {t.lower() for t in tags}:
            continue
        if len(tag) > TAG_MAX_LENGTH:
            raise ValidationError({"tags": ValidationError(
                _("A tag has at most %(limit)d characters.") % {"limit": TAG_MAX_LENGTH},
                code="tag_too_long",
            )})
        tags.append(tag)
    if len(tags) > TAGS_MAX:
        raise ValidationError({"tags": ValidationError(
            _("Use at most %(limit)d tags.") % {"limit": TAGS_MAX}, code="too_many_tags"
        )})
    return tags


def _choice(value, choices, *, field: str) -> str:
    if value not in {c for c, _label in choices}:
        raise ValidationError({field: ValidationError(
            _("Choose one of the options offered."), code="invalid_choice"
        )})
    return value


def _fields(*, kind, title, description, visibility, tags) -> dict:
    errors, cleaned = {}, {}
    checks = (
        ("kind", lambda: _choice(kind, Need.Kind.choices, field="kind")),
        ("title", lambda: _text(title, field="title", limit=TITLE_MAX_LENGTH,
                                required=_("Give your item a short title."))),
        ("description", lambda: _text(
            description, field="description", limit=DESCRIPTION_MAX_LENGTH,
            required=_("Describe what you need or propose, so the gardeners can answer."),
        )),
        ("visibility", lambda: _choice(visibility, Need.Visibility.choices, field="visibility")),
        ("tags", lambda: _tags(tags)),
    )
    for field, check in checks:
        try:
            cleaned[field] = check()
        except ValidationError as error:
            errors.update(error.error_dict)
    if errors:
        raise ValidationError(errors)
    return cleaned


def _data(need: Need, **extra) -> dict:
    return {"title": need.title, "community": need.community.name, "kind": need.kind, **extra}


def _locked(need: Need) -> Need:
    return Need.objects.select_for_update().select_related("community", "author").get(pk=need.pk)


def _check_open(need: Need) -> None:
    if need.status not in OPEN_STATUSES:
        raise ValidationError(
            _("“%(title)s” is closed (%(status)s); nothing was changed.")
            % {"title": need.title, "status": need.get_status_display()},
            code="closed",
        )


# --- The author -------------------------------------------------------------------------


def need_create(
    *, community: Community, author, kind: str, title: str, description: str,
    visibility: str = Need.Visibility.COMMUNITY, tags=(), contact_consent: bool = False,
) -> Need:
    """Submit a need or synergy proposal; the gardeners are told (need_new)."""
    with transaction.atomic():
        circle = (
            Membership.objects.filter(community=community, user=author)
            .values_list("circle", flat=True).first()
        )
        if circle is None or circle < Circle.INFORMED:
            raise ValidationError(
                _("Only members of the informed and engaged circles of %(community)s can submit "
                  "a need or a proposal.") % {"community": community.name},
                code="not_informed",
            )
        cleaned = _fields(kind=kind, title=title, description=description,
                          visibility=visibility, tags=tags)
        now = timezone.now()
        need = Need.objects.create(
            community=community, author=author, kind=cleaned["kind"], title=cleaned["title"],
            description=cleaned["description"], visibility=cleaned["visibility"],
            contact_consent=bool(contact_consent), status=Status.NEW, status_changed_at=now,
        )
        if cleaned["tags"]:
            need.tags.set(cleaned["tags"])
        _tell_the_pair_of_a_new_item(need, author)
        return need


def _tell_the_pair_of_a_new_item(need: Need, author) -> None:
    """New items reach the territory gardener first (at once: they collect the
    members' needs), the institution gardener in their usual digest. With the
    territory role vacant, the institution gardener is told at once."""
    pair = active_pair(need.community)
    if pair is None:
        return
    first = pair.territory_gardener or pair.institution_gardener
    later = [g for g in pair.gardeners() if g.pk != first.pk]
    data = _data(need, person=str(author))
    for people, kind in (([first], "need_new_first"), (later, "need_new")):
        notifications.notify(
            people, kind, actor=author, community=need.community,
            url=need.get_absolute_url(), data=data,
        )


def need_update(
    *, need: Need, actor, kind: str, title: str, description: str, visibility: str,
    tags=(), contact_consent: bool = False,
) -> Need:
    """The author edits the item while nobody has answered it yet (status new)."""
    with transaction.atomic():
        need = _locked(need)
        if need.author_id != actor.pk:
            raise ValidationError(_("Only the author can edit this item."), code="not_author")
        if need.status != Status.NEW:
            raise ValidationError(
                _("The gardeners have already answered “%(title)s”: it can no longer be edited.")
                % {"title": need.title},
                code="answered",
            )
        cleaned = _fields(kind=kind, title=title, description=description,
                          visibility=visibility, tags=tags)
        for field in ("kind", "title", "description", "visibility"):
            setattr(need, field, cleaned[field])
        need.contact_consent = bool(contact_consent)
        need.save()
        need.tags.set(cleaned["tags"], clear=True)
        return need


def need_withdraw(*, need: Need, actor, reason: str = "") -> Need:
    """The author withdraws an open item; the history stays, the gardeners see why."""
    with transaction.atomic():
        need = _locked(need)
        if need.author_id != actor.pk:
            raise ValidationError(_("Only the author can withdraw this item."), code="not_author")
        _check_open(need)
        reason = _text(reason, field="reason", limit=ANSWER_MAX_LENGTH, required=None)
        Step.objects.create(
            need=need, from_status=need.status, to_status=Status.WITHDRAWN, answer=reason, by=actor
        )
        need.status = Status.WITHDRAWN
        need.status_changed_at = timezone.now()
        need.save(update_fields=["status", "status_changed_at", "updated_at"])
        return need


# --- The gardeners ----------------------------------------------------------------------


def need_hide(*, need: Need, actor, reason: str) -> Need:
    """Hide an item from the community after a report (the moderation queue
    calls it through needs/moderation.py): it leaves the lists and its page
    for members; its author, the pair and the cultivator still read it, with
    the reason. The author is told by the queue (moderation_decision)."""
    with transaction.atomic():
        need = _locked(need)
        if need.hidden_at is not None:
            raise ValidationError(_("This item is already hidden."), code="already_hidden")
        need.hidden_at = timezone.now()
        need.hidden_reason = reason
        need.save(update_fields=["hidden_at", "hidden_reason", "updated_at"])
        return need


def need_move(*, need: Need, actor, to_status: str, answer: str) -> Step:
    """Move the item one step along the pipeline (or decline it) with an answer.

    The item is locked and its status read again: a move prepared on a stale
    page (another gardener answered meanwhile) is refused, not applied twice.
    The author is told (need_step) with the answer.
    """
    with transaction.atomic():
        need = _locked(need)
        _check_open(need)
        allowed = next_statuses(need.status)
        if to_status not in allowed:
            raise ValidationError(
                _("“%(title)s” is now “%(status)s”: it can only move to %(allowed)s. Nothing "
                  "was changed; the page shows its current state.")
                % {
                    "title": need.title,
                    "status": need.get_status_display(),
                    "allowed": _(" or ").join(f"“{Status(s).label}”" for s in allowed),
                },
                code="illegal_transition",
            )
        answer = _text(
            answer, field="answer", limit=ANSWER_MAX_LENGTH,
            required=_("Write an answer for the author: every step is explained to them."),
        )
        step = Step.objects.create(
            need=need, from_status=need.status, to_status=to_status, answer=answer, by=actor
        )
        need.status = to_status
        need.status_changed_at = step.at
        need.save(update_fields=["status", "status_changed_at", "updated_at"])
        notifications.notify(
            [need.author], "need_step", actor=actor, community=need.community,
            url=need.get_absolute_url(), data=_data(need, status=to_status, answer=answer),
        )
        return step


def _party_consents(need: Need) -> dict[int, object]:
    """{user id: user} of the people who agreed to have their contact shared about `need`."""
    people = {}
    if need.contact_consent:
        people[need.author_id] = need.author
    for support in need.supports.filter(contact_consent=True).select_related("user"):
        people.setdefault(support.user_id, support.user)
    return people


def connectable_people(need: Need) -> list:
    """Author and supporters who consented, the author first."""
    people = _party_consents(need)
    return sorted(people.values(), key=lambda u: (u.pk != need.author_id, sort_key(str(u))))


def _contact(user) -> dict:
    return {"name": str(user), "organisation": user.organisation or "", "email": user.email}


def connection_create(*, need: Need, actor, first, second, note: str = "") -> Connection:
    """Put two people who consented in touch about `need`; both get the other's contact."""
    with transaction.atomic():
        need = _locked(need)
        _check_open(need)
        if first.pk == second.pk:
            raise ValidationError(_("Choose two different people."), code="same_person")
        consenting = _party_consents(need)
        for person in (first, second):
            if person.pk not in consenting:
                raise ValidationError(
                    _("%(person)s has not agreed to share their contact about this item; "
                      "nobody was connected.") % {"person": person},
                    code="no_consent",
                )
        note = _text(note, field="note", limit=MESSAGE_MAX_LENGTH, required=None)
        a, b = sorted((consenting[first.pk], consenting[second.pk]), key=lambda u: u.pk)
        if Connection.objects.filter(need=need, first=a, second=b).exists():
            raise ValidationError(
                _("%(first)s and %(second)s are already connected about this item.")
                % {"first": a, "second": b},
                code="already_connected",
            )
        connection = Connection.objects.create(need=need, first=a, second=b, by=actor, note=note)
        for person, other in ((a, b), (b, a)):
            notifications.notify(
                [person], "need_connected", actor=actor, community=need.community,
                url=need.get_absolute_url(),
                data=_data(
                    need, note=note, **{f"other_{k}": v for k, v in _contact(other).items()}
                ),
            )
        return connection


# --- Members ----------------------------------------------------------------------------


def support_add(
    *, need: Need, user, kind: str, message: str = "", contact_consent: bool = False
) -> Support:
    """Say "me too" or "I can help" on a visible, open item; author and gardeners are told."""
    with transaction.atomic():
        need = Need.objects.select_related("community", "author").get(pk=need.pk)
        _check_open(need)
        if need.author_id == user.pk:
            raise ValidationError(_("This is your own item."), code="own_item")
        if not Membership.objects.filter(community=need.community, user=user).exists():
            raise ValidationError(
                _("Only members of %(community)s can support its items.")
                % {"community": need.community.name},
                code="not_member",
            )
        kind = _choice(kind, Support.Kind.choices, field="kind")
        message = _text(message, field="message", limit=MESSAGE_MAX_LENGTH, required=None)
        try:
            with transaction.atomic():
                support = Support.objects.create(
                    need=need, user=user, kind=kind, message=message,
                    contact_consent=bool(contact_consent),
                )
        except IntegrityError:
            raise ValidationError(
                _("You already said “%(kind)s” on this item.") % {"kind": Support.Kind(kind).label},
                code="already_supported",
            ) from None
        notifications.notify(
            [need.author, *gardeners_of(need.community)], "need_support", actor=user,
            community=need.community, url=need.get_absolute_url(),
            data=_data(need, person=str(user), support=kind),
        )
        return support


def support_remove(*, need: Need, user, kind: str) -> None:
    """Take back one's "me too" or offer of help."""
    with transaction.atomic():
        deleted, _rows = Support.objects.filter(need=need, user=user, kind=kind).delete()
        if not deleted:
            raise ValidationError(_("There was nothing to take back."), code="not_found")

