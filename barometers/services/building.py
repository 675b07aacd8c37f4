"""Building barometers and their waves, launching, announcing, moderating
and publishing."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import formats, timezone
from django.utils.translation import gettext as _

import audit
from notifications.services import notify

from ..models import Answer, Barometer, Question, Wave
from .answering import targeted_people


def barometer_create(*, name: str, slug: str, direction, description: str = "") -> Barometer:
    if Barometer.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": _("A barometer already has this address.")})
    return Barometer.objects.create(name=name, slug=slug, direction=direction,
                                    description=description)


def _check_target(target, territory, council, community, min_circle) -> dict:
    errors = {}
    if target == Wave.Target.TERRITORY and not territory.strip():
        errors["territory"] = _("Name the territory the wave is asked in.")
    if target == Wave.Target.COUNCIL and council is None:
        errors["council"] = _("Choose the council whose members are asked.")
    if target == Wave.Target.COMMUNITY and (community is None or min_circle is None):
        errors["community"] = _("Choose the community and the circle asked.")
    if target not in Wave.Target.values:
        errors["target"] = _("Choose who is asked.")
    return errors


def wave_create(*, barometer, title: str, opens_at, closes_at, target=Wave.Target.PUBLIC,
                territory: str = "", council=None, community=None, min_circle=None) -> Wave:
    errors = _check_target(target, territory, council, community, min_circle)
    if closes_at <= opens_at:
        errors["closes_at"] = _("The wave must close after it opens.")
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
    choices = [c.strip() for c in choices if c.strip()]
    if kind not in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
        return []
    if len(choices) < 2:
        errors["choices"] = _("Give at least two choices, one per line.")
    elif len(set(choices)) != len(choices):
        errors["choices"] = _("Two choices are the same.")
    return choices


def question_add(*, wave, kind: str, text: str, code: str, choices=(), required=False,
                 order: int | None = None) -> Question:
    if wave.launched_at:
        raise ValidationError(_("This wave is launched: its questions can no longer change."))
    errors = {}
    choices = _checked_choices(kind, choices, errors)
    if kind not in Question.Kind.values:
        errors["kind"] = _("Choose the type of question.")
    if wave.questions.filter(code=code).exists():
        errors["code"] = _("Another question of this wave has this code.")
    if errors:
        raise ValidationError(errors)
    if order is None:
        order = (wave.questions.aggregate(m=Max("order"))["m"] or 0) + 1
    return Question.objects.create(wave=wave, kind=kind, text=text, code=code,
                                   choices=choices, required=required, order=order)


def _draft_wave_locked(question) -> Wave:
    """The question's wave, its row locked until the transaction ends (a launch
    waits for it); refused once launched: the launch is the boundary."""
    wave = Wave.objects.select_for_update().get(pk=question.wave_id)
    if wave.launched_at:
        raise ValidationError(_("This wave is launched: its questions can no longer change."))
    return wave


def question_edit(*, question: Question, text: str, choices=(), required=False) -> Question:
    """Change a draft wave's question: its text, its choices, whether an answer
    is required. Its type and its code stay (the code compares waves)."""
    errors = {}
    if not text.strip():
        errors["text"] = _("Write the question.")
    choices = _checked_choices(question.kind, choices, errors)
    with transaction.atomic():
        _draft_wave_locked(question)
        if errors:
            raise ValidationError(errors)
        question.text, question.choices, question.required = text.strip(), choices, required
        question.save(update_fields=["text", "choices", "required"])
    return question


def question_remove(*, question: Question) -> None:
    with transaction.atomic():
        _draft_wave_locked(question)
        question.delete()


def question_move(*, question: Question, offset: int) -> Question:
    """Move a draft wave's question one place up (-1) or down (+1): its
    position swaps with its neighbour's, in one transaction. The positions are
    renumbered 1..n first, so two questions at the same position move too.
    At the top (or the bottom), nothing changes."""
    with transaction.atomic():
        wave = _draft_wave_locked(question)
        questions = list(wave.questions.select_for_update().order_by("order", "pk"))
        index = [q.pk for q in questions].index(question.pk)
        target = index + (1 if offset > 0 else -1)
        if 0 <= target < len(questions):
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
    """Freeze the questionnaire; the targeted people are told when it opens."""
    now = now or timezone.now()
    if wave.launched_at:
        raise ValidationError(_("This wave is already launched."))
    if not wave.questions.exists():
        raise ValidationError(_("Add at least one question before launching the wave."))
    if wave.is_closed(now):
        raise ValidationError(_("This wave's period is over."))
    Wave.objects.filter(pk=wave.pk).update(launched_at=now)
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
    if answer.question.kind != Question.Kind.TEXT or status not in Answer.Status.values:
        raise ValidationError(_("Only free-text answers are moderated."))
    Answer.objects.filter(pk=answer.pk).update(status=status)
    answer.status = status
    # Never the answer's words in the log: the wave, the question and the decision.
    audit.record(audit.Action.BAROMETER_ANSWER_MODERATED, actor=actor,
                 details={"wave": answer.question.wave_id, "question": answer.question.code,
                          "status": status})
    return answer


def results_publish(*, wave, now=None, actor=None) -> Wave:
    now = now or timezone.now()
    if not wave.is_closed(now):
        raise ValidationError(_("Results are published once the wave is closed."))
    if wave.results_published_at:
        raise ValidationError(_("These results are already published."))
    Wave.objects.filter(pk=wave.pk).update(results_published_at=now)
    wave.results_published_at = now
    audit.record(audit.Action.BAROMETER_RESULTS_PUBLISHED, actor=actor, target=wave,
                 target_label=f"{wave.barometer.name} — {wave.title}", details={"wave": wave.pk})
    return wave
