"""Members propose discussion topics; the community's pair opens or declines them.

The pair is told of each proposal; the author of each decision, with the
pair's answer. Opening creates the channel (discussions' channel_create, in
the same transaction: a name taken meanwhile refuses the whole decision).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from communities.models import Circle, Community
from discussions import services as discussions
from discussions.models import Channel
from notifications import services as notifications
from roles import selectors as pairs
from roles.predicates import circle_of
from terreau.decisions import decide

from . import kinds
from .models import TopicProposal

OPEN, DECLINE = "open", "decline"
_STATUS = {OPEN: TopicProposal.Status.OPENED, DECLINE: TopicProposal.Status.DECLINED}


NAME_MAX_LENGTH = TopicProposal._meta.get_field("name").max_length  # the channel's too


def _clean_name(*, community: Community, name) -> tuple[str, ValidationError | None]:
    """The name, tidied, and why it may not be proposed (None if it may)."""
    name = name.strip() if isinstance(name, str) else ""
    if not name:
        return name, ValidationError(_("Give the channel a name."), code="required")
    if len(name) > NAME_MAX_LENGTH:
        return name, ValidationError(
            _("Keep it under %(limit)d characters (this one has %(length)d).")
            % {"limit": NAME_MAX_LENGTH, "length": len(name)},
            code="too_long")
    try:
        discussions.check_storable(name)
    except ValidationError as error:
        return name, error
    if Channel.objects.filter(community=community, name__iexact=name).exists():
        return name, ValidationError(
            _("This community already has a channel called “%(name)s”.") % {"name": name},
            code="name_taken")
    if TopicProposal.objects.filter(community=community, name__iexact=name,
                                    status=TopicProposal.Status.PENDING).exists():
        return name, ValidationError(
            _("A channel called “%(name)s” is already proposed and waits for the "
              "gardeners' decision.") % {"name": name},
            code="name_proposed")
    return name, None


def topic_propose(*, author, community: Community, name: str, description: str,
                  min_circle: int) -> TopicProposal:
    """An informed or engaged member proposes a channel; the pair is told.

    Every field's refusal is reported at once, each with its code; nothing
    is written then.
    """
    with transaction.atomic():
        circle = circle_of(author, community)
        if circle is None or circle < Circle.INFORMED:
            raise ValidationError(
                _("Only members of the informed and engaged circles propose discussion "
                  "topics."),
                code="not_informed",
            )
        errors = {}
        name, refusal = _clean_name(community=community, name=name)
        if refusal is not None:
            errors["name"] = refusal
        description = description.strip() if isinstance(description, str) else ""
        if not description:
            errors["description"] = ValidationError(
                _("Say in a few words what the channel would be for."), code="required")
        else:
            try:
                discussions.check_storable(description)
            except ValidationError as error:
                errors["description"] = error
        try:
            min_circle = Circle(int(min_circle))
        except (TypeError, ValueError):
            errors["min_circle"] = ValidationError(
                _("Choose among the three circles."), code="bad_circle")
        else:
            if min_circle > circle:
                errors["min_circle"] = ValidationError(
                    _("You would not read a channel for a circle you are not in: choose "
                      "yours or a wider one."),
                    code="closer_than_yours")
        if errors:
            raise ValidationError(errors)
        proposal = TopicProposal.objects.create(
            community=community, author=author, name=name, description=description,
            min_circle=min_circle,
        )
        notifications.notify(
            pairs.gardeners_of(community), kinds.PROPOSED, actor=author, community=community,
            url=proposal.get_absolute_url(), data={"name": proposal.name},
        )
        return proposal


def topic_decide(*, proposal: TopicProposal, actor, decision: str, answer: str = ""
                 ) -> TopicProposal:
    """Open the channel, or decline saying why; the author is told which."""
    with transaction.atomic():
        if decision not in _STATUS:
            raise ValidationError(_("Choose a decision."), code="bad_decision")
        answer = answer.strip() if isinstance(answer, str) else ""
        if decision == DECLINE and not answer:
            raise ValidationError({"answer": ValidationError(
                _("Say why, so that the author understands."), code="no_answer")})
        try:
            discussions.check_storable(answer)
        except ValidationError as error:
            raise ValidationError({"answer": error}) from None
        decide(proposal, status=_STATUS[decision], actor=actor, answer=answer)
        if decision == OPEN:
            proposal.channel = discussions.channel_create(
                community=proposal.community, name=proposal.name,
                min_circle=proposal.min_circle, actor=actor,
            )
            proposal.save(update_fields=["channel"])
        notifications.notify(
            [proposal.author], kinds.DECIDED, actor=actor, community=proposal.community,
            url=(proposal.channel.get_absolute_url() if proposal.channel_id
                 else proposal.get_absolute_url()),
            data={"name": proposal.name, "status": proposal.status, "answer": answer},
        )
        return proposal
