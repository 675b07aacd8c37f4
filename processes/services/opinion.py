"""The citizen opinion (issue #17, items 4 and 5): the panel, the co-writing
of recommendations, publication, and the argued answer per recommendation.

Co-writing is the newsletters' sections' (newsletters/services/sections.py):
a panel member drafts, a lead accepts or sends back with a note through
terreau.decisions.decide() (audited by its listener), the author is told
and revises. Nothing changes once the opinion is published but the answers.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.services import notify
from terreau.decisions import decide

from ..models import Opinion, PanelMember, Process, Proposal, Recommendation
from ..opinion_selectors import is_panel_member
from .answers import REASON_MAX, clean_answer, contributors

TITLE_MAX = 200
TEXT_MAX = 6000


def opinion_of(process: Process) -> Opinion:
    """The process's opinion, made on first use."""
    opinion, _created = Opinion.objects.get_or_create(process=process)
    return opinion


def _locked(opinion: Opinion) -> Opinion:
    return Opinion.objects.select_for_update().select_related("process").get(pk=opinion.pk)


def _check_writing(opinion: Opinion) -> None:
    if opinion.state == Opinion.State.PUBLISHED:
        raise ValidationError(_("The opinion is published: it can no longer be changed."),
                              code="published")


# --- The panel ----------------------------------------------------------------------------


def panel_member_add(*, process: Process, person, actor) -> PanelMember:
    with transaction.atomic():
        opinion = _locked(opinion_of(process))
        _check_writing(opinion)
        if person is None:
            raise ValidationError({"person": ValidationError(
                _("No account has this e-mail address."), code="unknown")})
        try:
            with transaction.atomic():
                return PanelMember.objects.create(opinion=opinion, person=person, named_by=actor)
        except IntegrityError:
            raise ValidationError({"person": ValidationError(
                _("%(name)s is already on the panel.") % {"name": person},
                code="duplicate")}) from None


def panel_member_remove(*, process: Process, member: PanelMember, actor) -> None:
    with transaction.atomic():
        opinion = _locked(opinion_of(process))
        _check_writing(opinion)
        PanelMember.objects.filter(pk=member.pk, opinion=opinion).delete()


def panel_council_set(*, process: Process, council, actor) -> Opinion:
    with transaction.atomic():
        opinion = _locked(opinion_of(process))
        _check_writing(opinion)
        opinion.council = council
        opinion.save(update_fields=["council"])
        return opinion


def introduction_set(*, process: Process, introduction: str, actor) -> Opinion:
    with transaction.atomic():
        opinion = _locked(opinion_of(process))
        _check_writing(opinion)
        introduction = (introduction or "").strip()
        if len(introduction) > TEXT_MAX:
            raise ValidationError({"introduction": ValidationError(
                _("Keep it under %(limit)d characters.") % {"limit": TEXT_MAX}, code="too_long")})
        opinion.introduction = introduction
        opinion.save(update_fields=["introduction"])
        return opinion


# --- Recommendations ----------------------------------------------------------------------


def _clean(process: Process, title: str, text: str, proposals) -> tuple[str, str, list]:
    errors = {}
    title, text = (title or "").strip(), (text or "").strip()
    if not title:
        errors["title"] = ValidationError(_("Give the recommendation a title."), code="required")
    elif len(title) > TITLE_MAX:
        errors["title"] = ValidationError(
            _("Keep the title under %(limit)d characters.") % {"limit": TITLE_MAX},
            code="too_long")
    if not text:
        errors["text"] = ValidationError(_("Write the recommendation."), code="required")
    elif len(text) > TEXT_MAX:
        errors["text"] = ValidationError(
            _("Keep it under %(limit)d characters.") % {"limit": TEXT_MAX}, code="too_long")
    proposals = list(proposals or [])
    if any(p.process_id != process.pk or p.hidden_at is not None for p in proposals):
        errors["proposals"] = ValidationError(
            _("Link only shown contributions of this process."), code="bad_proposal")
    if errors:
        raise ValidationError(errors)
    return title, text, proposals


def recommendation_draft(*, process: Process, author, title: str, text: str,
                         proposals=()) -> Recommendation:
    """A panel member's draft, waiting for the leads ("proposed")."""
    with transaction.atomic():
        opinion = _locked(opinion_of(process))
        _check_writing(opinion)
        if not is_panel_member(opinion, author):
            raise ValidationError(_("Only the panel's members draft recommendations."),
                                  code="not_panel")
        title, text, proposals = _clean(process, title, text, proposals)
        top = opinion.recommendations.aggregate(top=Max("position"))["top"] or 0
        recommendation = Recommendation.objects.create(
            opinion=opinion, author=author, author_name=str(author)[:120], title=title, text=text,
            position=top + 1)
        recommendation.proposals.set(proposals)
        return recommendation


def _locked_recommendation(recommendation: Recommendation) -> Recommendation:
    opinion = _locked(recommendation.opinion)  # the opinion first, always: one lock order
    _check_writing(opinion)
    locked = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    locked.opinion = opinion
    return locked


