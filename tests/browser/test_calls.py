"""A call for projects in a browser on a phone (docs/calls.md): an association
creates its organisation, drafts an application with a budget that adds up,
attaches the documents, invites a co-carrier and submits; two funders'
reviewers score it; the call's agent records the decision and the
association reads it on its application."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from calls import services
from calls.models import Application
from organisations import services as organisations
from tests.factories import CommunityFactory, DirectionFactory, UserFactory

pytestmark = pytest.mark.browser
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def no_sideways_scroll(page):
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390, page.url


def test_an_association_applies_with_a_co_carrier_and_reads_the_decision(
        page, login_as, assert_accessible, settings, tmp_path):
    settings.CALLS_PRIVATE_ROOT = tmp_path
    direction = DirectionFactory(name="Cohésion urbaine", slug="cohesion")
    funder = DirectionFactory(name="Environnement", slug="environnement")
    agent, reviewer, other_reviewer = (
        UserFactory(email=f"{name}@example.org", display_name=name.title())
        for name in ("agathe", "rita", "remi"))
    direction.staff.add(agent, reviewer)
    funder.staff.add(other_reviewer)
    now = timezone.now()
    call = services.call_publish(call=services.call_create(
        agent=agent, direction=direction, title="Quartiers fertiles", summary="Des projets.",
        budget=Decimal(50000), opens_at=now - dt.timedelta(days=1),
        closes_at=now + dt.timedelta(days=20), criteria=[("Utilité", 3), ("Faisabilité", 1)],
        documents=["Statuts"], partners=[direction, funder],
    ))
    organisations.organisation_create(
        creator=UserFactory(email="collectif@example.org"), name="Collectif Sud",
        kind="collective")
    nadia = UserFactory(email="nadia@example.org", display_name="Nadia Benali")

    # The association creates its organisation.
    login_as(page, nadia)
    page.goto(reverse("organisations:create"))
    page.locator("input[name=name]").fill("Les Jardins du Nord")
    page.locator("select[name=kind]").select_option("association")
    page.locator("input[name=rna]").fill("W123456789")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()

    # It starts an application from the call's page and drafts it.
    page.goto(call.get_absolute_url())
    no_sideways_scroll(page)
    assert_accessible(page)
    with page.expect_navigation():
        page.locator(f"a[href='{reverse('calls:start', args=[call.slug])}']").click()
    page.locator("input[name=title]").fill("Potagers partagés")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    page.locator("textarea[name=summary]").fill("Trois potagers au pied des immeubles.")
    page.locator("input[name=requested_amount]").fill("8000")
    page.locator("select[name=budget-0-kind]").select_option("expense")
    page.locator("input[name=budget-0-label]").fill("Matériel")
    page.locator("input[name=budget-0-amount]").fill("10000")
    page.locator("select[name=budget-1-kind]").select_option("cofunding")
    page.locator("input[name=budget-1-label]").fill("Ville")
    page.locator("input[name=budget-1-amount]").fill("2000")
    no_sideways_scroll(page)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    application = Application.objects.get()
    assert application.requested_amount == 8000

    # Attaches the statutes, invites the collective, submits.
    document = call.required_documents.get()
    page.locator(f"#file-{document.pk}").set_input_files(
        {"name": "statuts.pdf", "mimeType": "application/pdf", "buffer": PDF})
    with page.expect_navigation():
        page.locator(f"form[action$='/documents/{document.pk}/upload/'] button").click()
    page.locator("select[name=organisation]").select_option(label="Collectif Sud")
    with page.expect_navigation():
        page.locator("form[action$='/invite/'] button").click()
    no_sideways_scroll(page)
    assert_accessible(page)
    with page.expect_navigation():
        page.locator("form[action$='/submit/'] button").click()
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    assert application.carriers.get().organisation.name == "Collectif Sud"

    # Two funders' reviewers score it.
    criteria = list(call.criteria.all())
    for person, values in ((reviewer, (5, 3)), (other_reviewer, (4, 4))):
        services.reviewer_assign(application=application, reviewer=person)
        services.scores_save(application=application, reviewer=person,
                             scores={c.pk: (v, "") for c, v in zip(criteria, values)})

    # The call's agent records the decision from the application's page.
    page.context.clear_cookies()
    login_as(page, agent)
    page.goto(reverse("calls:board", args=[call.slug]))
    no_sideways_scroll(page)
    with page.expect_navigation():
        page.locator(f"a[href='{application.get_absolute_url()}']").click()
    with page.expect_navigation():
        page.locator(f"a[href='{reverse('calls:decide', args=[application.pk])}']").click()
    page.locator("textarea[name=opinion]").fill("Projet solide, porté à deux.")
    with page.expect_navigation():
        page.locator("main form:has(textarea[name=opinion]) button[type=submit]").click()
    page.locator("input[name=decision][value=funded]").check()
    page.locator("input[name=amount]").fill("7000")
    # Two funders: 4000 € from the first, 3000 € from the second.
    page.locator("input[name^=split_]").nth(0).fill("4000")
    page.locator("input[name^=split_]").nth(1).fill("3000")
    with page.expect_navigation():
        page.locator("main form:has(input[name=decision]) button[type=submit]").click()
    application.refresh_from_db()
    assert (application.decision, application.granted_amount) == ("funded", 7000)

    # The association reads it, and can no longer edit.
    page.context.clear_cookies()
    login_as(page, nadia)
    page.goto(application.get_absolute_url())
    assert page.locator("main .notice").count() == 1
    assert page.locator(f"a[href='{reverse('calls:application_edit', args=[application.pk])}']"
                        ).count() == 0

    # The association links its funded project to a community; everyone then
    # finds it on the page of funded projects and in the community's home.
    community = CommunityFactory(name="Quartier Nord")
    with page.expect_navigation():
        page.locator(f"a[href='{reverse('calls:project_links', args=[application.pk])}']"
                     ).click()
    page.locator("select[name=community]").select_option(str(community.pk))
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert page.locator(f"main a[href='{community.get_absolute_url()}']").count() == 1
    page.context.clear_cookies()
    page.goto(reverse("calls:funded"))
    no_sideways_scroll(page)
    expect(page.locator(f"#project-{application.pk}")).to_be_visible()
    assert_accessible(page)
    page.goto(community.get_absolute_url())
    assert page.locator("#funded").count() == 1
