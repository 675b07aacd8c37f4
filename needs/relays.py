"""The institution (region) gardener relays an item to their direction; the
direction's agents are told and answer in the app (the gardener may still
record the answer on the direction's behalf) (issue #16). Same rules as needs.services:
state checked under the item's lock, a translated refusal changes nothing,
the author is told in the same transaction (e-mail after commit)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications import services as notifications
from roles.predicates import agent_direction_ids
from roles.selectors import active_pair

from .models import Need, Relay
from .services import ANSWER_MAX_LENGTH, _check_open, _data, _locked, _text


def need_relay(*, need: Need, actor, message: str) -> Relay:
    """The community's institution gardener relays an open item to their
    direction. Once per item; its author is told."""
    with transaction.atomic():
        need = _locked(need)
        _check_open(need)
        pair = active_pair(need.community)
        if pair is None or pair.institution_gardener_id != actor.pk:
            raise ValidationError(
                _("Only the institution gardener of %(community)s relays items to their "
                  "direction.") % {"community": need.community.name},
                code="not_institution_gardener",
            )
        direction = pair.direction or need.community.direction
        if direction is None:
            raise ValidationError(
                _("No direction is attached to this pair: ask the cultivator to set it."),
                code="no_direction",
            )
        if Relay.objects.filter(need=need).exists():
            raise ValidationError(
                _("“%(title)s” was already relayed to a direction.") % {"title": need.title},
                code="already_relayed",
            )
        message = _text(
            message, field="message", limit=ANSWER_MAX_LENGTH,
            required=_("Say what you ask of the direction."),
        )
        relay = Relay.objects.create(need=need, direction=direction, message=message,
                                     relayed_by=actor)
        notifications.notify(
            [need.author], "need_relayed", actor=actor, community=need.community,
            url=need.get_absolute_url(), data=_data(need, direction=direction.name),
        )
        # The direction's agents: it now waits for their answer, in the app.
        notifications.notify(
            direction.staff.all(), "need_relay_arrived", actor=actor, community=need.community,
            url=need.get_absolute_url(),
            data=_data(need, direction=direction.name, person=str(actor), message=message),
        )
        return relay


def relay_answer_record(*, need: Need, actor, status: str, answer: str) -> Relay:
    """An agent of the direction the item was relayed to records its answer
    (status and words), or the institution gardener does on its behalf; the
    answer keeps who recorded it. The author and the pair are told. Once: a
    recorded answer is not rewritten (a new question is a new item)."""
    with transaction.atomic():
        need = _locked(need)
        relay = (Relay.objects.select_for_update().select_related("direction")
                 .filter(need=need).first())
        if relay is None:
            raise ValidationError(
                _("“%(title)s” was not relayed to a direction.") % {"title": need.title},
                code="not_relayed",
            )
        pair = active_pair(need.community)
        is_gardener = pair is not None and pair.institution_gardener_id == actor.pk
        if not is_gardener and relay.direction_id not in agent_direction_ids(actor):
            raise ValidationError(
                _("Only the agents of the direction %(direction)s, or the institution gardener "
                  "of %(community)s, record its answer.")
                % {"direction": relay.direction.name, "community": need.community.name},
                code="not_direction_agent",
            )
        if relay.is_answered:
            raise ValidationError(
                _("The direction's answer is already recorded."), code="already_answered"
            )
        answered = [c for c, _label in Relay.Answer.choices if c != Relay.Answer.WAITING]
        if status not in answered:
            raise ValidationError({"status": ValidationError(
                _("Choose the direction's answer: yes, in part or no."), code="invalid_choice"
            )})
        answer = _text(
            answer, field="answer", limit=ANSWER_MAX_LENGTH,
            required=_("Write the direction's answer for the author."),
        )
        relay.answer_status = status
        relay.answer = answer
        relay.answered_at = timezone.now()
        relay.answer_recorded_by = actor
        relay.save(update_fields=["answer_status", "answer", "answered_at", "answer_recorded_by"])
        data = _data(need, direction=relay.direction.name, status=status, answer=answer,
                     person=str(actor))
        notifications.notify(
            [need.author], "need_direction_answered", actor=actor, community=need.community,
            url=need.get_absolute_url(), data=data,
        )
        # The pair (the author and the one who recorded it aside: told once).
        gardeners = [g for g in (pair.gardeners() if pair else []) if g.pk != need.author_id]
        notifications.notify(
            gardeners, "need_direction_answered_pair", actor=actor,
            community=need.community, url=need.get_absolute_url(), data=data,
        )
        return relay
