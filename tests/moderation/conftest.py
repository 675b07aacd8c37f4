"""Fixtures of the moderation queue: a need and a channel message of
`community`, written through their apps' services."""

import pytest

from discussions import services as talk
from tests.needs.conftest import make_need, member


@pytest.fixture(autouse=True)
def _english(in_english):
    """Pages, messages and e-mails are read in English here (tests/conftest.py)."""


@pytest.fixture
def author(community):
    return member(community, email="author@example.org", display_name="Awa Diallo")


@pytest.fixture
def need(community, people, author):
    return make_need(community, author, title="Une salle pour la bourse")


@pytest.fixture
def message(community, people, author):
    general = talk.general_channel_ensure(community=community)
    return talk.message_post(channel=general, author=author, body="Achetez mes graines !")
