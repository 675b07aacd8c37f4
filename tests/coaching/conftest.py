import pytest


@pytest.fixture(autouse=True)
def _english(in_english):
    """Assertions read the English source strings."""
