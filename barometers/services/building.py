"""Building barometers and their waves, launching, announcing, moderating
and publishing."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import formats, timezone
from django.utils.translation import gettext as _

import audit
from notifications.services import notify
from terreau.text import without_controls

from ..models import Answer, Barometer, Question, Wave
from .answering import targeted_people


def barometer_create(*, name: str, slug: str, direction, description: str = "") -> Barometer:
    """A barometer at its own address: the unique index refuses an address
    taken (before or at the same moment) and the refusal says so in words."""
    try:
        with transaction.atomic():
            return Barometer.objects.create(name=name, slug=slug, direction=direction,
                                            description=description)
    except IntegrityError:
        raise ValidationError({"slug": ValidationError(
            _("A barometer already has this address."), code="slug_taken")}) from None


def _check_target(target, territory, council, community, min_circle) -> dict:
    errors = {}
    if target == Wave.Target.TERRITORY and not territory.strip():
        errors["territory"] = ValidationError(
            _("Name the territory the wave is asked in."), code="required")
    if target == Wave.Target.COUNCIL and council is None:
        errors["council"] = ValidationError(
            _("Choose the council whose members are asked."), code="required")
    if target == Wave.Target.COMMUNITY and (community is None or min_circle is None):
        errors["community"] = ValidationError(
            _("Choose the community and the circle asked."), code="required")
    if target not in Wave.Target.values:
        errors["target"] = ValidationError(_("Choose who is asked."), code="bad_target")
    return errors


def wave_create(*, barometer, title: str, opens_at, closes_at, target=Wave.Target.PUBLIC,
                territory: str = "", council=None, community=None, min_circle=None) -> Wave:
    errors = _check_target(target, territory, council, community, min_circle)
    if closes_at <= opens_at:
        errors["closes_at"] = ValidationError(
            _("The wave must close after it opens."), code="closes_before_opening")
    if errors:
        raise ValidationError(errors)
    keep = {
        Wave.Target.TERRITORY: {"territory": territory.strip()},
        Wave.Target.COUNCIL: {"council": council},
        Wave.Target.COMMUNITY: {"community": community, "min_circle": min_circle},
    }.get(target, {})
    return Wave.objects.create(barometer=barometer, title=title, target=target,
                               opens_at=opens_at, closes_at=closes_at, **keep)


def _checked_choices(kind: str, choices, errors: dict) -> list[str]:
    choices = [c for c in (without_controls(str(c)).strip() for c in choices) if c]
    if kind not in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
        return []
    if len(choices) < 2:
        errors["choices"] = ValidationError(
            _("Give at least two choices, one per line."), code="too_few_choices")
    elif len(set(choices)) != len(choices):
        errors["choices"] = ValidationError(_("Two choices are the same."), code="choice_twice")
    return choices


def question_add(*, wave, kind: str, text: str, code: str, choices=(), required=False,
                 order: int | None = None) -> Question:
    """Add a question to a draft wave (the wave's row locked: a launch waits
    for it, and a wave launched meanwhile refuses it). Every field's refusal
    at once."""
    errors = {}
    # Without control characters: a question and its choices reach the paper
    # questionnaires' templates (terreau/text.py).
    text = without_controls(text).strip() if isinstance(text, str) else ""
    if not text:
        errors["text"] = ValidationError(_("Write the question."), code="required")
    choices = _checked_choices(kind, choices, errors)
    if kind not in Question.Kind.values:
        errors["kind"] = ValidationError(_("Choose the type of question."), code="bad_kind")
    with transaction.atomic():
        locked = _draft_wave_locked(wave.pk)
        if locked.questions.filter(code=code).exists():
            errors["code"] = ValidationError(
                _("Another question of this wave has this code."), code="code_taken")
        if errors:
            raise ValidationError(errors)
        if order is None:
            order = (locked.questions.aggregate(m=Max("order"))["m"] or 0) + 1
        return Question.objects.create(wave=locked, kind=kind, text=text, code=code,
                                       choices=choices, required=required, order=order)


def _draft_wave_locked(wave_id) -> Wave:
    """The wave, its row locked until the transaction ends (a launch waits for
    it); refused once launched: the launch is the boundary."""
    wave = Wave.objects.select_for_update().get(pk=wave_id)
    if wave.launched_at:
        raise ValidationError(
            _("This wave is launched: its questions can no longer change."), code="launched")
    return wave


def question_edit(*, question: Question, text: str, choices=(), required=False) -> Question:
    """Change a draft wave's question: its text, its choices, whether an answer
    is required. Its type and its code stay (the code compares waves)."""
    errors = {}
    # Without control characters: a question and its choices reach the paper
    # questionnaires' templates (terreau/text.py).
    text = without_controls(text).strip() if isinstance(text, str) else ""
    if not text:
        errors["text"] = ValidationError(_("Write the question."), code="required")
    choices = _checked_choices(question.kind, choices, errors)
    with transaction.atomic():
        _draft_wave_locked(question.wave_id)
        if errors:
            raise ValidationError(errors)
        question.text, question.choices, question.required = text, choices, required
        question.save(update_fields=["text", "choices", "required"])
    return question


def question_remove(*, question: Question) -> None:
    with transaction.atomic():
        _draft_wave_locked(question.wave_id)
        question.delete()


def question_move(*, question: Question, offset: int) -> Question:
    """Move a draft wave's question one place up (-1) or down (+1): its
    position swaps with its neighbour's, in one transaction. The positions are
    renumbered 1..n first, so two questions at the same position move too.
    At the top (or the bottom), nothing changes."""
    with transaction.atomic():
        wave = _draft_wave_locked(question.wave_id)
        questions = list(wave.questions.select_for_update().order_by("order", "pk"))
        index = [q.pk for q in questions].index(question.pk)
        step = (offset > 0) - (offset < 0)  # 0: renumbered, not moved
        target = index + step
        if step and 0 <= target < len(questions):
            questions[index], questions[target] = questions[target], questions[index]
        changed = []
        for position, q in enumerate(questions, start=1):
            if q.order != position:
                q.order = position
                changed.append(q)
        Question.objects.bulk_update(changed, ["order"])
    question.refresh_from_db(fields=["order"])
    return question


def wave_launch(*, wave, now=None) -> Wave:
    """Freeze the questionnaire; the targeted people are told when it opens.

    The wave's row is locked and read again: two launches at once launch it
    once (the second is told), and a question added or removed meanwhile is
    in or out before the launch, never after."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = Wave.objects.select_for_update().get(pk=wave.pk)
        if locked.launched_at:
            raise ValidationError(_("This wave is already launched."), code="launched")
        if not locked.questions.exists():
            raise ValidationError(
                _("Add at least one question before launching the wave."), code="no_questions")
        if locked.is_closed(now):
            raise ValidationError(_("This wave's period is over."), code="closed")
        locked.launched_at = now
        locked.save(update_fields=["launched_at"])
    wave.launched_at = now
    waves_announce_due(now=now)
    return wave


