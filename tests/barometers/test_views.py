"""The pages: answering through the browser (the device cookie), building a
wave, the notification when it opens, the privacy export."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from barometers import services
from barometers.models import Answer, DeviceGuard, Participation, Question, Response, Wave
from barometers.views.answering import COOKIE
from notifications.models import Notification
from tests.factories import CommunityFactory, DirectionFactory, MembershipFactory, UserFactory

from .conftest import answers, make_wave

pytestmark = pytest.mark.django_db


def _url(name, wave):
    return reverse(f"barometers:{name}", kwargs={"slug": wave.barometer.slug, "pk": wave.pk})


def test_an_anonymous_browser_is_kept_to_one_answer_by_its_cookie(client, public_wave,
                                                                  in_english):
    url = _url("answer", public_wave)
    assert client.get(url).status_code == 200
    response = client.post(url, answers(public_wave))
    assert response.status_code == 302
    assert COOKIE in response.cookies and response.cookies[COOKIE]["httponly"]
    again = client.post(url, answers(public_wave), follow=True)
    assert "You have already answered this survey" in again.content.decode()
    assert Response.objects.count() == 1 and DeviceGuard.objects.count() == 1
    assert "already answered" in client.get(url).content.decode()
    # A forged cookie is not a token: a new one is made, as for a new browser.
    client.cookies[COOKIE] = "forged"
    client.post(url, answers(public_wave))
    assert Response.objects.count() == 2


def test_an_out_of_range_value_gets_a_message_and_nothing_is_stored(client, public_wave,
                                                                    in_english):
    response = client.post(_url("answer", public_wave), answers(public_wave, scale="9"))
    assert response.status_code == 400
    assert "Give a value from 1 to 5." in response.content.decode()
    assert not Response.objects.exists() and not Answer.objects.exists()
    assert not DeviceGuard.objects.exists()


def test_a_missing_required_answer_gets_a_message(client, public_wave, in_english):
    response = client.post(_url("answer", public_wave), answers(public_wave, scale=None))
    assert response.status_code == 400
    assert "This question needs an answer." in response.content.decode()
    assert not Response.objects.exists()


def test_a_closed_wave_shows_no_form_and_refuses_a_post(client, public_wave, in_english):
    public_wave.closes_at = timezone.now()
    public_wave.save()
    page = client.get(_url("answer", public_wave)).content.decode()
    assert "This survey is closed." in page and "Send my answers" not in page
    response = client.post(_url("answer", public_wave), answers(public_wave))
    assert response.status_code == 400 and "This survey is not open" in response.content.decode()
    assert not Response.objects.exists()


def test_a_person_the_wave_does_not_ask_is_refused(client, community_wave, community):
    url = _url("answer", community_wave)
    assert client.get(url).status_code == 302  # anonymous: to log in
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
    assert client.post(url, answers(community_wave)).status_code == 403
    assert not Response.objects.exists()


def test_the_barometer_page_offers_answering_only_to_those_the_wave_asks(
        client, community_wave, informed, in_english):
    page = reverse("barometers:detail", kwargs={"slug": community_wave.barometer.slug})
    answer = _url("answer", community_wave)

    client.force_login(UserFactory())  # not in the community the wave asks
    text = client.get(page).content.decode()
    assert answer not in text and "open to those it asks" in text

    client.force_login(informed)
    assert answer in client.get(page).content.decode()


def test_a_signed_in_person_answers_once(client, community_wave, informed, in_english):
    client.force_login(informed)
    url = _url("answer", community_wave)
    client.post(url, answers(community_wave))
    again = client.post(url, answers(community_wave), follow=True)
    assert "already answered" in again.content.decode()
    assert Participation.objects.get().user == informed
    assert Response.objects.count() == 1


def test_the_people_a_wave_asks_are_told_when_it_opens(barometer, community, informed,
                                                       django_capture_on_commit_callbacks):
    citizen = MembershipFactory(community=community, circle=1).user
    wave = make_wave(barometer, target=Wave.Target.COMMUNITY, community=community,
                     min_circle=2, days_ago=-1, launch=False)
    services.wave_launch(wave=wave)  # opens tomorrow: nobody told yet
    assert not Notification.objects.filter(kind="barometer_wave_opened").exists()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.waves_announce_due(now=wave.opens_at) == 1
    assert list(Notification.objects.filter(kind="barometer_wave_opened")
                .values_list("recipient", flat=True)) == [informed.pk]
    assert services.waves_announce_due(now=wave.opens_at) == 0  # idempotent
    assert citizen.pk not in Notification.objects.values_list("recipient", flat=True)


def test_an_agent_builds_and_launches_a_wave(client, barometer, agent, in_english):
    client.force_login(agent)
    response = client.post(reverse("barometers:wave_create", args=[barometer.slug]), {
        "title": "Autumn", "target": "public",
        "opens_at": (timezone.localtime() - dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "closes_at": (timezone.localtime() + dt.timedelta(days=9)).strftime("%Y-%m-%dT%H:%M"),
    })
    wave = Wave.objects.get(title="Autumn")
    assert response.status_code == 302
    questions = _url("questions", wave)
    assert client.post(questions, {"text": "Satisfied?", "kind": "single", "code": "sat",
                                   "choices": "Yes\n"}).status_code == 400  # one choice
    client.post(questions, {"text": "Satisfied?", "kind": "scale", "code": "sat",
                            "required": "on"})
    client.post(_url("launch", wave))
    wave.refresh_from_db()
    assert wave.launched_at and wave.questions.get().kind == Question.Kind.SCALE
    assert client.post(questions, {"text": "Late", "kind": "text", "code": "late"}
                       ).status_code == 400


def _council(direction, slug):
    from councils import services as councils

    return councils.council_create(
        name=f"Conseil {slug}", slug=slug, territory="Nantes", direction=direction,
        term_start=dt.date(2026, 1, 1), term_end=dt.date(2028, 12, 31),
        colleges=[("Habitants", 6)], sub_areas=["Nord"])


def test_a_wave_asks_only_whom_its_agent_may_reach(client, barometer, agent, direction,
                                                   in_english):
    ours, theirs = CommunityFactory(name="Bellevue", direction=direction), CommunityFactory(
        name="Mobilités")  # a direction of its own
    our_council, their_council = _council(direction, "bellevue"), _council(
        DirectionFactory(), "mobilites")
    client.force_login(agent)
    url = reverse("barometers:wave_create", args=[barometer.slug])
    page = client.get(url).content.decode()
    assert ours.name in page and our_council.name in page
    assert theirs.name not in page and their_council.name not in page
    when = {"opens_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "closes_at": (timezone.localtime() + dt.timedelta(days=9)).strftime("%Y-%m-%dT%H:%M")}
    for target in ({"target": "community", "community": theirs.pk, "min_circle": 1},
                   {"target": "council", "council": their_council.pk}):
        response = client.post(url, {"title": "Elsewhere", **target, **when})
        assert response.status_code == 400
        assert "Select a valid choice." in response.content.decode()
    assert not Wave.objects.exists()
    assert client.post(url, {"title": "Here", "target": "council", "council": our_council.pk,
                             **when}).status_code == 302


def test_a_wave_closing_before_it_opens_is_refused(client, barometer, agent, in_english):
    client.force_login(agent)
    now = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    response = client.post(reverse("barometers:wave_create", args=[barometer.slug]), {
        "title": "Backwards", "target": "public", "opens_at": now, "closes_at": now})
    assert response.status_code == 400
    assert "The wave must close after it opens." in response.content.decode()
    assert not Wave.objects.exists()


def test_the_privacy_export_and_erasure_cover_participations_only(public_wave):
    from barometers import privacy_hooks

    person = UserFactory()
    services.response_submit(wave=public_wave, data=answers(public_wave), user=person)
    exported = privacy_hooks.export(person)
    assert [row["wave"] for row in exported["answered"]] == ["Spring"]
    privacy_hooks.erase(person)
    assert not Participation.objects.exists()
    assert Response.objects.count() == 1  # anonymous: stays in the results


def test_an_open_wave_waits_on_the_dashboard_until_answered(community_wave, informed,
                                                            django_assert_num_queries):
    from barometers.waiting import open_waves
    from communities import waiting

    with django_assert_num_queries(1):
        [item] = open_waves(informed)
    assert item.url == _url("answer", community_wave)
    assert "barometer_wave_opened" in waiting.kinds_listed()
    services.response_submit(wave=community_wave, data=answers(community_wave), user=informed)
    assert open_waves(informed) == []
    assert open_waves(UserFactory()) == []


def test_an_out_of_range_value_is_refused_in_french(client, public_wave):
    """A person who reads the site in French (their profile's language)."""
    client.force_login(UserFactory(email="zoe@example.org", preferred_language="fr"))
    response = client.post(_url("answer", public_wave), answers(public_wave, scale="9"))
    assert response.status_code == 400
    page = response.content.decode()
    assert '<html lang="fr">' in page and "Donnez une valeur de 1 à 5." in page
    assert not Response.objects.exists()
