"""Results: hidden from the public until published, free text public only
once approved, charts with their tables, the comparison of waves, the CSV
export, and a constant number of queries."""

import csv
import datetime as dt
import io

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from barometers import services
from barometers.models import Answer, Question
from tests.factories import UserFactory

from .conftest import answers, make_wave

pytestmark = pytest.mark.django_db


def _answer_all(wave, n, **kw):
    for i in range(n):
        services.response_submit(wave=wave, user=AnonymousUser(), device_token=f"device-{i}",
                                 data=answers(wave, scale=str(1 + i % 5), **kw))


def _close(wave):
    """Move the wave's period into the past (answers taken before)."""
    wave.opens_at -= dt.timedelta(days=30)
    wave.closes_at = timezone.now() - dt.timedelta(minutes=1)
    wave.save()


def _url(name, wave):
    return reverse(f"barometers:{name}", kwargs={"slug": wave.barometer.slug, "pk": wave.pk})


def test_results_are_hidden_from_the_public_until_published(client, public_wave, agent):
    _answer_all(public_wave, 3)
    url = _url("results", public_wave)
    assert client.get(url).status_code == 302  # to log in
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
    client.force_login(agent)
    assert client.get(url).status_code == 200  # the agent reads them during the wave
    _close(public_wave)
    services.results_publish(wave=public_wave)
    client.logout()
    assert client.get(url).status_code == 200


def test_results_cannot_be_published_while_the_wave_runs(public_wave):
    with pytest.raises(ValidationError, match="once the wave is closed"):
        services.results_publish(wave=public_wave, now=public_wave.closes_at
                                 - dt.timedelta(microseconds=1))
    public_wave.refresh_from_db()
    assert public_wave.results_published_at is None
    services.results_publish(wave=public_wave, now=public_wave.closes_at)


def test_free_text_is_public_only_once_approved(client, public_wave, agent, in_english):
    services.response_submit(wave=public_wave, user=AnonymousUser(), device_token="a",
                             data=answers(public_wave, text="A shared garden"))
    services.response_submit(wave=public_wave, user=AnonymousUser(), device_token="b",
                             data=answers(public_wave, text="Call Mr Dupont at 06 12"))
    _close(public_wave)
    services.results_publish(wave=public_wave)
    url = _url("results", public_wave)
    page = client.get(url).content.decode()
    assert "A shared garden" not in page and "Dupont" not in page
    client.force_login(agent)
    moderate = _url("moderate", public_wave)
    assert "Dupont" in client.get(moderate).content.decode()
    garden = Answer.objects.get(text="A shared garden")
    dupont = Answer.objects.get(text__contains="Dupont")
    client.post(moderate, {"answer": garden.pk, "status": "approved"})
    client.post(moderate, {"answer": dupont.pk, "status": "hidden"})
    client.logout()
    page = client.get(url).content.decode()
    assert "A shared garden" in page and "Dupont" not in page


def test_only_free_text_is_moderated(public_wave):
    _answer_all(public_wave, 1)
    scale = Answer.objects.filter(question__kind=Question.Kind.SCALE).get()
    with pytest.raises(ValidationError):
        services.answer_moderate(answer=scale, status="hidden")


def test_the_results_show_bars_with_a_table_and_the_scale_mean(client, public_wave, agent,
                                                               in_english):
    _answer_all(public_wave, 5)  # scale values 1..5: mean 3
    client.force_login(agent)
    page = client.get(_url("results", public_wave)).content.decode()
    assert "mean: 3.0 out of 5" in page
    assert page.count('<svg class="barometer-chart"') == 3  # scale, single, multiple
    assert page.count("<table>") == 3
    assert '<th scope="row">Health centre</th><td>0</td><td>0.0 %</td>' in page
    assert '<th scope="row">Library</th><td>5</td><td>100.0 %</td>' in page
    assert "<script" not in page.split("<main")[-1].split("</main>")[0]


def test_the_results_page_costs_the_same_queries_whatever_the_size(
        client, barometer, agent):
    small = make_wave(barometer, title="Small")
    big = make_wave(barometer, title="Big", launch=False)
    _answer_all(small, 1)
    # Big: twice the questions (added before launch) and twelve times the answers.
    for n in range(4):
        services.question_add(wave=big, code=f"x{n}", kind=Question.Kind.SINGLE,
                              text=f"Extra {n}", choices=["a", "b"])
    services.wave_launch(wave=big, now=big.opens_at)
    _answer_all(big, 12)
    client.force_login(agent)
    client.get(_url("results", small))  # warm the session and caches

    def count(wave):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get(_url("results", wave)).status_code == 200
        return len(ctx.captured_queries)

    measured = (count(small), count(big))
    assert measured[0] == measured[1]


def test_the_comparison_draws_a_line_per_indicator_with_its_table(client, barometer,
                                                                  in_english):
    first = make_wave(barometer, title="Autumn 2026", days_ago=20, days_left=10)
    _answer_all(first, 2, single="1")  # scale 1, 2: mean 1.5; "No" 100 %
    _close(first)
    services.results_publish(wave=first)
    second = make_wave(barometer, title="Spring 2027")
    _answer_all(second, 4, single="0")  # scale 1..4: mean 2.5; "Yes" 100 %
    _close(second)
    unpublished = client.get(reverse("barometers:compare", args=[barometer.slug]))
    assert "Spring 2027" not in unpublished.content.decode()
    services.results_publish(wave=second)
    page = client.get(reverse("barometers:compare", args=[barometer.slug])).content.decode()
    assert "<polyline" in page
    # Shares and means never share an axis: one chart each, lines named by
    # their number in the table.
    assert page.count('<svg class="chart"') == 2
    assert "Shares of the answers, wave by wave" in page
    assert "Means of the scales (1 to 5), wave by wave" in page
    assert ("<td>1.5</td><td>2.5</td>") in page
    assert "Has the image of the neighbourhood improved? — Yes" in page
    assert "<td>0.0 %</td><td>100.0 %</td>" in page


def test_the_csv_export_neutralises_formulas(client, public_wave, agent):
    services.response_submit(wave=public_wave, user=AnonymousUser(), device_token="a",
                             data=answers(public_wave, text='=HYPERLINK("http://evil")'))
    services.response_submit(wave=public_wave, user=AnonymousUser(), device_token="b",
                             data=answers(public_wave, text="@SUM(1)"))
    client.force_login(agent)
    response = client.get(_url("export", public_wave))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][0] == "How do you rate your living conditions?"
    texts = sorted(row[3] for row in rows[1:])
    assert texts == ["'=HYPERLINK(\"http://evil\")", "'@SUM(1)"]
    assert rows[1][2] == "Library | Town hall"
    client.force_login(UserFactory())
    assert client.get(_url("export", public_wave)).status_code == 403
