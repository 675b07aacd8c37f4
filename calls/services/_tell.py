"""Who hears about an application: the members of its carrier organisations."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from notifications import services as notifications

from ..models import Application


def carrier_ids(application: Application) -> set[int]:
    return {application.organisation_id, *application.carriers.values_list("organisation_id", flat=True)}


def carriers_people(application: Application, *, admins_only: bool = False):
    # One filter() on the membership: a carrier's plain member who is the admin
    # of some other organisation is not one of its admins.
    membership = {"organisation_memberships__organisation_id__in": carrier_ids(application)}
    if admins_only:
        membership["organisation_memberships__role"] = "admin"
    return list(get_user_model().objects.filter(**membership).distinct())


def tell(recipients, kind: str, application: Application, *, actor=None, **data) -> None:
    notifications.notify(
        recipients, kind, actor=actor, url=application.get_absolute_url(),
        data={"title": application.title, "call": application.call.title, **data},
    )
