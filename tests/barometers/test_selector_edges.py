"""The barometers' reads at their edges (barometers/selectors.py): a question
nobody answered, a mean and a share to their decimal, the comparison's order
of waves and indicators, an export's empty and out-of-range cells, and what
the pages read in their fixed number of queries."""

import datetime as dt

import pytest
from django.utils import timezone

from barometers import selectors
from barometers.models import Answer, Question, Response, Wave
from barometers.selectors import Bar, Indicator

from .conftest import given_answer, make_wave

pytestmark = pytest.mark.django_db


def _question(wave, code):
    return wave.questions.get(code=code)


def _respond(wave, **by_code):
    """One response: {code: value, a list of values, or a text}."""
    response = Response.objects.create(wave=wave)
    for code, given in by_code.items():
        question = _question(wave, code)
        for value in given if isinstance(given, list) else [given]:
            if isinstance(value, str):
                Answer.objects.create(response=response, question=question, text=value)
            else:
                Answer.objects.create(response=response, question=question, value=value)
    return response


def _result(results, code):
    return next(r for r in results["questions"] if r.question.code == code)


# --- A wave's results -----------------------------------------------------------------


def test_a_question_nobody_answered_has_no_mean_and_shares_of_nothing(public_wave):
    _respond(public_wave, image=1)

    results = selectors.wave_results(public_wave, public=False)
    scale, services = _result(results, "cadre-de-vie"), _result(results, "services")

    assert results["responses"] == 1
    assert (scale.answered, scale.mean, scale.texts) == (0, None, [])
    assert scale.bars == [Bar(str(v), 0, 0.0) for v in range(1, 6)]
    assert services.answered == 0
    assert [b.share for b in services.bars] == [0.0, 0.0, 0.0]
    assert _result(results, "image").bars == [Bar("Yes", 0, 0.0), Bar("No", 1, 100.0),
                                              Bar("I don't know", 0, 0.0)]


def test_a_scales_mean_and_shares_are_rounded_to_their_decimals(public_wave):
    for value in (1, 1, 2):
        _respond(public_wave, **{"cadre-de-vie": value})

    scale = _result(selectors.wave_results(public_wave, public=False), "cadre-de-vie")

    assert scale.answered == 3
    assert scale.mean == 1.33  # 4 / 3
    assert scale.bars[:3] == [Bar("1", 2, 66.7), Bar("2", 1, 33.3), Bar("3", 0, 0.0)]


def test_a_mean_weighs_each_value_by_its_count(public_wave):
    for value in (5, 5, 5, 1):
        _respond(public_wave, **{"cadre-de-vie": value})

    assert _result(selectors.wave_results(public_wave, public=False),
                   "cadre-de-vie").mean == 4.0


def test_a_multiple_choice_shares_are_of_the_people_who_answered(public_wave):
    _respond(public_wave, services=[0, 2])
    _respond(public_wave, services=[0])
    _respond(public_wave, image=0)  # did not answer "services"

    services = _result(selectors.wave_results(public_wave, public=False), "services")

    assert services.answered == 2
    assert services.bars == [Bar("Library", 2, 100.0), Bar("Health centre", 0, 0.0),
                             Bar("Town hall", 1, 50.0)]


def test_another_waves_answers_and_responses_do_not_count(barometer, public_wave):
    other = make_wave(barometer, title="Other")
    _respond(other, image=0, idee="Ailleurs")
    _respond(other)
    _respond(public_wave, image=1)

    results = selectors.wave_results(public_wave, public=False)

    assert results["responses"] == 1
    assert _result(results, "image").bars[0] == Bar("Yes", 0, 0.0)
    assert _result(results, "idee").texts == []


def test_free_text_skips_empty_answers_and_the_public_reads_the_approved(public_wave):
    _respond(public_wave, idee="")
    pending = _respond(public_wave, idee="Des bancs").answers.get()
    approved = _respond(public_wave, idee="Des arbres").answers.get()
    approved.status = Answer.Status.APPROVED
    approved.save()

    agents = _result(selectors.wave_results(public_wave, public=False), "idee")
    public = _result(selectors.wave_results(public_wave, public=True), "idee")

    assert sorted(a.text for a in agents.texts) == ["Des arbres", "Des bancs"]
    assert agents.answered == 3  # the empty answer was given, and counts
    assert [a.pk for a in public.texts] == [approved.pk]
    assert pending.pk not in [a.pk for a in public.texts]


