"""An optional place on a proposal (issue #17, item 3): both or neither,
within the Earth's bounds; refused with a message, nothing created."""

import pytest
from django.urls import reverse

from processes.models import Proposal

pytestmark = pytest.mark.django_db


def propose(client, process, **place):
    return client.post(reverse("processes:propose", args=[process.slug]),
                       {"title": "Un arceau", "text": "Devant l'école.", **place})


@pytest.mark.parametrize(("latitude", "longitude"), [
    ("90.0001", "1"), ("-90.0001", "1"), ("45", "180.0001"), ("45", "-180.0001")])
def test_a_place_off_the_map_is_refused(client, process, author, latitude, longitude):
    client.force_login(author)
    response = propose(client, process, latitude=latitude, longitude=longitude)
    assert response.status_code == 400
    assert "This place is not on the map" in response.content.decode()
    assert not Proposal.objects.exists()


def test_half_a_place_is_refused(client, process, author):
    client.force_login(author)
    response = propose(client, process, latitude="43.6")
    assert response.status_code == 400
    assert "Give both the latitude and the longitude" in response.content.decode()
    assert not Proposal.objects.exists()


@pytest.mark.parametrize(("latitude", "longitude"), [("90", "180"), ("-90", "-180")])
def test_the_bounds_themselves_are_on_the_map(client, process, author, latitude, longitude):
    client.force_login(author)
    assert propose(client, process, latitude=latitude, longitude=longitude).status_code == 302
    proposal = Proposal.objects.get()
    assert (proposal.latitude, proposal.longitude) == (float(latitude), float(longitude))


def test_no_place_is_fine(client, process, author):
    client.force_login(author)
    assert propose(client, process).status_code == 302
    assert Proposal.objects.get().latitude is None
