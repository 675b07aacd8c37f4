"""Reads of the notifications app: each a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from terreau.french import sort_key

from .kinds import KINDS, Frequency, choosable
from .models import Notification, Preference


def notification_list(*, user, unread_only: bool = False) -> QuerySet[Notification]:
    """A person's notifications, newest first, with actor and community joined.

    Paginated by the caller: a count and one page, two queries whatever the size.
    """
    notifications = Notification.objects.filter(recipient=user).select_related(
        "actor", "community"
    )
    if unread_only:
        notifications = notifications.filter(read_at__isnull=True)
    return notifications.order_by("-created_at", "-id")


def unread_count(*, user) -> int:
    """One COUNT on the (recipient, read_at) index."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def unread_count_for_request(request) -> int:
    """The header's count: asked at most once per request."""
    if not hasattr(request, "_notifications_unread"):
        request._notifications_unread = unread_count(user=request.user)
    return request._notifications_unread


def frequencies_for(user_ids: Iterable[int], kind: str) -> dict[int, str]:
    """How each person wants `kind` e-mailed: their preference, else the kind's default."""
    user_ids = list(user_ids)
    chosen = dict(
        Preference.objects.filter(user_id__in=user_ids, kind=kind).values_list(
            "user_id", "frequency"
        )
    )
    default = KINDS[kind].default
    return {pk: chosen.get(pk, default) for pk in user_ids}


def kind_frequencies(user_ids: Iterable[int], kind: str) -> dict[int, str]:
    """frequencies_for(), except that a transactional kind is always "immediately"
    (no query: a preference cannot apply to it)."""
    user_ids = list(user_ids)
    if KINDS[kind].always_email:
        return dict.fromkeys(user_ids, Frequency.IMMEDIATELY)
    return frequencies_for(user_ids, kind) if user_ids else {}


def preferences_of(user) -> dict[str, str]:
    """Every kind a person may choose for, with their frequency (one query)."""
    chosen = dict(Preference.objects.filter(user=user).values_list("kind", "frequency"))
    return {key: chosen.get(key, kind.default) for key, kind in choosable().items()}


def never_kinds(user_ids: Iterable[int]) -> dict[int, set[str]]:
    """For each person, the kinds they now never want e-mailed (one query)."""
    user_ids = list(user_ids)
    result: dict[int, set[str]] = defaultdict(set)
    defaults_never = {k for k, kind in KINDS.items() if kind.default == Frequency.NEVER}
    chosen = Preference.objects.filter(user_id__in=user_ids).values_list(
        "user_id", "kind", "frequency"
    )
    overridden = defaultdict(set)
    for user_id, kind, frequency in chosen:
        overridden[user_id].add(kind)
        if frequency == Frequency.NEVER:
            result[user_id].add(kind)
    for user_id in user_ids:
        result[user_id] |= defaults_never - overridden[user_id]
    return dict(result)


def verified_user_ids(user_ids: Iterable[int]) -> set[int]:
    """Those whose account address is verified (allauth), in one query."""
    rows = EmailAddress.objects.filter(user_id__in=list(user_ids), verified=True).values_list(
        "user_id", "email", "user__email"
    )
    return {user_id for user_id, email, own in rows if own and email.lower() == own.lower()}


def waiting_for_email(notification_id: int) -> bool:
    """The notification still exists and was not e-mailed yet."""
    return Notification.objects.filter(pk=notification_id, emailed_at__isnull=True).exists()


def active_user(user_id):
    if user_id is None:
        return None
    return get_user_model().objects.filter(pk=user_id, is_active=True).first()


def has_verified_address(user) -> bool:
    return bool(user.email) and EmailAddress.objects.filter(
        user=user, verified=True, email__iexact=user.email
    ).exists()


def digest_groups(digest) -> list[tuple[object, list[Notification]]]:
    """A digest's notifications grouped by community (those without one last),
    oldest first within each group. One query."""
    groups: dict[int | None, list[Notification]] = {}
    communities = {}
    for notification in digest.notifications.select_related("actor", "community").order_by(
        "created_at", "id"
    ):
        key = notification.community_id
        communities[key] = notification.community
        groups.setdefault(key, []).append(notification)
    ordered = sorted(groups, key=lambda k: (
        k is None, sort_key(communities[k].name) if k is not None else ("", "")))
    return [(communities[k], groups[k]) for k in ordered]
