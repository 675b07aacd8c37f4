"""A person's own profile (accounts.services.profile_update) at its edges:
each field's limit on both sides, each refusal's field, code and words, all
of them at once, and nothing written when one is refused."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from accounts import services
from accounts.models import User
from accounts.services import profile_update
from tests.factories import UserFactory
from tests.refusals import refusals

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def anne():
    user = UserFactory(display_name="Anne Martin", organisation="Les Haies",
                       bio="Je plante.", preferred_language="fr")
    user.interests.set(["haies"])
    user.skills.set(["compostage"])
    return user


def stored(user) -> tuple:
    user = User.objects.get(pk=user.pk)
    return (user.display_name, user.organisation, user.bio, user.preferred_language,
            sorted(user.interests.names()), sorted(user.skills.names()))


def test_the_limits_are_exactly_the_database_columns():
    assert (services.DISPLAY_NAME_MAX, services.ORGANISATION_MAX, services.BIO_MAX,
            services.TAG_MAX) == (80, 120, 600, 100)


def test_every_field_at_its_limit_is_saved_as_typed_without_extra_spaces(anne):
    profile_update(
        user=anne, display_name="  " + "a  " * 39 + "bc  ", organisation=" " + "o" * 120 + " ",
        bio="\n" + "b" * 600 + "\n", interests=[" " + "i" * 100 + " "],
        skills=["s" * 100], preferred_language="en")
    assert len("a " * 39 + "bc") == 80
    assert stored(anne) == (
        "a " * 39 + "bc", "o" * 120, "b" * 600, "en", ["i" * 100], ["s" * 100])


def test_one_character_over_each_limit_is_refused_with_its_words(anne):
    assert refusals(lambda: profile_update(
        user=anne, display_name="n" * 81, organisation="o" * 121, bio="b" * 601)) == [
        ("bio", "The short bio has at most 600 characters (it has 601).", "max_length"),
        ("display_name", "A display name has at most 80 characters.", "max_length"),
        ("organisation", "An organisation name has at most 120 characters.", "max_length"),
    ]
    assert stored(anne) == (
        "Anne Martin", "Les Haies", "Je plante.", "fr", ["haies"], ["compostage"])


@pytest.mark.parametrize("name", ["", "   ", None])
def test_a_blank_name_is_refused(anne, name):
    assert refusals(lambda: profile_update(user=anne, display_name=name)) == [
        ("display_name", "Give the name other members will see.", "required")]
    assert stored(anne)[0] == "Anne Martin"


def test_missing_organisation_and_bio_are_emptied(anne):
    profile_update(user=anne, display_name="Anne", organisation=None, bio=None)
    assert stored(anne)[:3] == ("Anne", "", "")


def test_every_refusal_is_reported_at_once_and_nothing_is_written(anne):
    assert refusals(lambda: profile_update(
        user=anne, display_name=" ", organisation="o" * 121, bio="b" * 601,
        interests=["i" * 101], skills=["s" * 101], preferred_language="de")) == [
        ("bio", "The short bio has at most 600 characters (it has 601).", "max_length"),
        ("display_name", "Give the name other members will see.", "required"),
        ("interests", f"“{'i' * 20}…” is too long: a tag has at most 100 characters.",
         "tag_too_long"),
        ("organisation", "An organisation name has at most 120 characters.", "max_length"),
        ("preferred_language", "Choose French or English.", "bad_language"),
        ("skills", f"“{'s' * 20}…” is too long: a tag has at most 100 characters.",
         "tag_too_long"),
    ]
    assert stored(anne) == (
        "Anne Martin", "Les Haies", "Je plante.", "fr", ["haies"], ["compostage"])


@pytest.mark.parametrize("language", ["de", "", "EN"])
def test_only_a_language_of_the_site_is_accepted(anne, language):
    assert refusals(lambda: profile_update(
        user=anne, display_name="Anne", preferred_language=language)) == [
        ("preferred_language", "Choose French or English.", "bad_language")]
    assert stored(anne)[3] == "fr"


def test_no_language_keeps_the_stored_one(anne):
    anne.preferred_language = "en"  # changed on the object, never saved
    profile_update(user=anne, display_name="Anne")
    assert stored(anne)[3] == "fr"
    profile_update(user=anne, display_name="Anne", preferred_language="en")
    assert stored(anne)[3] == "en"


def test_a_tag_one_character_too_long_is_named_by_its_start(anne):
    assert refusals(lambda: profile_update(
        user=anne, display_name="Anne",
        skills=["taille", "ABCDEFGHIJKLMNOPQRSTU" + "v" * 80])) == [(
        "skills", "“ABCDEFGHIJKLMNOPQRST…” is too long: a tag has at most 100 characters.",
        "tag_too_long")]
    assert stored(anne)[5] == ["compostage"]


def test_every_too_long_tag_is_reported(anne):
    # Two refusals for one field, in the order the tags were given: the shared
    # reader sorts them, so the order is read here.
    with pytest.raises(ValidationError) as error:
        profile_update(user=anne, display_name="Anne", interests=["x" * 101, "y" * 101, "z"])
    assert {field: [(item.code, item.messages[0]) for item in items]
            for field, items in error.value.error_dict.items()} == {"interests": [
        ("tag_too_long", f"“{'x' * 20}…” is too long: a tag has at most 100 characters."),
        ("tag_too_long", f"“{'y' * 20}…” is too long: a tag has at most 100 characters."),
    ]}


def test_organisation_and_bio_left_out_are_emptied(anne):
    profile_update(user=anne, display_name="Anne")
    assert stored(anne)[1:3] == ("", "")


def test_a_too_long_tag_given_twice_is_reported_once(anne):
    assert refusals(lambda: profile_update(
        user=anne, display_name="Anne", interests=["x" * 101, "X" * 101])) == [(
        "interests", f"“{'x' * 20}…” is too long: a tag has at most 100 characters.",
        "tag_too_long")]


def test_tags_are_tidied_deduplicated_whatever_their_case_and_blanks_dropped(anne):
    profile_update(user=anne, display_name="Anne",
                   interests=["  Haies   vives ", "haies VIVES", "", "  ", "mares", 12],
                   skills=["Taille", "taille", "greffe"])
    assert stored(anne)[4:] == (["12", "Haies vives", "mares"], ["Taille", "greffe"])


def test_no_tags_keeps_them_and_an_empty_list_removes_them(anne):
    profile_update(user=anne, display_name="Anne", interests=None, skills=None)
    assert stored(anne)[4:] == (["haies"], ["compostage"])
    profile_update(user=anne, display_name="Anne", interests=[], skills=[])
    assert stored(anne)[4:] == ([], [])


def test_interests_and_skills_are_each_their_own(anne):
    profile_update(user=anne, display_name="Anne", interests=["mares"])
    assert stored(anne)[4:] == (["mares"], ["compostage"])
    profile_update(user=anne, display_name="Anne", skills=["greffe"])
    assert stored(anne)[4:] == (["mares"], ["greffe"])


def test_the_saved_person_is_the_one_given(anne):
    assert profile_update(user=anne, display_name="Anne M.") is anne
    assert anne.display_name == "Anne M."
