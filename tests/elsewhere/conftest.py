import pytest


@pytest.fixture(autouse=True)
def _english(in_english):
    """Pages and messages are read in English here (tests/conftest.py)."""


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run a callable as if its transaction committed (so e-mails leave)."""

    def _commit(fn, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return fn(*args, **kwargs)

    return _commit
