"""Every link from a model to a person is declared by exactly one holder.

A holder (accounts/personal_data.py) lists the links it exports and erases
(`covers`) and those that only record who acted (`acts`, set to null by the
database with the account). A model that points at the user model and is in
neither list is data nobody exports nor erases on purpose: the test names it.
The third-party apps' models count too (allauth, Wagtail, the Django admin).
"""

from collections import Counter

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models

from accounts import personal_data


def links_to_a_person() -> dict[str, models.Field]:
    """Each relation declared on a model (not inherited) to the user model."""
    user = get_user_model()
    return {
        f"{model._meta.label}.{field.name}": field
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if field.is_relation and not field.auto_created and field.related_model is user
        and field.model is model
    }


def declared(kind: str) -> list[str]:
    return [label for holder in personal_data.holders() for label in getattr(holder, kind)]


def test_every_link_to_a_person_is_declared_by_a_holder():
    every = set(declared("covers")) | set(declared("acts"))

    assert sorted(set(links_to_a_person()) - every) == []


def test_no_link_is_declared_twice():
    counts = Counter(declared("covers") + declared("acts"))

    assert [label for label, count in counts.items() if count > 1] == []


def test_every_declared_link_exists():
    # A renamed or removed field must leave the declaration too.
    links = links_to_a_person()

    assert [label for label in declared("covers") + declared("acts") if label not in links] == []


def test_a_record_of_who_acted_is_set_to_null_with_the_account():
    # An act's link is left to the database: anything else would keep the
    # person's id (DO_NOTHING), delete the record (CASCADE) or block the
    # erasure (PROTECT). Such a link belongs in `covers`, erased by its holder.
    links = links_to_a_person()

    assert [label for label in declared("acts")
            if links[label].remote_field.on_delete is not models.SET_NULL] == []


def test_the_check_sees_the_links_of_every_kind():
    # Not vacuous: foreign keys, one-to-one and many-to-many, from our apps
    # and from the third-party ones.
    links = links_to_a_person()

    assert isinstance(links["roles.ElectedOfficial.person"], models.OneToOneField)
    assert isinstance(links["communities.Direction.staff"], models.ManyToManyField)
    assert "account.EmailAddress.user" in links and "wagtailcore.Revision.user" in links
    # Inherited fields are declared once, on the model that defines them.
    assert "cms.NewsPage.owner" not in links and "wagtailcore.Page.owner" in links
