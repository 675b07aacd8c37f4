"""An RSS 2.0 and an Atom 1.0 feed per published process: its phases as they
open, its argued answers (to proposals, to the citizen opinion's
recommendations and to what communities referred to it) and its
commitments, newest first.

Text goes through terreau.feeds (escaped once more for RSS readers, which
read titles as HTML); addresses are absolute from SITE_URL (terreau.links).
"""

import datetime as dt
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from processes import opinion_selectors
from processes import selectors as processes
from terreau.feeds import AtomFeed, RssFeed, feed_html, rss_text
from terreau.links import absolute

from .process_views import published_process

FEED_ITEMS = 50


@dataclass
class Entry:
    title: str
    text: str
    link: str
    guid: str
    date: dt.datetime


def entries(process) -> list[Entry]:
    """Phases that have started, answers and commitments (6 queries after the process)."""
    now = timezone.now()
    page = absolute(process.get_absolute_url())
    items = [
        Entry(
            title=_("Phase: %(kind)s") % {"kind": phase.get_kind_display()},
            text=phase.text, link=page, guid=f"{page}#phase-{phase.pk}", date=phase.starts_at,
        )
        for phase in process.phases.all() if phase.starts_at <= now
    ]
    for proposal in processes.proposals_of(process):
        answer = proposal.answer_or_none
        if answer is None:
            continue
        link = absolute(proposal.get_absolute_url())
        items.append(Entry(
            title=_("Answer to “%(proposal)s”: %(status)s")
            % {"proposal": proposal.title, "status": answer.get_status_display()},
            text=answer.reason, link=link, guid=f"{link}#answer", date=answer.answered_at,
        ))
    opinion_page = absolute(reverse("processes:opinion", kwargs={"slug": process.slug}))
    for recommendation in opinion_selectors.public_recommendations(process):
        if not recommendation.answered_at:
            continue
        link = f"{opinion_page}#recommendation-{recommendation.pk}"
        items.append(Entry(
            title=_("Answer to the recommendation “%(title)s”: %(status)s")
            % {"title": recommendation.title,
               "status": recommendation.get_answer_status_display()},
            text=recommendation.answer_reason, link=link, guid=f"{link}-answer",
            date=recommendation.answered_at,
        ))
    for referral in processes.public_referrals(process):
        if referral.answered_at is None:
            continue
        link = f"{page}#referral-{referral.pk}"
        what = referral.public_title or (
            _("a result of the working group “%(group)s”") % {"group": referral.decision.group.name}
            if referral.decision_id else _("a need"))
        items.append(Entry(
            title=_("Answer to a referral from %(community)s (%(what)s): %(status)s")
            % {"community": referral.community.name, "what": what,
               "status": referral.get_status_display()},
            text=referral.reason, link=link,
            guid=f"{link}-answer-{referral.answered_at.isoformat()}",
            date=referral.answered_at,
        ))
    for commitment in processes.commitments_of(process):
        items.append(Entry(
            title=_("Commitment “%(title)s”: %(status)s, %(progress)s%%")
            % {"title": commitment.title, "status": commitment.get_status_display(),
               "progress": commitment.progress},
            text=commitment.note, link=page,
            guid=f"{page}#commitment-{commitment.pk}-{commitment.updated_at.isoformat()}",
            date=commitment.updated_at,
        ))
    items.sort(key=lambda e: e.date, reverse=True)
    return items[:FEED_ITEMS]


class ProcessRssFeed(Feed):
    feed_type = RssFeed

    def get_object(self, request, slug: str):
        process = published_process(slug)
        process.feed_path = request.path
        return process

    def title(self, process) -> str:
        return _("%(process)s: phases, answers and commitments") % {"process": process.title}

    def description(self, process) -> str:
        return process.summary

    def link(self, process) -> str:
        return absolute(process.get_absolute_url())

    def feed_url(self, process) -> str:
        return absolute(process.feed_path)

    def items(self, process):
        return entries(process)

    def item_title(self, item) -> str:
        return rss_text(item.title)

    def item_description(self, item) -> str:
        return feed_html(item.text)

    def item_link(self, item) -> str:
        return item.link

    def item_guid(self, item) -> str:
        return item.guid

    item_guid_is_permalink = False

    def item_pubdate(self, item) -> dt.datetime:
        return item.date


class ProcessAtomFeed(ProcessRssFeed):
    feed_type = AtomFeed

    def item_title(self, item) -> str:
        return item.title  # Atom titles are text: the XML escapes them once
