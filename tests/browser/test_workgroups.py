"""On a phone, in French, with the keyboard: a gardener creates a working group
and adds an engaged member; the member records a decision. axe on every page."""

import pytest
from django.urls import reverse

from communities.models import Circle
from tests.factories import CommunityFactory, GardenerPairFactory, MembershipFactory, UserFactory
from workgroups.models import Decision, GroupMember, WorkingGroup

pytestmark = pytest.mark.browser


def fits_the_phone(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_create_a_group_add_a_member_record_a_decision(page, login_as, assert_accessible):
    community = CommunityFactory(name="Biodiversité", slug="biodiversite")
    gardener = GardenerPairFactory(community=community).territory_gardener
    member = MembershipFactory(
        community=community, circle=Circle.ENGAGED,
        user=UserFactory(email="nadia@example.org", display_name="Nadia Benali", organisation="Les Jardins"),
    ).user
    MembershipFactory(community=community, circle=Circle.INFORMED,
                      user=UserFactory(display_name="Paul Informé"))

    login_as(page, gardener)
    page.goto(reverse("workgroups:create", kwargs={"slug": "biodiversite"}))
    assert_accessible(page)
    page.locator("input[name=name]").fill("Semences paysannes")
    page.locator("textarea[name=goal]").fill("Une bourse aux semences au printemps.")
    page.locator("input[name=issue]").fill("Accès aux semences locales")
    with page.expect_navigation():
        page.locator("input[name=issue]").press("Enter")  # implicit submission, keyboard only
    group = WorkingGroup.objects.get()
    assert page.url.endswith(reverse("workgroups:members", kwargs={"slug": "biodiversite", "group_slug": group.slug}))
    assert fits_the_phone(page)
    assert_accessible(page)

    # Search the engaged members with the keyboard; the informed member is never offered.
    search = page.locator("#id_q")
    search.fill("jardins")
    with page.expect_navigation():
        search.press("Enter")
    assert "Paul Informé" not in page.content()
    add = page.locator("form:has(input[name=user]) button.button:not(.danger)")
    assert add.count() == 1
    add.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert GroupMember.objects.filter(group=group, user=member, ended_at__isnull=True).exists()
    assert page.get_by_role("status").count() == 1
    assert_accessible(page)

    page.goto(reverse("workgroups:list", kwargs={"slug": "biodiversite"}))
    assert fits_the_phone(page)
    assert_accessible(page)

    # The member: the group page, its channel, a decision.
    page.context.clear_cookies()
    login_as(page, member)
    page.goto(group.get_absolute_url())
    assert page.locator(f"a[href='{group.channel.get_absolute_url()}']").count() == 1
    assert page.locator("h1").inner_text() == "Semences paysannes"
    assert_accessible(page)
    page.locator("textarea[name=text]").fill("Bourse le 12 avril à la médiathèque.")
    page.locator("input[name=decided_on]").fill(__import__("datetime").date.today().isoformat())
    with page.expect_navigation():
        page.locator("form[action$='/decisions/'] button").click()
    assert Decision.objects.get().text == "Bourse le 12 avril à la médiathèque."
    assert "Bourse le 12 avril à la médiathèque." in page.locator("#decisions").inner_text()
    assert fits_the_phone(page)
    assert_accessible(page)
