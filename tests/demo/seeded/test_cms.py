"""The CMS part of `manage.py seed_demo`: a complete page tree, safe to run twice."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail.models import Page, Site, WorkflowPage

from cms.models import CommunityPage, FooterLinks, HomePage, NewsIndexPage, NewsPage
from communities.models import Community, Direction


@pytest.fixture
def demo(seeded, db):
    return None


def test_the_demo_has_a_home_news_from_every_direction_stories_and_footer_pages(demo, client):
    home = Site.objects.get(is_default_site=True).root_page.specific
    assert isinstance(home, HomePage)
    assert home.featured_communities.count() == 4
    for direction in Direction.objects.all():
        section = NewsIndexPage.objects.get(direction=direction)
        assert NewsPage.objects.live().child_of(section).count() >= 2
        assert WorkflowPage.objects.filter(page=section).exists()
        assert Group.objects.filter(name=f"Approbateurs — {direction.name}").exists()
    assert CommunityPage.objects.live().count() == Community.objects.count() == 4
    links = FooterLinks.objects.get(site__is_default_site=True)
    assert all(page.live for page in links.pages()) and len(links.pages()) == 5

    response = client.get("/")
    assert response.status_code == 200
    assert len(response.context["latest_news"]) == 3


def test_seeding_again_adds_no_page_group_or_workflow(demo):
    before = (Page.objects.count(), Group.objects.count(), WorkflowPage.objects.count())
    out = io.StringIO()

    call_command("seed_demo", stdout=out)

    assert (Page.objects.count(), Group.objects.count(), WorkflowPage.objects.count()) == before
    assert "CMS: the pages were already there." in out.getvalue()


def test_the_demo_editor_and_approver_share_the_environment_section(demo):
    from django.contrib.auth import get_user_model

    User = get_user_model()
    editor = User.objects.get(email="redaction@demo.terreau.fr")
    approver = User.objects.get(email="approbation@demo.terreau.fr")
    section = NewsIndexPage.objects.get(direction__slug="direction-de-lenvironnement")

    assert section.permissions_for_user(editor).can_add_subpage()
    assert not NewsPage.objects.child_of(section).first().permissions_for_user(
        editor
    ).can_publish()
    assert NewsPage.objects.child_of(section).first().permissions_for_user(
        approver
    ).can_publish()
