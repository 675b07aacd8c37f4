"""Selection probabilities: the report's shares, and the empirical chance of
each candidate over re-runs with derived seeds (engine and command)."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from councils import selectors, services
from councils.services import engine
from councils.services.draws import labels_of

from .conftest import announce


def test_the_report_shows_each_categorys_share_of_pool_and_drawn(council, residents, pool):
    draw = services.draw_run(draw=announce(residents))
    rows = {(r["characteristic"], r["category"]): r
            for r in selectors.draw_report(draw, labels_of(council))}
    woman = rows[("Gender", "woman")]
    assert woman["pool_share"] == pytest.approx(100 * woman["pool"] / 60)
    assert woman["drawn_share"] == pytest.approx(100 * woman["drawn"] / 8)
    assert woman["rate"] == pytest.approx(100 * woman["drawn"] / woman["pool"])


def test_the_report_page_shows_the_shares(client, council, residents, pool):
    client.cookies["django_language"] = "en"
    draw = services.draw_run(draw=announce(residents))
    page = client.get(draw.get_absolute_url())
    assert "Share of the pool" in page.text and "council_selection_probabilities" in page.text


# Ten candidates, two of them over 60; a quota asks for at least one of them
# among three seats: each of them is drawn far more often than the others.
POOL = [[f"C-{n:02d}", {"age": "60+" if n < 2 else "young"}] for n in range(10)]
QUOTAS = {"age": {"60+": [1, 3], "young": [0, 3]}}


def test_probabilities_add_up_to_the_seats_and_follow_the_quotas():
    result = engine.selection_probabilities(POOL, QUOTAS, 3, "loto", 200)
    chances = result["by_candidate"]
    assert sum(chances.values()) == pytest.approx(3)
    older = result["by_category"]["age"]["60+"]
    younger = result["by_category"]["age"]["young"]
    assert older["mean"] >= 0.5 > younger["mean"]
    assert older["expected"] >= 1 - 1e-9
    again = engine.selection_probabilities(POOL, QUOTAS, 3, "loto", 200)
    assert again == result  # derived seeds: the estimate is reproducible


def test_the_command_prints_each_category(council, residents, pool, capsys, tmp_path):
    draw = services.draw_run(draw=announce(residents))
    out = tmp_path / "p.csv"
    call_command("council_selection_probabilities", draw=draw.pk, runs=5, csv=str(out))
    printed = capsys.readouterr().out
    assert "5 runs of 8 seats among 60 candidates" in printed
    assert "gender\twoman\t" in printed
    assert len(out.read_text().splitlines()) == 61
    with pytest.raises(CommandError):
        call_command("council_selection_probabilities", draw=draw.pk, runs=0)
