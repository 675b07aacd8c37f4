"""No secret reaches a role outside its audience, on any page, feed, calendar,
export, search or JSON answer (issue 13: every list, picker, count, feed and
export is filtered by the same rule as the object's page).

tests/access/world.py plants a marker in each kind of restricted object
(matrix.MARKERS says which and who may read it). For each role, every
address of the matrix that answers it 200 is read, with the searches for
each marker and the lists' filters, and no marker outside the role's
audience may appear in what it gets.
"""

import pytest

from . import matrix
from .conftest import all_cases

pytestmark = pytest.mark.django_db

# Addresses only the crawl reads: the searches for each secret's word, and
# pages that show a chosen message, page or list. Each is read by the roles
# it answers 200.
CMS_SECRETS = ("cms_draft", "cms_private")
# The site search finds pages, communities and events (cms/search.py).
SEARCHABLE_SECRETS = ("engaged_event", "draft_event", *CMS_SECRETS)
SEARCHES = (
    *(f"/search/?q={matrix.MARKERS[key].search}" for key in SEARCHABLE_SECRETS),
    *(
        template.format(search=matrix.MARKERS[key].search)
        for key in CMS_SECRETS
        for template in ("/cms/pages/search/?q={search}", "/cms/api/main/pages/?search={search}")
    ),
    "/communities/{community}/members/?q=" + matrix.MARKERS["member_email"].search,
    "/events/{event}/check-in/?q=" + matrix.MARKERS["member_email"].search,
    "/events/new/?community={community_pk}",
    "/communities/{community}/channels/{general}/?around={hidden_message}",
    "/communities/{community}/channels/{engaged_channel}/?around={engaged_message}",
    "/communities/{community}/channels/{group_channel}/?around={group_message}",
    "/communities/{community}/channels/{council_channel}/?around={council_message}",
    "/cms/pages/{news_section_id}/",
    "/cms/pages/{draft_page_id}/edit/",
    "/cms/pages/{draft_page_id}/view_draft/",
    "/cms/api/main/pages/{private_page_id}/",
    "/cms/api/main/pages/{draft_page_id}/",
    "/me/notifications/?show=unread",
)


def readable(crawl, role: str) -> list[str]:
    """Every address that answers `role` 200, the table's and the searches."""
    paths = [crawl.world.path(item.path) for _key, item in all_cases()]
    paths += [crawl.world.path(template) for template in SEARCHES]
    return [path for path in dict.fromkeys(paths) if crawl.fetch(path, role) == "200"]


def leaks(crawl, role: str) -> list[str]:
    found = []
    secret = {k: m for k, m in matrix.MARKERS.items() if role not in m.audience}
    for path in readable(crawl, role):
        text = crawl.texts[path, role].lower()
        found += [f"{key} ({m.text}) in GET {path}" for key, m in secret.items() if m.text in text]
    return found


@pytest.mark.parametrize("role", matrix.ROLES)
def test_no_secret_reaches_a_role_outside_its_audience(crawl, role):
    found = leaks(crawl, role)

    assert not found, f"{role} reads what it must not:\n  " + "\n  ".join(found)


@pytest.mark.parametrize("key", list(matrix.MARKERS))
def test_each_secret_is_read_by_its_audience_somewhere(crawl, key):
    """The crawl reaches every secret: a marker nobody finds would prove nothing."""
    marker = matrix.MARKERS[key]
    readers = {
        role
        for role in marker.audience
        for path in readable(crawl, role)
        if marker.text in crawl.texts[path, role].lower()
    }

    assert readers, f"no role of its audience finds {marker.text} ({marker.what})"
