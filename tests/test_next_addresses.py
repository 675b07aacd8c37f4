"""Where a form's `next` may send a person (terreau.links.safe_next).

Found by the form fuzz (tests/access/test_form_fuzz.py): `next=0` was a
server error, since Django's redirect() reads a bare word as a view's name.
Every `next` now goes through one check: a path from the root or a URL of
the site itself, else the page's own fallback.
"""

import pytest
from django.test import RequestFactory

from terreau.links import safe_next
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

WORDS = ["0", "home", "accounts:profile", "notifications:list", "javascript:alert(1)"]
ELSEWHERE = ["https://evil.example/", "//evil.example/", "http://testserver/x"]


@pytest.mark.parametrize("target", ["/communities/", "/me/notifications/?page=2",
                                    "https://testserver/events/"])
def test_an_address_of_the_site_is_followed(target):
    request = RequestFactory().get("/", secure=True)

    assert safe_next(request, target, "/fallback/") == target


@pytest.mark.parametrize("target", [*WORDS, *ELSEWHERE, "", None])
def test_a_word_or_another_site_falls_back(target):
    request = RequestFactory().get("/", secure=True)

    assert safe_next(request, target, "/fallback/") == "/fallback/"


@pytest.mark.parametrize("target", WORDS)
def test_marking_notifications_read_with_a_word_as_next_goes_to_the_list(client, people, target):
    client.force_login(people["citizen"])

    response = client.post("/me/notifications/read-all/", {"next": target})

    assert response.status_code == 302
    assert response["Location"] == "/me/notifications/"


def test_marking_notifications_read_still_goes_back_to_the_page(client, people):
    client.force_login(people["citizen"])

    response = client.post("/me/notifications/read-all/", {"next": "/communities/"})

    assert response["Location"] == "/communities/"


@pytest.mark.parametrize("target", WORDS)
def test_joining_with_a_word_as_next_goes_to_the_community(client, people, community, target):
    client.force_login(UserFactory())

    response = client.post(f"/communities/{community.slug}/join/", {"next": target})

    assert response.status_code == 302
    assert response["Location"] == community.get_absolute_url()


@pytest.mark.parametrize("target", WORDS)
def test_subscribing_with_a_word_as_next_goes_to_the_archive(client, people, community, target):
    client.force_login(people["informed"])

    response = client.post(f"/communities/{community.slug}/letters/subscribe/",
                           {"subscribed": "1", "next": target})

    assert response.status_code == 302
    assert response["Location"] == f"/communities/{community.slug}/letters/"


@pytest.mark.parametrize("target", WORDS)
def test_the_admin_log_in_with_a_word_as_next_leads_to_the_form_for_the_home(client, target):
    response = client.get("/cms/login/", {"next": target})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/cms/"
