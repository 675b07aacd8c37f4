"""No e-mail address and no account id ever leaves the API: the raw output
of every operation of the schema (lists, details, exports), and of the feeds,
is read with seeded people all around, each with an e-mail address."""

import re

import pytest
from django.contrib.auth import get_user_model
from drf_spectacular.generators import SchemaGenerator

from events.models import Event

from .conftest import seed_process, seed_public_world

pytestmark = pytest.mark.django_db

EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")


def every_address() -> list[str]:
    """Every operation of the schema with real objects, and the feeds."""
    real = {
        "communities": seed_public_world(2)[0].slug,
        "processes": seed_process(proposals=2).slug,
        "events": str(Event.objects.filter(title__startswith="Public").first().pk),
    }
    paths = SchemaGenerator().get_schema(request=None, public=True)["paths"]
    addresses = []
    for path in paths:
        resource = path.split("/")[3]
        addresses.append(path.replace("{slug}", real[resource]).replace("{id}", real[resource]))
    feeds = [f"/api/v1/processes/{real['processes']}/feed.{kind}" for kind in ("rss", "atom")]
    return addresses + feeds


def test_no_email_address_appears_in_any_answer(api):
    addresses = every_address()
    emails = list(get_user_model().objects.values_list("email", flat=True))
    assert len(addresses) == 20 and len(emails) > 10

    for address in addresses:
        response = api.get(address)
        assert response.status_code == 200, address
        raw = response.content.decode()
        assert not any(email in raw for email in emails), address
        assert not EMAIL.findall(raw), address
