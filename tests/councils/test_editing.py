"""Creating and editing a council: the service's refusals on both sides of
their boundaries, and the page, offered to a direction's agents only."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from councils import services
from councils.models import College, Council
from tests.factories import DirectionFactory, UserFactory

from .conftest import START, announce, create, make_pool, update


def refusal(call, **fields) -> dict:
    with pytest.raises(ValidationError) as error:
        call(**fields)
    return error.value.message_dict


def test_the_term_must_end_after_it_starts(direction):
    errors = refusal(create, direction=direction, term_end=START)
    assert errors["term_end"] == ["The term must end after it starts."]
    assert create(direction, term_end=START + dt.timedelta(days=1)).term_end > START


def test_a_college_needs_a_seat_and_its_own_name(direction):
    errors = refusal(create, direction=direction, colleges=[("Habitants", 0)])
    assert errors["colleges"] == ["The college “Habitants” needs at least one seat."]
    errors = refusal(create, direction=direction, colleges=[("Habitants", 2), ("habitants", 1)])
    assert "Two colleges have the same name: habitants." in errors["colleges"]
    assert not Council.objects.exists()
    assert create(direction, colleges=[("Habitants", 1)]).colleges.get().seats == 1


def test_an_address_is_taken_once(direction, council):
    errors = refusal(create, direction=direction, slug="malakoff")
    assert errors["slug"] == ["Another council already has the address “malakoff”."]
    assert "not available" in refusal(create, direction=direction, slug="new")["slug"][0]
    assert Council.objects.count() == 1


def test_an_extra_characteristic_is_kept(direction):
    council = create(direction, extra_characteristics=[("housing", "Housing", ["tenant", "owner"])])
    assert [c.key for c in council.characteristics.all()] == [
        "age_band", "gender", "sub_area", "housing"]
    assert council.characteristics.get(key="sub_area").categories == ["Est", "Ouest"]


def test_seats_cannot_go_below_the_members_seated(council, residents):
    services.member_appoint(college=residents, name="Jeanne")
    services.member_appoint(college=residents, name="Paul")
    errors = refusal(update, council=council, colleges=[("Habitants", 1),
                                                        ("Associations et acteurs locaux", 6)])
    assert errors["colleges"] == [
        "The college “Habitants” has 2 members seated: it cannot have fewer seats."]
    update(council, colleges=[("Habitants", 2), ("Associations et acteurs locaux", 6)])
    assert College.objects.get(pk=residents.pk).seats == 2


def test_a_college_with_members_stays_one_without_goes(council, residents):
    services.member_appoint(college=residents, name="Jeanne")
    errors = refusal(update, council=council, colleges=[("Associations et acteurs locaux", 6)])
    assert "cannot be removed" in errors["colleges"][0]
    update(council, colleges=[("Habitants", 12), ("Conseil des jeunes", 4)])
    assert [c.name for c in council.colleges.all()] == ["Habitants", "Conseil des jeunes"]


def test_a_sub_area_held_by_a_candidate_stays(council):
    make_pool(council, 3, sub_area="Nord")
    errors = refusal(update, council=council, sub_areas=["Centre", "Sud"])
    assert errors["sub_areas"] == [
        "Candidates of the pool are in “Nord” (Sub-area): it cannot be removed."]
    update(council, sub_areas=["Nord", "Sud", "Ouest"])
    assert council.characteristics.get(key="sub_area").categories == ["Nord", "Sud", "Ouest"]
    errors = refusal(update, council=council, sub_areas=["Nord"],
                     extra_characteristics=[("housing", "Housing", ["tenant", "owner"])])
    assert "can no longer be added or removed" in errors["characteristics"][0]


def test_categories_wait_for_an_announced_draw(council, residents):
    announce(residents, quotas={}, fix_seed="")
    errors = refusal(update, council=council, sub_areas=["Nord", "Centre", "Sud", "Ouest"])
    assert "A draw is announced" in errors["characteristics"][0]
    update(council, name="Conseil citoyen Malakoff – Pré Gauchet")
    assert Council.objects.get().name == "Conseil citoyen Malakoff – Pré Gauchet"


@pytest.fixture
def client(client):
    client.cookies["django_language"] = "en"
    return client


FORM = {
    "name": "Conseil citoyen de Bellevue", "slug": "", "territory": "Nantes, Bellevue",
    "term_start": "2027-01-01", "term_end": "2029-12-31",
    "colleges": "Habitants: 8\nAssociations: 4", "sub_areas": "Haut\nBas",
    "characteristics": "Housing: tenant, owner",
}


def test_an_agent_creates_a_council_of_their_direction_only(client, direction, agent):
    other = DirectionFactory(slug="culture")
    client.force_login(agent)
    page = client.get("/councils/")
    assert 'href="/councils/new/"' in page.text
    form = client.get("/councils/new/").text
    assert "Cohésion urbaine" in form and other.name not in form
    refused = client.post("/councils/new/", {**FORM, "direction": other.pk})
    assert refused.status_code == 400 and not Council.objects.exists()
    refused = client.post("/councils/new/", {**FORM, "direction": direction.pk,
                                             "term_end": "2026-12-31"})
    assert "The term must end after it starts." in refused.text
    refused = client.post("/councils/new/", {**FORM, "direction": direction.pk,
                                             "colleges": "Habitants: 0"})
    assert "The college “Habitants” needs at least one seat." in refused.text
    refused = client.post("/councils/new/", {**FORM, "direction": direction.pk,
                                             "colleges": "Habitants douze"})
    assert "Line 1: write the college" in refused.text
    answer = client.post("/councils/new/", {**FORM, "direction": direction.pk})
    assert answer.status_code == 302 and answer.url == "/councils/conseil-citoyen-de-bellevue/"
    council = Council.objects.get()
    assert council.direction == direction and council.characteristics.count() == 4
    again = client.post("/councils/new/", {**FORM, "direction": direction.pk})
    assert "Another council already has the address" in again.text


def test_only_agents_see_the_buttons_and_the_pages(client, council, agent):
    resident = UserFactory(email="resident@example.org")
    client.force_login(resident)
    assert 'href="/councils/new/"' not in client.get("/councils/").text
    assert "/councils/malakoff/edit/" not in client.get("/councils/malakoff/").text
    assert client.get("/councils/new/").status_code == 403
    assert client.get("/councils/malakoff/edit/").status_code == 403
    outsider = UserFactory(email="culture@example.org")
    DirectionFactory(slug="culture").staff.add(outsider)
    client.force_login(outsider)
    assert client.get("/councils/malakoff/edit/").status_code == 403
    client.force_login(agent)
    assert "/councils/malakoff/edit/" in client.get("/councils/malakoff/").text
    page = client.get("/councils/malakoff/edit/")
    assert "Habitants: 12" in page.text
    answer = client.post("/councils/malakoff/edit/", {
        **FORM, "name": "Conseil citoyen de Malakoff", "colleges": "Habitants: 14"})
    assert answer.status_code == 302
    assert [(c.name, c.seats) for c in council.colleges.all()] == [("Habitants", 14)]


def test_pasted_control_characters_are_dropped_so_the_import_templates_open(
        client, direction, agent):
    """A list pasted from a word processor brings invisible control
    characters (a vertical tab for a line break, a bell after a table cell):
    gone from what is kept, the templates built from it open."""
    client.force_login(agent)
    answer = client.post("/councils/new/", {
        **FORM, "direction": direction.pk, "sub_areas": "Haut\x07\x0bBas\x01",
        "characteristics": "Housing\x08: tenant\x07, owner\x1f, \x07"})
    assert answer.status_code == 302
    council = Council.objects.get()
    assert {c.key: c.categories for c in council.characteristics.all()} == {
        "age_band": council.characteristics.get(key="age_band").categories,
        "gender": council.characteristics.get(key="gender").categories,
        "sub_area": ["Haut", "Bas"], "housing": ["tenant", "owner"]}
    assert council.characteristics.get(key="housing").label == "Housing"
    for extension in ("xlsx", "ods", "csv"):
        response = client.get(f"/councils/{council.slug}/import/template.{extension}")
        assert response.status_code == 200, extension
