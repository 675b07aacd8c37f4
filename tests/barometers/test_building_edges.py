"""Building a barometer at its edges: each refusal's field, code and words,
each boundary on both sides (a wave closing when it opens, launching or
publishing at the closing instant), and the wave read again under its lock,
so that an agent's stale page changes nothing."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import formats, timezone

from audit.models import AuditEntry
from barometers import services
from barometers.models import Answer, Barometer, Question, Wave
from tests.refusals import refusals

from .conftest import add_questions, answers, make_wave

pytestmark = pytest.mark.django_db

HOUR = dt.timedelta(hours=1)


def draft(barometer, *, questions=True, **fields):
    now = timezone.now()
    values = {"title": "Draft", "opens_at": now - HOUR, "closes_at": now + 24 * HOUR}
    values.update(fields)
    wave = services.wave_create(barometer=barometer, **values)
    return add_questions(wave) if questions else wave


def stale(wave) -> Wave:
    """The wave as a page read it before someone else's change."""
    return Wave.objects.get(pk=wave.pk)


# The barometer -----------------------------------------------------------------------

def test_an_address_taken_is_refused(barometer, direction):
    assert refusals(lambda: services.barometer_create(
        name="Autre", slug="barometre", direction=direction)) == [
        ("slug", "A barometer already has this address.", "slug_taken")]
    assert Barometer.objects.count() == 1


def test_an_address_taken_meanwhile_is_refused_in_the_same_words(barometer, direction,
                                                                   monkeypatch):
    real = Barometer.objects.filter
    monkeypatch.setattr(Barometer.objects, "filter", lambda **kw: real(pk=-1))
    assert refusals(lambda: services.barometer_create(
        name="Autre", slug="barometre", direction=direction)) == [
        ("slug", "A barometer already has this address.", "slug_taken")]
    assert Barometer.objects.count() == 1


# A wave ----------------------------------------------------------------------------------

def test_a_wave_closing_when_it_opens_is_refused_a_second_later_is_not(barometer):
    now = timezone.now()
    assert refusals(lambda: services.wave_create(
        barometer=barometer, title="W", opens_at=now, closes_at=now)) == [
        ("closes_at", "The wave must close after it opens.", "closes_before_opening")]
    wave = services.wave_create(barometer=barometer, title="W", opens_at=now,
                                closes_at=now + dt.timedelta(seconds=1))
    assert Wave.objects.get() == wave


@pytest.mark.parametrize(("target", "fields", "expected"), [
    (Wave.Target.TERRITORY, {"territory": "  "}, (
        "territory", "Name the territory the wave is asked in.", "required")),
    (Wave.Target.COUNCIL, {}, (
        "council", "Choose the council whose members are asked.", "required")),
    (Wave.Target.COMMUNITY, {"min_circle": 2}, (
        "community", "Choose the community and the circle asked.", "required")),
    (Wave.Target.COMMUNITY, {"community": "x"}, (
        "community", "Choose the community and the circle asked.", "required")),
    ("everyone", {}, ("target", "Choose who is asked.", "bad_target")),
])
def test_each_target_needs_its_own_field(barometer, target, fields, expected):
    now = timezone.now()
    assert refusals(lambda: services.wave_create(
        barometer=barometer, title="W", opens_at=now, closes_at=now, target=target,
        **fields)) == sorted([
        expected, ("closes_at", "The wave must close after it opens.", "closes_before_opening")])
    assert not Wave.objects.exists()


def test_a_wave_keeps_what_its_target_needs_and_nothing_else(barometer, community, direction):
    from councils import services as councils

    council = councils.council_create(
        name="Conseil", slug="conseil", territory="Malakoff", direction=direction,
        term_start=dt.date(2026, 1, 1), term_end=dt.date(2028, 1, 1),
        colleges=[("Habitants", 4)], sub_areas=["Nord"])
    territory = draft(barometer, questions=False, target=Wave.Target.TERRITORY,
                      territory="  Malakoff  ", council=council)
    public = draft(barometer, questions=False, territory="Malakoff", council=council,
                   community=community, min_circle=2)
    by_council = draft(barometer, questions=False, target=Wave.Target.COUNCIL, council=council,
                       territory="Malakoff")
    stored = {w.pk: w for w in Wave.objects.all()}
    assert (stored[territory.pk].territory, stored[territory.pk].council) == ("Malakoff", None)
    assert (stored[public.pk].territory, stored[public.pk].council,
            stored[public.pk].community, stored[public.pk].min_circle) == ("", None, None, None)
    assert (stored[by_council.pk].council, stored[by_council.pk].territory) == (council, "")


# Its questions ---------------------------------------------------------------------------

