"""The profile page: what a person says about themselves, and their language."""

import pytest
from django.core.exceptions import ValidationError

from accounts.services import profile_update
from tests.accounts.helpers import html_lang, in_french
from tests.factories import UserFactory

PROFILE = "/me/profile/"


def _form(**changes):
    data = {
        "display_name": "Anne Martin",
        "organisation": "Réseau des jardins partagés",
        "bio": "Je coordonne trois jardins partagés à Montpellier.",
        "interests": "biodiversité, circuits courts",
        "skills": "animation, compostage",
        "preferred_language": "fr",
    }
    data.update(changes)
    return data


@pytest.fixture
def anne(db):
    return UserFactory(email="anne@example.org", display_name="Anne Martin")


def test_anonymous_visitors_are_sent_to_log_in(client, db):
    # when an anonymous visitor opens the profile page
    response = client.get(PROFILE)

    # then they are asked to log in first, and come back after
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")
    assert "next=/me/profile/" in response.url


def test_the_profile_shows_what_the_member_said(client, anne):
    # given a member with an organisation, interests and skills
    anne.organisation = "Réseau des jardins partagés"
    anne.save()
    anne.interests.set(["circuits courts", "biodiversité"])
    anne.skills.set(["compostage"])
    client.force_login(anne)

    # when they open their profile
    response = client.get(PROFILE)

    # then the form is filled with it, tags separated by commas
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("<h1>") == 1
    assert 'value="Anne Martin"' in page
    assert 'value="Réseau des jardins partagés"' in page
    assert 'value="biodiversité, circuits courts"' in page
    assert 'value="compostage"' in page
    assert "anne@example.org" in page


def test_saving_the_profile_updates_it(client, anne):
    # given a logged-in member
    client.force_login(anne)

    # when they fill and send the form
    response = client.post(PROFILE, _form(display_name="Anne M."), follow=True)

    # then they see it saved
    assert response.redirect_chain[-1][0] == PROFILE
    assert in_french("Your profile is saved.") in response.content.decode()
    anne.refresh_from_db()
    assert anne.display_name == "Anne M."
    assert anne.organisation == "Réseau des jardins partagés"
    assert anne.bio == "Je coordonne trois jardins partagés à Montpellier."
    # and a tag may hold spaces: only commas separate tags
    assert sorted(anne.interests.names()) == ["biodiversité", "circuits courts"]
    assert sorted(anne.skills.names()) == ["animation", "compostage"]


def test_interests_share_the_community_themes_vocabulary(client, anne):
    # given a theme already used by a community, spelt with a capital
    from tests.factories import CommunityFactory

    CommunityFactory().themes.set(["Biodiversité"])
    client.force_login(anne)

    # when a member types it in lower case
    client.post(PROFILE, _form(interests="biodiversité"))

    # then their interest is that same theme
    assert list(anne.interests.names()) == ["Biodiversité"]


def test_emptying_interests_and_skills_removes_them(client, anne):
    # given a member with interests and skills
    anne.interests.set(["biodiversité"])
    anne.skills.set(["compostage"])
    client.force_login(anne)

    # when they clear both fields
    client.post(PROFILE, _form(interests="", skills=""))

    # then they have none left
    assert list(anne.interests.names()) == []
    assert list(anne.skills.names()) == []


def test_choosing_english_switches_the_site_at_the_next_page(client, anne):
    # given a member reading the site in French
    client.force_login(anne)
    assert html_lang(client.get(PROFILE)) == "fr"

    # when they choose English in their profile
    response = client.post(PROFILE, _form(preferred_language="en"), follow=True)

    # then the next page, and the confirmation, are in English
    assert html_lang(response) == "en"
    assert "Your profile is saved." in response.content.decode()
    anne.refresh_from_db()
    assert anne.preferred_language == "en"
    # and the site stays in English after logging out on this device
    client.post("/accounts/logout/")
    assert html_lang(client.get("/accounts/login/")) == "en"


def test_a_bio_too_long_is_refused_and_nothing_changes(client, anne):
    # given a member with a short bio
    anne.bio = "Jardinière."
    anne.save()
    client.force_login(anne)

    # when they send a bio over 600 characters, with other changes
    response = client.post(PROFILE, _form(display_name="Autre nom", bio="x" * 601))

    # then the form says what is wrong, keeps what they typed
    assert response.status_code == 200
    page = response.content.decode()
    assert '<ul class="errorlist" id="id_bio_error">' in page
    assert "600" in page.split('id="id_bio_error"')[1].split("</ul>")[0]
    assert 'value="Autre nom"' in page
    # and nothing is saved
    anne.refresh_from_db()
    assert anne.bio == "Jardinière."
    assert anne.display_name == "Anne Martin"
    assert list(anne.interests.names()) == []


def test_a_blank_display_name_is_refused(client, anne):
    # given a logged-in member
    client.force_login(anne)

    # when they erase their display name (spaces only)
    response = client.post(PROFILE, _form(display_name="   "))

    # then the form asks for one and the name is unchanged
    assert '<ul class="errorlist" id="id_display_name_error">' in response.content.decode()
    anne.refresh_from_db()
    assert anne.display_name == "Anne Martin"


def test_an_unknown_language_is_refused(client, anne):
    # given a logged-in member
    client.force_login(anne)

    # when a crafted form asks for a language the site does not offer
    response = client.post(PROFILE, _form(preferred_language="de"))

    # then it is refused and the language is unchanged
    assert response.status_code == 200
    assert '<ul class="errorlist" id="id_preferred_language_error">' in response.content.decode()
    anne.refresh_from_db()
    assert anne.preferred_language == "fr"


# --- The service, for callers other than the page ------------------------------


def test_profile_update_refuses_a_bio_too_long_and_writes_nothing(anne):
    # when the service is asked to save a 601-character bio
    with pytest.raises(ValidationError) as refused:
        profile_update(user=anne, display_name="Autre nom", bio="x" * 601, interests=["a"])

    # then it names the field and the limit, and nothing is written
    assert "bio" in refused.value.message_dict
    assert "600" in refused.value.message_dict["bio"][0]
    anne.refresh_from_db()
    assert anne.display_name == "Anne Martin"
    assert list(anne.interests.names()) == []


def test_profile_update_refuses_a_tag_too_long(anne):
    # when a skill is longer than a tag may be
    with pytest.raises(ValidationError) as refused:
        profile_update(user=anne, display_name="Anne", skills=["compostage", "y" * 101])

    # then the skills field is in error and no skill is saved
    assert "skills" in refused.value.message_dict
    assert list(anne.skills.names()) == []


def test_profile_update_keeps_tags_when_not_given(anne):
    # given a member with a skill
    anne.skills.set(["compostage"])

    # when only the name is updated
    profile_update(user=anne, display_name="Anne M.")

    # then the skill is still there
    assert list(anne.skills.names()) == ["compostage"]
