"""The Django admin for people known by their e-mail address."""

import re

import pytest
from django.contrib.auth import get_user_model

from tests.factories import UserFactory

User = get_user_model()
USERS = "/django-admin/accounts/user/"


@pytest.fixture
def admin_client(client, db):
    client.force_login(
        UserFactory(email="admin@example.org", display_name="Admin", is_staff=True,
                    is_superuser=True)
    )
    return client


def test_the_user_list_shows_email_name_organisation_and_staff(admin_client):
    # given a member with an organisation
    UserFactory(email="anne@example.org", display_name="Anne Martin", organisation="LPO")

    # when an administrator lists the users
    response = admin_client.get(USERS)

    # then each row shows the e-mail, the name, the organisation and staff status
    page = response.content.decode()
    assert response.status_code == 200
    assert "anne@example.org" in page
    assert "Anne Martin" in page
    assert "LPO" in page
    columns = re.findall(r'<th scope="col" class="[^"]*column-(\w+)', page)
    assert columns == ["email", "display_name", "organisation", "is_staff"]


def test_users_are_found_by_display_name_or_email(admin_client):
    # given two members
    UserFactory(email="anne@example.org", display_name="Anne Martin")
    UserFactory(email="sam@example.org", display_name="Sam Durand")

    # when an administrator searches a name, then an address
    by_name = admin_client.get(USERS, {"q": "Durand"}).content.decode()
    by_email = admin_client.get(USERS, {"q": "anne@"}).content.decode()

    # then only the matching person is listed
    assert "sam@example.org" in by_name and "anne@example.org" not in by_name
    assert "anne@example.org" in by_email and "sam@example.org" not in by_email


def test_an_administrator_creates_a_user_with_an_email_only(admin_client):
    # when an administrator adds a user by e-mail and display name
    response = admin_client.post(
        f"{USERS}add/",
        {
            "email": "Nouvelle@Example.org",
            "display_name": "Nouvelle Personne",
            "usable_password": "true",
            "password1": "Jardin-partage-2024",
            "password2": "Jardin-partage-2024",
        },
    )

    # then the user exists, with the address in lower case and the password set
    assert response.status_code == 302
    user = User.objects.get(email="nouvelle@example.org")
    assert user.display_name == "Nouvelle Personne"
    assert user.check_password("Jardin-partage-2024")


def test_an_administrator_cannot_create_a_second_account_for_an_address(admin_client):
    # given a member
    UserFactory(email="anne@example.org")

    # when an administrator adds the same address in capitals
    response = admin_client.post(
        f"{USERS}add/",
        {
            "email": "ANNE@example.org",
            "display_name": "Doublon",
            "usable_password": "true",
            "password1": "Jardin-partage-2024",
            "password2": "Jardin-partage-2024",
        },
    )

    # then the form refuses it and there is still one account
    assert response.status_code == 200
    assert 'id="id_email_error"' in response.content.decode()
    assert User.objects.filter(email__iexact="anne@example.org").count() == 1


def test_an_administrator_edits_the_profile_fields(admin_client):
    # given a member
    anne = UserFactory(email="anne@example.org", display_name="Anne Martin")
    change_url = f"{USERS}{anne.pk}/change/"
    page = admin_client.get(change_url)
    assert page.status_code == 200

    # when an administrator changes the profile fields
    response = admin_client.post(
        change_url,
        {
            "email": "anne@example.org",
            "display_name": "Anne M.",
            "organisation": "LPO",
            "bio": "Ornithologue.",
            "interests": "biodiversité, circuits courts",
            "skills": "comptage d'oiseaux",
            "preferred_language": "en",
            "is_active": "on",
            "last_login": "",
            "date_joined_0": "2025-01-01",
            "date_joined_1": "10:00:00",
        },
    )

    # then they are saved, a tag keeping its spaces
    assert response.status_code == 302, response.content.decode()[:2000]
    anne.refresh_from_db()
    assert anne.display_name == "Anne M."
    assert anne.organisation == "LPO"
    assert anne.preferred_language == "en"
    assert sorted(anne.interests.names()) == ["biodiversité", "circuits courts"]
    assert list(anne.skills.names()) == ["comptage d'oiseaux"]


def test_site_staff_without_admin_rights_cannot_list_users(client, db):
    # given a staff member with no permission on users
    client.force_login(UserFactory(email="staff@example.org", is_staff=True))

    # when they open the user list
    response = client.get(USERS)

    # then it is refused
    assert response.status_code == 403
