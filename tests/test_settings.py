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
    "SITE_URL", "EMAIL_URL",
)
_PUBLIC = {"SITE_URL": "https://terreau.example.org", "EMAIL_URL": "smtp://smtp.example.org:587"}


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
        **env,
    )

    assert result.returncode != 0
    assert missing in result.stderr


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
