"""Settings as an operator meets them: production passes Django's deployment
checks, and every model change has its migration.

Each check runs `manage.py` in a subprocess, as an operator would, so the
settings module is imported fresh with only the environment given here.
"""

import os
import secrets
import string
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent

# Variables a developer's shell may hold that would change what is checked.
_LEAKY = (
    "DEBUG", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "ALLOWED_HOSTS", "SECRET_KEY",
    "SITE_URL", "EMAIL_URL", "DATABASE_URL", "REDIS_URL", "CELERY_TASK_ALWAYS_EAGER",
)
_PUBLIC = {"SITE_URL": "https://terreau.example.org", "EMAIL_URL": "smtp://smtp.example.org:587"}
# The services production requires (only named: `check` does not connect).
_SERVICES = {
    "DATABASE_URL": "postgres://terreau@db.example.org:5432/terreau",
    "REDIS_URL": "redis://redis.example.org:6379/0",
}


def _manage(*args, **env):
    environment = {k: v for k, v in os.environ.items() if k not in _LEAKY}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _random_secret_key():
    alphabet = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"
    return "".join(secrets.choice(alphabet) for _ in range(60))


def test_production_settings_pass_the_deployment_checks_without_a_warning():
    # Given production settings with a real secret and host name
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="terreau.settings.production",
        SECRET_KEY=_random_secret_key(),
        ALLOWED_HOSTS="terreau.example.org",
        **_PUBLIC,
        **_SERVICES,
    )

    # Then Django finds nothing to warn about
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output
    assert "WARNING" not in output


def test_production_refuses_to_start_without_a_secret_key():
    result = _manage(
        "check",
        DJANGO_SETTINGS_MODULE="terreau.settings.production",
        ALLOWED_HOSTS="terreau.example.org",
        **_PUBLIC,
        **_SERVICES,
    )

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.parametrize(
    "missing, env",
    [
        ("SITE_URL", {"EMAIL_URL": "smtp://smtp.example.org:587"}),
        ("SITE_URL", {"SITE_URL": "http://127.0.0.1:8000", "EMAIL_URL": "smtp://smtp.example.org"}),
        ("EMAIL_URL", {"SITE_URL": "https://terreau.example.org"}),
    ],
)
def test_production_refuses_to_start_without_its_public_address_and_mail(missing, env):
    result = _manage(
        "check",
        DJANGO_SETTINGS_MODULE="terreau.settings.production",
        ALLOWED_HOSTS="terreau.example.org",
        SECRET_KEY=_random_secret_key(),
        **_SERVICES,
        **env,
    )

    assert result.returncode != 0
    assert missing in result.stderr


def _production(**changes):
    environment = {
        "DJANGO_SETTINGS_MODULE": "terreau.settings.production",
        "ALLOWED_HOSTS": "terreau.example.org",
        "SECRET_KEY": _random_secret_key(),
        **_PUBLIC,
        **_SERVICES,
        **changes,
    }
    return _manage("check", **{k: v for k, v in environment.items() if v is not None})


def test_the_complete_production_environment_starts():
    result = _production()
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    "named, changes",
    [
        ("DEBUG", {"DEBUG": "true"}),
        ("SECRET_KEY", {"SECRET_KEY": "x" * 49 + "Z"}),  # 50 characters, 2 distinct
        ("SECRET_KEY", {"SECRET_KEY": "abcd" * 12 + "e"}),  # 49 characters
        ("SECRET_KEY", {"SECRET_KEY": "dev-insecure-terreau-key-change-me" + "x1y2z3" * 4}),
        ("SECRET_KEY", {"SECRET_KEY": "django-insecure-" + "k7" * 20}),
        ("ALLOWED_HOSTS", {"ALLOWED_HOSTS": "*"}),
        ("ALLOWED_HOSTS", {"ALLOWED_HOSTS": "terreau.example.org,*.example.org"}),
        ("DATABASE_URL", {"DATABASE_URL": None}),
        ("DATABASE_URL", {"DATABASE_URL": "sqlite:////tmp/terreau.sqlite3"}),
        ("REDIS_URL", {"REDIS_URL": None}),
    ],
)
def test_production_refuses_an_unsafe_or_incomplete_environment(named, changes):
    result = _production(**changes)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and named in result.stderr


def test_a_fifty_character_key_with_five_distinct_characters_is_enough():
    assert _production(SECRET_KEY="abcde" * 10).returncode == 0
    assert _production(SECRET_KEY="abcd" * 12 + "ab").returncode != 0  # 50, 4 distinct


def test_every_model_change_has_its_migration(tmp_path):
    # A throwaway database: the check compares models with migration files,
    # and must not depend on (or touch) whichever database is configured.
    result = _manage(
        "makemigrations",
        "--check",
        "--dry-run",
        DJANGO_SETTINGS_MODULE="terreau.settings.test",
        DATABASE_URL=f"sqlite:///{tmp_path / 'check.sqlite3'}",
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "No changes detected" in result.stdout
