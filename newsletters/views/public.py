"""Readers' pages: a sent letter's web version, a community's archive and
feeds, one's subscriptions, and the one-click unsubscribe link."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.syndication.views import Feed
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.csrf import csrf_exempt

from communities.models import Community
from communities.views.base import CommunityPermissionMixin as CommunityMixin
from communities.views.base import community_from_slug
from terreau.feeds import AtomFeed, RssFeed, feed_html, rss_text
from terreau.links import safe_next
from terreau.views import show_errors

from .. import rendering, selectors, services
from ..models import Subscription
from .base import LetterMixin


class WebVersionView(LetterMixin, View):
    """A sent letter, as a page of the site (the e-mail's "web version")."""

    permission_required = "newsletters.view_sent_letter"

    def get(self, request, pk):
        letter = self.get_letter()
        return render(request, "newsletters/web.html", {
            "letter": letter, "community": letter.community,
            "sections": rendering.section_views(selectors.accepted_sections(letter)),
        })


class ArchiveView(CommunityMixin, View):
    permission_required = "newsletters.view_archive"

    def get(self, request, slug):
        community = self.get_community()
        page = Paginator(selectors.archive(community, request.user), 20).get_page(
            request.GET.get("page")
        )
        return render(request, "newsletters/archive.html", {
            "community": community, "page": page,
            "subscribed": selectors.is_subscribed(request.user, community),
            "is_member": request.user.has_perm("communities.leave_community", community),
        })


class SubscribeView(LoginRequiredMixin, View):
    """Subscribe or unsubscribe from a community's archive page."""

    http_method_names = ["post"]

    def post(self, request, slug):
        community = community_from_slug(slug)
        subscribed = request.POST.get("subscribed") == "1"
        try:
            services.subscription_set(user=request.user, community=community,
                                      subscribed=subscribed,
                                      source=Subscription.Source.LETTER_PAGE)
        except ValidationError as error:
            show_errors(request, error)
        else:
            _tell(request, community, subscribed)
        return redirect(_next(request, reverse("newsletters:archive", kwargs={"slug": slug})))


class SubscriptionsView(LoginRequiredMixin, View):
    """On the profile: one line per community, receive its letters or not."""

    template_name = "newsletters/subscriptions.html"

    def get(self, request):
        return render(request, self.template_name,
                      {"lines": selectors.my_subscriptions(request.user)})

    def post(self, request):
        community = Community.objects.filter(slug=request.POST.get("community", "")).first()
        if community is None:
            raise Http404
        subscribed = request.POST.get("subscribed") == "1"
        try:
            services.subscription_set(user=request.user, community=community,
                                      subscribed=subscribed,
                                      source=Subscription.Source.PROFILE)
        except ValidationError as error:
            show_errors(request, error)
        else:
            _tell(request, community, subscribed)
        return redirect("newsletters:subscriptions")


def _tell(request, community, subscribed: bool) -> None:
    if subscribed:
        message = _("You will receive the letters of %(community)s.")
    else:
        message = _("You will no longer receive the letters of %(community)s.")
    messages.success(request, message % {"community": community})


@method_decorator(csrf_exempt, name="dispatch")
class UnsubscribeView(View):
    """RFC 8058: mail clients POST `List-Unsubscribe=One-Click` here without
    cookies or CSRF token; the signed token is the authorisation. A GET (a
    person clicking, or a link scanner) only shows a button."""

    template_name = "newsletters/unsubscribe.html"

    def _read(self, token):
        from .. import tokens

        user_id, community_id = tokens.read(token)
        community = Community.objects.filter(pk=community_id).first()
        if community is None:
            raise ValidationError(_("This community no longer exists."), code="gone")
        return community

    def get(self, request, token):
        try:
            community = self._read(token)
        except ValidationError as error:
            return render(request, self.template_name, {"errors": error.messages}, status=400)
        return render(request, self.template_name, {"community": community, "token": token})

    def post(self, request, token):
        try:
            subscription = services.subscription_unsubscribe_by_token(token=token)
        except ValidationError as error:
            return render(request, self.template_name, {"errors": error.messages}, status=400)
        return render(request, self.template_name,
                      {"community": subscription.community, "done": True})


def _next(request, default: str) -> str:
    return safe_next(request, request.POST.get("next"), default)


class ArchiveFeed(Feed):
    """RSS 2.0 of a community's public letters (feed readers are anonymous)."""

    feed_type = RssFeed

    def get_object(self, request, slug):
        return community_from_slug(slug)

    def title(self, community):
        return _("Letters of %(community)s") % {"community": community.name}

    def link(self, community):
        return rendering.absolute(reverse("newsletters:archive", kwargs={"slug": community.slug}))

    def feed_url(self, community):
        return rendering.absolute(self.request_path)

    def __call__(self, request, *args, **kwargs):
        self.request_path = request.path
        return super().__call__(request, *args, **kwargs)

    def description(self, community):
        return _("The co-written newsletter of the community %(community)s on Terreau.") % {
            "community": community.name
        }

    def items(self, community):
        return selectors.public_archive(community)[:20]

    def item_title(self, letter):
        return rss_text(letter.title)

    def item_description(self, letter):
        return feed_html(letter.intro or letter.title)

    def item_link(self, letter):
        return rendering.absolute(reverse("newsletters:web", kwargs={"pk": letter.pk}))

    def item_pubdate(self, letter):
        return letter.sent_at

    def item_guid(self, letter):
        return rendering.absolute(reverse("newsletters:web", kwargs={"pk": letter.pk}))

    item_guid_is_permalink = True


class ArchiveAtomFeed(ArchiveFeed):
    feed_type = AtomFeed
    subtitle = ArchiveFeed.description

    def item_title(self, letter):
        return letter.title  # Atom titles are text: the XML escaping is enough
