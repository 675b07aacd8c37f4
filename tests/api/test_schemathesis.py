"""Schemathesis against the API's own OpenAPI schema, in process (WSGI):
generated requests to every operation, with real slugs and ids half of the
time so that filters meet real rows. No server error, and every documented
answer matches its schema and content type. Kept to a few seconds."""

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

from events.models import Event

from .conftest import seed_process, seed_public_world

CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


@pytest.fixture
def wsgi():
    """The project's WSGI handler, inside the test's transaction: like Django's
    test client, no request closes the test's database connection."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield WSGIHandler()
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def real(db):
    communities = seed_public_world(2)
    process = seed_process(proposals=3)
    event = Event.objects.filter(title__startswith="Public").first()
    return {"communities": communities[0].slug, "processes": process.slug, "events": event.pk}


def test_the_api_answers_every_generated_request_as_documented(wsgi, real):
    api_schema = schemathesis.openapi.from_wsgi("/api/schema/", wsgi)
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) == 18

    for operation in operations:
        check_operation(operation, real)


def check_operation(operation, real):
    resource = operation.path.split("/")[3]  # /api/v1/<resource>/...

    @given(case=operation.as_strategy(), use_real=st.booleans())
    @settings(max_examples=8, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    def check(case, use_real):
        if case.path_parameters and use_real:
            key = "id" if "id" in case.path_parameters else "slug"
            case.path_parameters[key] = real[resource]
        case.call_and_validate(checks=CHECKS)

    check()
