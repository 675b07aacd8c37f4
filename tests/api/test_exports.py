"""A process's open data: CSV per kind and one JSON document, with the same
public fields as the API; no e-mail address; formulas neutralised."""

import csv
import io

import pytest
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db


def rows(response):
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_the_proposals_csv_neutralises_formulas_and_names_no_one_by_address(api, process):
    response = api.get(f"/api/v1/processes/{process.slug}/proposals.csv")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert f'filename="{process.slug}-proposals.csv"' in response["Content-Disposition"]
    table = rows(response)
    assert len(table) == 3
    first = next(r for r in table if r["title"] == "Une piste n°0")
    assert first["text"].startswith("'=HYPERLINK")
    assert first["author"] == "Awa Diallo 0" and first["support_count"] == "1"
    workshop = next(r for r in table if r["title"] == "Des arceaux")
    assert workshop["answer_status"] == "in_part"


def test_answers_and_commitments_csv(api, process):
    answers = rows(api.get(f"/api/v1/processes/{process.slug}/answers.csv"))
    commitments = rows(api.get(f"/api/v1/processes/{process.slug}/commitments.csv"))

    assert answers[0]["proposal_title"] == "Des arceaux" and answers[0]["late"] == "True"
    assert commitments[0]["progress"] == "40"
    assert commitments[0]["proposal_title"] == "Des arceaux"


def test_the_json_export_holds_everything(api, process):
    response = api.get(f"/api/v1/processes/{process.slug}/export.json")

    body = response.json()
    assert set(body) == {"process", "proposals", "answers", "commitments", "recommendations",
                         "referrals"}
    assert body["process"]["slug"] == process.slug
    assert len(body["proposals"]) == 3 and len(body["commitments"]) == 1
    # The published opinion's two recommendations, not the one sent back.
    assert [r["title"] for r in body["recommendations"]] == [
        "Recommandation 0", "Recommandation 1"]


def test_the_recommendations_csv_carries_their_answers_and_neutralises_formulas(api, process):
    response = api.get(f"/api/v1/processes/{process.slug}/recommendations.csv")

    assert f'filename="{process.slug}-recommendations.csv"' in response["Content-Disposition"]
    first, second = rows(response)
    assert first["text"].startswith("'=1+1")
    assert (first["answer_status"], first["answer_reason"], first["late"]) == (
        "adopted", "Inscrit au budget 2027.", "True")
    assert first["author"] == "Nora Panel"
    assert first["proposals"] == str(process.proposals.get(title="Des arceaux").pk)
    assert (second["answer_status"], second["late"]) == ("", "")


@pytest.mark.parametrize("tail", ["export.json", "proposals.csv", "answers.csv",
                                  "commitments.csv", "recommendations.csv", "referrals.csv",
                                  "referrals/", "feed.rss",
                                  "feed.atom", "proposals/", "answers/", "commitments/",
                                  "recommendations/", ""])
def test_no_export_nor_feed_holds_an_email_address(api, process, tail):
    emails = list(get_user_model().objects.values_list("email", flat=True))
    assert len(emails) > 5

    raw = api.get(f"/api/v1/processes/{process.slug}/{tail}").content.decode()

    assert "@" not in raw, tail


def test_the_feeds_tell_phases_answers_and_commitments(api, process):
    atom = api.get(f"/api/v1/processes/{process.slug}/feed.atom")
    rss = api.get(f"/api/v1/processes/{process.slug}/feed.rss")

    assert atom.status_code == rss.status_code == 200
    text = atom.content.decode()
    assert "Answer to “Des arceaux”: Adopted in part" in text
    assert "Commitment “Cent arceaux”: In progress, 40%" in text
    assert "Phase: Contributions" in text
    assert "Phase: Answer" not in text  # not started yet
    assert rss["Content-Type"].startswith("application/rss+xml")
    # The answered recommendation, linked to its place on the opinion's page;
    # the unanswered one and the one sent back are not items.
    assert "Answer to the recommendation “Recommandation 0”: Adopted" in text
    assert "Recommandation 1" not in text and "Brouillon" not in text
    recommendation = process.opinion.recommendations.get(title="Recommandation 0")
    assert f"/opinion/#recommendation-{recommendation.pk}" in text
