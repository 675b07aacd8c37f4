"""Django's PostgreSQL backend, for the test suite: emptying the database after
a transactional test deletes the rows instead of truncating the tables.

pytest-django empties the database after each test that commits (browser
journeys, live servers, several processes: `transactional_db`) with Django's
`flush`, one TRUNCATE of the ~170 tables. PostgreSQL gives every truncated
table and index new files, and that took 2–5 s per test on the two-CPU CI
machine (docs/testing.md, "Speed"); the same rows deleted take 0.01–0.07 s.
Django's foreign keys are DEFERRABLE INITIALLY DEFERRED, so the order of the
DELETEs does not matter inside flush's transaction; sequences are left as
TRUNCATE left them (`reset_sequences` keeps Django's own statements).

The content types and permissions stay: flush's post_migrate would write the
same rows again (0.7 s a test), and their ids stay those Django's content
type cache holds.
"""

from django.db.backends.postgresql import base, operations

# What post_migrate makes from the models, the same after every flush.
KEPT = {"django_content_type", "auth_permission"}


class DatabaseOperations(operations.DatabaseOperations):
    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences or allow_cascade or not tables:
            return super().sql_flush(
                style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
            )
        return ["SET CONSTRAINTS ALL DEFERRED"] + [
            f"{style.SQL_KEYWORD('DELETE FROM')} {style.SQL_FIELD(self.quote_name(table))};"
            for table in tables
            if table not in KEPT
        ]


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
