"""A call for projects in a browser on a phone (docs/calls.md): an association
creates its organisation, drafts an application with a budget that adds up,
attaches the documents, invites a co-carrier and submits; the call's agent
assigns a reviewer of each funder on the application's page and declares
the file complete; each reviewer finds it in their "Applications to review"
and scores it on the weighted criteria; the agent reads the scores on the
board, records the decision and the association reads it on its application. Every step goes through the
pages, every check is an `expect`."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from calls import services
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
    expect(page.locator("main h1")).to_have_text("Potagers partagés")
    expect(page.locator("main")).to_contain_text(re.compile(r"8\s?000[,.]00"))

    # Attaches the statutes, invites the collective, submits.
    document = call.required_documents.get()
    page.locator(f"#file-{document.pk}").set_input_files(
        {"name": "statuts.pdf", "mimeType": "application/pdf", "buffer": PDF})
    with page.expect_navigation():
        page.locator(f"form[action$='/documents/{document.pk}/upload/'] button").click()
    expect(page.locator("main a", has_text="statuts.pdf")).to_be_visible()
    page.locator("select[name=organisation]").select_option(label="Collectif Sud")
    with page.expect_navigation():
        page.locator("form[action$='/invite/'] button").click()
    expect(page.locator("main")).to_contain_text("Collectif Sud")
    no_sideways_scroll(page)
    assert_accessible(page)
    with page.expect_navigation():
        page.locator("form[action$='/submit/'] button").click()
    expect(page.locator("form[action$='/submit/']")).to_have_count(0)
    expect(page.locator("a[href$='/edit/']")).to_have_count(0)
    application_path = page.evaluate("() => location.pathname")
    pk = application_path.strip("/").split("/")[-1]

    # The call's agent assigns a reviewer of each funder, from the board.
    page.context.clear_cookies()
    login_as(page, agent)
    page.goto(call.get_absolute_url())
    with page.expect_navigation():
        page.locator(f"a[href='{reverse('calls:board', args=[call.slug])}']").click()
    no_sideways_scroll(page)
    with page.expect_navigation():
        page.locator(f"main a[href='{application_path}']").click()
    for person in (reviewer, other_reviewer):
        page.locator("select[name=reviewer]").select_option(label=person.display_name)
        with page.expect_navigation():
            page.locator("form[action$='/assign/'] button").click()
        expect(page.locator("main li", has_text=person.display_name)).to_be_visible()
    expect(page.locator("main li", has_text="Rita")).to_contain_text("Cohésion urbaine")
    expect(page.locator("main li", has_text="Remi")).to_contain_text("Environnement")
    no_sideways_scroll(page)
    # Every piece is there: the agent declares the file complete, and scoring opens.
    expect(page.locator("main dd[data-status=submitted]")).to_have_count(1)
    expect(page.locator("#completeness form[action$='/pieces/']")).to_have_count(1)
    with page.expect_navigation():
        page.locator("form[action$='/complete/'] button").click()
    expect(page.locator("main dd[data-status=complete]")).to_have_count(1)
    expect(page.locator("#completeness")).to_have_count(0)
    expect(page.locator("form[action$='/complete/']")).to_have_count(0)
    expect(page.locator("form[action$='/pieces/']")).to_have_count(0)

    # Each reviewer finds it among their applications to review and scores it
    # on the weighted criteria (Utilité ×3, Faisabilité ×1).
    criteria = list(call.criteria.order_by("position", "pk"))
    for person, values in ((reviewer, (5, 3)), (other_reviewer, (4, 4))):
        page.context.clear_cookies()
        login_as(page, person)
        page.goto(reverse("calls:list"))
        to_review = page.locator(f"#to-review + ul a[href='{application_path}']")
        expect(to_review).to_be_visible()
        with page.expect_navigation():
            to_review.click()
        with page.expect_navigation():
            page.locator(f"main a[href='{reverse('calls:review', args=[pk])}']").click()
        for criterion, value in zip(criteria, values, strict=True):
            expect(page.locator("main form legend", has_text=criterion.title).first).to_contain_text(
                str(criterion.weight))
            page.locator(f"input[name=score_{criterion.pk}][value='{value}']").check()
        comment = page.locator(f"textarea[name=comment_{criteria[0].pk}]")
        comment.fill(f"Avis de {person.display_name}.")
        no_sideways_scroll(page)
        assert_accessible(page)
        with page.expect_navigation():
            page.locator("main form button[type=submit]").click()
        # Back on the application; the form, opened again, shows their own scores.
        expect(page.locator("main h1")).to_have_text("Potagers partagés")
        with page.expect_navigation():
            page.locator(f"main a[href='{reverse('calls:review', args=[pk])}']").click()
        for criterion, value in zip(criteria, values, strict=True):
            expect(page.locator(f"input[name=score_{criterion.pk}][value='{value}']")
                   ).to_be_checked()
        expect(comment).to_have_value(f"Avis de {person.display_name}.")

    # The agent reads the weighted scores on the board (Rita 4.5, Remi 4,
    # mean 4.25, divergence 0.5), then records the decision.
    page.context.clear_cookies()
    login_as(page, agent)
    page.goto(reverse("calls:board", args=[call.slug]))
    row = page.locator("main tbody tr", has=page.locator(f"a[href='{application_path}']"))
    expect(row).to_contain_text(re.compile(r"Rita: 4[,.]50"))
    expect(row).to_contain_text(re.compile(r"Remi: 4[,.]00"))
    expect(row.locator("td").nth(2)).to_have_text(re.compile(r"4[,.]25"))
    expect(row.locator("td").nth(3)).to_have_text(re.compile(r"0[,.]50"))
    no_sideways_scroll(page)
    with page.expect_navigation():
        page.locator(f"main a[href='{application_path}']").click()
    with page.expect_navigation():
        page.locator("main a[href$='/decide/']").click()
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
    expect(page.locator("main .notice")).to_contain_text(re.compile(r"7\s?000"))

    # The association reads it, and can no longer edit.
    page.context.clear_cookies()
    login_as(page, nadia)
    page.goto(application_path)
    expect(page.locator("main .notice")).to_have_count(1)
    expect(page.locator("main .notice")).to_contain_text(re.compile(r"7\s?000"))
    expect(page.locator("main .funding-split li")).to_have_count(2)
    expect(page.locator("main a[href$='/edit/']")).to_have_count(0)

    # The association links its funded project to a community; everyone then
    # finds it on the page of funded projects and in the community's home.
    community = CommunityFactory(name="Quartier Nord")
    with page.expect_navigation():
        page.locator("main a[href$='/links/']").click()
    page.locator("select[name=community]").select_option(str(community.pk))
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    expect(page.locator(f"main a[href='{community.get_absolute_url()}']")).to_have_count(1)
    page.context.clear_cookies()
    page.goto(reverse("calls:funded"))
    no_sideways_scroll(page)
    expect(page.locator(f"#project-{pk}")).to_be_visible()
    assert_accessible(page)
    page.goto(community.get_absolute_url())
    expect(page.locator("#funded")).to_contain_text("Potagers partagés")
