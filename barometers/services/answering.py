"""Answering a wave: who is asked, and the anonymous response.

A response is written with no link to its author. What keeps it to one per
person is written beside it, in the same transaction, and never points to it:
a `Participation` row (account, wave) for a signed-in person, a
`DeviceGuard` row (a keyed hash of the browser's token, wave) for an
anonymous one. Both are unique: two submissions racing on PostgreSQL, the
second waits for the first's insert, then fails on the constraint and writes
nothing.
"""

from __future__ import annotations

import secrets

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

import audit
from communities.models import Circle

from ..models import Answer, DeviceGuard, Participation, Question, Response, Wave

TEXT_MAX = 2000


class AlreadyAnswered(ValidationError):
    pass


def targeted_people(wave):
    """The accounts the wave asks, or None when it asks the public."""
    User = get_user_model()
    if wave.target == Wave.Target.TERRITORY:
        found = User.objects.filter(memberships__community__territory__iexact=wave.territory)
    elif wave.target == Wave.Target.COUNCIL:
        found = User.objects.filter(council_seats__council_id=wave.council_id,
                                    council_seats__ended_at__isnull=True)
    elif wave.target == Wave.Target.COMMUNITY:
        found = User.objects.filter(memberships__community_id=wave.community_id,
                                    memberships__circle__gte=wave.min_circle or Circle.CITIZENS)
    else:
        return None
    return found.filter(is_active=True).distinct()


def is_targeted(wave, user) -> bool:
    """May this person (perhaps anonymous) answer the wave? One query at most."""
    if wave.target == Wave.Target.PUBLIC:
        return True
    if not user.is_authenticated:
        return False
    return targeted_people(wave).filter(pk=user.pk).exists()


def new_device_token() -> str:
    return secrets.token_urlsafe(32)


def device_hash(wave, token: str) -> str:
    """One-way and keyed (SECRET_KEY): the table cannot be matched with a
    browser's cookie without the key, and differs from wave to wave."""
    return salted_hmac("barometers.device", f"{wave.pk}:{token}", algorithm="sha256").hexdigest()


def _int(raw: str):
    try:
        return int(str(raw).strip())
    except (TypeError, ValueError):
        return None


def _parse(question: Question, raw: list[str]):
    """[(value, text), ...] for one question, or raise ValidationError(message)."""
    raw = [r for r in raw if str(r).strip()]
    if question.kind == Question.Kind.TEXT:
        text = "\n".join(str(r).strip() for r in raw)
        if len(text) > TEXT_MAX:
            raise ValidationError(_("Keep your answer under %(max)d characters.")
                                  % {"max": TEXT_MAX}, code="too_long")
        return [(None, text)] if text else []
    values = [_int(r) for r in raw]
    if question.kind == Question.Kind.SCALE:
        if len(values) > 1 or any(v not in Question.SCALE for v in values):
            raise ValidationError(_("Give a value from 1 to 5."), code="bad_value")
        return [(v, "") for v in values]
    if any(v is None or not 0 <= v < len(question.choices) for v in values):
        raise ValidationError(_("Choose among the choices given."), code="bad_choice")
    if question.kind == Question.Kind.SINGLE and len(values) > 1:
        raise ValidationError(_("Choose one answer only."), code="one_only")
    return [(v, "") for v in sorted(set(values))]


def validated_answers(questions, data) -> list[tuple[Question, int | None, str]]:
    """The rows of one response, each answer checked as online; raises
    ValidationError, a dict by question's field name when it is about one."""
    errors, rows = {}, []
    for question in questions:
        try:
            parsed = _parse(question, list(data.get(question.field_name, [])))
        except ValidationError as error:
            errors[question.field_name] = error
            continue
        if question.required and not parsed:
            errors[question.field_name] = ValidationError(
                _("This question needs an answer."), code="required")
        rows.extend((question, value, text) for value, text in parsed)
    if errors:
        raise ValidationError(errors)
    if not rows:
        raise ValidationError(_("Answer at least one question."), code="empty")
    return rows


def _check_may_answer(wave, user, now):
    if not wave.is_open(now):
        raise ValidationError(_("This survey is not open: answers are taken from %(opens)s "
                                "until %(closes)s.") % {
            "opens": timezone.localtime(wave.opens_at).strftime("%d/%m/%Y %H:%M"),
            "closes": timezone.localtime(wave.closes_at).strftime("%d/%m/%Y %H:%M")})
    if not is_targeted(wave, user):
        raise ValidationError(_("This survey is asked to other people."))


