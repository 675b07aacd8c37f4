"""Admissibility of a received application ("dossier complet"): the call's
agent asks the carriers for missing pieces (the request is kept and every
admin of the carriers is told; while it is pending they may add or replace
attachments, even after the deadline: services/applications.py), then
declares the file complete. Scoring starts from a complete file
(services/review.py). Every check comes before any write, with the row
locked."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import kinds
from ..models import Application
from ._tell import carriers_people, tell

# A request names pieces, it is no letter: the carriers read it on their dashboard.
PIECES_MAX = 2000


def _locked(application: Application) -> Application:
    return Application.objects.select_for_update(of=("self",)).select_related("call").get(
        pk=application.pk)


def _received(application: Application) -> None:
    if application.status != Application.Status.SUBMITTED:
        raise ValidationError(
            _("Only a received application, not yet declared complete, is checked for its "
              "pieces."), code="state")


def pieces_pending(application: Application) -> bool:
    """Pieces were asked for and the file is not declared complete yet."""
    return (application.status == Application.Status.SUBMITTED
            and application.pieces_requested_at is not None)


def pieces_request(*, application: Application, agent, text: str,
                   now: datetime | None = None) -> Application:
    """Ask the carriers for the missing pieces. Asking again replaces the text."""
    with transaction.atomic():
        application = _locked(application)
        _received(application)
        text = (text or "").strip()
        if not text:
            raise ValidationError({"text": ValidationError(
                _("Say which pieces are missing."), code="text")})
        if len(text) > PIECES_MAX:
            raise ValidationError({"text": ValidationError(
                _("Keep the request under %(max)d characters (this one has %(length)d).")
                % {"max": PIECES_MAX, "length": len(text)}, code="too_long")})
        application.pieces_request = text
        application.pieces_requested_at = now or timezone.now()
        application.save(update_fields=["pieces_request", "pieces_requested_at", "updated_at"])
        tell(carriers_people(application, admins_only=True), kinds.PIECES_REQUESTED, application,
             actor=agent, text=text)
        return application


def application_complete(*, application: Application, agent,
                         now: datetime | None = None) -> Application:
    """Declare the file complete: every required document is attached."""
    with transaction.atomic():
        application = _locked(application)
        _received(application)
        missing = list(application.call.required_documents.exclude(
            pk__in=application.attachments.values("document_id")).values_list("name", flat=True))
        if missing:
            raise ValidationError([ValidationError(
                _("The document “%(name)s” is missing.") % {"name": name},
                code="missing") for name in missing])
        application.status = Application.Status.COMPLETE
        application.completed_at = now or timezone.now()
        application.completed_by = agent
        application.save(update_fields=["status", "completed_at", "completed_by", "updated_at"])
        tell(carriers_people(application), kinds.COMPLETE, application, actor=agent)
        return application
