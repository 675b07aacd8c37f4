"""A proposal's date poll: the members it is for say which dates suit them.

The proposal offers 2 to 5 dates (services/proposals.py writes them). The
members of the circle(s) it targets (every member when it is for everyone)
answer while the pair has not decided; one answer per person: a second one
is refused and changes nothing (the unique constraint backs it; the
proposal's row lock keeps two answers at once from racing). The pair reads the count per date and
picks one when accepting.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from communities.models import Circle, Membership
from notifications import services as notifications
from roles.predicates import circle_of

from .. import kinds
from ..models import DatePollAnswer, EventProposal

OPEN = (EventProposal.Status.PENDING, EventProposal.Status.CHANGES_REQUESTED)


def poll_audience_refusal(proposal: EventProposal, person) -> str:
    """Why `person` may not answer this proposal's poll ("" when they may)."""
    circle = circle_of(person, proposal.community)
    if circle is None:
        return _("This poll is for the members of %(community)s; you are not one of them.") % {
            "community": proposal.community.name}
    if proposal.circle is not None and circle < proposal.circle:
        return _("This poll is for the %(circle)s circle of %(community)s; you are not in it.") % {
            "circle": Circle(proposal.circle).label, "community": proposal.community.name}
    return ""


def tell_poll_audience(proposal: EventProposal, *, actor) -> None:
    """Ask the members the proposal is for which dates suit them."""
    members = Membership.objects.filter(community=proposal.community)
    if proposal.circle is not None:
        members = members.filter(circle__gte=proposal.circle)
    notifications.notify(
        [m.user for m in members.select_related("user").order_by("user_id")], kinds.DATE_POLL,
        actor=actor, community=proposal.community, url=proposal.get_absolute_url(),
        data={"title": proposal.title},
    )


def date_poll_answer(*, proposal: EventProposal, person, option_ids: Iterable[int]
                     ) -> DatePollAnswer:
    """Record which of the proposal's dates suit `person`, once.

    An empty choice is an answer too: none of these dates suits them.
    """
    with transaction.atomic():
        locked = (EventProposal.objects.select_for_update(of=("self",))
                  .select_related("community").get(pk=proposal.pk))
        refusal = poll_audience_refusal(locked, person)
        if refusal:
            raise ValidationError(refusal, code="not_in_circle")
        options = {option.pk: option for option in locked.date_options.all()}
        if not options:
            raise ValidationError(_("This proposal has no date poll."), code="no_poll")
        if locked.status not in OPEN:
            raise ValidationError(
                _("The gardeners have decided on this proposal: the poll is closed."),
                code="poll_closed",
            )
        chosen = set()
        for raw in option_ids or ():
            try:
                chosen.add(options[int(raw)])
            except (KeyError, TypeError, ValueError):
                raise ValidationError(
                    _("Choose among the dates offered."), code="bad_option") from None
        if DatePollAnswer.objects.filter(proposal=locked, person=person).exists():
            raise ValidationError(
                _("You have already answered this poll: your answer stays as it is."),
                code="already_answered",
            )
        answer = DatePollAnswer.objects.create(proposal=locked, person=person)
        answer.options.set(chosen)
        return answer
