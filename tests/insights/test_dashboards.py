"""The dashboards' pages: events, letters, channels and needs on a community's
dashboard; the cultivator's overview sorted and exported; their query counts.

People read the pages in English here, so that assertions hold whatever the
French catalogue says.
"""


import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from communities.models import Circle
from discussions.models import Channel, Message
from newsletters.models import Letter
from tests.events.factories import EventFactory
from tests.factories import CommunityFactory, GardenerPairFactory, MembershipFactory, UserFactory
from tests.insights.factories import change, need, populate_indicators
from tests.newsletters.factories import LetterFactory, SectionFactory

SVG = "{http://www.w3.org/2000/svg}"
C, I, E = Circle.CITIZENS, Circle.INFORMED, Circle.ENGAGED


def english(user):
    user.preferred_language = "en"
    user.save(update_fields=["preferred_language"])
    return user


@pytest.fixture
def gardener_client(client, community):
    gardener = english(UserFactory())
    GardenerPairFactory(community=community, territory_gardener=gardener)
    client.force_login(gardener)
    return client


@pytest.fixture
def cultivator_client(client, cultivator_direction):
    cultivator = english(UserFactory())
    cultivator_direction.staff.add(cultivator)
    client.force_login(cultivator)
    return client


# --- The gardener's dashboard ----------------------------------------------------------


def test_the_dashboard_shows_the_chart_its_table_and_the_flows(gardener_client, community):
    MembershipFactory(community=community, circle=E)

    response = gardener_client.get(reverse("insights:dashboard", args=[community.slug]))

    text = response.content.decode()
    assert '<svg class="chart" id="circles-chart"' in text
    assert "Members per circle at the end of each month</caption>" in text
    assert text.count('<th scope="row">', text.index("circles-chart-caption")) >= 12
    assert "Flows between circles" in text
    assert "Inward: citizens → engaged" in text


def test_the_dashboard_shows_events_letters_and_channels(gardener_client, community):
    # given a half-full event, an unlimited one, a past one and a draft
    EventFactory(community=community, title="Troc de graines", capacity=20, confirmed_count=10,
                 waiting_count=0)
    EventFactory(community=community, title="Balade nature", capacity=None)
    EventFactory(
        community=community, title="Passé", starts_at=timezone.now() - timezone.timedelta(days=3)
    )
    EventFactory(community=community, title="Brouillon", state="draft")
    # a letter with two sections waiting, and a sent letter
    letter = LetterFactory(community=community, title="Lettre de printemps", circles=[])
    SectionFactory.create_batch(2, letter=letter)
    LetterFactory(community=community, title="Lettre envoyée", state=Letter.State.SENT, circles=[])
    # two channels; two people wrote in one of them, one message is deleted
    busy = Channel.objects.create(community=community, name="Jardins partagés")
    Channel.objects.create(community=community, name="Calme plat")
    a, b = UserFactory(), UserFactory()
    Message.objects.create(channel=busy, author=a, body="1")
    Message.objects.create(channel=busy, author=b, body="2")
    Message.objects.create(channel=busy, author=a, body="3", deleted_at=timezone.now())

    response = gardener_client.get(reverse("insights:dashboard", args=[community.slug]))

    dashboard = response.context["dashboard"]
    assert [e.event.title for e in dashboard.next_events] == ["Troc de graines", "Balade nature"]
    assert [e.fill_percent for e in dashboard.next_events] == [50, None]
    letters = [(x.title, x.sections_waiting) for x in dashboard.letters]
    assert letters == [("Lettre de printemps", 2)]
    assert [(c.name, c.recent_messages, c.recent_posters) for c in dashboard.channels.channels] == [
        ("Jardins partagés", 2, 2), ("Calme plat", 0, 0),
    ]
    assert (dashboard.channels.messages, dashboard.channels.posters) == (2, 2)
    text = response.content.decode()
    assert "50 %" in text and "unlimited" in text
    assert "1 letter in preparation" in text and "2 sections waiting for review" in text


