import pytest

from tests.factories import CommunityFactory, UserFactory


def test_a_refused_page_explains_itself_inside_the_site(client, db):
    community = CommunityFactory()
    client.force_login(UserFactory())
    response = client.get(f"/communities/{community.slug}/members/", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 403
    assert "Terreau" in response.content.decode()
    assert '<a class="skip-link"' in response.content.decode()


def test_an_unknown_page_says_so_with_a_way_back(client, db):
    response = client.get("/communities/does-not-exist/")
    assert response.status_code == 404
    assert 'href="/communities/"' in response.content.decode()


def test_a_nul_character_in_a_search_is_refused_cleanly(client, db):
    # PostgreSQL refuses NUL in text: it must never reach a query.
    for path in ("/communities/?q=%00", "/communities/?theme=a%00b", "/events/?q=%00"):
        response = client.get(path)
        assert response.status_code == 400, path
        assert "Nothing was changed" in response.content.decode() or "Rien n" in response.content.decode()


def test_a_nul_character_in_a_form_is_refused_cleanly(client, db):
    community = CommunityFactory()
    client.force_login(UserFactory())
    response = client.post(
        f"/communities/{community.slug}/join/", {"note": "a\x00b"}
    )
    assert response.status_code == 400
    assert not community.memberships.exists()


def test_a_form_sent_without_its_security_token_gets_a_branded_page(db):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    community = CommunityFactory()
    client.force_login(UserFactory())

    response = client.post(f"/communities/{community.slug}/join/", HTTP_ACCEPT_LANGUAGE="fr")

    page = response.content.decode()
    assert response.status_code == 403
    assert '<a class="skip-link"' in page  # the site's own layout
    assert "Le formulaire a expiré" in page and "Rien n’a été modifié" in page
    assert not community.memberships.exists()


# Each error page: the site's layout (its skip link and the signed-in person's
# menu, which needs the request), in the person's language.
LAYOUT = '<a class="skip-link"'
SIGNED_IN_MENU = 'action="/accounts/logout/"'


def test_a_bad_request_page_is_inside_the_layout_for_the_signed_in_person(client, db):
    client.force_login(UserFactory())

    response = client.get("/communities/?q=%00", HTTP_ACCEPT_LANGUAGE="fr")

    page = response.content.decode()
    assert response.status_code == 400
    assert LAYOUT in page and SIGNED_IN_MENU in page
    assert "Requête incomprise" in page


def test_a_refused_page_is_in_french_with_the_persons_menu(client, db):
    community = CommunityFactory()
    client.force_login(UserFactory())

    response = client.get(f"/communities/{community.slug}/members/", HTTP_ACCEPT_LANGUAGE="fr")

    page = response.content.decode()
    assert response.status_code == 403
    assert SIGNED_IN_MENU in page and "Accès refusé" in page


def test_an_unknown_page_is_in_french_with_the_persons_menu(client, db):
    client.force_login(UserFactory())

    response = client.get("/communities/does-not-exist/", HTTP_ACCEPT_LANGUAGE="fr")

    page = response.content.decode()
    assert response.status_code == 404
    assert LAYOUT in page and SIGNED_IN_MENU in page and "Page introuvable" in page


def test_the_csrf_failure_page_shows_the_signed_in_persons_menu(db):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    community = CommunityFactory()
    client.force_login(UserFactory())

    response = client.post(f"/communities/{community.slug}/join/", HTTP_ACCEPT_LANGUAGE="fr")

    page = response.content.decode()
    assert response.status_code == 403
    assert SIGNED_IN_MENU in page and "Le formulaire a expiré" in page
    # the language switch of the layout carries a token, so it works from here
    assert 'name="csrfmiddlewaretoken"' in page


@pytest.mark.urls("tests.error_urls")
def test_a_server_error_gets_the_branded_page_in_both_languages(db):
    from django.test import Client

    response = Client(raise_request_exception=False).get("/fails/")

    page = response.content.decode()
    assert response.status_code == 500
    assert "Terreau" in page and "/static/css/terreau.css" in page
    assert "Une erreur est survenue" in page and "Something went wrong" in page


def test_the_server_error_page_needs_no_database_nor_request():
    # no `db` fixture: any query would fail this test
    from django.template import loader

    page = loader.get_template("500.html").render()

    assert "Une erreur est survenue" in page
