"""Anonymous clients are limited per address, signed-in people per account,
with a clear 429 and Retry-After (limits from API_THROTTLE_RATES)."""

import pytest

pytestmark = pytest.mark.django_db

URL = "/api/v1/communities/"


@pytest.fixture
def limits(settings):
    settings.API_THROTTLE_RATES = {"anonymous": "3/min", "account": "5/min"}


def test_an_anonymous_client_gets_429_past_its_limit(api, world, limits):
    answers = [api.get(URL).status_code for _ in range(4)]

    assert answers == [200, 200, 200, 429]


def test_the_429_says_what_happened_and_when_to_come_back(api, world, limits):
    for _ in range(3):
        api.get(URL)

    response = api.get(URL)

    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    detail = response.json()["detail"]
    assert detail.startswith("Too many requests to the API from this client. Try again in ")
    assert f"{response['Retry-After']} second" in detail
    assert "/api/docs/" in detail


def test_the_limit_counts_every_endpoint_together(api, world, limits):
    api.get("/api/v1/communities/")
    api.get("/api/v1/events/")
    api.get(f"/api/v1/communities/{world[0].slug}/")

    assert api.get("/api/v1/events/").status_code == 429


def test_a_forged_forwarded_for_header_does_not_reset_the_count(api, world, limits):
    answers = [
        api.get(URL, HTTP_X_FORWARDED_FOR=f"10.0.0.{n}").status_code for n in range(4)
    ]

    assert answers[-1] == 429


def test_another_address_has_its_own_count(api, world, limits):
    for _ in range(3):
        api.get(URL)

    assert api.get(URL, REMOTE_ADDR="192.0.2.7").status_code == 200


def test_a_signed_in_person_has_the_account_limit(api, world, limits):
    api.force_login(world[0].memberships.first().user)

    answers = [api.get(URL).status_code for _ in range(6)]

    assert answers == [200] * 5 + [429]