def test_the_dashboard_shows_the_needs_pipeline_step_by_step(gardener_client, community):
    author = MembershipFactory(community=community, circle=E).user
    for status in ("new", "new", "discussed", "connected", "done", "declined", "withdrawn"):
        need(community, author, status)

    response = gardener_client.get(reverse("insights:dashboard", args=[community.slug]))

    needs = response.context["dashboard"].needs
    assert [(status, n) for status, _label, n in needs.steps] == [
        ("new", 2), ("discussed", 1), ("connected", 1), ("done", 1), ("declined", 1),
    ]
    assert (needs.open, needs.answered) == (4, 2)
    text = response.content.decode()
    assert "4 waiting for their next step, 2 closed (done or declined)." in text
    assert reverse("needs:board", args=[community.slug]) in text


# --- The cultivator's overview ---------------------------------------------------------


def _overview_rows(response):
    return {c.name: c for c in response.context["communities"]}


def test_the_overview_shows_each_community_then_and_now(cultivator_client, community):
    # given a member who joined eleven months ago and a newcomer moved inward
    old = MembershipFactory(community=community, circle=C).user
    newcomer = MembershipFactory(community=community, circle=E).user
    now = timezone.now()
    change(community, newcomer, None, C, now - timezone.timedelta(days=20))
    change(community, newcomer, C, E, now - timezone.timedelta(days=10))
    EventFactory(community=community, capacity=10, confirmed_count=4, waiting_count=0)
    EventFactory(community=community, capacity=30, confirmed_count=26, waiting_count=0)
    LetterFactory(community=community, circles=[])
    Message.objects.create(
        channel=Channel.objects.create(community=community, name="Général"), author=old, body="x"
    )

    response = cultivator_client.get(reverse("insights:overview"))

    row = _overview_rows(response)["Biodiversité"]
    assert (row.citizens, row.engaged, row.total) == (1, 1, 2)
    assert (row.citizens_before, row.engaged_before, row.total_before) == (1, 0, 1)
    assert (row.net_change, row.joined, row.moved_in, row.moved_out, row.left) == (1, 1, 1, 0, 0)
    assert (row.upcoming_events, row.fill_rate) == (2, 75)
    assert (row.letters_preparing, row.messages) == (1, 1)
    text = response.content.decode()
    assert "+1" in text and "75 %" in text
    assert 'id="all-circles-chart"' in text


@pytest.mark.parametrize(
    "sort, order, aria",
    [
        ("net_change", ["Alimentation durable", "Eau", "Biodiversité"], "ascending"),
        ("-net_change", ["Biodiversité", "Eau", "Alimentation durable"], "descending"),
        ("-fill_rate", ["Eau", "Biodiversité", "Alimentation durable"], "descending"),
        ("fill_rate", ["Biodiversité", "Eau", "Alimentation durable"], "ascending"),
    ],
)
def test_the_overview_sorts_by_any_column_empty_cells_last(
    cultivator_client, community, other_community, sort, order, aria
):
    # given three communities that grew by 2, 1 and shrank by 1; with events
    # 10 % and 90 % full and none
    eau = CommunityFactory(name="Eau")
    for target, joins in ((community, 2), (eau, 1)):
        for _ in range(joins):
            user = MembershipFactory(community=target).user
            change(target, user, None, C, timezone.now() - timezone.timedelta(days=2))
    gone = UserFactory()
    change(other_community, gone, C, None, timezone.now() - timezone.timedelta(days=2))
    EventFactory(community=community, capacity=10, confirmed_count=1, waiting_count=0)
    EventFactory(community=eau, capacity=10, confirmed_count=9, waiting_count=0)

    response = cultivator_client.get(reverse("insights:overview"), {"sort": sort})

    assert [c.name for c in response.context["communities"]] == order
    text = response.content.decode()
    assert text.count("aria-sort=") == 1
    key = sort.lstrip("-")
    header = text[text.index("aria-sort="): text.index("</th>", text.index("aria-sort="))]
    assert f'aria-sort="{aria}"' in header
    # the header's link reverses the order next time
    assert f'href="?sort={key if aria == "descending" else "-" + key}"' in header


