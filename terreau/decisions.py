"""Requests that someone decides: one definition of "deciding" for every app.

A member asks to move inward (communities.CircleRequest), an engaged member
asks to join a working group (workgroups.JoinRequest), a member proposes a
section for a letter (newsletters.Section): each is a row that waits, then
someone decides it once — a status, an answer the person will read, who
decided and when. The three models inherit `DecidedRequest` (who and when)
and say where they keep the rest; `decide()` and `decide_all()` are the only
code that records a decision.

    from terreau.decisions import decide
    decide(request, status=CircleRequest.Status.DECLINED, actor=gardener, answer=answer)

This is the ground floor: it knows no domain app (the import contract in
pyproject.toml), only the fields its subclasses declare.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DecidedRequest(models.Model):
    """Who decided a request, and when (both empty while it waits).

    A subclass declares its own status field (its choices are its own) and
    answer field, and names them here, with the statuses that may still be
    decided:
    """

    status_field = "status"
    answer_field = "answer"
    decidable_statuses: tuple[str, ...] = ("pending",)
    # Shown when the request may not be decided (any longer): %(status)s is
    # the current status as the person reads it.
    already_decided_message = _("This request was already %(status)s; nothing was changed.")

    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_decidable(self) -> bool:
        return getattr(self, self.status_field) in self.decidable_statuses

    def status_label(self) -> str:
        return getattr(self, f"get_{self.status_field}_display")()

    def decision_community_id(self) -> int | None:
        """The community the request belongs to, for the audit log: its own
        `community`, else that of the first object it points to that has one
        (a working group, a letter). None for a platform-wide request."""
        if hasattr(self, "community_id"):
            return self.community_id
        for field in self._meta.concrete_fields:
            if field.many_to_one and field.name != "decided_by":
                community_id = getattr(getattr(self, field.name, None), "community_id", None)
                if community_id is not None:
                    return community_id
        return None

    def already_decided(self) -> ValidationError:
        label = self.status_label()
        return ValidationError(
            self.already_decided_message % {"status": label, "state": label},
            code="not_pending",
        )


# Listeners told of every decision, inside its transaction: the audit log
# registers one (audit/apps.py). A lower floor offers a hook; it imports no app.
DecisionListener = Callable[..., None]
_listeners: dict[str, DecisionListener] = {}


def on_decided(key: str, listener: DecisionListener) -> None:
    """Register `listener(request, status=..., actor=...)`; the same key replaces."""
    _listeners[key] = listener


def _check_status(model: type[DecidedRequest], status: str) -> None:
    field = model._meta.get_field(model.status_field)
    if status not in dict(field.choices):
        raise ValueError(f"{status!r} is not a status of {model.__name__}")


def decide(
    request: DecidedRequest,
    *,
    status: str,
    actor,
    answer: str | None = None,
    at: datetime | None = None,
) -> DecidedRequest:
    """Record the decision on `request`: its status, answer, decider and time.

    The row is locked and its status read again first: a request decided
    meanwhile (by another gardener, or withdrawn by its author) is refused
    with a translated ValidationError (code "not_pending") and nothing is
    written — nor is a decision equal to the current status. `answer=None`
    leaves the answer as it is. The caller's instance is updated and saved;
    call it inside the caller's transaction, after its other locks.
    """
    model = type(request)
    _check_status(model, status)
    with transaction.atomic():
        current = (
            model._default_manager.select_for_update()
            .filter(pk=request.pk)
            .values_list(model.status_field, flat=True)
            .first()
        )
        if current is None:
            raise ValidationError(_("This request does not exist."), code="no_request")
        setattr(request, model.status_field, current)
        if current not in model.decidable_statuses or current == status:
            raise request.already_decided()
        setattr(request, model.status_field, status)
        fields = [model.status_field, "decided_by", "decided_at"]
        if answer is not None:
            setattr(request, model.answer_field, answer)
            fields.append(model.answer_field)
        request.decided_by = actor
        request.decided_at = at or timezone.now()
        fields += [f.name for f in model._meta.concrete_fields if getattr(f, "auto_now", False)]
        request.save(update_fields=fields)
        for listener in list(_listeners.values()):
            listener(request, status=status, actor=actor)
    return request


def decide_all(
    requests: models.QuerySet,
    *,
    status: str,
    actor,
    answer: str | None = None,
    at: datetime | None = None,
) -> int:
    """Decide every request of `requests` that may still be decided, in one UPDATE.

    For the requests a change closes in bulk (a member leaves, a group is
    archived); returns how many were decided. Requests already decided are
    left as they are.
    """
    model = requests.model
    _check_status(model, status)
    values = {model.status_field: status, "decided_by": actor, "decided_at": at or timezone.now()}
    if answer is not None:
        values[model.answer_field] = answer
    return requests.filter(**{f"{model.status_field}__in": model.decidable_statuses}).exclude(
        **{model.status_field: status}
    ).update(**values)
