"""The cultivator overview, read from a snapshot the beat keeps fresh.

Every community side by side is the one page whose cost grows with the
region: at 100 communities its statement aggregates members, events,
letters, messages and needs of each (about 65 ms of PostgreSQL, with 16
cultivators at once 1.9 s at p50; docs/performance.md, "The overview's
snapshot"). Its figures are a weekly steering view, not a live feed: the
beat computes them every REFRESH_SECONDS and the page reads them from the
cache (Redis in production, shared by every web process) and only sorts
them. The page says when they were read, and "Refresh now" reads them again
for the person who just changed something.

A snapshot older than MAX_AGE_SECONDS (the beat stopped) or a cache that does
not answer: the page computes the figures itself, as before.
"""

import logging
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta

from django.core.cache import cache
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from . import selectors

logger = logging.getLogger(__name__)

KEY = "insights:overview:snapshot:v1"
REFRESH_SECONDS = 5 * 60
MAX_AGE_SECONDS = 2 * REFRESH_SECONDS
# Sixteen cultivators opening the page on an empty snapshot: one reads the
# figures, the others wait for them at most WAIT_SECONDS (then read them too).
LOCK_KEY = f"{KEY}:reading"
WAIT_SECONDS = 10


def overview_refresh() -> selectors.Overview:
    """Read every community's figures now and keep them for the next pages."""
    overview = selectors.communities_overview()
    try:
        cache.set(KEY, overview, timeout=2 * MAX_AGE_SECONDS)
    except Exception:  # noqa: BLE001 (a cache outage costs the snapshot, not the page)
        logger.warning("overview snapshot not stored", exc_info=True)
    return overview


def overview_forget() -> None:
    cache.delete(KEY)


def _stored():
    try:
        overview = cache.get(KEY)
    except Exception:  # noqa: BLE001 (unreadable: an outage, or a class changed by a release)
        logger.warning("overview snapshot unreadable", exc_info=True)
        return None
    if not isinstance(overview, selectors.Overview) or overview.taken_at is None:
        return None
    if overview.taken_at < timezone.now() - timedelta(seconds=MAX_AGE_SECONDS):
        return None
    return overview


def _read_once() -> selectors.Overview:
    try:
        reader = cache.add(LOCK_KEY, 1, timeout=WAIT_SECONDS * 3)
    except Exception:  # noqa: BLE001
        logger.warning("overview snapshot lock unavailable", exc_info=True)
        return overview_refresh()
    if reader:
        try:
            return overview_refresh()
        finally:
            cache.delete(LOCK_KEY)
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        time.sleep(0.05)
        overview = _stored()
        if overview is not None:
            return overview
    return overview_refresh()


def overview_read(*, sort: str, descending: bool) -> selectors.Overview:
    """The overview as last read (at most MAX_AGE_SECONDS ago), in the order asked."""
    overview = _stored() or _read_once()
    return replace(
        overview, communities=selectors.sort_overview_rows(overview.communities, sort, descending)
    )


def rows_rendered(overview: selectors.Overview, *, variant: tuple,
                  render: Callable[[], str]) -> SafeString:
    """The table's rows of this snapshot, rendered once per `variant` (the
    language, the order, what the reader may do) and kept as long as the
    snapshot. Rendering 100 communities' 30 cells was most of the page's
    time (docs/performance.md, "The overview's rows"). A cache that does
    not answer: the rows are rendered for this page alone."""
    key = ":".join([KEY, "rows", overview.taken_at.isoformat(), *map(str, variant)])
    try:
        html = cache.get(key)
    except Exception:  # noqa: BLE001
        logger.warning("overview rows unreadable", exc_info=True)
        return mark_safe(render())
    if html is None:
        html = str(render())
        try:
            cache.set(key, html, timeout=2 * MAX_AGE_SECONDS)
        except Exception:  # noqa: BLE001
            logger.warning("overview rows not stored", exc_info=True)
    # Rendered by the site's own template, its values escaped there.
    return mark_safe(html)
