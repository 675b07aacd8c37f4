"""Every write to the actor directory.

A person lists themselves (consent), changes what they show, removes their
location or their whole entry at any time. Leaving the community, or being
removed from it, removes the entry: the membership lifecycle hook
(directory/hooks.py) calls `entry_remove_on_departure` inside the
departure's transaction.

Services check the state of the data and raise ValidationError with a
translated message; nothing is written then. Who may ask is the rules'.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts import consents
from accounts.models import Consent
from communities.models import Community, Membership

from .models import DirectoryEntry

# Three decimals of a degree: 111 m of latitude, about 80 m of longitude in
# France. Enough to place someone in their neighbourhood, not at their door.
LOCATION_STEP = Decimal("0.001")
TERRITORY_MAX_LENGTH = 120


def round_coordinate(value) -> Decimal:
    if isinstance(value, str):
        # French keyboards type a decimal comma: "43,604".
        value = value.strip().replace(",", ".")
    return Decimal(value).quantize(LOCATION_STEP, rounding=ROUND_HALF_UP)


def check_location(latitude, longitude) -> tuple[Decimal | None, Decimal | None]:
    """Both coordinates or neither, each in range; returned rounded.

    Raises ValidationError keyed by field, so a form shows each message
    beside its input.
    """
    if latitude in (None, "") and longitude in (None, ""):
        return None, None
    errors = {}
    if latitude in (None, ""):
        errors["latitude"] = _("Give the latitude too, or leave both coordinates empty.")
    if longitude in (None, ""):
        errors["longitude"] = _("Give the longitude too, or leave both coordinates empty.")
    if errors:
        raise ValidationError(errors, code="location_incomplete")
    values = {}
    for name, value, limit in (("latitude", latitude, 90), ("longitude", longitude, 180)):
        try:
            number = round_coordinate(value)
        except (InvalidOperation, TypeError, ValueError):
            errors[name] = _("Enter a number, such as 43.604.")
            continue
        if not number.is_finite() or not -limit <= number <= limit:
            errors[name] = _("Enter a number between -%(limit)d and %(limit)d.") % {"limit": limit}
            continue
        values[name] = number
    if errors:
        raise ValidationError(errors, code="location_out_of_range")
    return values["latitude"], values["longitude"]


def _lock_membership(*, community: Community, user) -> Membership:
    """The membership row, locked: a departure waits for a listing and vice versa."""
    membership = (
        Membership.objects.select_for_update().filter(community=community, user=user).first()
    )
    if membership is None:
        raise ValidationError(
            _("Only members of %(community)s can be listed in its directory.")
            % {"community": community},
            code="not_member",
        )
    return membership


def _consents_record(*, community: Community, user, listed: bool, located: bool) -> None:
    """The consents' own records: date and version of the text (accounts/consents.py)."""
    for purpose, given in ((Consent.Purpose.DIRECTORY, listed),
                           (Consent.Purpose.MAP_POSITION, located)):
        if given:
            consents.consent_give(user=user, purpose=purpose, about=community)
        else:
            consents.consent_withdraw(user=user, purpose=purpose, about=community)


@transaction.atomic
def entry_save(
    *,
    community: Community,
    user,
    territory: str = "",
    latitude=None,
    longitude=None,
    show_email: bool = False,
) -> DirectoryEntry:
    """List a member in the directory, or change what their entry shows."""
    territory = " ".join((territory or "").split())
    if len(territory) > TERRITORY_MAX_LENGTH:
        raise ValidationError({"territory": ValidationError(
            _("Keep the territory under %(limit)d characters.") % {"limit": TERRITORY_MAX_LENGTH},
            code="too_long")})
    latitude, longitude = check_location(latitude, longitude)
    _lock_membership(community=community, user=user)
    entry, _created = DirectoryEntry.objects.select_for_update().get_or_create(
        community=community, user=user,
        defaults={
            "territory": territory, "latitude": latitude, "longitude": longitude,
            "show_email": bool(show_email),
        },
    )
    if not _created:
        entry.territory = territory
        entry.latitude = latitude
        entry.longitude = longitude
        entry.show_email = bool(show_email)
        entry.save(update_fields=["territory", "latitude", "longitude", "show_email", "updated_at"])
    _consents_record(community=community, user=user, listed=True, located=latitude is not None)
    return entry


@transaction.atomic
def entry_remove_location(*, community: Community, user) -> bool:
    """Forget the person's location; True if there was one."""
    consents.consent_withdraw(user=user, purpose=Consent.Purpose.MAP_POSITION, about=community)
    return bool(
        DirectoryEntry.objects.filter(community=community, user=user, latitude__isnull=False)
        .update(latitude=None, longitude=None)
    )


@transaction.atomic
def entry_remove(*, community: Community, user) -> bool:
    """Withdraw consent: the entry is deleted, not hidden. True if there was one."""
    _consents_record(community=community, user=user, listed=False, located=False)
    deleted, _details = DirectoryEntry.objects.filter(community=community, user=user).delete()
    return bool(deleted)


def entry_remove_on_departure(*, community: Community, user) -> None:
    """Called by the lifecycle hook (directory/hooks.py) when a member leaves
    or is removed, inside the departure's transaction (which holds the
    membership's lock).
    """
    _consents_record(community=community, user=user, listed=False, located=False)
    DirectoryEntry.objects.filter(community=community, user=user).delete()
