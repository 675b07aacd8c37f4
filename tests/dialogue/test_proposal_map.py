"""The map of a process's proposals (issue #17, item 3): exactly the visible
proposals that have a place, each linking to its proposal; a fixed number of
queries; the proposal form's map picker beside the two number fields."""

import json

import pytest
from django.urls import reverse

from processes import services

pytestmark = pytest.mark.django_db


def map_data(page: str, island: str = "process-map-data") -> dict:
    start = page.index(f'<script id="{island}" type="application/json">')
    start = page.index(">", start) + 1
    return json.loads(page[start:page.index("</script>", start)])


def placed(process, author, title, latitude=43.6045, longitude=1.4440):
    return services.proposal_create(process=process, author=author, title=title,
                                    text="Ici.", latitude=latitude, longitude=longitude)


def test_the_map_lists_exactly_the_visible_proposals_with_a_place(client, process, author,
                                                                  lead, in_english):
    shown = placed(process, author, "Un arceau place du Capitole")
    hidden = placed(process, author, "Un arceau caché", 43.61, 1.45)
    services.proposal_hide(proposal=hidden, actor=lead, reason="Hors sujet.")
    services.proposal_create(process=process, author=author, title="Sans lieu", text="Partout.")
    page = client.get(reverse("processes:map", args=[process.slug])).content.decode()
    url = reverse("processes:proposal", args=[process.slug, shown.pk])
    assert map_data(page)["markers"] == [{
        "title": "Un arceau place du Capitole", "category": "", "lat": 43.6045,
        "lng": 1.444, "url": url}]
    # The text list says the same, with the same link; nothing of the others.
    assert f'<a href="{url}">Un arceau place du Capitole</a>' in page
    assert "Un arceau caché" not in page and "Sans lieu" not in page
    assert "1 proposal on the map" in page
    # Local assets only, no inline script.
    assert "/static/vendor/leaflet/leaflet.js" in page and "/static/design/map.js" in page
    assert "unpkg" not in page and "cdn" not in page.lower()


def test_the_process_page_links_to_the_map(client, process, in_english):
    page = client.get(process.get_absolute_url()).content.decode()
    assert reverse("processes:map", args=[process.slug]) in page


@pytest.mark.parametrize("size", [1, 6])
def test_the_map_reads_a_fixed_number_of_queries(client, process, author, size,
                                                 django_assert_num_queries):
    for i in range(size):
        placed(process, author, f"Proposition {i}", 43.6 + i / 100, 1.44)
    # The process and its phases (2), the placed proposals (1), the reader's
    # roles and the layout's (anonymous: none more).
    with django_assert_num_queries(3):
        response = client.get(reverse("processes:map", args=[process.slug]))
    assert len(map_data(response.content.decode())["markers"]) == size


def test_the_proposal_form_offers_the_map_picker_beside_the_number_fields(client, process,
                                                                          author, in_english):
    client.force_login(author)
    page = client.get(reverse("processes:propose", args=[process.slug])).content.decode()
    assert 'type="number"' in page and 'id="id_latitude"' in page and 'id="id_longitude"' in page
    assert "data-pick-label" in page
    assert map_data(page)["pick"] is True and map_data(page)["markers"] == []
    # A refused form keeps the typed place on the map.
    response = client.post(reverse("processes:propose", args=[process.slug]),
                           {"title": "", "text": "", "latitude": "43.6", "longitude": "1.44"})
    assert response.status_code == 400
    assert map_data(response.content.decode())["markers"] == [
        {"title": "", "lat": 43.6, "lng": 1.44}]
    # A place off the map is refused by the service and not drawn.
    response = client.post(reverse("processes:propose", args=[process.slug]),
                           {"title": "T", "text": "X", "latitude": "91", "longitude": "1"})
    assert response.status_code == 400
    assert map_data(response.content.decode())["markers"] == []


def test_the_map_filters_by_category_with_a_plain_form(client, process, author):
    """A GET form (no JavaScript needed): one category's markers and list;
    an unknown category shows them all."""
    bike = services.proposal_create(process=process, author=author, title="Piste du canal",
                                    text="Ici.", category="Pistes", latitude=43.6,
                                    longitude=1.44)
    services.proposal_create(process=process, author=author, title="Arceaux de la gare",
                             text="Là.", category="Stationnement", latitude=43.61,
                             longitude=1.45)
    url = reverse("processes:map", args=[process.slug])
    page = client.get(url).content.decode()
    assert '<form method="get" class="filters">' in page and 'name="category"' in page
    assert len(map_data(page)["markers"]) == 2
    page = client.get(url, {"category": "Pistes"}).content.decode()
    assert [m["title"] for m in map_data(page)["markers"]] == [bike.title]
    assert "Arceaux de la gare" not in page
    assert '<option value="Pistes" selected>' in page
    assert len(map_data(client.get(url, {"category": "Inconnue"}).content.decode())
               ["markers"]) == 2


def test_a_category_without_placed_proposals_says_so(client, process, author):
    placed(process, author, "Sans catégorie")
    page = client.get(reverse("processes:map", args=[process.slug]),
                      {"category": "Stationnement"}).content.decode()
    assert map_data(page)["markers"] == []
    assert "No proposal of this category has a place yet." in page
