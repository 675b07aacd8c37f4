"""The demo's required second factor: a published secret for the demo
accounts that need one, and a command that prints the current code
(README, demo/second_factor.py)."""

import io
import re
import time

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth import SESSION_KEY
from django.core.management import call_command

from demo import second_factor as second_factor_demo
from tests.factories import GardenerPairFactory, UserFactory


@pytest.fixture
def demo_people(db):
    gardener = UserFactory(email="jardinier.territoire@demo.terreau.fr")
    GardenerPairFactory(territory_gardener=gardener)
    return {
        "gardener": gardener,
        "admin": UserFactory(email="admin@demo.terreau.fr", is_staff=True, is_superuser=True),
        "citizen": UserFactory(email="citoyen@demo.terreau.fr"),
        "real staff": UserFactory(email="staff@region.example", is_staff=True),
    }


def _run():
    out = io.StringIO()
    call_command("demo_second_factor", stdout=out)
    return out.getvalue()


def test_the_demo_accounts_that_need_it_get_the_published_secret(demo_people):
    output = _run()

    with_app = set(
        Authenticator.objects.filter(type="totp").values_list("user__email", flat=True)
    )
    assert with_app == {"jardinier.territoire@demo.terreau.fr", "admin@demo.terreau.fr"}
    assert second_factor_demo.DEMO_TOTP_SECRET in output
    assert "Second factor set up for 2 demo account(s)" in output


def test_running_it_again_changes_nothing_and_prints_a_code(demo_people):
    _run()

    output = _run()

    assert Authenticator.objects.filter(type="totp").count() == 2
    assert "set up for" not in output
    printed = re.search(r"Code to type now: (\d{6})", output)[1]
    now = time.time()
    assert printed in {second_factor_demo.current_code(now - 30), second_factor_demo.current_code(now)}


def test_the_printed_code_logs_the_demo_gardener_in(client, demo_people):
    _run()
    client.post("/accounts/login/", {"login": "jardinier.territoire@demo.terreau.fr",
                                     "password": "password"})

    client.post("/accounts/2fa/authenticate/", {"code": second_factor_demo.current_code()})

    assert SESSION_KEY in client.session
