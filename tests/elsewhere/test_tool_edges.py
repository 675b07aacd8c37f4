"""A community's external participation tools at their edges
(elsewhere/services.py): every field refused at once and in words, the title
and the link on both sides of their limits, the closing day, the spaces
trimmed, what is written and logged, and a removal's entry."""

import datetime as dt

import pytest
from django.utils import timezone

from audit.models import AuditEntry
from elsewhere import services
from elsewhere.models import ExternalTool
from tests.refusals import refusals

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]

URL = "https://jeparticipe.example.org/budget"
BAD_URL = "Give the full address of the page, starting with https://."


def add(people, community, **fields):
    values = {"kind": ExternalTool.Kind.PARTICIPATORY_BUDGET, "title": "Budget participatif",
              "url": URL, "closes_on": timezone.localdate()}
    values.update(fields)
    return services.tool_add(community=community, actor=people["cultivator"], **values)


def stored() -> list[tuple]:
    return list(ExternalTool.objects.values_list("kind", "title", "url", "closes_on"))


def logged() -> list[tuple]:
    return list(AuditEntry.objects.order_by("pk").values_list(
        "action", "actor_id", "community_id", "target_label", "details"))


def test_every_field_wrong_at_once_is_refused_in_one_answer_and_nothing_is_written(
        people, community):
    assert refusals(lambda: add(people, community, kind="vote", title="  ", url="ftp://x.org",
                                closes_on=timezone.localdate() - dt.timedelta(days=1))) == [
        ("closes_on", "This closing date has passed: the tool would never be shown.", "past"),
        ("kind", "Choose a kind of participation.", "bad_kind"),
        ("title", "Give the tool a title.", "required"),
        ("url", BAD_URL, "bad_url"),
    ]
    assert stored() == [] and logged() == []


@pytest.mark.parametrize("kind", ExternalTool.Kind.values)
def test_each_kind_is_accepted(people, community, kind):
    add(people, community, kind=kind)
    assert [row[0] for row in stored()] == [kind]


def test_a_title_of_160_characters_is_kept_and_161_are_refused(people, community):
    assert refusals(lambda: add(people, community, title="t" * 161)) == [
        ("title", "A title has 160 characters at most.", "too_long")]
    assert stored() == []
    add(people, community, title=f"  {'t' * 160} ")
    assert stored() == [(ExternalTool.Kind.PARTICIPATORY_BUDGET, "t" * 160, URL,
                         timezone.localdate())]


def test_a_link_of_500_characters_is_kept_and_501_are_refused(people, community):
    base = "https://jeparticipe.example.org/"
    long_url = base + "a" * (500 - len(base))
    assert refusals(lambda: add(people, community, url=long_url + "a")) == [
        ("url", "A link has 500 characters at most.", "too_long")]
    assert stored() == []
    add(people, community, url=f" {long_url}\n")
    assert stored()[0][2] == long_url


@pytest.mark.parametrize("url", ["http://jeparticipe.example.org/b", URL])
def test_a_web_page_in_http_or_https_is_accepted(people, community, url):
    add(people, community, url=url)
    assert stored()[0][2] == url


@pytest.mark.parametrize("url", ["javascript:alert(1)", "mailto:a@example.org",
                                 "jeparticipe.example.org", ""])
def test_a_link_that_is_no_web_page_is_refused(people, community, url):
    assert refusals(lambda: add(people, community, url=url)) == [("url", BAD_URL, "bad_url")]
    assert stored() == []


def test_a_tool_closing_yesterday_is_refused_today_and_later_accepted(people, community):
    today = timezone.localdate()
    assert refusals(lambda: add(people, community, closes_on=today - dt.timedelta(days=1))) == [
        ("closes_on", "This closing date has passed: the tool would never be shown.", "past")]
    add(people, community, closes_on=today)
    add(people, community, closes_on=today + dt.timedelta(days=1))
    assert [row[3] for row in stored()] == [today, today + dt.timedelta(days=1)]


def test_the_tool_and_its_entry_are_written_as_given(people, community,
                                                      django_assert_num_queries):
    closes = timezone.localdate() + dt.timedelta(days=30)
    cultivator = people["cultivator"]
    with django_assert_num_queries(4):  # savepoint, insert, entry, release
        tool = add(people, community, kind=ExternalTool.Kind.CONSULTATION, closes_on=closes,
                   title=" Consultation mobilités ")
    row = ExternalTool.objects.get()
    assert (row.pk, row.community_id, row.created_by_id) == (tool.pk, community.pk, cultivator.pk)
    assert stored() == [(ExternalTool.Kind.CONSULTATION, "Consultation mobilités", URL, closes)]
    assert logged() == [("external_tool.added", cultivator.pk, community.pk,
                         "Consultation mobilités",
                         {"kind": "consultation", "closes_on": closes.isoformat()})]


def test_a_removal_is_logged_with_the_tools_title_then_the_row_goes(people, community):
    tool = add(people, community)
    other = add(people, community, title="Autre")
    AuditEntry.objects.all().delete()
    pk = tool.pk
    services.tool_remove(tool=tool, actor=people["cultivator"])
    assert list(ExternalTool.objects.values_list("pk", flat=True)) == [other.pk]
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.actor_id, entry.community_id, entry.target_id,
            entry.target_label, entry.details) == (
        "external_tool.removed", people["cultivator"].pk, community.pk, str(pk),
        "Budget participatif", {"kind": ExternalTool.Kind.PARTICIPATORY_BUDGET})


def test_an_addition_whose_entry_fails_writes_no_tool(people, community, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("audit down")

    monkeypatch.setattr("elsewhere.services.audit.record", broken)
    with pytest.raises(RuntimeError):
        add(people, community)
    assert stored() == []


def test_a_removal_that_fails_keeps_the_tool_and_logs_nothing(people, community, monkeypatch):
    tool = add(people, community)

    def broken(*args, **kwargs):
        raise RuntimeError("audit down")

    monkeypatch.setattr("elsewhere.services.ExternalTool.delete", broken)
    with pytest.raises(RuntimeError):
        services.tool_remove(tool=tool, actor=people["cultivator"])
    assert ExternalTool.objects.filter(pk=tool.pk).exists()
    assert not AuditEntry.objects.filter(action="external_tool.removed").exists()