def test_the_csv_has_every_column_for_french_excel_and_no_formula(cultivator_client, community):
    CommunityFactory(name="=HYPERLINK(\"http://evil\")")
    MembershipFactory(community=community, circle=E)

    response = cultivator_client.get(reverse("insights:overview_export"), {"sort": "-total"})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="terreau-communities-')
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body[1:]), delimiter=";"))
    assert rows[0][:6] == ["Community", "Direction", "Citizens", "Informed", "Engaged", "Total"]
    assert "Net change" in rows[0] and "Fill rate (%)" in rows[0]
    assert len(rows) == 1 + 2
    assert rows[1][0] == "Biodiversité" and rows[1][4:6] == ["1", "1"]
    assert "'=HYPERLINK(\"http://evil\")" in [row[0] for row in rows]
    assert all(not row[0].startswith("=") for row in rows)


@pytest.mark.parametrize("role, status", [("gardener", 403), ("engaged", 403), ("staff", 200)])
def test_only_the_overviews_readers_download_the_csv(client, people, role, status):
    client.force_login(people[role])

    response = client.get(reverse("insights:overview_export"))

    assert response.status_code == status


def test_an_anonymous_visitor_is_sent_to_log_in_for_the_csv(client, db):
    response = client.get(reverse("insights:overview_export"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


# --- Query counts ---------------------------------------------------------------------

# Queries of the dashboard, whatever the number of members, changes, events,
# letters, channels and messages:
#  1. session  2. user  3. the community  4. the communities the user gardens
#  5. circle and activity counts  6. recent joiners  7. silent members
#  8. pending count  9. pending requests  10. the active pair
#  11. members per circle today  12. circle changes of the window, per month
#  13. next events  14. letters in preparation with their sections
#  15. channels with their messages and posters  16. posters of the community
#  17. needs per status  18. unread notifications (navigation)
#  19. is the user the cultivator  20. open moderation reports (the queue's badge)
# 20, and 2 for the events the viewer may see (memberships, direction agent).
# (The cultivator question moves there from the navigation.)
DASHBOARD_QUERIES = 22


@pytest.mark.parametrize("size", [10, 100])
def test_the_dashboard_costs_the_same_with_10_or_100_members_and_their_history(
    gardener_client, community, django_assert_num_queries, size
):
    populate_indicators(community, size)
    url = reverse("insights:dashboard", args=[community.slug])

    with django_assert_num_queries(DASHBOARD_QUERIES):
        response = gardener_client.get(url)

    dashboard = response.context["dashboard"]
    assert dashboard.history.total_now == size - size // 5
    assert dashboard.history.flows.joined_total > 0
    assert len(dashboard.next_events) == min(size // 10, 5)
    assert dashboard.channels.messages == (size // 10) * min(size - size // 5, 10)
    assert (dashboard.needs.open, dashboard.needs.answered) == (size // 10, size // 10)


# Queries of the overview, whatever the number of communities:
#  1. session  2. user  3. is the user the cultivator  4. the communities with
#  their counts, pair, events, letters, messages (one query)  5. members per
#  circle today  6. circle changes of the window  7. needs per status
#  8. unread notifications (navigation)  9. does the user garden a community
#  (navigation)
OVERVIEW_QUERIES = 9


@pytest.mark.parametrize("size", [2, 8])
@pytest.mark.parametrize("sort", ["name", "-net_change", "fill_rate"])
def test_the_overview_costs_the_same_with_2_or_8_communities(
    cultivator_client, django_assert_num_queries, size, sort
):
    for i in range(size):
        community = CommunityFactory()
        populate_indicators(community, 10)
        if i % 2:
            GardenerPairFactory(community=community)

    with django_assert_num_queries(OVERVIEW_QUERIES):
        response = cultivator_client.get(reverse("insights:overview"), {"sort": sort})

    rows = response.context["communities"]
    assert len(rows) == size
    assert all(row.total == 8 and row.joined == 10 and row.left == 2 for row in rows)
    assert all((row.needs_open, row.needs_answered) == (1, 1) for row in rows)
    assert response.context["overview"].history.total_now == 8 * size


@pytest.mark.parametrize("size", [2, 8])
def test_the_csv_costs_the_same_with_2_or_8_communities(
    cultivator_client, django_assert_num_queries, size
):
    for _ in range(size):
        populate_indicators(CommunityFactory(), 10)

    # session, user, cultivator, communities, circles today, changes, needs,
    # and the export's line in the audit log
    with django_assert_num_queries(8):
        response = cultivator_client.get(reverse("insights:overview_export"))

    assert len(response.content.decode("utf-8-sig").strip().splitlines()) == size + 1
