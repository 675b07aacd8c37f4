"""Site search: pages, communities and events, in a fixed number of queries.

Three groups, each read from the app that owns it:

- pages: Wagtail's search backend (the database backend: SQLite FTS5 or
  PostgreSQL full-text search), live pages of the site without a view
  restriction only;
- communities: every community has a public page, so any may match;
- events: `events.selectors.event_list(user=...)`, the same filter as the
  events list and the `events.view_event` rule: a visitor finds only
  published public events; drafts and circle-restricted events never match
  for someone who may not see them.

French without accents: people type "biodiversite" for "Biodiversité". Pages:
SQLite's FTS5 tokenizer (unicode61) drops diacritics on both sides already.
Communities and events: both sides go through `Folded` (lower case, accents
removed) before a `contains`; on SQLite it calls `fold()` registered as an SQL
function on every connection (cms.apps), on PostgreSQL it is
TRANSLATE(LOWER(...)) over the French accented letters, which needs no
extension. See docs/cms.md for PostgreSQL page search.
"""

import unicodedata

from django.db import connection
from django.db.models import CharField, F, Func, Q, QuerySet
from wagtail.models import Page, Site

from communities.models import Community
from events import selectors as event_selectors

MIN_QUERY = 2
MAX_QUERY = 100
MAX_WORDS = 8

_ACCENTED = "àâäáãåçéèêëíìîïñóòôöõúùûüýÿ"
_PLAIN = "aaaaaaceeeeiiiinooooouuuuyy"


def clean_query(raw: str) -> str:
    """Whitespace collapsed, cut to MAX_QUERY characters."""
    return " ".join(str(raw or "").split())[:MAX_QUERY].strip()


def fold(text: str | None) -> str | None:
    """Lower case without accents: "Œuvre Écologique" -> "oeuvre ecologique"."""
    if text is None:
        return None
    text = text.lower().replace("œ", "oe").replace("æ", "ae")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(query: str) -> list[str]:
    return [w for w in fold(query).split() if w][:MAX_WORDS]


class Folded(Func):
    """fold() of a text column, in SQL."""

    function = "LOWER"
    output_field = CharField()

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, function="terreau_fold", **extra)

    def as_postgresql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return (
            f"REPLACE(REPLACE(TRANSLATE(LOWER({sql}), %s, %s), %s, %s), %s, %s)",
            (*params, _ACCENTED, _PLAIN, "œ", "oe", "æ", "ae"),
        )


def register_sqlite_fold(sender, connection, **kwargs):
    """connection_created receiver: teach each SQLite connection fold()."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("terreau_fold", 1, fold, deterministic=True)


def _matching(queryset: QuerySet, fields: tuple[str, ...], query: str) -> QuerySet:
    """Rows where every word of the query is in one of `fields`, folded."""
    annotations = {f"folded_{name}": Folded(F(name)) for name in fields}
    queryset = queryset.alias(**annotations)
    for word in words(query):
        any_field = Q()
        for alias in annotations:
            any_field |= Q(**{f"{alias}__contains": word})
        queryset = queryset.filter(any_field)
    return queryset


# --- The three groups ----------------------------------------------------------------


def search_pages(*, query: str, request):
    """Live, public pages of the request's site that match, best first."""
    site = Site.find_for_request(request)
    pages = Page.objects.live().public()
    if site is not None:
        pages = pages.descendant_of(site.root_page, inclusive=True)
    results = pages.search(query, operator="and")
    if connection.vendor == "postgresql" and not results.count():
        # PostgreSQL's text search keeps accents ("plantees" misses
        # "plantées") unless the unaccent extension is configured (see
        # docs/cms.md); fall back to folded titles and descriptions, the way
        # communities and events are matched.
        return _matching(pages.order_by("-first_published_at", "pk"),
                         ("title", "search_description"), query)
    return results


def search_communities(*, query: str) -> QuerySet:
    communities = Community.objects.select_related("direction").order_by("name", "pk")
    return _matching(communities, ("name", "territory", "description"), query)


def search_events(*, query: str, user) -> QuerySet:
    events = event_selectors.event_list(user=user)
    return _matching(events, ("title", "description", "address", "community__name"), query)


def with_snippets(pages: list) -> list:
    """Give each page result a `snippet`: its SEO description, else a news
    summary or a page's introduction. One query per page type found."""
    from .models import CommunityPage, NewsPage, StandardPage

    ids = [page.pk for page in pages]
    texts = {}
    if ids:
        texts.update(NewsPage.objects.filter(pk__in=ids).values_list("pk", "summary"))
        for model in (StandardPage, CommunityPage):
            texts.update(
                (pk, intro)
                for pk, intro in model.objects.filter(pk__in=ids).values_list("pk", "intro")
                if intro
            )
    for page in pages:
        page.snippet = page.search_description or texts.get(page.pk, "")
    return pages