def test_free_text_comes_in_the_order_of_its_random_ids_not_of_answering(public_wave):
    question = _question(public_wave, "idee")
    for number in ("f", "0", "8"):  # answered in this order
        given_answer(question, number, number=int(number, 16))

    texts = _result(selectors.wave_results(public_wave, public=False), "idee").texts

    assert [a.text for a in texts] == ["0", "8", "f"]


# --- The moderation's lists -----------------------------------------------------------


def test_moderation_lists_non_empty_free_text_of_the_wave_by_question(barometer, public_wave):
    extra = Question.objects.create(wave=public_wave, order=0, code="autre",
                                    kind=Question.Kind.TEXT, text="Anything else?")
    _respond(public_wave, idee="Des bancs", image=1)
    _respond(public_wave, idee="")
    first = _respond(public_wave, autre="Merci").answers.get()
    given_answer(_question(public_wave, "image"), "(sic)", value=0)
    _respond(make_wave(barometer, title="Other"), idee="Ailleurs")

    listed = list(selectors.texts_to_moderate(public_wave))

    assert [(a.question.code, a.text) for a in listed] == [("autre", "Merci"),
                                                           ("idee", "Des bancs")]
    assert listed[0].pk == first.pk and extra.order < listed[1].question.order
    assert selectors.moderation_counts(public_wave) == {"pending": 2, "approved": 0,
                                                         "hidden": 0}
    assert list(selectors.texts_to_moderate(public_wave, Answer.Status.HIDDEN)) == []


def test_moderation_keeps_each_questions_answers_together_in_a_stable_order(public_wave):
    # Two questions in the same place (a question moved, say): never interleaved.
    first = Question.objects.create(wave=public_wave, order=7, code="a", text="A?",
                                    kind=Question.Kind.TEXT)
    second = Question.objects.create(wave=public_wave, order=7, code="b", text="B?",
                                     kind=Question.Kind.TEXT)
    for question, number in ((second, "0"), (first, "f"), (first, "1"), (second, "e")):
        given_answer(question, number, number=int(number, 16))

    listed = [(a.question.code, a.text) for a in selectors.texts_to_moderate(public_wave)]

    assert listed == [("a", "1"), ("a", "f"), ("b", "0"), ("b", "e")]


def test_moderation_reads_each_answers_question_in_one_query(public_wave,
                                                             django_assert_num_queries):
    for text in ("a", "b", "c"):
        _respond(public_wave, idee=text)

    with django_assert_num_queries(1):
        listed = [(a.text, a.question.text) for a in selectors.texts_to_moderate(public_wave)]

    assert len(listed) == 3


# --- Comparing the waves --------------------------------------------------------------


def test_waves_and_indicators_follow_the_waves_opening(barometer):
    later = make_wave(barometer, title="Later", days_ago=1)
    earlier = make_wave(barometer, title="Earlier", days_ago=20, days_left=-10)
    # First in its wave, yet after every question of the earlier wave.
    Question.objects.create(wave=later, order=0, code="nouveau", kind=Question.Kind.SCALE,
                            text="New?")
    _respond(earlier, **{"cadre-de-vie": 2})
    _respond(later, **{"cadre-de-vie": 4, "nouveau": 5})

    data = selectors.comparison(barometer, public=False)

    assert [w.title for w in data["waves"]] == ["Earlier", "Later"]
    first, last = data["indicators"][0], data["indicators"][-1]
    assert first == Indicator("cadre-de-vie", "How do you rate your living conditions?",
                              "mean", [2.0, 4.0])
    assert last == Indicator("nouveau", "New?", "mean", [None, 5.0])


