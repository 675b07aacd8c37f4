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
