"""The directory's pages as a member, a gardener, a stranger would use them."""

import json
import re
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from directory.models import DirectoryEntry
from tests.factories import UserFactory
from tests.space import home_of, panel

from .factories import DirectoryEntryFactory

pytestmark = pytest.mark.django_db


def url(name, community, **query):
    path = reverse(f"directory:{name}", kwargs={"slug": community.slug})
    if query:
        from urllib.parse import urlencode

        path += "?" + urlencode(query)
    return path


# --- Who gets in ------------------------------------------------------------------


def test_anonymous_people_are_sent_to_log_in(client, community):
    response = client.get(url("list", community))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.mark.parametrize("name", ["list", "map", "mine"])
def test_a_stranger_gets_a_friendly_403(login, people, community, name):
    response = login(people["other_gardener"]).get(url(name, community))
    assert response.status_code == 403
    assert community.get_absolute_url() in response.content.decode()


def test_a_forged_community_is_a_404(login, people):
    response = login(people["citizen"]).get("/communities/nowhere/directory/")
    assert response.status_code == 404


def test_a_gardener_sees_the_directory_but_cannot_list_themselves(login, people, community):
    client = login(people["gardener"])
    assert client.get(url("list", community)).status_code == 200
    assert client.post(url("mine", community), {"territory": "Lyon"}).status_code == 403
    assert not DirectoryEntry.objects.exists()


# --- The list -----------------------------------------------------------------------


def test_a_member_sees_the_cards(login, people, community, listed):
    entry = listed(1)[0]
    response = login(people["citizen"]).get(url("list", community))
    html = response.content.decode()
    assert response.status_code == 200
    for text in ("Actor 000", "Asso 0", "Lyon 7e", "skill-0", "compost", "interest-0", "haies"):
        assert text in html
    assert f"mailto:{entry.user.email}" not in html


def test_the_e_mail_shows_only_when_the_person_chose_it(login, people, community, listed):
    hidden, shown = listed(2)
    shown.show_email = True
    shown.save()
    html = login(people["citizen"]).get(url("list", community)).content.decode()
    assert f"mailto:{shown.user.email}" in html
    assert hidden.user.email not in html


def test_filters_by_skill_interest_territory_and_search(login, people, community, listed):
    entries = listed(6)
    entries[5].territory = "Villeurbanne"
    entries[5].save()
    client = login(people["citizen"])

    def names(**query):
        html = client.get(url("list", community, **query)).content.decode()
        return {f"Actor {i:03d}" for i in range(6) if f"Actor {i:03d}" in html}

    assert names(skill="skill-1") == {"Actor 001", "Actor 004"}
    assert names(interest="interest-2") == {"Actor 002"}
    assert names(territory="Villeurbanne") == {"Actor 005"}
    assert names(q="asso 3") == {"Actor 003"}
    assert names(q="actor 00", skill="skill-0", territory="Lyon 7e") == {"Actor 000", "Actor 003"}


