"""The institution (region) gardener relays an item to their direction and
records the direction's answer (issue #16). Same rules as needs.services:
state checked under the item's lock, a translated refusal changes nothing,
the author is told in the same transaction (e-mail after commit)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications import services as notifications
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
        return relay


def relay_answer_record(*, need: Need, actor, status: str, answer: str) -> Relay:
    """The institution gardener records their direction's answer (status and
    words); the author is told. Once: a recorded answer is not rewritten."""
    with transaction.atomic():
        need = _locked(need)
        relay = Relay.objects.select_for_update().filter(need=need).first()
        if relay is None:
            raise ValidationError(
                _("“%(title)s” was not relayed to a direction.") % {"title": need.title},
                code="not_relayed",
            )
        pair = active_pair(need.community)
        if pair is None or pair.institution_gardener_id != actor.pk:
            raise ValidationError(
                _("Only the institution gardener of %(community)s records their direction's "
                  "answer.") % {"community": need.community.name},
                code="not_institution_gardener",
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
        notifications.notify(
            [need.author], "need_direction_answered", actor=actor, community=need.community,
            url=need.get_absolute_url(),
            data=_data(need, direction=relay.direction.name, status=status, answer=answer),
        )
        return relay
