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

SQLite, the newcomer's database, has no ICU: the column is left as it is
there, and its lists sort by code point (docs/deployment.md).
"""

from django.db import models

FRENCH = "fr-x-icu"


class NameField(models.CharField):
    """A CharField whose PostgreSQL column sorts in French order."""

    def db_parameters(self, connection):
        parameters = super().db_parameters(connection)
        if connection.vendor == "postgresql" and not self.db_collation:
            parameters["collation"] = FRENCH
        return parameters
