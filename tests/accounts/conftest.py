import uuid

import pytest
from django.core import mail

from tests.accounts.helpers import STRONG_PASSWORD


@pytest.fixture(autouse=True)
def own_cache(settings):
    """A fresh cache per test: allauth's rate limits live in the cache.

    Without it, tests that sign up, log in or reset passwords within the same
    minute (or share a Redis cache with another run) would be refused by the
    limits, not by what they test.
    """
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"accounts-tests-{uuid.uuid4()}",
        }
    }


@pytest.fixture
def sign_up(client):
    """Fill the sign-up form as a newcomer would; return the response."""

    def _sign_up(email="newcomer@example.org", display_name="Camille Roux", **fields):
        data = {
            "email": email,
            "display_name": display_name,
            "password1": STRONG_PASSWORD,
            "password2": STRONG_PASSWORD,
            **fields,
        }
        return client.post("/accounts/signup/", data, follow=True)

    return _sign_up


@pytest.fixture
def outbox():
    return mail.outbox
