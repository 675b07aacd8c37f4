"""The demo accounts a newcomer is told about: the README's table, `make
run`'s banner and the demo's own list (demo/showcase.py) name the same
accounts; the banner says where e-mails land and how to get the code."""

import re
from pathlib import Path

import pytest

from demo import showcase
from demo.management.commands.demo_runserver import Command, request_line
from tests.factories import GardenerPairFactory, UserFactory

README = Path(__file__).resolve().parents[2] / "README.md"


def _readme_section(title: str) -> str:
    text = README.read_text()
    start = text.index(f"### {title}")
    end = text.find("\n## ", start)
    return text[start:end]


def test_the_readme_lists_every_demo_account_and_only_those():
    section = _readme_section("Demo accounts")
    rows = [line for line in section.splitlines() if line.startswith("|") and "@" in line]
    emails = [re.search(r"`([^`]+@[^`]+)`", row)[1] for row in rows]

    assert emails == [account["email"] for account in showcase.showcase_accounts()]
    assert f"`{showcase.DEMO_PASSWORD}`" in section
    assert showcase.DEMO_TOTP_SECRET in section


@pytest.fixture
def banner(db, settings):
    GardenerPairFactory(territory_gardener=UserFactory(email="jardinier.territoire@demo.terreau.fr"))
    UserFactory(email="engage@demo.terreau.fr")
    command = Command()
    command.addr, command.port, command._raw_ipv6 = "0.0.0.0", "8123", False
    return command.banner()


def test_the_banner_gives_the_address_the_accounts_and_where_e_mails_land(banner, settings):
    lines = banner.splitlines()
    assert "Terreau is ready: http://127.0.0.1:8123/" in banner
    for account in showcase.showcase_accounts():
        assert any(account["email"] in line and account["role"] in line for line in lines)
    assert f"password: {showcase.DEMO_PASSWORD}" in banner
    # a gardener types a code, a member does not
    assert re.search(r"jardinier\.territoire@demo\.terreau\.fr .*\*$", banner, re.MULTILINE)
    assert not re.search(r"engage@demo\.terreau\.fr .*\*$", banner, re.MULTILINE)
    assert "manage.py demo_second_factor" in banner
    assert "http://127.0.0.1:8123/dev/outbox/" in banner
    assert len(lines) < 25


def test_one_short_line_per_request_and_none_for_static_files_that_work():
    page = request_line("http", "complete", {
        "method": "GET", "path": "/communities/", "status": 200, "time_taken": 0.0351,
        "client": "127.0.0.1:50000"})
    assert re.fullmatch(r"\d\d:\d\d:\d\d GET /communities/ 200 35 ms", page)
    ok = {"method": "GET", "path": "/static/css/terreau.css", "status": 200, "time_taken": 0.001}
    assert request_line("http", "complete", ok) == ""
    assert request_line("http", "complete", {**ok, "status": 404}).endswith(
        "GET /static/css/terreau.css 404 1 ms")
    assert request_line("websocket", "connecting", {"path": "/ws/chat/"}) == ""