def waves_announce_due(*, now=None) -> int:
    """Tell the targeted people of every launched wave that has opened and
    was not announced yet. Idempotent (each wave claimed under a row lock);
    run at launch and by Celery beat (barometers.tasks)."""
    now = now or timezone.now()
    told = 0
    due = Wave.objects.filter(launched_at__isnull=False, announced_at__isnull=True,
                              opens_at__lte=now, closes_at__gt=now)
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            wave = (Wave.objects.select_for_update(skip_locked=True).select_related("barometer")
                    .filter(pk=pk, announced_at__isnull=True).first())
            if wave is None:
                continue
            wave.announced_at = now
            wave.save(update_fields=["announced_at"])
            people = targeted_people(wave)
            if people is None:  # the public: nobody in particular to tell
                continue
            closes = formats.date_format(timezone.localtime(wave.closes_at), "DATETIME_FORMAT")
            notify(list(people), "barometer_wave_opened", url=wave.get_absolute_url(),
                   data={"barometer": wave.barometer.name, "wave": wave.title, "closes": closes})
            told += 1
    return told


def answer_moderate(*, answer: Answer, status: str, actor=None) -> Answer:
    if answer.question.kind != Question.Kind.TEXT:
        raise ValidationError(_("Only free-text answers are moderated."), code="not_text")
    if status not in Answer.Status.values:
        raise ValidationError(_("Choose a decision."), code="bad_status")
    with transaction.atomic():
        Answer.objects.filter(pk=answer.pk).update(status=status)
        answer.status = status
        # Never the answer's words in the log: the wave, the question and the decision.
        audit.record(audit.Action.BAROMETER_ANSWER_MODERATED, actor=actor,
                     details={"wave": answer.question.wave_id, "question": answer.question.code,
                              "status": status})
    return answer


def results_publish(*, wave, now=None, actor=None) -> Wave:
    """Publish a closed wave's results, once: the row is locked and read
    again, so two agents at once publish (and log) it once."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = Wave.objects.select_for_update().select_related("barometer").get(pk=wave.pk)
        if not locked.is_closed(now):
            raise ValidationError(
                _("Results are published once the wave is closed."), code="not_closed")
        if locked.results_published_at:
            raise ValidationError(_("These results are already published."), code="published")
        locked.results_published_at = now
        locked.save(update_fields=["results_published_at"])
        audit.record(audit.Action.BAROMETER_RESULTS_PUBLISHED, actor=actor, target=locked,
                     target_label=f"{locked.barometer.name} — {locked.title}",
                     details={"wave": locked.pk})
    wave.results_published_at = now
    return wave
