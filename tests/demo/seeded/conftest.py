"""The demo seeded once for the package's tests that read it.

`manage.py seed_demo` takes about twenty seconds; the modules here each
seeded it again for themselves. `first_run` seeds once per test process,
inside a transaction rolled back when the package's tests are done, and
keeps what the command printed; each test still runs in its own savepoint
(the `db` fixture), so what one test writes does not leak into the next.
"""

import io

import pytest
from django.core.management import call_command
from django.db import transaction


def seed() -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="package")
def first_run(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        output = seed()
        yield output
        transaction.set_rollback(True)


@pytest.fixture
def seeded(first_run, db):
    """What the first `seed_demo` printed, with the demo in the database."""
    return first_run
