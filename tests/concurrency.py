"""Actions started at the same moment in real threads, each with its own
database connection (PostgreSQL: row locks, unique indexes), for the
concurrency tests.

`race(a, b)` returns each action's outcome, in the order they finished: what
it returned, or the code of the ValidationError it raised (the loser's clear
refusal; `{field: [codes]}` for a refusal keyed by field). Any other
exception fails the test, named: a race must never end in a server error."""

import contextlib
import threading

from django.core.exceptions import ValidationError
from django.db import connection


def code_of(error: ValidationError):
    if hasattr(error, "error_dict"):
        return {field: [e.code for e in errors] for field, errors in error.error_dict.items()}
    return error.code


def race(*actions, connections: int | None = None) -> list:
    """Start every action at once, each in its own thread and connection.

    `connections`: at most that many actions hold a database connection at
    once (the others, released with them, wait for a free one), so that a
    race of hundreds of threads stays under the server's max_connections,
    shared with other test runs. None (the default): no limit, every action
    runs at once."""
    if connections is not None and connections < 1:
        raise ValueError(f"connections must be at least 1, not {connections!r}")
    barrier = threading.Barrier(len(actions))
    gate = (threading.BoundedSemaphore(connections) if connections is not None
            else contextlib.nullcontext())
    outcomes, errors = [], []

    def run(action):
        try:
            barrier.wait()
            with gate:
                try:
                    outcomes.append(action())
                except ValidationError as error:
                    outcomes.append(code_of(error))
                finally:
                    connection.close()  # this thread's own connection
        except Exception as error:  # noqa: BLE001 -- reported by the test
            errors.append(error)

    threads = [threading.Thread(target=run, args=(a,)) for a in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, f"a race ended in an error other than a refusal: {errors!r}"
    return outcomes
