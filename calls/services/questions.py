"""A call's questions and answers: before applying, a project carrier asks
(seed 002 asks for support to carriers before they apply); the call's
agents answer, publicly (the answer joins the call's page, for every
applicant alike) or to the asker alone (a question about their own case),
and may publish an entry of their own. The asker is told of the answer, the
agents of a new question. Every check comes before any write."""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from notifications import services as notifications

from .. import kinds
from ..models import Call, Question

MAX_LENGTH = 2000
# Unanswered questions one person may have on one call at a time.
MAX_PENDING = 5


def _text(value: str, field: str, empty: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: ValidationError(empty, code="empty")})
    if len(value) > MAX_LENGTH:
        raise ValidationError({field: ValidationError(
            _("%(max)s characters at most; this text has %(count)s.")
            % {"max": MAX_LENGTH, "count": len(value)},
            code="too_long")})
    return value


def _when(instant: datetime) -> str:
    """As the call's page writes the same sentence (calls/call_detail.html):
    "1 February 2027, 10:00", not DATETIME_FORMAT's "Feb. 1, 2027, 10 a.m."
    whose full stop would meet the sentence's."""
    return formats.date_format(timezone.localtime(instant), "j F Y, H:i")


def check_open(call: Call, now: datetime) -> None:
    """Questions are asked while the call is open: from its opening
    (included) to its deadline (excluded), like the applications."""
    if call.state != Call.State.PUBLISHED:
        raise ValidationError(_("This call is not published."), code="draft")
    if now < call.opens_at:
        raise ValidationError(
            _("Questions open with the call, on %(date)s.") % {"date": _when(call.opens_at)},
            code="not_open")
    if now >= call.closes_at:
        raise ValidationError(
            _("Questions closed with the call, on %(date)s.") % {"date": _when(call.closes_at)},
            code="closed")


def _questions_page(call: Call) -> str:
    return reverse("calls:questions", kwargs={"slug": call.slug})


def question_ask(*, call: Call, user, text: str, now: datetime | None = None) -> Question:
    now = now or timezone.now()
    with transaction.atomic():
        # The call's row serialises one person's questions: the limit holds
        # when they send two at once.
        call = Call.objects.select_for_update().get(pk=call.pk)
        check_open(call, now)
        text = _text(text, "text", _("Write your question."))
        pending = Question.objects.filter(call=call, asked_by=user,
                                          answered_at__isnull=True).count()
        if pending >= MAX_PENDING:
            raise ValidationError(
                _("You already have %(count)s questions waiting for an answer on this call: "
                  "the call's team answers them before you ask more.") % {"count": pending},
                code="too_many")
        question = Question.objects.create(call=call, asked_by=user, text=text)
        # An asker who is one of the agents is left out by notify(), as the actor.
        agents = get_user_model().objects.filter(directions=call.direction_id)
        notifications.notify(
            list(agents), kinds.QUESTION_ASKED, actor=user, url=_questions_page(call),
            data={"call": call.title, "text": text[:200]},
        )
    return question


def question_answer(*, question: Question, agent, answer: str, public: bool,
                    now: datetime | None = None) -> Question:
    """Answer (or rewrite the answer); the asker is told each time the
    answer changes."""
    with transaction.atomic():
        question = Question.objects.select_for_update().select_related("call").get(
            pk=question.pk)
        answer = _text(answer, "answer", _("Write the answer."))
        if question.answer == answer and question.public == public:
            return question
        question.answer = answer
        question.public = public
        question.answered_by = agent
        question.answered_at = now or timezone.now()
        question.save(update_fields=["answer", "public", "answered_by", "answered_at"])
        # notify() leaves out a team entry's asker (none) and an agent
        # answering their own question (the actor).
        notifications.notify(
            [question.asked_by], kinds.QUESTION_ANSWERED, actor=agent,
            url=question.call.get_absolute_url() + f"#question-{question.pk}",
            data={"call": question.call.title, "question": question.text[:200],
                  "public": public},
        )
    return question


def question_entry_add(*, call: Call, agent, text: str, answer: str,
              now: datetime | None = None) -> Question:
    """A question and its answer published at once by the call's team (the
    questions every applicant will ask)."""
    now = now or timezone.now()
    text = _text(text, "text", _("Write the question."))
    answer = _text(answer, "answer", _("Write the answer."))
    if call.closes_at <= now:
        raise ValidationError(
            _("Questions closed with the call, on %(date)s.") % {"date": _when(call.closes_at)},
            code="closed")
    return Question.objects.create(call=call, asked_by=None, text=text, answer=answer,
                                   answered_by=agent, answered_at=now, public=True)


def question_remove(*, question: Question) -> None:
    """An entry off the call's page for good (a duplicate, a question off
    topic); its asker is not told."""
    Question.objects.filter(pk=question.pk).delete()
