"""The institution's external participation tools on a community's page:
managed by the cultivator, marked as external, hidden after their closing date."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from elsewhere import selectors, services
from elsewhere.models import ExternalTool

pytestmark = pytest.mark.django_db


def _add(people, community, closes_on, **fields):
    values = {"kind": ExternalTool.Kind.PARTICIPATORY_BUDGET, "title": "Budget participatif",
              "url": "https://jeparticipe.example.org/budget"}
    values.update(fields)
    return services.tool_add(community=community, actor=people["cultivator"],
                             closes_on=closes_on, **values)


def test_a_tool_is_shown_until_its_closing_day_included(people, community):
    today = timezone.localdate()
    tool = _add(people, community, today)
    assert selectors.open_tools(community, on=today) == [tool]
    assert selectors.open_tools(community, on=today + dt.timedelta(days=1)) == []


def test_a_closing_date_already_passed_is_refused_today_is_accepted(people, community):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as error:
        _add(people, community, today - dt.timedelta(days=1))
    assert "closes_on" in error.value.error_dict
    assert not ExternalTool.objects.exists()
    assert _add(people, community, today)


@pytest.mark.parametrize("url", ["javascript:alert(1)", "jeparticipe.example.org", ""])
def test_a_link_that_is_not_a_web_address_is_refused(people, community, url):
    with pytest.raises(ValidationError) as error:
        _add(people, community, timezone.localdate(), url=url)
    assert "url" in error.value.error_dict


def test_only_the_cultivator_and_staff_manage(people, community):
    assert people["cultivator"].has_perm("elsewhere.manage_tools", community)
    assert people["staff"].has_perm("elsewhere.manage_tools", community)
    for role in ("gardener", "engaged", "informed", "citizen", "other_gardener", "anonymous"):
        assert not people[role].has_perm("elsewhere.manage_tools", community), role


def test_the_community_page_marks_the_link_as_external(people, community, client):
    _add(people, community, timezone.localdate() + dt.timedelta(days=30))
    _add(people, community, timezone.localdate(),
         title="Consultation du jour", kind=ExternalTool.Kind.CONSULTATION)
    closed = ExternalTool.objects.create(
        community=community, kind=ExternalTool.Kind.CONSULTATION, title="Consultation close",
        url="https://example.org/close", closes_on=timezone.localdate() - dt.timedelta(days=1))
    page = client.get(reverse("communities:detail", args=[community.slug])).content.decode()
    assert "Budget participatif" in page and "Consultation du jour" in page
    assert closed.title not in page
    assert 'rel="noopener noreferrer external"' in page
    assert "external site" in page
    assert reverse("elsewhere:manage", args=[community.slug]) not in page


def test_the_cultivator_adds_and_removes_through_the_page(people, community, login):
    client = login(people["cultivator"])
    url = reverse("elsewhere:manage", args=[community.slug])
    home = client.get(reverse("communities:detail", args=[community.slug])).content.decode()
    assert url in home
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = client.post(url, {"kind": "consultation", "title": "Mobilités",
                                 "url": "https://example.org/mobilites",
                                 "closes_on": tomorrow.isoformat()}, follow=True)
    assert "The tool is listed" in response.content.decode()
    tool = ExternalTool.objects.get()
    response = client.post(url, {"kind": "consultation", "title": "Passée",
                                 "url": "https://example.org/p",
                                 "closes_on": "2020-01-01"})
    assert response.status_code == 400
    assert "This closing date has passed" in response.content.decode()
    client.post(reverse("elsewhere:remove", args=[community.slug, tool.pk]))
    assert not ExternalTool.objects.exists()


def test_the_panel_costs_the_same_queries_for_one_tool_or_five(people, community, client):
    url = reverse("communities:detail", args=[community.slug])
    closes = timezone.localdate() + dt.timedelta(days=3)
    _add(people, community, closes)
    client.get(url)  # warm the caches a first visit fills
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for n in range(4):
        _add(people, community, closes, title=f"Consultation {n}")
    with CaptureQueriesContext(connection) as five:
        page = client.get(url).content.decode()
    assert page.count("external site") == 5
    # The tools: one query, whatever their number.
    assert len(five.captured_queries) == len(one.captured_queries)
