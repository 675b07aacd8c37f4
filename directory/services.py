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
        # French keyboards type a decimal comma: "43,604". (Decimal itself
        # reads the spaces around a number.)
        value = value.replace(",", ".")
    return Decimal(value).quantize(LOCATION_STEP, rounding=ROUND_HALF_UP)


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def check_location(latitude, longitude) -> tuple[Decimal | None, Decimal | None]:
    """Both coordinates or neither, each in range; returned rounded.

    Raises ValidationError keyed by field, so a form shows each message
    beside its input, each with its code: `incomplete` (the other one is
    given), `invalid` (not a number) or `out_of_range`.
    """
    if _blank(latitude) and _blank(longitude):
        return None, None
    errors = {}
    values = {}
    for name, value, limit, missing in (
        ("latitude", latitude, 90,
         _("Give the latitude too, or leave both coordinates empty.")),
        ("longitude", longitude, 180,
         _("Give the longitude too, or leave both coordinates empty.")),
    ):
        if _blank(value):
            errors[name] = ValidationError(missing, code="incomplete")
            continue
        try:
            number = round_coordinate(value)
        except (InvalidOperation, TypeError, ValueError):
            errors[name] = ValidationError(_("Enter a number, such as 43.604."), code="invalid")
            continue
        if not number.is_finite() or not -limit <= number <= limit:
            errors[name] = ValidationError(
                _("Enter a number between -%(limit)d and %(limit)d.") % {"limit": limit},
                code="out_of_range")
            continue
        values[name] = number
    if errors:
        raise ValidationError(errors)
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


def entry_save(
    *,
    community: Community,
    user,
    territory: str = "",
    latitude=None,
    longitude=None,
    show_email: bool = False,
) -> DirectoryEntry:
    """List a member in the directory, or change what their entry shows.

    Every field's refusal is reported at once; nothing is written then.
    """
    with transaction.atomic():
        errors = {}
        territory = " ".join((territory or "").split())
        if len(territory) > TERRITORY_MAX_LENGTH:
            errors["territory"] = ValidationError(
                _("Keep the territory under %(limit)d characters.")
                % {"limit": TERRITORY_MAX_LENGTH},
                code="too_long")
        try:
            latitude, longitude = check_location(latitude, longitude)
        except ValidationError as error:
            errors.update(error.error_dict)
        if errors:
            raise ValidationError(errors)
        _lock_membership(community=community, user=user)
        entry, created = DirectoryEntry.objects.select_for_update().get_or_create(
            community=community, user=user,
            defaults={
                "territory": territory, "latitude": latitude, "longitude": longitude,
                "show_email": bool(show_email),
            },
        )
        if not created:
            entry.territory = territory
            entry.latitude = latitude
            entry.longitude = longitude
            entry.show_email = bool(show_email)
            entry.save(update_fields=[
                "territory", "latitude", "longitude", "show_email", "updated_at"])
        _consents_record(community=community, user=user, listed=True,
                         located=latitude is not None)
        return entry


def entry_remove_location(*, community: Community, user) -> bool:
    """Forget the person's location; True if there was one."""
    with transaction.atomic():
        consents.consent_withdraw(
            user=user, purpose=Consent.Purpose.MAP_POSITION, about=community)
        return bool(
            DirectoryEntry.objects.filter(community=community, user=user, latitude__isnull=False)
            .update(latitude=None, longitude=None)
        )


def entry_remove(*, community: Community, user) -> bool:
    """Withdraw consent: the entry is deleted, not hidden. True if there was one."""
    with transaction.atomic():
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
