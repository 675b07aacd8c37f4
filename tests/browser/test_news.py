"""A direction's editor writes a news article in the Wagtail admin and submits
it; the direction's approver publishes it; it is on the home page, in the
news feed and found by the site search.

Everything happens in the real admin, in French: texts are looked up through
the catalogues (Wagtail's own and ours), so the test reads what the screen
shows whether or not our French translation exists yet. The admin is used at
a desktop size, where editors write; the public pages at phone size.
"""

import re

import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from cms import publishing
from cms.models import NewsPage
from communities.models import Direction
from tests.factories import DirectionFactory, UserFactory

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
TITLE = "Deux kilomètres de haies plantées à Rodez"
SUMMARY = "Cent bénévoles et trois agriculteurs ont planté des haies au bord des champs."


def fr(message, **values):
    with translation.override("fr"):
        text = gettext(message)
        return text % values if values else text


def label(text):
    """A form label as Wagtail shows it: capitalised, maybe followed by '*'."""
    return re.compile(r"^\s*" + re.escape(text[:1].upper() + text[1:]) + r"\s*\*?\s*$")


@pytest.fixture
def newsroom_people(transactional_db):
    environment = DirectionFactory(name="Direction de l'Environnement", slug="environnement")
    synced = publishing.direction_publishing_sync(environment)
    editor = UserFactory(email="redaction@example.org", display_name="Rémi Rédaction")
    editor.groups.add(synced.editors)
    approver = UserFactory(email="approbation@example.org", display_name="Anne Approbation")
    approver.groups.add(synced.approvers)
    return {"section": synced.section, "workflow": synced.workflow,
            "editor": editor, "approver": approver}


def _second_page(browser, live_server):
    context = browser.new_context(
        viewport=DESKTOP,
        locale="fr-FR",
        base_url=live_server.url,
        extra_http_headers={"Accept-Language": "fr-FR,fr;q=0.9"},
    )
    context.set_default_timeout(10_000)
    return context, context.new_page()


def test_an_editor_writes_news_an_approver_publishes_it_and_it_is_on_the_home_page_and_feed(
    page, browser, live_server, login_as, assert_accessible, newsroom_people
):
    section, workflow = newsroom_people["section"], newsroom_people["workflow"]

    # Given the environment's editor in the admin, in their direction's section
    page.set_viewport_size(DESKTOP)
    login_as(page, newsroom_people["editor"])
    page.goto(f"/cms/pages/add/cms/newspage/{section.pk}/")

    # When they write the article and submit it to their direction's review
    page.get_by_role("textbox", name=label(fr("title"))).first.fill(TITLE)
    page.get_by_role("textbox", name=label(fr("summary"))).fill(SUMMARY)
    page.get_by_role("button", name=fr("More actions")).click()
    page.get_by_role(
        "button", name=fr("Submit to %(workflow_name)s", workflow_name=workflow.name)
    ).click()
    # Wagtail goes back to the section, saying the page awaits moderation.
    page.wait_for_url(re.compile(rf"/cms/pages/{section.pk}/$"))
    expect(page.get_by_role("link", name=TITLE)).to_be_visible()

    # Then it waits for review and is not public yet
    news = NewsPage.objects.get(title=TITLE)
    assert not news.live
    assert news.current_workflow_state is not None
    assert news.direction == Direction.objects.get(slug="environnement")
    page.set_viewport_size(PHONE)
    page.goto("/")
    assert TITLE not in page.content()
    assert TITLE.encode() not in page.request.get("/feeds/news.rss").body()

    # When the direction's approver opens it and approves it
    context, approver_page = _second_page(browser, live_server)
    try:
        login_as(approver_page, newsroom_people["approver"])
        approver_page.goto(f"/cms/pages/{news.pk}/edit/")
        approver_page.get_by_role("button", name=fr("More actions")).click()
        # The review's only task: approving it publishes the page.
        approve = fr("%(label)s and Publish", label=fr("Approve"))
        approver_page.get_by_role("button", name=approve, exact=True).click()
        approver_page.wait_for_url(re.compile(rf"/cms/pages/{section.pk}/$"))
    except Exception:
        approver_page.screenshot(path="/tmp/cms_news_fail.png", full_page=True)
        raise
    finally:
        context.close()

    # Then it is live: on the home page, on its own page, in the RSS feed
    news.refresh_from_db()
    assert news.live
    page.goto("/")
    assert_accessible(page)
    latest = page.get_by_role("region", name=fr("Latest news"))
    latest.get_by_role("link", name=TITLE).click()
    assert page.get_by_role("heading", level=1).inner_text() == TITLE
    expect(page.get_by_text(SUMMARY)).to_be_visible()
    assert_accessible(page)

    feed = page.request.get("/feeds/news.rss")
    assert feed.ok
    assert TITLE.encode() in feed.body()
    # links in feeds point at the configured public address (SITE_URL)
    from django.conf import settings

    assert f"{settings.SITE_URL.rstrip('/')}/actualites/environnement/".encode() in feed.body()

    # And a visitor finds it with the header's search box, typing no accent
    page.goto("/")
    search = page.get_by_role("search").get_by_role("searchbox", name=fr("Search"))
    search.fill("plantees rodez")
    search.press("Enter")
    results = page.get_by_role("region", name=re.compile("^" + re.escape(fr("Pages"))))
    expect(results.get_by_role("link", name=TITLE)).to_be_visible()
    assert_accessible(page)
