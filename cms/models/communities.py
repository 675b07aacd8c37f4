from django.db import models
from django.http import HttpResponsePermanentRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from .. import selectors
from ..blocks import BodyBlock


class CommunityIndexPage(Page):
    """The stories of the communities, one page each."""

    intro = models.TextField(_("introduction"), blank=True, max_length=500)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.CommunityPage"]
    max_count = 1

    class Meta:
        verbose_name = _("community stories index")
        verbose_name_plural = _("community stories indexes")

    def stories(self):
        return selectors.community_stories(within=self)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["stories"] = self.stories()
        return context


class CommunityPage(Page):
    """The editorial story of one community, shown on the community's home.

    The community itself (name, circles, gardener pair, events) lives in the
    communities app and its home at /communities/<slug>/, where this story is
    one panel among the others (cms/panels.py): only the story is written
    here. The page's own address answers 301 to that panel; the editors'
    preview renders the page itself (Wagtail's serve_preview does not go
    through serve()), and a story whose community was deleted is still
    shown at its own address.
    """

    community = models.OneToOneField(
        "communities.Community",
        verbose_name=_("community"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="story_page",
    )
    intro = models.TextField(_("introduction"), blank=True, max_length=500)
    story = StreamField(BodyBlock(), verbose_name=_("story"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("community"),
        FieldPanel("intro"),
        FieldPanel("story"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("story"),
        index.FilterField("community"),
    ]
    parent_page_types = ["cms.CommunityIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("community story")
        verbose_name_plural = _("community stories")

    def home_url(self) -> str | None:
        """The story's place on its community's home, or None without a community."""
        if self.community_id is None:
            return None
        return reverse("communities:detail", kwargs={"slug": self.community.slug}) + "#story"

    def serve(self, request, *args, **kwargs):
        target = self.home_url()
        if target is None:
            return super().serve(request, *args, **kwargs)
        return HttpResponsePermanentRedirect(target)

    def get_sitemap_urls(self, request=None):
        # The community's home is in the sitemap already (cms/sitemaps.py).
        if self.community_id is not None:
            return []
        return super().get_sitemap_urls(request)
