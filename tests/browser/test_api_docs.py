"""The API's docs (Swagger UI from drf-spectacular-sidecar) work under the
site's Content-Security-Policy: every asset from the site, nothing blocked
(the `page` fixture fails on any CSP report), and "Try it out" reaches the API."""

import pytest

from tests.api.conftest import seed_process

pytestmark = pytest.mark.browser


def test_the_api_docs_load_from_the_site_and_call_the_api(page, live_server):
    process = seed_process(proposals=1)
    hosts = set()
    page.on("request", lambda request: hosts.add(request.url.split("/")[2]))

    page.goto("/api/docs/")
    page.locator(".opblock-tag").first.wait_for()
    assert page.locator(".opblock-tag").all_inner_texts() == [
        "communities", "events", "processes", "open data",
    ]
    page.locator("#operations-processes-processes_list").click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()

    page.locator(".live-responses-table tr.response .response-col_status").first.wait_for()
    assert "200" in page.locator(".live-responses-table tr.response .response-col_status").first.inner_text()
    assert process.title in page.locator(".live-responses-table").inner_text()
    assert hosts == {live_server.url.split("/")[2]}
