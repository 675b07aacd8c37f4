"""Browser tests: Debian's Chromium driven by Playwright (sync API) against
pytest-django's live server, on a phone-sized screen, in French.

Playwright never downloads a browser here: it launches /usr/bin/chromium
(`make browser` installs it). Without it the tests are skipped on a laptop
and fail under CI=true, like the other services.

Fixtures:
- `page`: a fresh browser context per test (no cookies carried over), 390x844,
  fr-FR, whose relative URLs go to the live server; the test fails if the
  Content-Security-Policy blocked anything on any page it opened;
- `login_as(page, user)`: logs in through the real login form (and the
  second factor's code for staff, the cultivator and gardeners);
- `assert_accessible(page)`: runs axe-core and fails on every serious or
  critical violation.
"""

import json
import os
from pathlib import Path

import pytest
from django.urls import reverse

from accounts.second_factor import required_for
from tests.conftest import service_missing
from tests.second_factor import totp_code, totp_setup

CHROMIUM = Path("/usr/bin/chromium")
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 390, "height": 844}
# The factories' password (tests/factories.py).
PASSWORD = "password"


@pytest.fixture(scope="package")
def browser():
    """One Chromium for every browser test, closed after the last one.

    Package scope rather than session scope: while Playwright's sync API is
    started, the main thread has a running event loop, so Django refuses
    database access there unless DJANGO_ALLOW_ASYNC_UNSAFE is set. Setting it
    only while the browser is up, and stopping the browser when this package
    is done, keeps that switch away from every other test of the suite.
    """
    if not CHROMIUM.exists():
        service_missing(f"Chromium is not installed at {CHROMIUM} (run `make browser`)")
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(autouse=True)
def _log_ins_not_throttled(settings):
    """Every journey logs in from 127.0.0.1, one after the other: allauth's
    limit of 30 log-ins a minute per address (which production keeps) answered
    429 once the tests ran faster than that."""
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": None}


@pytest.fixture
def page(browser, live_server, transactional_db):
    """A new phone-sized French context per test; `page.goto("/")` opens the live server.

    transactional_db: the live server answers from another thread, which only
    sees data that was committed.
    """
    context = browser.new_context(
        viewport=PHONE,
        locale="fr-FR",
        base_url=live_server.url,
        extra_http_headers={"Accept-Language": "fr-FR,fr;q=0.9"},
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    # Anything the Content-Security-Policy blocks is a broken page: a script
    # that did not run, a style that did not apply. Every journey fails on it.
    blocked = []
    page.on(
        "console",
        lambda message: blocked.append(message.text)
        if "Content Security Policy" in message.text else None,
    )
    yield page
    context.close()
    assert not blocked, "blocked by the Content-Security-Policy:\n" + "\n".join(blocked)


@pytest.fixture
def login_as():
    """Log a user in through the real login form, as a person would.

    Staff, the cultivator and gardeners must use a second factor
    (accounts/second_factor.py): they are given an authenticator app with a
    known secret and type its code, a code not used yet in this test (each
    code is accepted once; the neighbouring 30-second steps are accepted too).
    """
    used = set()

    def _code_for(user):
        for step in (0, 1, -1):
            code = totp_code(step=step)
            if (user.pk, code) not in used:
                used.add((user.pk, code))
                return code
        raise AssertionError(f"no unused code left for {user.email} in this 30-second step")

    def _login_as(page, user, password=PASSWORD):
        needs_code = required_for(user)
        if needs_code:
            totp_setup(user)
        page.goto(reverse("account_login"))
        form = page.locator("form:has(input[name=password])")
        form.locator("input[name=login]").fill(user.email)
        form.locator("input[name=password]").fill(password)
        form.locator("[type=submit]").first.click()
        page.wait_for_load_state()
        if needs_code:
            code_form = page.locator("form:has(input[name=code])")
            code_form.locator("input[name=code]").fill(_code_for(user))
            code_form.locator("[type=submit]").first.click()
            page.wait_for_load_state()
        assert not page.url.rstrip("/").endswith(reverse("account_login").rstrip("/")), (
            f"login failed for {user.email}: still on {page.url}"
        )
        return page

    return _login_as


@pytest.fixture
def assert_accessible():
    """Run axe-core on the page; fail listing every serious or critical violation."""
    if not AXE.exists():
        service_missing(f"axe-core is not installed at {AXE} (run `npm ci`)")

    def _assert_accessible(page):
        # Evaluated through the DevTools protocol rather than injected as an
        # inline <script>, which the site's Content-Security-Policy refuses.
        if not page.evaluate("() => typeof window.axe !== 'undefined'"):
            page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
        results = page.evaluate("() => axe.run()")
        violations = [
            v for v in results["violations"] if v.get("impact") in {"serious", "critical"}
        ]
        if violations:
            report = [
                f"- {v['id']} ({v['impact']}): {v['help']}\n"
                + "\n".join(
                    f"    {json.dumps(node['target'])}: "
                    + " ".join(node.get("failureSummary", "").split())
                    for node in v["nodes"]
                )
                for v in violations
            ]
            pytest.fail(f"accessibility violations on {page.url}:\n" + "\n".join(report))

    return _assert_accessible
