"""A draft wave's questions are edited, removed and reordered by its agents;
from the launch on, each of these is refused with a message and nothing
changes."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from barometers import services
from barometers.models import Question
from tests.factories import UserFactory

from .conftest import make_wave

pytestmark = pytest.mark.django_db

LAUNCHED = "This wave is launched: its questions can no longer change."


@pytest.fixture
def draft(barometer):
    return make_wave(barometer, title="Draft", launch=False)


@pytest.fixture
def launched(barometer):
    return make_wave(barometer, title="Launched")


def codes(wave):
    return list(wave.questions.order_by("order", "pk").values_list("code", flat=True))


def snapshot(wave):
    return list(wave.questions.order_by("pk").values_list("code", "text", "choices", "required",
                                                          "order"))


def url(name, question):
    wave = question.wave
    return reverse(f"barometers:{name}", kwargs={"slug": wave.barometer.slug, "pk": wave.pk,
                                                 "question": question.pk})


# --- The services, on a draft wave


def test_a_draft_question_is_edited_its_type_and_code_stay(draft):
    question = draft.questions.get(code="image")
    services.question_edit(question=question, text=" Is the neighbourhood better? ",
                           choices=["Better", "Worse", " "], required=True)
    question.refresh_from_db()
    assert (question.text, question.choices, question.required) == (
        "Is the neighbourhood better?", ["Better", "Worse"], True)
    assert (question.kind, question.code) == (Question.Kind.SINGLE, "image")


def test_an_edit_with_one_choice_is_refused_and_changes_nothing(draft):
    before = snapshot(draft)
    with pytest.raises(ValidationError) as error:
        services.question_edit(question=draft.questions.get(code="image"), text="New",
                               choices=["Only one"])
    assert error.value.message_dict == {"choices": ["Give at least two choices, one per line."]}
    assert snapshot(draft) == before


def test_a_scale_question_keeps_no_choices(draft):
    question = draft.questions.get(code="cadre-de-vie")
    services.question_edit(question=question, text="Your living conditions?",
                           choices=["a", "b"], required=False)
    question.refresh_from_db()
    assert question.choices == [] and question.required is False


def test_a_draft_question_is_removed(draft):
    services.question_remove(question=draft.questions.get(code="services"))
    assert codes(draft) == ["cadre-de-vie", "image", "idee"]


def test_moving_swaps_a_question_with_its_neighbour(draft):
    assert codes(draft) == ["cadre-de-vie", "image", "services", "idee"]
    services.question_move(question=draft.questions.get(code="services"), offset=-1)
    assert codes(draft) == ["cadre-de-vie", "services", "image", "idee"]
    services.question_move(question=draft.questions.get(code="cadre-de-vie"), offset=1)
    assert codes(draft) == ["services", "cadre-de-vie", "image", "idee"]


def test_the_first_does_not_move_up_nor_the_last_down(draft):
    before = codes(draft)
    services.question_move(question=draft.questions.get(code="cadre-de-vie"), offset=-1)
    services.question_move(question=draft.questions.get(code="idee"), offset=1)
    assert codes(draft) == before


def test_questions_at_the_same_position_still_move(barometer):
    wave = make_wave(barometer, title="Same", launch=False)
    wave.questions.update(order=0)  # positions given by hand, all the same
    services.question_move(question=wave.questions.get(code="image"), offset=-1)
    assert codes(wave) == ["image", "cadre-de-vie", "services", "idee"]
    assert sorted(wave.questions.values_list("order", flat=True)) == [1, 2, 3, 4]


# --- From the launch on: each refused, nothing changed


def test_a_launched_wave_question_cannot_be_edited(launched):
    before = snapshot(launched)
    with pytest.raises(ValidationError, match=LAUNCHED):
        services.question_edit(question=launched.questions.get(code="image"), text="Changed",
                               choices=["A", "B"], required=True)
    assert snapshot(launched) == before


def test_a_launched_wave_question_cannot_be_removed(launched):
    with pytest.raises(ValidationError, match=LAUNCHED):
        services.question_remove(question=launched.questions.get(code="image"))
    assert launched.questions.count() == 4


def test_a_launched_wave_questions_cannot_be_reordered(launched):
    before = snapshot(launched)
    with pytest.raises(ValidationError, match=LAUNCHED):
        services.question_move(question=launched.questions.get(code="image"), offset=-1)
    assert snapshot(launched) == before


def test_the_boundary_is_the_launch_itself(draft):
    question = draft.questions.get(code="image")
    services.question_move(question=question, offset=-1)  # a draft: allowed
    services.wave_launch(wave=draft)
    # The question's wave is read again: a stale wave in memory changes nothing.
    with pytest.raises(ValidationError, match=LAUNCHED):
        services.question_move(question=question, offset=1)
    with pytest.raises(ValidationError, match=LAUNCHED):
        services.question_edit(question=question, text="x", choices=["A", "B"])
    with pytest.raises(ValidationError, match=LAUNCHED):
        services.question_remove(question=question)
    assert codes(draft) == ["image", "cadre-de-vie", "services", "idee"]


# --- The pages


def test_the_agent_edits_moves_and_removes_through_the_pages(client, agent, draft, in_english):
    client.force_login(agent)
    page = client.get(reverse("barometers:questions", kwargs={"slug": draft.barometer.slug,
                                                              "pk": draft.pk})).content.decode()
    image = draft.questions.get(code="image")
    assert url("question_edit", image) in page and url("question_move", image) in page
    assert "Move “cadre-de-vie” down" in page and "Move “cadre-de-vie” up" not in page
    assert "Move “idee” up" in page and "Move “idee” down" not in page
    assert client.get(url("question_edit", image)).status_code == 200
    response = client.post(url("question_edit", image),
                           {"text": "Better?", "choices": "Yes\nNo", "required": "on"},
                           follow=True)
    assert "The question is changed." in response.content.decode()
    image.refresh_from_db()
    assert (image.text, image.choices, image.required) == ("Better?", ["Yes", "No"], True)
    bad = client.post(url("question_edit", image), {"text": "Better?", "choices": "Yes"})
    assert bad.status_code == 400
    assert "Give at least two choices, one per line." in bad.content.decode()
    client.post(url("question_move", image), {"direction": "up"})
    assert codes(draft) == ["image", "cadre-de-vie", "services", "idee"]
    wrong = client.post(url("question_move", image), {"direction": "sideways"}, follow=True)
    assert "Choose to move the question up or down." in wrong.content.decode()
    response = client.post(url("question_remove", image), follow=True)
    assert "The question is removed." in response.content.decode()
    assert codes(draft) == ["cadre-de-vie", "services", "idee"]


def test_a_launched_wave_shows_no_button_and_refuses_each_post(client, agent, launched,
                                                               in_english):
    client.force_login(agent)
    page = client.get(reverse("barometers:questions", kwargs={
        "slug": launched.barometer.slug, "pk": launched.pk})).content.decode()
    image = launched.questions.get(code="image")
    for name in ("question_edit", "question_move", "question_remove"):
        assert url(name, image) not in page
    assert "<form" not in client.get(url("question_edit", image)).content.decode().split(
        "<main")[-1].split("</main>")[0]
    before = snapshot(launched)
    for name, data in (("question_edit", {"text": "Changed", "choices": "A\nB"}),
                       ("question_move", {"direction": "up"}), ("question_remove", {})):
        response = client.post(url(name, image), data, follow=True)
        assert LAUNCHED in response.content.decode(), name
    assert snapshot(launched) == before


def test_someone_else_may_not_touch_the_questions(client, draft):
    client.force_login(UserFactory())
    image = draft.questions.get(code="image")
    before = snapshot(draft)
    assert client.get(url("question_edit", image)).status_code == 403
    assert client.post(url("question_move", image), {"direction": "up"}).status_code == 403
    assert client.post(url("question_remove", image)).status_code == 403
    assert snapshot(draft) == before


def test_a_question_of_another_wave_is_not_found(client, agent, draft, launched):
    client.force_login(agent)
    other = launched.questions.get(code="image")
    address = reverse("barometers:question_remove", kwargs={
        "slug": draft.barometer.slug, "pk": draft.pk, "question": other.pk})
    assert client.post(address).status_code == 404
