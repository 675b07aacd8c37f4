"""What the draw report adds to the quotas' table: each candidate's
estimated probability of selection (asked for by the council's agent, run
by a task, stored on the draw, downloadable) and the replacements of the
members it seated who left."""

import csv
import io

import pytest

from councils import services
from councils.models import Draw, Member
from councils.services import engine, probabilities
from tests.factories import DirectionFactory, UserFactory

from .conftest import announce, make_pool


@pytest.fixture
def client(client):
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def few_runs(monkeypatch):
    """The estimate's runs, few enough for a test (the same code path)."""
    monkeypatch.setattr(probabilities, "PROBABILITY_RUNS", 30)
    return 30


@pytest.fixture
def drawn(council, residents):
    make_pool(council, 30)
    return services.draw_run(draw=announce(residents, seats=6, quotas={
        "gender": {"woman": [3, 3], "man": [3, 3]}}))


def test_the_stored_estimate_is_the_engines_for_the_draws_seed(drawn):
    draw = services.probabilities_estimate(draw_id=drawn.pk, runs=40)
    expected = engine.selection_probabilities(drawn.pool, drawn.quotas, 6, drawn.seed, 40)
    assert draw.probabilities == sorted([k, v] for k, v in expected["by_candidate"].items())
    assert [row[0] for row in draw.probabilities] == [public_id for public_id, _ in drawn.pool]
    assert draw.probability_runs == 40 and draw.probabilities_at is not None
    summary = services.probability_summary(draw)
    chances = sorted(expected["by_candidate"].values())
    assert summary["min"] == pytest.approx(100 * chances[0])
    assert summary["max"] == pytest.approx(100 * chances[-1])
    assert summary["median"] == pytest.approx(100 * (chances[14] + chances[15]) / 2)
    assert summary["low"] == sum(1 for p in chances if p < 0.01)
    assert summary["uniform"] == pytest.approx(20)


def test_below_one_percent_is_strictly_below(drawn):
    Draw.objects.filter(pk=drawn.pk).update(
        probabilities=[["A", 0.0099], ["B", 0.01], ["C", 0.5]], probability_runs=10)
    drawn.refresh_from_db()
    assert services.probability_summary(drawn)["low"] == 1


def test_an_estimate_is_refused_before_the_draw_is_run(council, residents):
    with pytest.raises(Exception, match="not been run yet"):
        services.probabilities_request(draw=announce(residents))


@pytest.fixture
def outsider(db):
    user = UserFactory(email="autre.agent@example.org", preferred_language="en")
    DirectionFactory(slug="culture").staff.add(user)
    return user


def test_only_the_councils_agent_sees_and_uses_the_button(
        client, drawn, agent, outsider, few_runs, django_capture_on_commit_callbacks):
    url = drawn.get_absolute_url()
    button = "Estimate each candidate's probability"
    page = client.get(url)
    assert "Not estimated yet" in page.text and button not in page.text
    client.force_login(outsider)
    assert button not in client.get(url).text
    assert client.post(f"{url}probabilities/").status_code == 403
    assert client.get(f"{url}probabilities.csv").status_code == 404
    client.force_login(agent)
    assert button in client.get(url).text
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"{url}probabilities/").status_code == 302
    drawn.refresh_from_db()
    assert drawn.probability_runs == few_runs and len(drawn.probabilities) == 30
    client.logout()
    client.cookies["django_language"] = "en"
    page = client.get(url)
    summary = services.probability_summary(drawn)
    assert "Each candidate's probability (30 candidates)" in page.text
    assert f"{summary['median']:.1f} %" in page.text and "Candidates below 1 %" in page.text
    assert f"{summary['low']} of 30" in page.text
    first, chance = drawn.probabilities[0]
    assert f"<code>{first}</code>" in page.text and f"{100 * chance:.1f} %" in page.text
    assert "Estimate the probabilities again" not in page.text
    download = client.get(f"{url}probabilities.csv")
    assert download["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(download.content.decode())))
    assert rows[0] == ["public_id", "probability", "runs"] and len(rows) == 31
    assert rows[1] == [first, f"{chance:.4f}", str(few_runs)]


def test_the_report_says_an_estimate_is_under_way_until_the_task_stores_it(
        client, drawn, agent, few_runs, django_capture_on_commit_callbacks):
    client.force_login(agent)
    with django_capture_on_commit_callbacks(execute=False):
        answer = client.post(f"{drawn.get_absolute_url()}probabilities/", follow=True)
    assert "The estimate is under way" in answer.text
    assert "An estimate is under way" in answer.text


def test_the_report_lists_the_replacements_of_its_members(client, council, residents, drawn):
    leaving = services.member_withdraw(member=Member.objects.filter(draw=drawn).order_by("pk")[0])
    replacement = services.replacement_announce(member=leaving, seed_source="Loto du 20")
    page = client.get(drawn.get_absolute_url())
    assert "Replacements" in page.text and f"<code>{leaving.candidate.public_id}</code>" in page.text
    assert "not drawn yet" in page.text and replacement.get_absolute_url() in page.text
    services.draw_fix_seed(draw=replacement, seed="1 2 3 4 5")
    replacement = services.draw_run(draw=replacement)
    page = client.get(drawn.get_absolute_url())
    assert f"<code>{replacement.result[0]}</code>" in page.text
    assert "not drawn yet" not in page.text
    # The replacement's own report lists nothing: nobody it seated has left.
    assert "Member who left" not in client.get(replacement.get_absolute_url()).text


def test_a_report_without_replacements_has_no_such_section(client, drawn):
    assert "Member who left" not in client.get(drawn.get_absolute_url()).text