def response_submit(*, wave, data, user, device_token: str = "", now=None) -> Response:
    """Record one anonymous response. `data`: {question.field_name: [raw values]}.
    A signed-in person answers once per wave; an anonymous one once per
    browser (`device_token`, from a signed cookie). Raises ValidationError
    (per question when it is about one) and stores nothing then."""
    now = now or timezone.now()
    _check_may_answer(wave, user, now)
    rows = validated_answers(list(wave.questions.all()), data)
    if not user.is_authenticated and not device_token:
        raise ValidationError(_("Your browser must accept cookies to answer anonymously."))
    try:
        with transaction.atomic():
            if user.is_authenticated:
                Participation.objects.create(wave=wave, user=user)
            else:
                DeviceGuard.objects.create(wave=wave, token_hash=device_hash(wave, device_token))
            response = Response.objects.create(wave=wave)
            Answer.objects.bulk_create(
                Answer(response=response, question=q, value=value, text=text)
                for q, value, text in rows
            )
    except IntegrityError:
        raise AlreadyAnswered(_("You have already answered this survey: thank you."),
                              code="already_answered") from None
    return response


def has_answered(wave, user, device_token: str) -> bool:
    if user.is_authenticated:
        return Participation.objects.filter(wave=wave, user=user).exists()
    return bool(device_token) and DeviceGuard.objects.filter(
        wave=wave, token_hash=device_hash(wave, device_token)).exists()


def store_paper(*, wave, validated: list, actor, now) -> int:
    """Store questionnaires already validated (one list of rows each), on the
    terms of every paper questionnaire: see `Wave.takes_paper`."""
    with transaction.atomic():
        # Under the wave's lock: results published by another request are
        # seen here, and a publication waits for these questionnaires.
        locked = Wave.objects.select_for_update().get(pk=wave.pk)
        if locked.results_published_at:
            raise ValidationError(
                _("The results of this wave are published: no questionnaire can be added."),
                code="published")
        if not locked.takes_paper(now):
            raise ValidationError(
                _("This wave has not opened yet: questionnaires are entered from %(opens)s.")
                % {"opens": timezone.localtime(locked.opens_at).strftime("%d/%m/%Y %H:%M")},
                code="not_open")
        responses = Response.objects.bulk_create(Response(wave=wave) for _ in validated)
        Answer.objects.bulk_create(
            Answer(response=response, question=q, value=value, text=text)
            for response, answers in zip(responses, validated, strict=True)
            for q, value, text in answers
        )
        # Who entered how many, never what they say.
        audit.record(audit.Action.BAROMETER_PAPER_ENTERED, actor=actor, target=wave,
                     target_label=f"{wave.barometer.name} — {wave.title}",
                     details={"wave": wave.pk, "questionnaires": len(validated)})
    return len(validated)


def paper_response_enter(*, wave, data, actor, now=None) -> int:
    """One questionnaire collected on paper or at the door, typed in by an
    agent of the barometer (its page: "Enter a paper questionnaire"). Checked
    as an answer online, with its errors per question; entered once the wave
    has opened and until its results are published (interviewers type their
    bundles in after the wave closes). No participation row: the interviewers
    keep to one per person. Returns 1."""
    rows = validated_answers(list(wave.questions.all()), data)
    return store_paper(wave=wave, validated=[rows], actor=actor, now=now or timezone.now())


def responses_import(*, wave, rows: list[dict], actor=None, now=None) -> int:
    """A bundle of paper questionnaires at once (the demo's waves), each
    validated as an answer online; all or nothing, on the same terms as
    `paper_response_enter`. Returns the number recorded."""
    questions = list(wave.questions.all())
    validated = []
    for number, data in enumerate(rows, start=1):
        try:
            validated.append(validated_answers(questions, data))
        except ValidationError as error:
            raise ValidationError(_("Questionnaire %(n)d: %(errors)s") % {
                "n": number, "errors": " ".join(error.messages)}) from None
    return store_paper(wave=wave, validated=validated, actor=actor, now=now or timezone.now())