def test_an_unknown_filter_value_says_so_and_is_ignored(login, people, community, listed):
    listed(2)
    response = login(people["citizen"]).get(url("list", community, skill="<nope>"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Some filters were not understood" in html or "filtres" in html
    assert "Actor 000" in html and "Actor 001" in html


def test_the_list_is_paginated(login, people, community, listed):
    listed(23)
    client = login(people["citizen"])
    first = client.get(url("list", community)).content.decode()
    second = client.get(url("list", community, page=2)).content.decode()
    assert "Actor 019" in first and "Actor 020" not in first
    assert "Actor 020" in second and "Actor 022" in second
    assert client.get(url("list", community, page="x")).status_code == 200


# --- The map -------------------------------------------------------------------------


def _island(response):
    html = response.content.decode()
    found = re.search(r'<script id="directory-map-data" type="application/json">(.*?)</script>', html)
    return json.loads(found.group(1))


def test_the_map_carries_only_located_people(login, people, community, listed, settings):
    settings.MAP_TILES_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    located, _ = listed(2)
    DirectoryEntry.objects.exclude(pk=located.pk).update(latitude=None, longitude=None)
    response = login(people["engaged"]).get(url("map", community))
    data = _island(response)
    assert data["tiles"] == "https://tiles.example.org/{z}/{x}/{y}.png"
    assert data["markers"] == [{
        "name": "Actor 000", "organisation": "Asso 0", "territory": "Lyon 7e",
        "lat": 45.746, "lng": 4.842,
    }]
    assert data["icons"]["iconUrl"] == "/static/vendor/leaflet/images/marker-icon.png"
    html = response.content.decode()
    assert "/static/vendor/leaflet/leaflet.js" in html
    assert "<script>" not in html  # no inline script: data as JSON, code in map.js


def test_the_map_escapes_names_in_its_json(login, people, community, listed):
    entry = listed(1)[0]
    entry.user.display_name = "</script><script>alert(1)</script>"
    entry.user.save()
    html = login(people["citizen"]).get(url("map", community)).content.decode()
    assert "<script>alert(1)" not in html


# --- My entry ------------------------------------------------------------------------


def test_a_member_lists_themselves(login, people, community):
    client = login(people["citizen"])
    response = client.post(url("mine", community), {
        "territory": "Croix-Rousse", "latitude": "45,77449", "longitude": "4.8312",
        "show_email": "on",
    })
    assert response.status_code == 302
    entry = DirectoryEntry.objects.get(user=people["citizen"])
    assert (entry.territory, entry.latitude, entry.longitude, entry.show_email) == (
        "Croix-Rousse", Decimal("45.774"), Decimal("4.831"), True
    )
    page = client.get(response["Location"]).content.decode()
    assert "Croix-Rousse" in page


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"latitude": "95", "longitude": "4"}, "latitude"),
        ({"latitude": "45", "longitude": "200"}, "longitude"),
        ({"latitude": "45", "longitude": ""}, "longitude"),
        ({"latitude": "abc", "longitude": "4"}, "latitude"),
        ({"territory": "x" * 121}, "territory"),
    ],
)
def test_bad_input_gets_form_errors_and_changes_nothing(login, people, community, data, field):
    DirectoryEntryFactory(community=community, user=people["citizen"], territory="Lyon")
    response = login(people["citizen"]).post(url("mine", community), data)
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    entry = DirectoryEntry.objects.get()
    assert (entry.territory, entry.latitude) == ("Lyon", Decimal("45.746"))


def test_the_form_suggests_the_territories_already_used(login, people, community, listed):
    listed(1, territory="Confluence")
    html = login(people["citizen"]).get(url("mine", community)).content.decode()
    assert '<option value="Confluence">' in html
    assert 'list="territory-suggestions"' in html


def test_removing_the_location_then_the_entry(login, people, community):
    DirectoryEntryFactory(community=community, user=people["citizen"])
    client = login(people["citizen"])
    assert client.post(url("remove_location", community)).status_code == 302
    assert DirectoryEntry.objects.get().latitude is None
    response = client.post(url("remove", community))
    assert response["Location"] == community.get_absolute_url()
    assert not DirectoryEntry.objects.exists()


def test_removing_is_post_only(login, people, community):
    DirectoryEntryFactory(community=community, user=people["citizen"])
    client = login(people["citizen"])
    assert client.get(url("remove", community)).status_code == 405
    assert DirectoryEntry.objects.exists()


# --- Blocks for other pages -----------------------------------------------------------


def _render(template, user, community=None):
    request = RequestFactory().get("/")
    request.user = user
    with translation.override("en"):  # the assertions read the English source strings
        return Template(template).render(Context({"request": request, "community": community}))


def test_the_directory_panel_for_a_listed_member(people, community, listed):
    listed(2)
    DirectoryEntryFactory(community=community, user=people["citizen"])
    shown = panel(home_of(people["citizen"], community), "directory")
    assert "3 actors listed" in shown
    assert "You are listed in the directory." in shown
    assert url("remove", community) in shown


def test_the_directory_panel_for_a_member_not_listed(people, community):
    shown = panel(home_of(people["engaged"], community), "directory")
    assert "You are not listed in the directory." in shown
    assert url("mine", community) in shown


def test_the_directory_panel_for_a_stranger_hides_the_count(people, community, listed):
    listed(2)
    shown = panel(home_of(people["anonymous"], community), "directory")
    assert "Join the community to see it." in shown
    assert "actors listed" not in shown
    assert url("list", community) not in shown


def test_the_profile_block_lists_each_community(people, community, other_community):
    from communities.services import membership_join

    member = people["citizen"]
    membership_join(community=other_community, user=member)
    DirectoryEntryFactory(community=community, user=member)
    html = _render('{% include "directory/_profile_block.html" %}', member)
    assert url("mine", community) in html and url("mine", other_community) in html
    assert "on the map" in html and "not listed" in html


def test_the_profile_block_for_someone_without_community():
    html = _render('{% include "directory/_profile_block.html" %}', UserFactory())
    assert "Join a community" in html
