"""The processes' endpoints: published processes only, their mandate and
counters, phases, visible proposals with support counts, answers and
commitments, with their filters."""

import pytest

from .conftest import seed_process

pytestmark = pytest.mark.django_db


def test_the_list_shows_published_processes_with_their_phases(api, process):
    seed_process(title="Brouillon", publish=False)

    body = api.get("/api/v1/processes/").json()

    assert body["count"] == 1
    row = body["results"][0]
    assert set(row) == {
        "slug", "title", "summary", "territory", "direction", "community", "published_at",
        "current_phase", "phases", "url", "links",
    }
    assert row["current_phase"] == "contributions"
    assert [p["kind"] for p in row["phases"]] == ["information", "contributions", "answer"]
    assert row["links"]["proposals"].endswith(f"/api/v1/processes/{process.slug}/proposals/")


def test_a_process_shows_its_mandate_and_where_its_answers_stand(api, process):
    body = api.get(f"/api/v1/processes/{process.slug}/").json()

    assert body["mandate"]["decision_maker"] == "Le conseil de la Métropole"
    assert body["mandate"]["categories"] == ["Pistes", "Stationnement"]
    # Owed: the workshop contribution (always); the online ones have 1 support of 2.
    assert body["answers"] == {"owed": 1, "answered": 1, "overdue": 1}


def test_a_draft_is_not_found(api, db):
    draft = seed_process(title="Brouillon", publish=False)

    for tail in ("", "phases/", "proposals/", "answers/", "commitments/", "export.json",
                 "proposals.csv", "feed.atom"):
        assert api.get(f"/api/v1/processes/{draft.slug}/{tail}").status_code == 404, tail


def test_proposals_show_support_counts_and_display_names_never_hidden_ones(api, process):
    body = api.get(f"/api/v1/processes/{process.slug}/proposals/").json()

    titles = [p["title"] for p in body["results"]]
    assert "Hors sujet" not in titles and len(titles) == 3
    online = next(p for p in body["results"] if p["title"] == "Une piste n°0")
    assert online["author"] == "Awa Diallo 0" and online["source"] is None
    assert (online["support_count"], online["comment_count"]) == (1, 1)
    workshop = next(p for p in body["results"] if p["title"] == "Des arceaux")
    assert workshop["author"] is None
    assert workshop["source"] == "Atelier du 12 mars, 23 participants"
    assert workshop["answer"]["status"] == "in_part"


def test_proposals_are_filtered(api, process):
    url = f"/api/v1/processes/{process.slug}/proposals/"

    def titles(**query):
        response = api.get(url, query)
        assert response.status_code == 200, response.content
        return {p["title"] for p in response.json()["results"]}

    assert titles(source="workshop") == {"Des arceaux"}
    assert titles(category="Pistes") == {"Une piste n°0", "Une piste n°1"}
    assert titles(answered="true") == {"Des arceaux"}
    assert titles(created_before="2000-01-01T00:00:00Z") == set()
    assert api.get(url, {"source": "fax"}).status_code == 400


def test_answers_say_whether_they_came_late(api, process):
    body = api.get(f"/api/v1/processes/{process.slug}/answers/").json()

    assert body["count"] == 1
    answer = body["results"][0]
    assert answer["proposal_title"] == "Des arceaux"
    assert answer["late"] is True  # the commitment date was 31 January 2026
    assert api.get(f"/api/v1/processes/{process.slug}/answers/?late=false").json()["count"] == 0


def test_recommendations_carry_their_answers_once_the_opinion_is_published(api, process):
    url = f"/api/v1/processes/{process.slug}/recommendations/"
    body = api.get(url).json()

    assert body["count"] == 2  # the one sent back is never public
    first, second = body["results"]
    assert (first["title"], first["author"], first["position"]) == (
        "Recommandation 0", "Nora Panel", 1)
    assert [p["title"] for p in first["proposals"]] == ["Des arceaux"]
    assert first["answer"]["status"] == "adopted"
    assert first["answer"]["reason"] == "Inscrit au budget 2027."
    assert first["late"] is True  # answered after 31 January 2026
    assert first["url"].endswith(f"/opinion/#recommendation-{first['id']}")
    assert (second["answer"], second["late"]) == (None, None)
    assert [r["title"] for r in api.get(f"{url}?answered=false").json()["results"]] == [
        "Recommandation 1"]
    assert api.get(f"{url}?status=not_adopted").json()["count"] == 0
    assert api.get(f"{url}?status=maybe").status_code == 400


def test_no_recommendation_is_public_before_the_opinion_is(api, db):
    from processes.models import Opinion

    process = seed_process(recommendations=1)
    Opinion.objects.filter(process=process).update(state=Opinion.State.WRITING)

    body = api.get(f"/api/v1/processes/{process.slug}/recommendations/").json()
    assert body["count"] == 0
    export = api.get(f"/api/v1/processes/{process.slug}/export.json").json()
    assert export["recommendations"] == []


def test_phases_and_commitments(api, process):
    phases = api.get(f"/api/v1/processes/{process.slug}/phases/").json()["results"]
    commitments = api.get(f"/api/v1/processes/{process.slug}/commitments/").json()["results"]

    assert [p["position"] for p in phases] == sorted(p["position"] for p in phases)
    assert commitments[0]["progress"] == 40
    assert commitments[0]["proposal"]["title"] == "Des arceaux"
    assert api.get(
        f"/api/v1/processes/{process.slug}/commitments/?status=done"
    ).json()["count"] == 0


def test_processes_are_filtered_by_community(api, process, django_assert_max_num_queries):
    from tests.factories import CommunityFactory

    community = CommunityFactory()
    process.community = community
    process.save(update_fields=["community"])
    seed_process(title="Ailleurs")

    with django_assert_max_num_queries(2):
        body = api.get(f"/api/v1/processes/?community={community.slug}").json()

    assert [p["slug"] for p in body["results"]] == [process.slug]
    assert body["results"][0]["community"] == {"slug": community.slug, "name": community.name}


def test_processes_are_filtered_by_phase_and_direction(api, process):
    assert api.get("/api/v1/processes/?phase=answer").json()["count"] == 0
    assert api.get("/api/v1/processes/?phase=contributions").json()["count"] == 1
    assert api.get(f"/api/v1/processes/?direction={process.direction.slug}").json()["count"] == 1
    assert api.get("/api/v1/processes/?direction=elsewhere").json()["count"] == 0
    assert api.get("/api/v1/processes/?published_after=soon").status_code == 400
