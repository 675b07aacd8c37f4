"""The OpenAPI schema describes /api/v1/ only: the Wagtail admin's internal
JSON API (under /cms/api/) is built on DRF too but is not public."""


def only_the_public_api(endpoints):
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]
