"""The CMS part of `manage.py seed_demo`: the page tree of the demo region.

Home page with its featured communities, the newsroom with each direction's
section and a few articles, the stories of the four communities, the
standard pages (about, rules of participation, privacy, legal notice,
accessibility) linked from the footer, and who may publish (cms.publishing).

Idempotent: pages are found by slug under their parent, accounts by e-mail;
only what is missing is created. Run after demo.communities.seed().
"""

import datetime as dt
import json

from django.contrib.auth import get_user_model
from django.db import transaction
from wagtail.models import Site

from cms import publishing, services
from cms.models import (
    CommunityIndexPage,
    CommunityPage,
    FooterLinks,
    HomeFeaturedCommunity,
    NewsPage,
    StandardPage,
)
from communities.models import Community, Direction
from events.models import Event

from .cms_content import ARTICLES, STANDARD_PAGES, STORIES
from .communities_data import DEMO_PASSWORD
from .factories import UserFactory
from .images import news_image

APPROVER = {
    "email": "approbation@demo.terreau.fr",
    "display_name": "Claire Fabre",
    "organisation": "Région Occitanie — Direction de l'Environnement",
    "role": "news approver, Direction de l'Environnement",
}
EDITOR_EMAIL = "redaction@demo.terreau.fr"
FEATURED = ["biodiversite", "alimentation-durable", "citoyennete-active", "mobilites"]


def _text(html):
    return {"type": "text", "value": html}


def _body(blocks):
    return json.dumps(blocks)


def _publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _child(parent, model, slug):
    return model.objects.child_of(parent).filter(slug=slug).first()


@transaction.atomic
def seed(out=None) -> dict:
    created = {"pages": 0, "images": 0}
    home = services.site_tree_ensure()
    _featured(home)
    synced = {p.direction.slug: p for p in publishing.publishing_sync()}
    _accounts(synced)
    for spec in ARTICLES:
        publishing_of = synced.get(spec["direction"])
        if publishing_of is None:
            continue
        existing = _child(publishing_of.section, NewsPage, spec["slug"])
        if existing is None:
            _article(publishing_of.section, spec)
            created["pages"] += 1
        elif existing.image_id is None:  # seeded before the news had pictures
            _illustrate(existing)
            created["images"] += 1
    created["pages"] += _stories(home)
    created["pages"] += _standard_pages(home)
    if out is not None:
        if created["pages"] or created["images"]:
            out.write(
                f"CMS: {created['pages']} pages created, {created['images']} news illustrated, "
                "home page at /."
            )
        else:
            out.write("CMS: the pages were already there.")
        out.write(f"  {APPROVER['email']:<40} {APPROVER['role']}")
    return created


def _featured(home):
    if home.featured_communities.exists():
        return
    for order, slug in enumerate(FEATURED):
        community = Community.objects.filter(slug=slug).first()
        if community is not None:
            HomeFeaturedCommunity.objects.create(page=home, community=community, sort_order=order)


def _accounts(synced):
    """The demo editor writes for the environment; an approver publishes."""
    User = get_user_model()
    env = synced.get("direction-de-lenvironnement")
    if env is None:
        return
    editor = User.objects.filter(email=EDITOR_EMAIL).first()
    if editor is not None:
        editor.groups.add(env.editors)
    created = not User.objects.filter(email=APPROVER["email"]).exists()
    approver = UserFactory(
        email=APPROVER["email"],
        display_name=APPROVER["display_name"],
        organisation=APPROVER["organisation"],
        password=DEMO_PASSWORD,  # the factory hashes it
        preferred_language="fr",
        # A new approver gets a verified address; an existing one is left as it is.
        verified=created,
    )
    if created:
        env.direction.staff.add(approver)
    approver.groups.add(env.approvers)


def _article(section, spec):
    communities = list(Community.objects.filter(slug__in=spec.get("communities", [])))
    blocks = [_text(html) for html in spec["paragraphs"]]
    if spec.get("quote"):
        blocks.append({"type": "quote", "value": spec["quote"]})
    for community in communities[:1]:
        event = (
            Event.objects.filter(
                community=community, state=Event.State.PUBLISHED, audience=Event.Audience.PUBLIC
            )
            .order_by("-starts_at")
            .first()
        )
        if event is not None:
            blocks.append({"type": "event", "value": {"event": event.pk}})
        blocks.append({"type": "community", "value": {"community": community.pk}})
    image, image_alt = news_image(spec["slug"], spec["title"])
    page = NewsPage(
        title=spec["title"],
        slug=spec["slug"],
        date=dt.date.fromisoformat(spec["date"]),
        summary=spec["summary"],
        image=image,
        image_alt=image_alt,
        body=_body(blocks),
        direction=Direction.objects.get(slug=spec["direction"]),
    )
    page.communities = communities
    page.tags.add(*spec.get("tags", []))
    return _publish(section, page)


def _illustrate(page):
    """Give a published article its illustration, as an editor would: a new revision."""
    page.image, page.image_alt = news_image(page.slug, page.title)
    page.save_revision().publish()


def _stories(home) -> int:
    count = 0
    index = _child(home, CommunityIndexPage, "recits")
    if index is None:
        index = _publish(
            home,
            CommunityIndexPage(
                title="Récits des communautés",
                slug="recits",
                intro=(
                    "Comment chaque communauté est née, ce qu'elle a déjà changé et ce qu'elle "
                    "prépare, raconté par ses jardiniers et ses membres."
                ),
            ),
        )
        count += 1
    for spec in STORIES:
        community = Community.objects.filter(slug=spec["community"]).first()
        if community is None or CommunityPage.objects.filter(community=community).exists():
            continue
        _publish(
            index,
            CommunityPage(
                title=spec["title"],
                slug=spec["community"],
                community=community,
                intro=spec["intro"],
                story=_body(
                    [_text(html) for html in spec["paragraphs"]]
                    + ([{"type": "quote", "value": spec["quote"]}] if spec.get("quote") else [])
                ),
            ),
        )
        count += 1
    return count


def _standard_pages(home) -> int:
    count = 0
    pages = {}
    for spec in STANDARD_PAGES:
        page = _child(home, StandardPage, spec["slug"])
        if page is None:
            page = _publish(
                home,
                StandardPage(
                    title=spec["title"],
                    slug=spec["slug"],
                    intro=spec["intro"],
                    body=_body([_text(html) for html in spec["paragraphs"]]),
                ),
            )
            count += 1
        pages[spec["footer"]] = page
    site = Site.objects.get(is_default_site=True)
    links, _ = FooterLinks.objects.get_or_create(site=site)
    changed = False
    for field, page in pages.items():
        if getattr(links, f"{field}_id") is None:
            setattr(links, field, page)
            changed = True
    if changed:
        links.save()
    return count
