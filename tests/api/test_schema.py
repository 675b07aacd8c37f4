"""The OpenAPI schema validates, describes /api/v1/ only, and its docs page
loads every asset from the site itself (the CSP allows nothing else)."""

import re

import pytest
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema

pytestmark = pytest.mark.django_db


def test_the_schema_validates_against_the_openapi_3_specification():
    schema = SchemaGenerator().get_schema(request=None, public=True)

    validate_schema(schema)  # raises on any error
    assert set(schema["paths"]) == {
        "/api/v1/communities/",
        "/api/v1/communities/{slug}/",
        "/api/v1/events/",
        "/api/v1/events/{id}/",
        "/api/v1/processes/",
        "/api/v1/processes/{slug}/",
        *(f"/api/v1/processes/{{slug}}/{tail}" for tail in (
            "phases/", "proposals/", "answers/", "commitments/", "recommendations/",
            "export.json", "proposals.csv", "answers.csv", "commitments.csv",
            "recommendations.csv", "referrals/", "referrals.csv",
        )),
    }


def test_the_schema_is_served_as_json_and_yaml(api):
    as_json = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    as_yaml = api.get("/api/schema/")

    assert as_json.status_code == 200
    assert as_json.json()["info"]["title"] == "Terreau API"
    assert as_yaml.status_code == 200
    assert as_yaml.content.startswith(b"openapi: 3.")


def test_the_docs_page_loads_its_assets_from_the_site_only(client):
    response = client.get("/api/docs/")

    assert response.status_code == 200
    html = response.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(s.startswith("/") for s in sources), sources
    assert "<style" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html), "an inline script"
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy


def test_the_docs_initialiser_is_a_script_of_its_own(client):
    response = client.get("/api/docs/?script=")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert "/api/schema/" in response.content.decode()