def recommendation_revise(*, recommendation: Recommendation, author, title: str, text: str,
                          proposals=()) -> Recommendation:
    """The author's new version, back to the leads as "proposed"."""
    with transaction.atomic():
        recommendation = _locked_recommendation(recommendation)
        if recommendation.author_id != author.pk:
            raise ValidationError(_("Only its author revises a recommendation."), code="not_author")
        if recommendation.state == Recommendation.State.ACCEPTED:
            raise ValidationError(_("This recommendation is accepted: it is no longer revised."),
                                  code="accepted")
        title, text, proposals = _clean(recommendation.opinion.process, title, text, proposals)
        recommendation.title, recommendation.text = title, text
        recommendation.state = Recommendation.State.PROPOSED
        recommendation.save(update_fields=["title", "text", "state", "updated_at"])
        recommendation.proposals.set(proposals)
        return recommendation


def recommendation_decide(*, recommendation: Recommendation, actor, accept: bool,
                          note: str = "") -> Recommendation:
    """Accept, or send back with a note (required: the author reads it)."""
    with transaction.atomic():
        note = (note or "").strip()
        if not accept and not note:
            raise ValidationError({"note": ValidationError(
                _("Write a short note: the author will read it."), code="note_required")})
        if len(note) > REASON_MAX:
            raise ValidationError({"note": ValidationError(
                _("Keep it under %(limit)d characters.") % {"limit": REASON_MAX}, code="too_long")})
        recommendation = _locked_recommendation(recommendation)
        state = Recommendation.State.ACCEPTED if accept else Recommendation.State.CHANGES_REQUESTED
        decide(recommendation, status=state, actor=actor, answer=note)
        if recommendation.author_id is not None:
            process = recommendation.opinion.process
            # Sent back: the line leads to the form where the author revises it
            # ("Waiting for you", processes/waiting.py); accepted: to the opinion.
            url = (recommendation.opinion.get_absolute_url() if accept else reverse(
                "processes:recommendation_edit",
                kwargs={"slug": process.slug, "pk": recommendation.pk}))
            notify([recommendation.author], "process_recommendation_decided", actor=actor,
                   community=process.community, url=url,
                   data={"process": process.title, "recommendation": recommendation.title,
                         "state": str(recommendation.get_state_display()), "note": note})
        return recommendation


# --- Publication --------------------------------------------------------------------------


def opinion_publish(*, process: Process, actor, now: dt.datetime | None = None) -> Opinion:
    """Publish the accepted recommendations (the others stay with the panel)
    and tell every contributor of the process, once."""
    with transaction.atomic():
        opinion = _locked(opinion_of(process))
        _check_writing(opinion)
        if process.state != Process.State.PUBLISHED:
            raise ValidationError(_("Publish the process first."), code="draft_process")
        if not opinion.recommendations.filter(state=Recommendation.State.ACCEPTED).exists():
            raise ValidationError(
                _("Accept at least one recommendation before publishing the opinion."),
                code="no_recommendation")
        opinion.state = Opinion.State.PUBLISHED
        opinion.published_at = now or timezone.now()
        opinion.published_by = actor
        opinion.save(update_fields=["state", "published_at", "published_by"])
        notify(contributors(process), "process_opinion_published", actor=actor,
               community=process.community, url=opinion.get_absolute_url(),
               data={"process": process.title})
        return opinion


# --- The argued answer (item 5) -----------------------------------------------------------


def recommendation_answer(*, recommendation: Recommendation, actor, status: str, reason: str,
                          now: dt.datetime | None = None) -> Recommendation:
    """The decision-maker's answer to a published recommendation, with why.
    A new answer replaces the previous one and is dated now (late answers
    count as overdue, processes/accountability.py). The authors of the
    proposals it draws on are told."""
    with transaction.atomic():
        reason = clean_answer(status, reason)
        opinion = Opinion.objects.select_for_update().select_related("process").get(
            pk=recommendation.opinion_id)
        recommendation = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
        if not opinion.is_published or not recommendation.is_accepted:
            raise ValidationError(_("Only the published opinion's recommendations are answered."),
                                  code="not_published")
        recommendation.answer_status, recommendation.answer_reason = status, reason
        recommendation.answered_at, recommendation.answered_by = now or timezone.now(), actor
        recommendation.save(update_fields=["answer_status", "answer_reason", "answered_at",
                                           "answered_by"])
        process = opinion.process
        authors = get_user_model().objects.filter(
            Q(process_proposals__recommendations=recommendation)).distinct()
        notify(authors, "process_recommendation_answered", actor=actor, community=process.community,
               url=opinion.get_absolute_url(),
               data={"process": process.title, "recommendation": recommendation.title,
                     "status": str(recommendation.get_answer_status_display()), "reason": reason})
        return recommendation


def proposals_for_linking(process: Process):
    """The shown proposals a recommendation may draw on."""
    return Proposal.objects.filter(process=process, hidden_at__isnull=True).order_by("title")
