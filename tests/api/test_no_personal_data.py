"""No e-mail address and no account id ever leaves the API: the raw JSON of
every endpoint, lists and details, is read with seeded people all around."""

import re

import pytest

from events.models import Event

pytestmark = pytest.mark.django_db

EMAIL = re.compile(rb"[\w.+-]+@[\w-]+\.[\w.-]+")


def every_address(world) -> list[str]:
    event = Event.objects.filter(title__startswith="Public").first()
    return [
        "/api/v1/communities/",
        f"/api/v1/communities/{world[0].slug}/",
        "/api/v1/events/",
        f"/api/v1/events/{event.pk}/",
    ]


def test_no_email_address_appears_in_any_answer(api, world):
    from django.contrib.auth import get_user_model

    emails = [e.encode() for e in get_user_model().objects.values_list("email", flat=True)]
    assert emails

    for address in every_address(world):
        raw = api.get(address).content
        assert not any(email in raw for email in emails), address
        assert not EMAIL.findall(raw), address
