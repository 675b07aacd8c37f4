"""Members organise, the pair decides, the cultivator coaches: the new screens
of issue 16 in a browser on a phone, in French.

1. An engaged member proposes an event with two more dates; a member answers
   the date poll from "Waiting for you"; the gardener accepts one of the
   dates; the author reads the decision in the notification centre.
2. A member proposes a discussion topic; the gardener opens it from the
   notification's link; the channel exists.
3. The cultivator writes in a community's coaching thread; the pair reads it
   from its notification.
"""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from communities.models import Circle
from events.models import EventProposal
from tests.factories import (
    CommunityFactory,
    DirectionFactory,
    GardenerPairFactory,
    MembershipFactory,
    UserFactory,
)
from topics.models import TopicProposal

pytestmark = pytest.mark.browser


def _member(community, circle, email, name):
    return MembershipFactory(
        community=community, circle=circle,
        user=UserFactory(email=email, display_name=name),
    ).user


def _wall(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def _open_notification(page, text: str):
    """From the header's notifications, follow the line that says `text`."""
    page.goto(reverse("notifications:list"))
    line = page.locator("main a", has_text=text).first
    with page.expect_navigation():
        line.click()


def test_a_proposed_event_is_polled_accepted_and_its_author_told(page, login_as):
    community = CommunityFactory(name="Alimentation durable", slug="alimentation")
    pair = GardenerPairFactory(community=community)
    author = _member(community, Circle.ENGAGED, "lea@example.org", "Léa Martin")
    voter = _member(community, Circle.INFORMED, "omar@example.org", "Omar Haddad")
    start = (timezone.localtime() + dt.timedelta(days=30)).replace(
        hour=18, minute=0, second=0, microsecond=0)

    # The engaged member proposes, with two more dates for the poll.
    login_as(page, author)
    page.goto(reverse("events:propose", kwargs={"slug": community.slug}))
    page.locator("input[name=title]").fill("Troc de graines")
    page.locator("textarea[name=description]").fill("Chacun apporte ses semences.")
    page.locator("input[name=starts_at]").fill(_wall(start))
    page.locator("input[name=ends_at]").fill(_wall(start + dt.timedelta(hours=2)))
    page.locator("textarea[name=address]").fill("Maison des associations")
    page.locator("select[name=circle]").select_option(str(Circle.INFORMED))
    page.locator("input[name=other_date_1]").fill(_wall(start + dt.timedelta(days=7)))
    page.locator("input[name=other_date_2]").fill(_wall(start + dt.timedelta(days=14)))
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    proposal = EventProposal.objects.get()
    assert proposal.date_options.count() == 3

    # An informed member finds the poll in "Waiting for you" and answers it.
    page.context.clear_cookies()
    login_as(page, voter)
    page.goto(reverse("communities:mine"))
    with page.expect_navigation():
        page.locator("#waiting a", has_text="Troc de graines").click()
    assert page.url.endswith(proposal.get_absolute_url())
    later = proposal.date_options.order_by("starts_at")[1]
    page.locator(f"input[name=option_ids][value='{later.pk}']").check()
    with page.expect_navigation():
        page.locator("button[name=action][value=answer]").click()
    page.goto(reverse("communities:mine"))
    assert page.locator("#waiting a", has_text="Troc de graines").count() == 0

    # The gardener opens the proposal from the notification and accepts that date.
    page.context.clear_cookies()
    login_as(page, pair.territory_gardener)
    _open_notification(page, "Troc de graines")
    assert page.url.endswith(proposal.get_absolute_url())
    page.locator("input[name=decision][value=accept]").check()
    page.locator(f"input[name=date_option][value='{later.pk}']").check()
    with page.expect_navigation():
        page.locator("button[name=action][value=decide]").click()
    proposal.refresh_from_db()
    assert proposal.status == EventProposal.Status.ACCEPTED
    assert proposal.event.starts_at == later.starts_at

    # The author reads the decision in the centre, which leads to the event.
    page.context.clear_cookies()
    login_as(page, author)
    _open_notification(page, "Troc de graines")
    assert page.url.endswith(proposal.event.get_absolute_url())
    assert page.locator("h1").inner_text() == "Troc de graines"


def test_a_proposed_topic_is_opened_by_the_pair(page, login_as):
    community = CommunityFactory(name="Biodiversité", slug="biodiversite")
    pair = GardenerPairFactory(community=community)
    author = _member(community, Circle.INFORMED, "ines@example.org", "Inès Roux")

    login_as(page, author)
    page.goto(reverse("topics:propose", kwargs={"slug": community.slug}))
    page.locator("input[name=name]").fill("Haies et bocage")
    page.locator("textarea[name=description]").fill("Replanter des haies ensemble.")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    proposal = TopicProposal.objects.get()

    page.context.clear_cookies()
    login_as(page, pair.territory_gardener)
    _open_notification(page, "Haies et bocage")
    assert page.url.endswith(proposal.get_absolute_url())
    page.locator("input[name=decision][value=open]").check()
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    proposal.refresh_from_db()
    assert proposal.status == TopicProposal.Status.OPENED
    with page.expect_navigation():
        page.locator(f"a[href='{proposal.channel.get_absolute_url()}']").first.click()
    assert "Haies et bocage" in page.locator("h1").inner_text()


def test_the_cultivator_writes_in_the_coaching_thread_and_the_pair_reads_it(page, login_as):
    community = CommunityFactory(name="Citoyenneté", slug="citoyennete")
    pair = GardenerPairFactory(community=community)
    cultivator = UserFactory(email="cultivatrice@example.org", display_name="Claire Dumas")
    DirectionFactory(name="Cultivateur", slug="cultivateur", is_coordinating=True).staff.add(
        cultivator)
    coaching = reverse("gardeners:coaching", kwargs={"slug": community.slug})

    login_as(page, cultivator)
    page.goto(coaching)
    page.locator("textarea[name=text]").fill("Pensez à inviter les élus au prochain forum.")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert "Pensez à inviter les élus" in page.locator("main").inner_text()

    page.context.clear_cookies()
    login_as(page, pair.institution_gardener)
    _open_notification(page, "Citoyenneté")
    assert page.url.endswith(coaching)
    assert "Pensez à inviter les élus au prochain forum." in page.locator("main").inner_text()
