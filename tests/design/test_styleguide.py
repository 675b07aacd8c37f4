"""The living style guide (/styleguide/): the site's staff only, every component, both languages."""

import pytest
from django.urls import reverse
from django.utils import translation

URL = "/styleguide/"


def test_the_address_is_the_style_guide():
    assert reverse("design:styleguide") == URL


@pytest.mark.parametrize("role", ["citizen", "engaged", "gardener", "cultivator"])
def test_anyone_but_staff_is_refused(login, people, role):
    assert login(people[role]).get(URL).status_code == 403


def test_a_visitor_is_asked_to_log_in(client, db):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_staff_see_every_component(login, people):
    people["staff"].preferred_language = "en"
    people["staff"].save()
    response = login(people["staff"]).get(URL)

    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="en">' in page and "<h1>Style guide</h1>" in page
    for section in ("tokens", "type", "space", "buttons", "badges", "components", "empty",
                    "toasts", "forms", "tables", "charts", "icons", "patterns"):
        assert f'id="{section}"' in page, section
    # the real card templates, the toasts, a stacked table and a chart
    assert page.count('class="card has-media community-card"') == 3
    assert page.count('class="card has-media event-card"') == 3
    assert 'class="message toast message-error"' in page
    assert 'class="table-stack"' in page and 'data-label="Circle"' in page
    assert 'svg class="chart"' in page
    # the form with errors opens with its summary, linked to the fields
    assert 'data-error-summary' in page
    assert 'href="#id_invalid-name"' in page


def test_the_style_guide_is_in_french_too(login, people):
    with translation.override("fr"):
        heading = translation.gettext("Style guide")
    response = login(people["staff"]).get(URL, HTTP_ACCEPT_LANGUAGE="fr")

    assert response.status_code == 200
    assert '<html lang="fr">' in response.content.decode()
    assert f"<h1>{heading}</h1>" in response.content.decode()
