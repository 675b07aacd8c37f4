"""Open data (issue #17, item 8): what communities referred to a process and
its argued answers, in the API, the exports and the feeds — never what the
community keeps to itself (a need for its gardeners, a hidden need, the
working group's log line)."""

import csv
import datetime as dt
import io

import pytest
from django.utils import timezone

from needs.models import Need
from processes import services
from processes.models import Process, Referral

from .conftest import seed_process

pytestmark = pytest.mark.django_db

PRIVATE = ("Une affaire privée", "Le détail de l'affaire privée", "Une ligne du journal")


def _url(process, tail="referrals/"):
    return f"/api/v1/processes/{process.slug}/{tail}"


def test_referrals_carry_their_answer_and_nothing_the_community_keeps(api, process):
    body = api.get(_url(process)).json()

    assert body["count"] == 3
    need, private, result = body["results"]
    assert (need["source"], need["title"], need["message"]) == (
        "need", "Un garage à vélos", "=SUM(A1) Un avis ?")
    assert need["community"] == {"slug": "velo-commun-0", "name": "Vélo Commun 0"}
    assert need["answer"]["status"] == "adopted"
    assert need["answer"]["reason"] == "=2+2 Un garage en 2027."
    assert need["due_on"] == "2026-01-31"
    assert need["overdue"] is True  # answered after 31 January 2026
    assert need["url"].endswith(f"{process.get_absolute_url()}#referral-{need['id']}")
    # A need kept for the gardeners: referred, counted, but neither its title
    # nor the gardener's message about it.
    assert (private["source"], private["title"], private["message"]) == ("need", None, None)
    # A working group's result: its group's name, never the log's line.
    assert (result["source"], result["title"], result["working_group"]) == (
        "result", None, "Atelier réparation")
    assert (result["answer"], result["overdue"]) == (None, True)
    text = api.get(_url(process)).content.decode()
    assert not any(secret in text for secret in PRIVATE)


def test_referrals_are_filtered(api, process):
    def count(query):
        return api.get(f"{_url(process)}?{query}").json()["count"]

    assert (count("answered=true"), count("answered=false")) == (1, 2)
    assert (count("status=adopted"), count("status=not_adopted")) == (1, 0)
    assert (count("source=need"), count("source=result")) == (2, 1)
    assert (count("community=velo-commun-0"), count("community=ailleurs")) == (3, 0)


@pytest.mark.parametrize("query", ["status=maybe", "source=other"])
def test_a_wrong_filter_is_a_400_naming_it(api, process, query):
    response = api.get(f"{_url(process)}?{query}")

    assert response.status_code == 400
    assert query.split("=")[0] in response.json()


def test_a_wrong_filter_is_refused_in_french(api, process, settings):
    settings.LANGUAGE_CODE = "fr"
    response = api.get(f"{_url(process)}?source=other", HTTP_ACCEPT_LANGUAGE="fr")

    assert response.status_code == 400
    assert response.json()["source"] == [
        "Sélectionnez un choix valide. other n’en fait pas partie."]


def test_a_need_hidden_after_its_referral_loses_its_title_and_message(api, process):
    Need.objects.filter(title="Un garage à vélos").update(hidden_at=timezone.now())

    need = api.get(_url(process)).json()["results"][0]
    assert (need["title"], need["message"]) == (None, None)
    assert need["answer"]["status"] == "adopted"  # the process's answer stays public


def test_overdue_at_the_due_date_and_the_day_after(api, process):
    today = timezone.localdate()
    result = Referral.objects.get(decision__isnull=False)
    Process.objects.filter(pk=process.pk).update(answer_due_on=today)
    assert api.get(f"{_url(process)}?source=result").json()["results"][0]["overdue"] is False

    Process.objects.filter(pk=process.pk).update(answer_due_on=today - dt.timedelta(days=1))
    assert api.get(f"{_url(process)}?source=result").json()["results"][0]["overdue"] is True

    # Answered on the due date: on time, and stays so.
    Process.objects.filter(pk=process.pk).update(answer_due_on=today)
    services.referral_answer(referral=result, actor=None, status="under_study",
                             reason="À l'étude.", now=timezone.now())
    row = api.get(f"{_url(process)}?source=result").json()["results"][0]
    assert (row["answer"]["status"], row["overdue"]) == ("under_study", False)


def test_a_draft_process_shows_no_referral(api, db):
    process = seed_process(publish=False)

    for tail in ("referrals/", "referrals.csv"):
        assert api.get(_url(process, tail)).status_code == 404


def test_the_json_export_and_the_csv_carry_the_referrals(api, process):
    export = api.get(_url(process, "export.json")).json()
    assert [r["title"] for r in export["referrals"]] == ["Un garage à vélos", None, None]

    response = api.get(_url(process, "referrals.csv"))
    assert f'filename="{process.slug}-referrals.csv"' in response["Content-Disposition"]
    need, private, result = csv.DictReader(io.StringIO(response.content.decode()))
    assert need["message"].startswith("'=SUM")  # neutralised for spreadsheets
    assert need["answer_reason"].startswith("'=2+2")
    assert (need["community_slug"], need["answer_status"], need["overdue"]) == (
        "velo-commun-0", "adopted", "True")
    assert (private["title"], private["message"]) == ("", "")
    assert (result["working_group"], result["answer_status"]) == ("Atelier réparation", "")
    assert not any(secret in response.content.decode() for secret in PRIVATE)


def test_the_feeds_tell_an_answered_referral_only(api, process):
    for tail in ("feed.rss", "feed.atom"):
        text = api.get(_url(process, tail)).content.decode()
        assert "Answer to a referral from Vélo Commun 0 (Un garage à vélos): Adopted" in text
        assert "#referral-" in text
        assert "Atelier réparation" not in text  # unanswered: no item
        assert not any(secret in text for secret in PRIVATE)


def test_an_answered_result_is_named_by_its_group_in_the_feed(api, process):
    result = Referral.objects.get(decision__isnull=False)
    services.referral_answer(referral=result, actor=None, status="not_adopted",
                             reason="Hors du périmètre.", now=timezone.now())

    text = api.get(_url(process, "feed.atom")).content.decode()
    assert "(a result of the working group “Atelier réparation”): Not adopted" in text
    assert "Une ligne du journal" not in text


def test_an_answered_need_kept_for_the_gardeners_is_a_need_in_the_feed(api, process):
    private = Referral.objects.get(need__visibility=Need.Visibility.GARDENERS)
    services.referral_answer(referral=private, actor=None, status="in_part",
                             reason="En partie.", now=timezone.now())

    text = api.get(_url(process, "feed.atom")).content.decode()
    assert "Answer to a referral from Vélo Commun 0 (a need): Adopted in part" in text
    assert not any(secret in text for secret in PRIVATE)
