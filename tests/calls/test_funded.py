"""Funded projects (issue #19, item 5): the public page and its map, a
project's links to a community and its events (calls.link_project), the
community's "Funded projects" panel, an organisation's place."""

import json
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from calls.funded import services as funded_services
from calls.models import Application, CoCarrier, FundingShare
from organisations import services as organisations
from tests.events.factories import EventFactory
from tests.factories import CommunityFactory

from .conftest import make_org

pytestmark = pytest.mark.django_db

FUNDED = reverse("calls:funded")


def fund(application, amount=6000, territory="Nord", shares=()):
    """A decided, funded application (the decision itself is tested elsewhere)."""
    Application.objects.filter(pk=application.pk).update(
        status=Application.Status.DECIDED, decision=Application.Decision.FUNDED,
        granted_amount=Decimal(amount), territory=territory, requested_amount=Decimal(amount))
    for funder, part in shares:
        FundingShare.objects.create(application=application, direction=funder,
                                    amount=Decimal(part))
    application.refresh_from_db()
    return application


def project(call, name, title, **kwargs):
    org, admin, _member = make_org(name, f"{name.lower().replace(' ', '.')}@example.org")
    application = Application.objects.create(call=call, organisation=org, created_by=admin,
                                             title=title)
    return fund(application, **kwargs)


def island(page: str) -> dict:
    found = re.search(r'<script id="funded-map-data" type="application/json">(.*?)</script>', page)
    return json.loads(found.group(1))


def place(org, lat, lng):
    return organisations.organisation_update(organisation=org, latitude=Decimal(lat),
                                             longitude=Decimal(lng))


# --- The public page ---------------------------------------------------------------------


def test_a_visitor_sees_each_funded_project_with_its_carriers_amount_funders_and_call(
        client, call, application, lead, partner_org, direction, funder, third):
    CoCarrier.objects.create(application=application, organisation=partner_org[0])
    fund(application, amount=6000, shares=[(direction, 4000), (funder, 2000)])
    refused = Application.objects.create(call=call, organisation=third[0], title="Refusé")
    Application.objects.filter(pk=refused.pk).update(
        status="decided", decision="not_funded", decision_reasons="Hors cadre.")
    Application.objects.create(call=call, organisation=third[0], title="En instruction",
                               status="submitted")

    page = client.get(FUNDED).content.decode()

    assert "Potagers partagés" in page
    card = page[page.index('id="project-'):]
    for text in ("Les Jardins du Nord", "Collectif Sud", "6,000 €", "Cohésion urbaine",
                 "Environnement", "Quartiers fertiles"):
        assert text in card
    assert "Refusé" not in page and "En instruction" not in page
    assert "1 funded project." in page


def test_a_funded_project_of_an_unpublished_call_is_not_shown(client, call, application):
    fund(application)
    type(call).objects.filter(pk=call.pk).update(state="draft")
    assert "Potagers partagés" not in client.get(FUNDED).content.decode()


def test_the_filters_keep_the_projects_of_a_call_a_territory_a_theme(
        client, call, application, agent, direction):
    from calls import services

    fund(application, territory="Nord")
    other_call = services.call_publish(call=services.call_create(
        agent=agent, direction=direction, title="Mobilités douces", summary="Vélo.",
        rules="", eligible_territories="", budget=Decimal(1000),
        opens_at=call.opens_at, closes_at=call.closes_at, criteria=[("Utilité", 1)],
        documents=[], themes=["mobilité"], partners=[direction]))
    project(other_call, "Vélo Sud", "Ateliers vélo", territory="Sud")

    by_call = client.get(FUNDED, {"call": other_call.slug}).content.decode()
    by_territory = client.get(FUNDED, {"territory": "Nord"}).content.decode()
    by_theme = client.get(FUNDED, {"theme": "alimentation"}).content.decode()
    unknown = client.get(FUNDED, {"territory": "Atlantide", "call": "x"}).content.decode()

    assert "Ateliers vélo" in by_call and "Potagers partagés" not in by_call
    assert "Potagers partagés" in by_territory and "Ateliers vélo" not in by_territory
    assert "Potagers partagés" in by_theme and "Ateliers vélo" not in by_theme
    # An unknown value filters nothing (no empty page, no error).
    assert "Potagers partagés" in unknown and "Ateliers vélo" in unknown


def test_the_page_is_paginated(client, call):
    for i in range(21):
        project(call, f"Asso {i:02}", f"Projet {i:02}")
    first = client.get(FUNDED).content.decode()
    second = client.get(FUNDED, {"page": 2}).content.decode()
    assert "Projet 00" in first and "Projet 20" not in first
    assert "Projet 20" in second and "Page 2 of 2" in second
    assert client.get(FUNDED, {"page": "x"}).status_code == 200


@pytest.mark.parametrize("size", [2, 8])
def test_the_page_reads_a_fixed_number_of_queries(client, call, direction, funder, size,
                                                  django_assert_num_queries):
    for i in range(size):
        application = project(call, f"Asso {i}", f"Projet {i}",
                              shares=[(direction, 3000), (funder, 3000)])
        other, _admin, _member = make_org(f"Co {i}", f"co{i}@example.org")
        CoCarrier.objects.create(application=application, organisation=other)
        place(other, "45.7", f"4.{i}")
    # The filters' calls, territories and themes (3), the count and the page
    # (2), the co-carriers and the shares prefetched (2); anonymous: nothing more.
    with django_assert_num_queries(7):
        response = client.get(FUNDED)
    assert len(island(response.content.decode())["markers"]) == size


