"""Model fields every app shares.

`NameField`: a person's, a community's or an organisation's name, sorted as
a French reader sorts it. PostgreSQL compares text by its database's
collation, "C.UTF-8" on most servers: code points, so "Zoé" came before
"Émilie", and "anne" after every capital. A NameField's column carries
ICU's French collation ("fr-x-icu", in every PostgreSQL built with ICU, as
Debian's and the official images are): accents and case only break ties,
"anne, Bruno, de Villiers, Émilie, Eric, Éric, Zoé". It is deterministic, so
a unique name stays unique as before and LIKE keeps working. Every list
ordered by such a column follows, with no change to the query.

SQLite, the newcomer's database, has no ICU: its column carries a collation
of our own, "terreau_fr", which each connection learns from Python
(terreau/sqlite.py, connected by accounts/apps.py) and which
compares as `terreau.french.sort_key` does: the same order as PostgreSQL's.
It tells two names apart exactly when they differ, so uniqueness is as
before. A database file opened by another program (the sqlite3 shell)
cannot order or index these columns, not knowing the collation.
"""

from django.db import models

from terreau.french import sort_key

FRENCH = "fr-x-icu"
SQLITE_FRENCH = "terreau_fr"


class NameField(models.CharField):
    """A CharField whose column sorts in French order, on PostgreSQL and SQLite."""

    def db_parameters(self, connection):
        parameters = super().db_parameters(connection)
        if not self.db_collation:
            if connection.vendor == "postgresql":
                parameters["collation"] = FRENCH
            elif connection.vendor == "sqlite":
                parameters["collation"] = SQLITE_FRENCH
        return parameters


def compare_in_french(first: str, second: str) -> int:
    """SQLite's collation: -1, 0 or 1, as sort_key orders the two names."""
    a, b = sort_key(first), sort_key(second)
    return (a > b) - (a < b)

