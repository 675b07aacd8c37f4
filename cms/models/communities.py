from django.db import models
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
    """The editorial story of one community, beside its live data.

    The community itself (name, circles, gardener pair, events) lives in the
    communities and events apps and is read from there on every view: only
    the story is written here.
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

    def live_data(self, request) -> dict:
        if self.community_id is None:
            return {"community": None}
        return selectors.community_live_data(community_id=self.community_id, user=request.user)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(self.live_data(request))
        return context
