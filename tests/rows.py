"""Rows as time would have left them, for the tests of a list's order."""


def rewritten(row, **fields):
    """Set what a service stamps itself (a date, a state) as the passing of
    time would have, and rewrite the row: PostgreSQL stores it anew after the
    others, so a list whose order only the row's number decides no longer
    follows the table. Returns the row, read again.

    When no indexed column changes, PostgreSQL updates the row "HOT": an
    index scan still finds it where it was. A test whose query may use an
    index writes its rows with chosen ids instead (docs/testing.md)."""
    type(row).objects.filter(pk=row.pk).update(id=row.pk, **fields)
    row.refresh_from_db()
    return row
