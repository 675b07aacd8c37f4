"""pytest plugin loaded by `make mutation` only (pyproject.toml, [tool.mutmut]).

mutmut copies the tree into ./mutants/, runs the tests once to learn which
test covers which function ("stats"), then forks one process per mutant,
several at a time, each running pytest again in the same directory. This
plugin makes that work with pytest-django on PostgreSQL:

- **Scope.** `MUTATION_TESTS` (space-separated paths, set by the Makefile)
  limits collection to the tests of the module under mutation, so the stats
  run does not walk the whole suite (browser tests included).
- **One test database per concurrent process.** Each pytest session takes the
  first free slot (an exclusive `flock` on mutants/.db-slots/<n>, released
  when the session ends or the process dies) and uses the test database
  `test_<name>_mut<n>`, kept between mutants (`--reuse-db`): a database is
  migrated once per slot, not once per mutant, and two mutants never share
  one (transactional tests empty tables).
- **Fresh schema per run.** The stats run migrates its database from
  scratch, then, before its first test, copies it (`CREATE DATABASE …
  TEMPLATE`) over the slots of the mutant processes: none outlives a
  migration added since the previous run, none lacks the rows the data
  migrations wrote, and no mutant process spends its time limit migrating.
- **Same tree.** It fails at once when a top-level package of the project is
  missing from mutants/ (a new app not yet listed in `also_copy`): tests
  would otherwise import the original, unmutated code.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

import pytest

SLOTS = 16
_slot_file = None


def _scope() -> list[Path]:
    return [Path(p).resolve() for p in os.environ.get("MUTATION_TESTS", "").split()]


def pytest_ignore_collect(collection_path: Path, config):
    scope = _scope()
    if not scope:
        return None
    path = collection_path.resolve()
    for allowed in scope:
        if path == allowed or allowed in path.parents or path in allowed.parents:
            return None
    return True


def pytest_collection_modifyitems(session, config, items):
    """Fastest tests first (durations measured by mutmut's stats run): with
    `-x`, a mutant is usually killed by a quick test before the slow ones
    (300 threads racing for seats) run. Transactional tests stay after the
    others, as pytest-django orders them: they empty every table when they
    end, Wagtail's home page included, which a later test of "/" needs."""
    stats = Path.cwd() / "mutmut-stats.json"
    if not stats.exists():
        return
    import json

    duration = json.loads(stats.read_text()).get("duration_by_test", {})
    items.sort(key=lambda item: (_transactional(item), duration.get(item.nodeid, 0.0)))


def _transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    marked = marker is not None and bool(
        marker.kwargs.get("transaction") or (marker.args and marker.args[0]))
    fixtures = getattr(item, "fixturenames", ())
    return marked or "transactional_db" in fixtures or "live_server" in fixtures


def _check_tree_copied() -> None:
    here = Path.cwd()
    if here.name != "mutants" or "__mutmut_" in os.environ.get("MUTANT_UNDER_TEST", ""):
        # Checked when the run starts; a mutant's process must not fail on an
        # app added to the working tree since (mutmut would count it as killed).
        return
    original = here.parent
    missing = sorted(
        p.name
        for p in original.iterdir()
        if p.is_dir() and (p / "__init__.py").exists() and not (here / p.name).exists()
    )
    if missing:
        raise pytest.UsageError(
            f"mutants/ lacks {', '.join(missing)}: add it to also_copy in pyproject.toml "
            "([tool.mutmut]), or the tests would run the original code."
        )


def _take_slot() -> int:
    global _slot_file
    folder = Path.cwd() / ".db-slots"
    folder.mkdir(exist_ok=True)
    for n in range(SLOTS):
        handle = open(folder / str(n), "w")  # noqa: SIM115 (held until the session ends)
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            continue
        _slot_file = handle
        return n
    raise pytest.UsageError(f"more than {SLOTS} mutation processes at once")


def _drop_other_slot_databases(keep_slot: int) -> None:
    import psycopg
    from django.conf import settings
    from psycopg import sql

    db = settings.DATABASES["default"]
    if not db["ENGINE"].endswith("postgresql"):
        return
    base = _base_test_database_name(db)
    keep = f"{base}_mut{keep_slot}"
    with psycopg.connect(
        host=db.get("HOST") or None,
        port=db.get("PORT") or None,
        user=db.get("USER") or None,
        password=db.get("PASSWORD") or None,
        dbname="postgres",
        autocommit=True,
    ) as conn:
        names = [
            row[0]
            for row in conn.execute(
                "SELECT datname FROM pg_database WHERE datname LIKE %s", [f"{base}\\_mut%"]
            )
        ]
        for name in names:
            if name != keep and name.removeprefix(f"{base}_mut").isdigit():
                conn.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
                )


