"""The database connection settings as an operator sets them (docs/deployment.md).

Each case imports the settings in a fresh interpreter with only the
environment given here and prints the default database's pool options.
"""

import json
import os
import subprocess
import sys

from tests.test_settings import _LEAKY, _PUBLIC, _SERVICES, BASE_DIR, _random_secret_key

_POOL_VARIABLES = ("DB_POOL_MAX_SIZE", "DB_POOL_MIN_SIZE", "DB_POOL_TIMEOUT", "CONN_MAX_AGE", "DB_JIT")
_PRINT = (
    "import json, django; django.setup(); from django.conf import settings; "
    "d = settings.DATABASES['default']; "
    "print(json.dumps({'pool': d.get('OPTIONS', {}).get('pool'), 'age': d['CONN_MAX_AGE']}))"
)


def _database(settings="terreau.settings.production", _print=_PRINT, **env):
    environment = {
        k: v for k, v in os.environ.items() if k not in _LEAKY and k not in _POOL_VARIABLES
    }
    environment.update(
        DJANGO_SETTINGS_MODULE=settings,
        ALLOWED_HOSTS="terreau.example.org",
        SECRET_KEY=_random_secret_key(),
        **_PUBLIC,
        **_SERVICES,
        **env,
    )
    result = subprocess.run(
        [sys.executable, "-c", _print], cwd=BASE_DIR, env=environment,
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_pools_ten_connections_per_process_by_default():
    assert _database() == {
        "pool": {"min_size": 2, "max_size": 10, "timeout": 30.0},
        "age": 0,
    }


def test_production_pool_follows_the_environment_and_drops_persistent_connections():
    database = _database(
        DB_POOL_MAX_SIZE="4", DB_POOL_MIN_SIZE="1", DB_POOL_TIMEOUT="2.5", CONN_MAX_AGE="60"
    )

    assert database == {"pool": {"min_size": 1, "max_size": 4, "timeout": 2.5}, "age": 0}


def test_production_without_a_size_still_reads_the_pool_wait_and_the_minimum():
    database = _database(DB_POOL_MIN_SIZE="3", DB_POOL_TIMEOUT="5")

    assert database["pool"] == {"min_size": 3, "max_size": 10, "timeout": 5.0}


def test_a_pool_of_one_keeps_at_most_one_idle_connection():
    # The Celery worker's setting (docs/deployment.md): the default minimum of
    # 2 would exceed the maximum.
    assert _database(DB_POOL_MAX_SIZE="1")["pool"] == {
        "min_size": 1, "max_size": 1, "timeout": 30.0,
    }


def test_outside_production_there_is_no_pool_unless_a_size_is_given():
    assert _database("terreau.settings.local", CONN_MAX_AGE="0")["pool"] is None
    assert _database("terreau.settings.local", DB_POOL_MAX_SIZE="3")["pool"] == {
        "min_size": 2, "max_size": 3, "timeout": 30.0,
    }


def test_the_sites_connections_do_not_compile_statements(postgres):
    # JIT compilation cost the overview 88 of its statement's 146 ms
    with postgres.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


def test_an_operator_can_give_the_jit_back():
    options = (
        "import json, django; django.setup(); from django.conf import settings; "
        "print(json.dumps(settings.DATABASES['default'].get('OPTIONS', {}).get('options', '')))"
    )
    assert _database(_print=options) == "-c jit=off"
    assert _database(_print=options, DB_JIT="true") == ""