def test_the_map_places_a_project_where_its_first_carrier_with_a_place_is(
        client, call, application, lead, partner_org, third):
    fund(application)
    CoCarrier.objects.create(application=application, organisation=partner_org[0])
    place(partner_org[0], "45.76404", "4.83566")
    project(call, "Sans Lieu", "Projet sans lieu")

    page = client.get(FUNDED).content.decode()

    assert island(page)["markers"] == [{
        "title": "Potagers partagés", "url": f"#project-{application.pk}",
        "carriers": "Les Jardins du Nord, Collectif Sud", "call": "Quartiers fertiles",
        "lat": 45.76404, "lng": 4.83566}]
    assert island(page)["details"] == ["carriers", "call"]
    # The list is the view without JavaScript: both projects, the unplaced one too.
    assert "Projet sans lieu" in page
    assert "/static/design/map.js" in page and "<script>" not in page


def test_the_calls_list_and_a_call_page_lead_to_the_funded_projects(client, call):
    assert FUNDED in client.get(reverse("calls:list")).content.decode()
    assert f"{FUNDED}?call={call.slug}" in client.get(call.get_absolute_url()).content.decode()


# --- An organisation's place -------------------------------------------------------------


def test_an_organisation_place_needs_both_coordinates(lead):
    org = lead[0]
    with pytest.raises(ValidationError, match="both the latitude and the longitude"):
        organisations.organisation_update(organisation=org, latitude=Decimal("45.1"))
    org.refresh_from_db()
    assert org.latitude is None


def test_an_organisation_place_stays_on_the_earth(lead):
    with pytest.raises(ValidationError):
        organisations.organisation_update(organisation=lead[0], latitude=Decimal("90.00001"),
                                          longitude=Decimal(4))
    assert place(lead[0], "90", "-180").latitude == Decimal(90)


# --- A project's links ---------------------------------------------------------------------


@pytest.fixture
def community(db):
    return CommunityFactory(name="Quartier Nord")


def links_url(application):
    return reverse("calls:project_links", args=[application.pk])


@pytest.mark.parametrize(("who", "status"), [
    ("lead_admin", 200), ("co_admin", 200), ("agent", 200),
    ("lead_member", 403), ("third_admin", 403), ("reviewer", 403),
])
def test_who_may_link_a_funded_project(login, application, lead, partner_org, third, agent,
                                       reviewers, who, status):
    CoCarrier.objects.create(application=application, organisation=partner_org[0])
    fund(application)
    people = {"lead_admin": lead[1], "co_admin": partner_org[1], "agent": agent,
              "lead_member": lead[2], "third_admin": third[1], "reviewer": reviewers[1]}
    assert login(people[who]).get(links_url(application)).status_code == status


def test_nobody_links_a_project_not_funded(login, submitted, lead, agent):
    assert login(lead[1]).get(links_url(submitted)).status_code == 403
    assert login(agent).get(links_url(submitted)).status_code == 403
    with pytest.raises(ValidationError, match="Only a funded project"):
        funded_services.project_link(application=submitted, community=None)


def test_the_carrier_links_the_project_and_both_pages_show_it(client, login, application,
                                                              lead, community):
    fund(application)
    event = EventFactory(community=community, title="Inauguration des potagers")
    admin = login(lead[1])
    response = admin.post(links_url(application), {"community": community.pk})
    assert response.status_code == 302
    # Then the community's events are offered: she picks one.
    assert "Inauguration des potagers" in admin.get(links_url(application)).content.decode()
    admin.post(links_url(application), {"community": community.pk, "events": [event.pk]})

    page = admin.get(application.get_absolute_url()).content.decode()
    assert "Quartier Nord" in page and "Inauguration des potagers" in page
    home = client.get(community.get_absolute_url()).content.decode()
    assert 'id="funded"' in home and "Potagers partagés" in home


def test_an_event_of_another_community_is_refused_and_nothing_changes(application, community):
    fund(application)
    elsewhere = EventFactory(community=CommunityFactory(name="Ailleurs"))
    draft = EventFactory(community=community, state="draft")
    for events in ([elsewhere], [draft]):
        with pytest.raises(ValidationError, match="is not a published event of this community"):
            funded_services.project_link(application=application, community=community,
                                         events=events)
    with pytest.raises(ValidationError, match="Choose the community first"):
        funded_services.project_link(application=application, community=None,
                                     events=[elsewhere])
    application.refresh_from_db()
    assert application.community is None and not application.events.exists()


def test_a_posted_event_of_another_community_gets_a_message(login, application, lead,
                                                            community):
    fund(application)
    funded_services.project_link(application=application, community=community)
    elsewhere = EventFactory(community=CommunityFactory(name="Ailleurs"))
    response = login(lead[1]).post(links_url(application),
                                   {"community": community.pk, "events": [elsewhere.pk]})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not application.events.exists()


def test_a_community_without_funded_project_has_no_such_panel(client, community, application):
    fund(application)
    assert 'id="funded"' not in client.get(community.get_absolute_url()).content.decode()


def test_the_organisation_form_offers_the_map_picker_and_keeps_a_typed_place(login, lead):
    org, admin, _member = lead
    url = reverse("organisations:edit", args=[org.slug])
    page = login(admin).get(url).content.decode()
    assert 'data-map="organisation-map-data"' in page and "/static/design/map.js" in page
    data = {"name": org.name, "kind": org.kind, "latitude": "45.5", "longitude": ""}
    response = login(admin).post(url, data)
    assert response.status_code == 400
    assert "both the latitude and the longitude" in response.content.decode()
    org.refresh_from_db()
    assert org.latitude is None
    response = login(admin).post(url, {**data, "longitude": "nan"})
    assert response.status_code == 400
    assert login(admin).post(url, {**data, "longitude": "4.83"}).status_code == 302
    org.refresh_from_db()
    assert (org.latitude, org.longitude) == (Decimal("45.5"), Decimal("4.83"))
