"""Who still holds the test database when the session ends.

pytest-django drops each worker's test database last. PostgreSQL refuses
while another session is connected ("database … is being accessed by other
users"), and pytest-django reports that only as a warning against the last
test, which names neither the session nor who opened it.

So, for each connection this process opens, the test and the thread that
opened it are remembered by the server's process id (read from the
connection, no query). At the end, `release_the_test_database()` waits a
few seconds for any other session on the database (a killed subprocess's
backend takes a moment to exit), then names those left: opened by a test
of this process, and which, or by another process (a server or a worker a
test started). It ends them, so that the database is dropped, and returns
what it found for the caller to report.
"""

from __future__ import annotations

import threading
import time

from django.db import connection
from django.db.backends.signals import connection_created

WAIT_SECONDS = 10
_opened_by: dict[int, str] = {}
_running = {"test": "(between tests)"}


def running(nodeid: str) -> None:
    """The test that is about to run (pytest_runtest_setup)."""
    _running["test"] = nodeid


def _remember(sender, connection, **kwargs):
    if connection.vendor != "postgresql":
        return
    pid = connection.connection.info.backend_pid
    _opened_by[pid] = f"{_running['test']} (thread {threading.current_thread().name})"


connection_created.connect(_remember, dispatch_uid="tests.db_sessions", weak=False)


def _others(cursor) -> list[tuple]:
    cursor.execute(
        "SELECT pid, state, left(query, 160) FROM pg_stat_activity"
        " WHERE datname = current_database() AND pid <> pg_backend_pid()")
    return cursor.fetchall()


def release_the_test_database() -> list[str]:
    """End the other sessions still on the test database; one line on each."""
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        deadline = time.monotonic() + WAIT_SECONDS
        others = _others(cursor)
        while others and time.monotonic() < deadline:
            time.sleep(0.2)
            others = _others(cursor)
        found = []
        for pid, state, query in others:
            who = _opened_by.get(pid, "another process (a server or worker a test started)")
            found.append(f"backend {pid}, opened by {who}, {state}, last query: {query!r}")
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    return found
