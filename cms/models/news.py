from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from .. import selectors
from ..blocks import BodyBlock
from ..forms import NewsPageForm

NEWS_PER_PAGE = 10


class NewsIndexPage(Page):
    """The newsroom, or one direction's section of it.

    Without a direction it lists every direction's news; with one, it is
    that direction's section: its editors write there, its approvers
    publish there (see cms/permissions.py).
    """

    intro = models.TextField(_("introduction"), blank=True, max_length=500)
    direction = models.OneToOneField(
        "communities.Direction",
        verbose_name=_("direction"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="news_section",
        help_text=_("Empty for the newsroom that gathers every direction's news."),
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("direction")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    parent_page_types = ["cms.HomePage", "cms.NewsIndexPage"]
    subpage_types = ["cms.NewsIndexPage", "cms.NewsPage"]

    class Meta:
        verbose_name = _("news index")
        verbose_name_plural = _("news indexes")

    def filters(self, request) -> dict:
        """The filters read from the query string, empty when absent."""
        return {
            key: request.GET.get(key, "").strip()[:120]
            for key in ("direction", "community", "tag")
        }

    def news(self, filters: dict):
        return selectors.news_list(within=self, **filters)

    def paginate(self, request, news):
        return Paginator(news, NEWS_PER_PAGE).get_page(request.GET.get("page"))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        filters = self.filters(request)
        if self.direction_id:
            # A section always shows its own direction's news.
            filters["direction"] = ""
        page_obj = self.paginate(request, self.news(filters))
        context.update(
            page_obj=page_obj,
            news=page_obj.object_list,
            filters=filters,
            filtered=any(filters.values()),
            choices=selectors.news_filter_choices(within=self),
        )
        return context


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "cms.NewsPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class NewsPage(Page):
    """One piece of news from a direction."""

    date = models.DateField(_("publication date"), default=timezone.localdate)
    summary = models.TextField(
        _("summary"), max_length=300, help_text=_("One or two sentences shown in lists and feeds.")
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    image_alt = models.CharField(
        _("image description"),
        max_length=200,
        blank=True,
        help_text=_("Required with an image: describe it for people who cannot see it."),
    )
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)
    # Set from the section the page is written in (NewsPageForm), never chosen.
    direction = models.ForeignKey(
        "communities.Direction",
        verbose_name=_("direction"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="news_pages",
    )
    communities = ParentalManyToManyField(
        "communities.Community",
        verbose_name=_("communities concerned"),
        blank=True,
        related_name="news_pages",
    )
    tags = ClusterTaggableManager(verbose_name=_("tags"), through=NewsPageTag, blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("date"),
        FieldPanel("summary"),
        MultiFieldPanel([FieldPanel("image"), FieldPanel("image_alt")], heading=_("Image")),
        FieldPanel("body"),
        FieldPanel("communities", widget=forms.CheckboxSelectMultiple),
        FieldPanel("tags"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("date"),
        index.FilterField("direction"),
        index.RelatedFields("tags", [index.SearchField("name")]),
    ]
    parent_page_types = ["cms.NewsIndexPage"]
    subpage_types = []
    base_form_class = NewsPageForm

    class Meta:
        verbose_name = _("news")
        verbose_name_plural = _("news")

    def clean(self):
        super().clean()
        if self.image_id and not self.image_alt.strip():
            raise ValidationError(
                {"image_alt": _("Describe the image for people who cannot see it.")}
            )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["concerned"] = selectors.news_communities(self)
        return context
