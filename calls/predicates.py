"""Who someone is with respect to a call or an application. Built on
roles' predicates (their per-request cache): the call's agents are agents of
its direction, funders are agents of its partner directions or admins of its
partner organisations, carriers are members of the application's
organisations."""

from __future__ import annotations

import rules

from roles.predicates import (
    is_agent_of,
    is_agent_of_any,
    is_member_of_any,
    is_organisation_admin,
    is_site_staff,
    organisation_roles,
)


@rules.predicate
def is_call_agent(user, call):
    return call is not None and is_agent_of.test(user, call.direction)


can_manage_call = is_call_agent | is_site_staff


@rules.predicate
def is_published(user, call):
    return call is not None and call.state == "published"


@rules.predicate
def is_funder(user, call):
    if call is None:
        return False
    if not hasattr(call, "partner_ids"):
        call.partner_ids = set(call.partners.values_list("pk", flat=True))
    if not hasattr(call, "partner_organisation_ids"):
        call.partner_organisation_ids = set(
            call.partner_organisations.values_list("pk", flat=True))
    return is_agent_of_any(user, call.partner_ids) or bool(
        administered_ids(user) & call.partner_organisation_ids)


def administered_ids(user) -> set[int]:
    """The organisations this person is an admin of."""
    return {pk for pk, role in organisation_roles(user).items() if role == "admin"}


# --- Applications ---------------------------------------------------------------------


def carrier_ids(application) -> set[int]:
    if not hasattr(application, "carrier_ids"):
        application.carrier_ids = {
            application.organisation_id,
            *application.carriers.values_list("organisation_id", flat=True),
        }
    return application.carrier_ids


@rules.predicate
def is_carrier(user, application):
    """A member of the lead organisation or of a co-carrier."""
    return application is not None and is_member_of_any(user, carrier_ids(application))


@rules.predicate
def is_carrier_admin(user, application):
    """An admin of the lead organisation or of a co-carrier: they file the reports."""
    return application is not None and bool(administered_ids(user) & carrier_ids(application))


@rules.predicate
def is_funded(user, application):
    return (application is not None and application.status == "decided"
            and application.decision == "funded")


@rules.predicate
def is_lead_admin(user, application):
    return application is not None and is_organisation_admin.test(user, application.organisation)


@rules.predicate
def is_draft(user, application):
    return application is not None and application.status == "draft"


@rules.predicate
def is_in_review(user, application):
    return application is not None and application.status in (
        "submitted", "complete", "under_review", "opinion_given")


@rules.predicate
def is_received(user, application):
    """Submitted, not yet declared complete: its pieces are checked."""
    return application is not None and application.status == "submitted"


@rules.predicate
def is_scorable(user, application):
    """Declared complete and not decided: reviewers score it."""
    return application is not None and application.status in (
        "complete", "under_review", "opinion_given")


@rules.predicate
def pieces_pending(user, application):
    """Received, and the call's agent asked for missing pieces."""
    return (application is not None and application.status == "submitted"
            and application.pieces_requested_at is not None)


@rules.predicate
def is_assigned_reviewer(user, application):
    if application is None or not user.is_authenticated:
        return False
    if not hasattr(application, "reviewer_ids"):
        application.reviewer_ids = set(application.assignments.values_list("reviewer_id", flat=True))
    return user.pk in application.reviewer_ids


@rules.predicate
def manages_application_call(user, application):
    return application is not None and can_manage_call.test(user, application.call)


can_see_application = is_carrier | (~is_draft & (manages_application_call | is_assigned_reviewer))

# The follow-up of a funded project: its carriers, the call's agents and the
# funders' reviewers assigned to it read the reports.
can_read_reports = is_funded & (is_carrier | manages_application_call | is_assigned_reviewer)