def test_every_refusal_of_a_question_is_reported_at_once(barometer):
    wave = draft(barometer)
    assert refusals(lambda: services.question_add(
        wave=wave, kind="essay", text="  ", code="image")) == [
        ("code", "Another question of this wave has this code.", "code_taken"),
        ("kind", "Choose the type of question.", "bad_kind"),
        ("text", "Write the question.", "required"),
    ]
    assert wave.questions.count() == 4


@pytest.mark.parametrize(("choices", "expected"), [
    (["Oui", "  "], ("choices", "Give at least two choices, one per line.", "too_few_choices")),
    (["Oui", " Oui "], ("choices", "Two choices are the same.", "choice_twice")),
])
def test_a_choice_question_needs_two_different_choices(barometer, choices, expected):
    wave = draft(barometer)
    assert refusals(lambda: services.question_add(
        wave=wave, kind=Question.Kind.MULTIPLE, text="Q?", code="q", choices=choices)) == [
        expected]


def test_a_question_is_stored_tidied_and_numbered_after_the_last(barometer):
    wave = draft(barometer)
    other = draft(barometer, title="Other")
    Question.objects.filter(wave=wave, code="idee").update(order=9)
    added = services.question_add(wave=wave, kind=Question.Kind.SCALE, text="  Note ?  ",
                                  code="image-2", choices=["A", "B"], required=True)
    again = services.question_add(wave=other, kind=Question.Kind.SINGLE, text="Q?",
                                  code="image-2", choices=[" A ", "B", " "], order=3)
    added, again = Question.objects.get(pk=added.pk), Question.objects.get(pk=again.pk)
    assert (added.wave, added.text, added.choices, added.required, added.order) == (
        wave, "Note ?", [], True, 10)
    assert (again.wave, again.choices, again.required, again.order) == (
        other, ["A", "B"], False, 3)


def test_a_first_question_is_number_one(barometer):
    wave = draft(barometer, questions=False)
    assert services.question_add(wave=wave, kind=Question.Kind.TEXT, text="Q?",
                                 code="q").order == 1


def test_a_question_for_a_wave_launched_meanwhile_is_refused(barometer):
    wave = draft(barometer)
    page = stale(wave)
    services.wave_launch(wave=wave)
    assert refusals(lambda: services.question_add(
        wave=page, kind=Question.Kind.TEXT, text="Q?", code="late")) == [
        (None, "This wave is launched: its questions can no longer change.", "launched")]
    assert wave.questions.count() == 4


def test_an_edited_question_needs_its_text_and_is_stored_tidied(barometer):
    question = draft(barometer).questions.get(code="image")
    assert refusals(lambda: services.question_edit(
        question=question, text=None, choices=["A"])) == [
        ("choices", "Give at least two choices, one per line.", "too_few_choices"),
        ("text", "Write the question.", "required"),
    ]
    services.question_edit(question=question, text="  Mieux ?  ", choices=["A", "B"])
    assert Question.objects.get(pk=question.pk).text == "Mieux ?"


# Launching ---------------------------------------------------------------------------------

def test_a_wave_without_questions_is_not_launched(barometer):
    wave = draft(barometer, questions=False)
    assert refusals(lambda: services.wave_launch(wave=wave)) == [
        (None, "Add at least one question before launching the wave.", "no_questions")]
    assert Wave.objects.get().launched_at is None


def test_launching_at_the_closing_instant_is_refused_a_second_before_is_not(barometer):
    wave = draft(barometer)
    assert refusals(lambda: services.wave_launch(wave=wave, now=wave.closes_at)) == [
        (None, "This wave's period is over.", "closed")]
    assert Wave.objects.get().launched_at is None
    before = wave.closes_at - dt.timedelta(seconds=1)
    assert services.wave_launch(wave=wave, now=before).launched_at == before
    assert Wave.objects.get().launched_at == before


def test_a_wave_launched_from_another_page_is_not_launched_again(barometer):
    wave = draft(barometer)
    page = stale(wave)
    services.wave_launch(wave=wave)
    first = Wave.objects.get().launched_at
    assert refusals(lambda: services.wave_launch(wave=page)) == [
        (None, "This wave is already launched.", "launched")]
    assert Wave.objects.get().launched_at == first


def test_questions_removed_from_another_page_leave_nothing_to_launch(barometer):
    wave = draft(barometer)
    page = stale(wave)
    for question in wave.questions.all():
        services.question_remove(question=question)
    assert refusals(lambda: services.wave_launch(wave=page)) == [
        (None, "Add at least one question before launching the wave.", "no_questions")]


# Moderating and publishing ---------------------------------------------------------------

@pytest.fixture
def answered(barometer):
    wave = make_wave(barometer)
    services.response_submit(wave=wave, user=AnonymousUser(), device_token="d",
                             data=answers(wave, text="Des bancs"))
    return wave


