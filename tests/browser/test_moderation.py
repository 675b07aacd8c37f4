"""The moderation queue in a browser on a phone, in French (docs/moderation.md):
a member reports a channel message from the message itself, a gardener opens
the queue from the notification they got, hides the message with a reason,
and the member reads the outcome in their notification centre."""

import pytest
from django.urls import reverse

from communities.models import Circle
from discussions import services as talk
from discussions.models import Message
from moderation.models import Case
from notifications.models import Notification
from tests.factories import CommunityFactory, GardenerPairFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.browser


def no_sideways_scroll(page):
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390, page.url


def test_a_reported_message_is_hidden_and_the_reporter_told(page, login_as, assert_accessible):
    community = CommunityFactory(name="Biodiversité", slug="biodiversite")
    gardener = GardenerPairFactory(community=community).territory_gardener
    author, nadia = (
        MembershipFactory(community=community, circle=Circle.ENGAGED,
                          user=UserFactory(email=email, display_name=name)).user
        for email, name in (("vendeur@example.org", "Marc Vendeur"),
                            ("nadia@example.org", "Nadia Benali"))
    )
    general = talk.general_channel_ensure(community=community)
    message = talk.message_post(channel=general, author=author,
                                body="Achetez mes graines miracles, promo ce soir !")
    queue = reverse("moderation:queue", kwargs={"slug": community.slug})

    # The member reports the message from its own "Report" action.
    login_as(page, nadia)
    page.goto(general.get_absolute_url())
    report = page.locator(f"#message-{message.pk} .chat-actions a[href*='/report/']")
    with page.expect_navigation():
        report.click()
    no_sideways_scroll(page)
    assert_accessible(page)
    page.locator("input[name=reason][value=spam]").check()
    page.locator("textarea[name=text]").fill("De la publicité dans le canal général.")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    case = Case.objects.get()
    assert case.reports.get().reporter == nadia

    # The gardener follows the notification to the queue and hides it, with a reason.
    page.context.clear_cookies()
    login_as(page, gardener)
    page.goto(reverse("notifications:list"))
    told = page.locator("li.notification a[href*='/open/']").first
    with page.expect_navigation():
        told.click()
    page.wait_for_url(f"**{queue}")
    no_sideways_scroll(page)
    assert_accessible(page)
    entry = page.locator(f"#case-{case.pk}")
    assert "Achetez mes graines miracles" in entry.inner_text()
    assert "Nadia" not in entry.inner_text()  # never who reported
    entry.locator("input[name=decision][value=hidden]").check()
    entry.locator("textarea[name=note]").fill("Pas de publicité dans les canaux.")
    with page.expect_navigation():
        entry.locator("button[type=submit]").click()
    message.refresh_from_db()
    assert message.hidden_at is not None
    assert page.locator(f"#case-{case.pk}").count() == 0

    # The member reads the outcome in their notification centre.
    page.context.clear_cookies()
    login_as(page, nadia)
    page.goto(reverse("notifications:list"))
    outcome = Notification.objects.get(recipient=nadia, kind="moderation_outcome")
    assert outcome.data["decision"] == "hidden"
    item = page.locator("li.notification.unread").first
    assert "Achetez mes graines miracles" in item.inner_text()
    no_sideways_scroll(page)
    assert Message.objects.get(pk=message.pk).hidden_reason == "Pas de publicité dans les canaux."