def _base_test_database_name(db: dict) -> str:
    # Remembered from the first session: later sessions run in processes forked
    # from that one, where the settings may still carry a previous session's name.
    return os.environ.setdefault(
        "MUTATION_TEST_DATABASE", (db.get("TEST") or {}).get("NAME") or f"test_{db['NAME']}"
    )


def pytest_configure(config):
    from django.conf import settings

    _check_tree_copied()
    slot = _take_slot()
    db = settings.DATABASES["default"]
    db.setdefault("TEST", {})["NAME"] = f"{_base_test_database_name(db)}_mut{slot}"
    if os.environ.get("MUTANT_UNDER_TEST") == "stats":
        config.option.create_db = True
        _drop_other_slot_databases(slot)


def _copy_database(source: str, targets: list[str]) -> None:
    """Replace each of `targets` with a copy of the test database `source`
    (`CREATE DATABASE … TEMPLATE`, which wants no one else on `source`)."""
    import psycopg
    from django.conf import settings
    from django.db import connections
    from psycopg import sql

    db = settings.DATABASES["default"]
    if not db["ENGINE"].endswith("postgresql"):
        return
    connections.close_all()
    with psycopg.connect(
        host=db.get("HOST") or None,
        port=db.get("PORT") or None,
        user=db.get("USER") or None,
        password=db.get("PASSWORD") or None,
        dbname="postgres",
        autocommit=True,
    ) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [source]).fetchone() is None:
            return  # the tests in scope never touched the database: nothing to copy
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            [source],
        )
        for target in targets:
            name = sql.Identifier(target)
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
            conn.execute(
                sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(name, sql.Identifier(source))
            )


def _slot_names(source_slot: int) -> tuple[str, list[str], str]:
    """(the stats run's database, the other slots', the untouched copy)."""
    from django.conf import settings

    base = _base_test_database_name(settings.DATABASES["default"])
    jobs = int(os.environ.get("MUTATION_JOBS") or 2)
    others = [f"{base}_mut{n}" for n in range(jobs + 1) if n != source_slot]
    return f"{base}_mut{source_slot}", others, f"{base}_mut_migrated"


@pytest.fixture(scope="session", autouse=True)
def _slots_from_the_migrated_database(request):
    """Copy the stats run's freshly migrated database into the slots the
    mutant processes will take (migrating it in each process instead takes
    minutes under load, longer than a mutant's time limit), as soon as it is
    migrated, before any test: by the end of the run its transactional tests
    have emptied every table, and the rows the data migrations wrote
    (Wagtail's home page among them) would be missing. An untouched copy is
    kept too, to put the stats run's own slot back (pytest_unconfigure)."""
    if os.environ.get("MUTANT_UNDER_TEST") != "stats" or _slot_file is None:
        return
    request.getfixturevalue("django_db_setup")
    source, others, migrated = _slot_names(int(Path(_slot_file.name).name))
    _copy_database(source, [*others, migrated])


def pytest_unconfigure(config):
    global _slot_file
    if os.environ.get("MUTANT_UNDER_TEST") == "stats" and _slot_file is not None:
        # The stats run's slot, emptied by its transactional tests, as migrated again.
        source, _others, migrated = _slot_names(int(Path(_slot_file.name).name))
        _copy_database(migrated, [source])
    if _slot_file is not None:
        _slot_file.close()
        _slot_file = None