def test_moderation_takes_a_decision_on_free_text_only(answered, agent):
    text = Answer.objects.get(question__kind=Question.Kind.TEXT)
    scale = Answer.objects.get(question__kind=Question.Kind.SCALE)
    assert refusals(lambda: services.answer_moderate(answer=scale, status="hidden")) == [
        (None, "Only free-text answers are moderated.", "not_text")]
    assert refusals(lambda: services.answer_moderate(answer=text, status="deleted")) == [
        (None, "Choose a decision.", "bad_status")]
    assert Answer.objects.get(pk=text.pk).status == "pending"
    assert services.answer_moderate(answer=text, status="hidden", actor=agent).status == "hidden"
    assert Answer.objects.get(pk=text.pk).status == "hidden"
    assert list(AuditEntry.objects.filter(action="barometer.answer_moderated").values_list(
        "actor", "details")) == [(
            agent.pk, {"wave": answered.pk, "question": "idee", "status": "hidden"})]


def test_results_are_published_from_the_closing_instant_once(answered, agent):
    closes = answered.closes_at
    assert refusals(lambda: services.results_publish(
        wave=answered, now=closes - dt.timedelta(seconds=1))) == [
        (None, "Results are published once the wave is closed.", "not_closed")]
    page = stale(answered)
    services.results_publish(wave=answered, now=closes, actor=agent)
    assert Wave.objects.get(pk=answered.pk).results_published_at == closes
    assert refusals(lambda: services.results_publish(wave=page, now=closes, actor=agent)) == [
        (None, "These results are already published.", "published")]
    assert list(AuditEntry.objects.filter(action="barometer.results_published").values_list(
        "actor", "target_label", "details")) == [(
            agent.pk, f"Baromètre des habitants — {answered.title}", {"wave": answered.pk})]


def test_a_barometer_keeps_what_it_is_given(direction):
    plain = services.barometer_create(name="A", slug="a", direction=direction)
    described = services.barometer_create(name="B", slug="b", direction=direction,
                                          description="Deux fois l'an.")
    stored = {b.slug: b for b in Barometer.objects.all()}
    assert (stored["a"].name, stored["a"].description, stored["a"].direction) == (
        "A", "", direction)
    assert (stored["b"], stored["b"].description) == (described, "Deux fois l'an.")
    assert plain == stored["a"]


def test_a_wave_keeps_its_title_and_a_territory_wave_needs_one_given(barometer):
    now = timezone.now()
    assert refusals(lambda: services.wave_create(
        barometer=barometer, title="W", opens_at=now, closes_at=now + HOUR,
        target=Wave.Target.TERRITORY)) == [
        ("territory", "Name the territory the wave is asked in.", "required")]
    wave = services.wave_create(barometer=barometer, title="Printemps", opens_at=now,
                                closes_at=now + HOUR)
    assert Wave.objects.get(pk=wave.pk).title == "Printemps"


def test_a_question_without_text_is_refused(barometer):
    wave = draft(barometer)
    assert refusals(lambda: services.question_add(
        wave=wave, kind=Question.Kind.TEXT, text=None, code="q")) == [
        ("text", "Write the question.", "required")]


def test_an_edit_without_required_makes_the_answer_optional(barometer):
    question = draft(barometer).questions.get(code="cadre-de-vie")
    assert question.required
    services.question_edit(question=question, text="Note ?")
    assert Question.objects.get(pk=question.pk).required is False


def test_a_move_of_zero_renumbers_and_moves_nothing(barometer):
    wave = draft(barometer)
    Question.objects.filter(wave=wave).update(order=5)
    last = wave.questions.order_by("pk").last()
    moved = services.question_move(question=last, offset=0)
    assert moved.order == 4
    assert list(wave.questions.order_by("order").values_list("pk", flat=True)) == list(
        wave.questions.order_by("pk").values_list("pk", flat=True))


def test_publishing_tells_the_page_and_costs_a_fixed_number_of_queries(
        answered, agent, django_assert_num_queries):
    # The wave locked with its barometer, the write, the audit line, and the
    # savepoint's two.
    with django_assert_num_queries(5):
        published = services.results_publish(wave=answered, now=answered.closes_at,
                                              actor=agent)
    assert published.results_published_at == answered.closes_at


# Announcing ------------------------------------------------------------------------------

def told() -> list:
    from notifications.models import Notification

    return list(Notification.objects.filter(kind="barometer_wave_opened").values_list(
        "recipient", "url", "data"))


@pytest.fixture
def circle_wave(barometer, community, informed):
    """A wave for the community's informed circle, launched, opening tomorrow."""
    wave = make_wave(barometer, title="Automne", target=Wave.Target.COMMUNITY,
                     community=community, min_circle=2, days_ago=-1, launch=False)
    services.wave_launch(wave=wave)
    return Wave.objects.get(pk=wave.pk)


