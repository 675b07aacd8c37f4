"""What each SQLite connection learns so that the newcomer's database answers
as production's PostgreSQL does (connected by accounts/apps.py).

- The names' collation, `terreau_fr` (terreau/fields.py): French order.
- LIKE, which Django's `iexact`, `icontains` and `istartswith` use on SQLite.
  SQLite's own LIKE folds the case of ASCII letters only, so "émi" missed
  "Émilie", and "écologie" was not the name of a channel called "Écologie"
  when asking whether a name is taken. PostgreSQL, where Django compares
  `UPPER()` of both sides, finds them. Ours folds every letter's case (not
  its accents: "emi" misses "Émilie" on both databases).

- lower() and upper(), which Django's `Lower()` and `Upper()` use and the
  unique indexes on a lower-cased name are built with (a channel's name in
  its community, an address in a council's pool). SQLite's own change ASCII
  letters only, so "ÉTÉ" and "été" were two names to the index while
  PostgreSQL's lower() makes them one. Ours are Python's, every letter.
  A database file indexed before this keeps its old entries until
  `REINDEX` (the demo's is made afresh).

SQLite's LIKE was already blind to the case of ASCII letters even for
Django's case-sensitive lookups (`contains`, `startswith`), as Django's
documentation warns; it is now blind to every letter's case there too.
SQLite answers a case-insensitive LIKE with an index only on a column of
NOCASE collation, which Django never creates (the names' columns are
`terreau_fr`, the others BINARY): no index served these lookups before,
so a like() of our own costs none.
"""

from __future__ import annotations

import re
from functools import lru_cache

from terreau.fields import SQLITE_FRENCH, compare_in_french


@lru_cache(maxsize=512)
def _pattern(pattern: str, escape: str | None) -> re.Pattern:
    """LIKE's pattern as a regular expression: % any run, _ any one character,
    the escape character making the next one literal."""
    out, literal = [], False
    for char in pattern.casefold():
        if literal:
            out.append(re.escape(char))
            literal = False
        elif escape is not None and char == escape:
            literal = True
        elif char == "%":
            out.append(".*")
        elif char == "_":
            out.append(".")
        else:
            out.append(re.escape(char))
    return re.compile("".join(out), re.DOTALL)


def like(pattern, value, escape=None):
    """SQLite's like(Y, X[, Z]) for `X LIKE Y [ESCAPE Z]`: 1, 0, or NULL when
    either side is NULL, as SQLite's own."""
    if pattern is None or value is None:
        return None
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    return int(_pattern(str(pattern), escape).fullmatch(str(value).casefold()) is not None)


def lower(value):
    return value.lower() if isinstance(value, str) else value


def upper(value):
    return value.upper() if isinstance(value, str) else value


def teach(sender, connection, **kwargs):
    """connection_created receiver: the collation, LIKE, lower() and upper(),
    before any query."""
    if connection.vendor == "sqlite":
        connection.connection.create_collation(SQLITE_FRENCH, compare_in_french)
        connection.connection.create_function("like", 2, like, deterministic=True)
        connection.connection.create_function("like", 3, like, deterministic=True)
        connection.connection.create_function("lower", 1, lower, deterministic=True)
        connection.connection.create_function("upper", 1, upper, deterministic=True)
