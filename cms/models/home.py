from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from .. import selectors

HOME_COMMUNITIES = 12
HOME_EVENTS = 3
HOME_NEWS = 3


class HomePage(Page):
    """The site's front door: who we are, two ways in, and what is alive now.

    Only the introduction and the featured communities are edited here; the
    next events and the latest news are read live from their apps.
    """

    intro = RichTextField(
        _("introduction"),
        features=["bold", "italic", "link"],
        blank=True,
        help_text=_("A few sentences that say what this platform is for."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        InlinePanel(
            "featured_communities",
            label=_("Featured communities"),
            heading=_("Featured communities"),
            help_text=_("Leave empty to show the communities in alphabetical order."),
        ),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["cms.NewsIndexPage", "cms.CommunityIndexPage", "cms.StandardPage"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def communities(self):
        """(communities to show, whether there are more to see)."""
        featured = list(
            self.featured_communities.order_by("sort_order").values_list("community_id", flat=True)
        )
        return selectors.home_communities(featured_ids=featured, limit=HOME_COMMUNITIES)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        communities, more = self.communities()
        context.update(
            communities=communities,
            more=more,
            next_events=selectors.next_events(limit=HOME_EVENTS),
            latest_news=selectors.latest_news(limit=HOME_NEWS),
            newsroom=selectors.newsroom(),
        )
        return context


class HomeFeaturedCommunity(Orderable):
    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_communities")
    community = models.ForeignKey(
        "communities.Community",
        verbose_name=_("community"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [FieldPanel("community")]

    class Meta(Orderable.Meta):
        verbose_name = _("featured community")
        verbose_name_plural = _("featured communities")
        constraints = [
            models.UniqueConstraint(fields=["page", "community"], name="home_featured_once"),
        ]
