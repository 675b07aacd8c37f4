"""The dashboards' indicators: circles month by month and their flows, the chart."""


from datetime import date
from xml.etree import ElementTree

import pytest
from django.utils import translation

from communities.models import Circle, Membership
from insights import charts, indicators
from insights.indicators import CircleHistory, circle_histories
from tests.factories import GardenerPairFactory, MembershipFactory, UserFactory
from tests.insights.factories import at, change, populate_indicators

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


# --- Members per circle, month by month -------------------------------------------

NOW = at(2026, 11, 15)  # the window runs from December 2025 to November 2026


def test_the_window_is_the_last_twelve_months_ending_with_this_one():
    starts = indicators.month_starts(NOW)

    assert [s.date() for s in (starts[0], starts[-1])] == [date(2025, 12, 1), date(2026, 11, 1)]
    assert len(starts) == 12


def test_a_member_is_counted_in_the_right_circle_each_month(community):
    # given a citizen who joined in March, was moved to the engaged circle in
    # June and left in September
    lea = UserFactory()
    change(community, lea, None, C, at(2026, 3, 10))
    change(community, lea, C, E, at(2026, 6, 5))
    change(community, lea, E, None, at(2026, 9, 20))

    # when the history is rebuilt
    history = circle_histories([community.pk], now=NOW)[community.pk]

    # then she is a citizen at the end of March to May, engaged June to
    # August, and nowhere before or after
    months = {m.month: i for i, m in enumerate(history.months)}
    for month in (12, 1, 2, 9, 10, 11):
        assert history.counts[C][months[month]] == 0
        assert history.counts[E][months[month]] == 0
    for month in (3, 4, 5):
        assert (history.counts[C][months[month]], history.counts[E][months[month]]) == (1, 0)
    for month in (6, 7, 8):
        assert (history.counts[C][months[month]], history.counts[E][months[month]]) == (0, 1)
    assert all(n == 0 for n in history.counts[I])
    # and the flows say so
    flows = history.flows
    assert flows.joined[C] == 1 and flows.left[E] == 1
    assert flows.moves == {(C, E): 1}
    assert (flows.inward_total, flows.outward_total) == (1, 0)


def test_month_ends_are_midnight_in_paris_not_in_utc(community):
    # given one person who joined at 23:30 on 31 March, Paris time (21:30 UTC),
    # and one who joined at 00:30 on 1 April (22:30 UTC on 31 March)
    march = MembershipFactory(community=community, circle=C).user
    april = MembershipFactory(community=community, circle=C).user
    change(community, march, None, C, at(2026, 3, 31, 23).replace(minute=30))
    change(community, april, None, C, at(2026, 4, 1, 0).replace(minute=30))

    history = circle_histories([community.pk], now=NOW)[community.pk]

    months = {m.month: i for i, m in enumerate(history.months)}
    assert history.counts[C][months[3]] == 1
    assert history.counts[C][months[4]] == 2


def test_members_older_than_the_history_count_in_their_circle_all_along(community):
    # given a member without any history row, and one who joined in July
    MembershipFactory(community=community, circle=I)
    newcomer = MembershipFactory(community=community, circle=C).user
    change(community, newcomer, None, C, at(2026, 7, 1))

    history = circle_histories([community.pk], now=NOW)[community.pk]

    assert history.counts[I] == [1] * 12
    assert history.counts[C] == [0] * 7 + [1] * 5
    assert history.before == {C: 0, I: 1, E: 0}
    assert history.net_change == 1


def test_changes_before_the_window_only_set_the_starting_point(community):
    old = MembershipFactory(community=community, circle=E).user
    change(community, old, None, C, at(2024, 5, 1))
    change(community, old, C, E, at(2025, 11, 30))

    history = circle_histories([community.pk], now=NOW)[community.pk]

    assert history.before == {C: 0, I: 0, E: 1}
    assert history.flows.joined_total == 0 and not history.flows.moves


def test_the_net_change_is_what_the_flows_add_up_to(community):
    populate_indicators(community, 30)

    history = circle_histories([community.pk])[community.pk]

    flows = history.flows
    assert history.total_now == Membership.objects.filter(community=community).count()
    assert history.net_change == flows.joined_total - flows.left_total


def test_the_combined_history_adds_every_community(community, other_community):
    for target, circle in ((community, C), (other_community, E)):
        user = MembershipFactory(community=target, circle=circle).user
        change(target, user, None, circle, at(2026, 10, 2))

    histories = circle_histories([community.pk, other_community.pk], now=NOW)
    combined = indicators.combined_history(histories, histories[community.pk].months)

    assert combined.counts[C][-2:] == [1, 1] and combined.counts[E][-2:] == [1, 1]
    assert combined.counts[C][:10] == [0] * 10
    assert combined.flows.joined == {C: 1, I: 0, E: 1}


# --- The chart ----------------------------------------------------------------------


def _chart(history):
    with translation.override("en"):
        svg = charts.circles_chart(history, chart_id="c", title="Members per circle")
    return ElementTree.fromstring(str(svg))


def test_the_chart_is_an_image_with_a_title_and_a_description(community):
    history = CircleHistory.empty([date(2026, m, 1) for m in range(1, 13)])
    history.counts[E] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]

    root = _chart(history)

    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "c-title c-desc"
    assert root.get("viewBox") == f"0 0 {charts.WIDTH} {charts.HEIGHT}"
    assert root.find(f"{SVG}title").text == "Members per circle"
    desc = root.find(f"{SVG}desc").text
    assert "Engaged: from 1 to 12" in desc and "Citizens: from 0 to 0" in desc


def test_each_circle_has_its_own_line_style_marker_and_label():
    history = CircleHistory.empty([date(2026, m, 1) for m in range(1, 13)])
    history.counts[C] = [5] * 12
    history.counts[I] = [5] * 12
    history.counts[E] = [5] * 12

    root = _chart(history)

    lines = root.findall(f".//{SVG}polyline")
    assert len(lines) == 3
    assert len({line.get("stroke-dasharray") for line in lines}) == 3
    groups = root.findall(f"{SVG}g")
    markers = [{child.tag for child in group} - {f"{SVG}polyline"} for group in groups]
    assert len({frozenset(m) for m in markers}) == 3
    labels = [t for t in root.findall(f"{SVG}text") if t.get("class") == "end-label"]
    assert [label.text for label in labels] == ["Citizens 5", "Informed 5", "Engaged 5"]
    # equal values: the labels are pushed apart, never on top of each other
    ys = sorted(float(label.get("y")) for label in labels)
    assert all(b - a >= charts.LABEL_GAP for a, b in zip(ys, ys[1:]))


def test_the_chart_escapes_what_it_writes():
    svg = charts.line_chart(
        chart_id="x", title="<script>", description="a & b", months=[date(2026, 1, 1)],
        series=[charts.Series(name="<b>", values=[1])],
    )

    assert "<script>" not in svg and "&lt;script&gt;" in svg
    ElementTree.fromstring(str(svg))


@pytest.mark.parametrize(
    "value, expected", [(0, (4, 1)), (3, (3, 1)), (7, (8, 2)), (12, (15, 5)), (480, (500, 100))]
)
def test_the_y_axis_ends_on_a_round_number(value, expected):
    assert charts.nice_maximum(value) == expected
