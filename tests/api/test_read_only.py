"""The API only reads: every other method is refused with 405, signed in or not."""

import pytest

pytestmark = pytest.mark.django_db

LISTS = ["/api/v1/communities/", "/api/v1/events/"]


def details(world):
    from events.models import Event

    event = Event.objects.filter(title__startswith="Public").first()
    return [f"/api/v1/communities/{world[0].slug}/", f"/api/v1/events/{event.pk}/"]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_writing_methods_are_405_for_anonymous_clients(api, world, method):
    for url in LISTS + details(world):
        response = getattr(api, method)(url, {"title": "x"}, format="json")

        assert response.status_code == 405, (method, url)
        assert response["Allow"] == "GET, HEAD, OPTIONS"


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_writing_methods_are_405_for_signed_in_people_too(api, world, method):
    """Not 403 for a missing CSRF token: the method itself is refused first."""
    api = type(api)(enforce_csrf_checks=True)
    api.force_login(world[0].memberships.first().user)

    for url in LISTS + details(world):
        assert getattr(api, method)(url).status_code == 405, (method, url)


def test_nothing_is_changed_by_a_refused_write(api, world):
    before = api.get(LISTS[0]).json()

    api.delete(details(world)[0])

    assert api.get(LISTS[0]).json() == before