def test_waves_opening_together_are_compared_in_the_order_they_were_made(barometer):
    opens = timezone.now() - dt.timedelta(days=3)
    # The first wave's row is stored after the second's (a restored backup, say).
    for pk, title in ((900_002, "Second"), (900_001, "First")):
        Wave.objects.create(id=pk, barometer=barometer, title=title, opens_at=opens,
                            closes_at=opens + dt.timedelta(days=9), launched_at=opens)

    assert [w.title for w in selectors.comparison(barometer, public=False)["waves"]] == [
        "First", "Second"]


def test_a_choice_nobody_answered_in_a_wave_has_no_point(barometer):
    asked = make_wave(barometer, title="Asked", days_ago=20, days_left=-10)
    skipped = make_wave(barometer, title="Skipped")
    _respond(asked, image=0)
    _respond(skipped, **{"cadre-de-vie": 3})

    indicators = {i.label: i for i in selectors.comparison(barometer, public=False)["indicators"]}

    assert indicators["Has the image of the neighbourhood improved? — Yes"] == Indicator(
        "image", "Has the image of the neighbourhood improved? — Yes", "%", [100.0, None])
    assert indicators["Has the image of the neighbourhood improved? — No"].points == [0.0, None]
    assert "An idea for the neighbourhood?" not in indicators


def test_the_public_compares_published_waves_and_agents_every_launched_one(barometer):
    published = make_wave(barometer, title="Published", days_ago=20, days_left=-10)
    Wave.objects.filter(pk=published.pk).update(results_published_at=timezone.now())
    make_wave(barometer, title="Running")
    make_wave(barometer, title="Draft", launch=False)

    assert [w.title for w in selectors.comparison(barometer, public=True)["waves"]] == [
        "Published"]
    assert [w.title for w in selectors.comparison(barometer, public=False)["waves"]] == [
        "Published", "Running"]


# --- The export -----------------------------------------------------------------------


def test_an_export_leaves_unanswered_cells_empty_and_skips_values_out_of_range(public_wave):
    _respond(public_wave, image=1, services=[2, 0, 3], idee="Des bancs")

    header, rows = selectors.export_rows(public_wave)

    assert header == [q.text for q in public_wave.questions.all()]
    assert rows == [["", "No", "Library | Town hall", "Des bancs"]]


def test_an_export_has_one_row_per_response(public_wave):
    _respond(public_wave, **{"cadre-de-vie": 5})
    _respond(public_wave, **{"cadre-de-vie": 2})

    assert sorted(selectors.export_rows(public_wave)[1]) == [[2, "", "", ""], [5, "", "", ""]]


# --- The pages' reads -----------------------------------------------------------------


def test_a_barometers_page_reads_its_direction_and_waves_in_fixed_queries(
        barometer, community, direction, django_assert_num_queries):
    from councils.services import council_create

    council = council_create(name="Conseil citoyen", slug="conseil", territory="Malakoff",
                             direction=direction, term_start=dt.date(2026, 1, 1),
                             term_end=dt.date(2028, 12, 31), colleges=[("Habitants", 5)],
                             sub_areas=["Nord"])
    wave = make_wave(barometer, title="Circle", target=Wave.Target.COMMUNITY,
                     community=community, min_circle=1)
    for _ in range(3):
        _respond(wave, image=0, services=[0, 1])
    make_wave(barometer, title="Council", days_ago=2, target=Wave.Target.COUNCIL,
              council=council)

    with django_assert_num_queries(2):
        page = selectors.barometer_page(barometer.slug)
        waves = selectors.waves_of(page)
        read = [(page.direction.name, w.title, w.response_count,
                 w.community and w.community.name, w.council and w.council.name)
                for w in waves for _ in (1, 2)]

    assert sorted(set(read)) == [
        ("Cohésion urbaine", "Circle", 3, "Malakoff", None),
        ("Cohésion urbaine", "Council", 0, None, "Conseil citoyen")]


def test_the_list_counts_each_barometers_waves(barometer, direction):
    from barometers import services

    make_wave(barometer)
    make_wave(barometer, title="Two")
    services.barometer_create(name="Autre", slug="autre", direction=direction)

    assert [(b.name, b.wave_count) for b in selectors.barometers_listed()] == [
        ("Autre", 0), ("Baromètre des habitants", 2)]

