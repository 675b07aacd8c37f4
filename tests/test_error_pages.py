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