def test_a_wave_is_announced_from_its_opening_instant_to_its_closing_one(circle_wave, informed):
    opens, closes = circle_wave.opens_at, circle_wave.closes_at
    assert services.waves_announce_due(now=opens - dt.timedelta(seconds=1)) == 0
    assert told() == []
    assert services.waves_announce_due(now=opens) == 1
    assert Wave.objects.get(pk=circle_wave.pk).announced_at == opens
    [(recipient, url, data)] = told()
    assert (recipient, url) == (informed.pk, circle_wave.get_absolute_url())
    assert (data["barometer"], data["wave"]) == ("Baromètre des habitants", "Automne")
    assert data["closes"] == formats.date_format(timezone.localtime(closes),
                                                 "DATETIME_FORMAT")
    assert services.waves_announce_due(now=opens) == 0


def test_a_wave_closed_or_not_launched_is_not_announced(barometer, circle_wave):
    draft_wave = draft(barometer, title="Brouillon")
    assert services.waves_announce_due(now=circle_wave.closes_at) == 0
    assert services.waves_announce_due(now=draft_wave.opens_at + HOUR) == 0
    assert (Wave.objects.get(pk=circle_wave.pk).announced_at,
            Wave.objects.get(pk=draft_wave.pk).announced_at) == (None, None)
    assert told() == []


def test_a_public_wave_is_marked_announced_and_tells_no_one(barometer):
    wave = make_wave(barometer, days_ago=-1, launch=False)
    services.wave_launch(wave=wave)
    assert services.waves_announce_due(now=wave.opens_at) == 0
    assert Wave.objects.get(pk=wave.pk).announced_at == wave.opens_at
    assert told() == []


def test_a_launch_after_the_opening_announces_at_the_launch_time(barometer, community,
                                                                 informed):
    late = make_wave(barometer, title="Tard", target=Wave.Target.COMMUNITY,
                     community=community, min_circle=2, days_ago=-1, launch=False)
    now = late.opens_at + HOUR
    services.wave_launch(wave=late, now=now)
    assert Wave.objects.get(pk=late.pk).announced_at == now
    assert [recipient for recipient, _url, _data in told()] == [informed.pk]


def test_every_due_wave_is_announced_and_those_that_tell_someone_counted(
        barometer, community, informed):
    public = make_wave(barometer, title="Public", days_ago=-1, launch=False)
    circles = [make_wave(barometer, title=f"Cercle {n}", target=Wave.Target.COMMUNITY,
                         community=community, min_circle=2, days_ago=-1, launch=False)
               for n in range(2)]
    for wave in (public, *circles):
        services.wave_launch(wave=wave)
    assert services.waves_announce_due(now=circles[-1].opens_at) == 2
    assert not Wave.objects.filter(announced_at__isnull=True).exists()
    assert len(told()) == 2


def test_a_wave_not_due_is_never_taken_for_a_due_one(barometer, circle_wave):
    earlier = draft(barometer, title="Brouillon", opens_at=circle_wave.opens_at - HOUR,
                    closes_at=circle_wave.closes_at)
    assert services.waves_announce_due(now=circle_wave.opens_at) == 1
    assert Wave.objects.get(pk=earlier.pk).announced_at is None
    assert Wave.objects.get(pk=circle_wave.pk).announced_at == circle_wave.opens_at


def test_announcing_a_wave_costs_a_fixed_number_of_queries(circle_wave,
                                                           django_assert_num_queries):
    # The due waves, the wave locked with its barometer, its mark, the people
    # asked, their notification: 8 with the savepoints.
    with django_assert_num_queries(8):
        assert services.waves_announce_due(now=circle_wave.opens_at) == 1


def test_a_pasted_questions_control_characters_are_dropped_so_its_templates_open(barometer):
    """Word pastes a vertical tab for a line break and a bell after a table
    cell: invisible, refused by every spreadsheet file (terreau/text.py)."""
    wave = draft(barometer)
    question = services.question_add(
        wave=wave, kind=Question.Kind.SINGLE, text="Votre\x0bquartier\x07 ?", code="quartier",
        choices=["Nord\x07", "\x01", "Sud\x1f"])
    question.refresh_from_db()
    assert (question.text, question.choices) == ("Votre quartier ?", ["Nord", "Sud"])
    services.question_edit(question=question, text="\x08Votre quartier ?",
                           choices=["Nord", "Sud\x07", "Centre\x7f"])
    question.refresh_from_db()
    assert (question.text, question.choices) == ("Votre quartier ?", ["Nord", "Sud", "Centre"])
    # Only control characters: as if nothing were written.
    assert refusals(lambda: services.question_edit(question=question, text="\x07\x0b",
                                                   choices=["Nord", "\x07"])) == [
        ("choices", "Give at least two choices, one per line.", "too_few_choices"),
        ("text", "Write the question.", "required"),
    ]
