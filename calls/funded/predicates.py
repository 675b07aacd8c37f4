"""Who may link a funded project to a community and its events (calls/rules.py
adds the permission): the call's agents, and the admins of its carrier
organisations, once the application is funded."""

from __future__ import annotations

import rules

from roles.predicates import organisation_roles

from ..predicates import manages_application_call


@rules.predicate
def is_funded_project(user, application):
    return (application is not None and application.status == "decided"
            and application.decision == "funded")


@rules.predicate
def administers_a_carrier(user, application):
    """An admin of the lead organisation or of one of its co-carriers."""
    if application is None or not user.is_authenticated:
        return False
    administered = {pk for pk, role in organisation_roles(user).items() if role == "admin"}
    if not administered:
        return False
    if not hasattr(application, "carrier_ids"):
        application.carrier_ids = {
            application.organisation_id,
            *application.carriers.values_list("organisation_id", flat=True),
        }
    return bool(administered & application.carrier_ids)


can_link_project = is_funded_project & (manages_application_call | administers_a_carrier)
