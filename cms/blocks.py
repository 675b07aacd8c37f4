"""The one set of StreamField blocks every CMS page uses.

Each block has its own template under cms/templates/cms/blocks/ and a
preview value for the admin's block picker. Events and communities are
embedded by reference (their primary key), never copied: the page always
shows what the events and communities apps hold now.
"""

from django import forms
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

from events.models import Event
from events.selectors import visible_events_q

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "link", "ol", "ul"]


class ModelSelectBlock(blocks.ChooserBlock):
    """A plain drop-down of another app's rows.

    Events and communities are not Wagtail snippets (their own apps edit
    them, through their services), so the block offers a simple select
    rather than a snippet chooser that would expose their admin.
    """

    def __init__(self, target_model, *, queryset=None, **kwargs):
        self.target_model = target_model
        self._queryset = queryset
        super().__init__(**kwargs)

    @cached_property
    def field(self):
        queryset = self._queryset() if self._queryset else self.model_class.objects.all()
        return forms.ModelChoiceField(
            queryset=queryset,
            widget=self.widget,
            required=self._required,
            help_text=self._help_text,
        )

    @cached_property
    def widget(self):
        return forms.Select()

    def get_form_state(self, value):
        return value.pk if value is not None else None


def _events_for_choice():
    """The events anyone may see (the twin of `events.view_event` for a
    visitor): a page is public, and its event block shows only those; an
    event for chosen circles, or a draft, is no editor's choice to offer."""
    return Event.objects.filter(visible_events_q(AnonymousUser())).order_by("-starts_at")


class TextBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        super().__init__(features=RICH_TEXT_FEATURES, **kwargs)

    class Meta:
        icon = "doc-full"
        label = _("Text")
        template = "cms/blocks/text.html"
        preview_value = "<p>La communauté s'est réunie à Albi pour sa rencontre annuelle.</p>"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Alternative text"),
        max_length=200,
        help_text=_("Describe the image for people who cannot see it."),
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "cms/blocks/image.html"


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(label=_("Who said it"), required=False, max_length=160)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "cms/blocks/quote.html"
        preview_value = {
            "quote": "On ne vient pas chercher une subvention, on vient chercher des alliés.",
            "attribution": "Une jardinière du territoire",
        }


class CallToActionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=120)
    text = blocks.TextBlock(label=_("Text"), required=False)
    link_label = blocks.CharBlock(label=_("Button label"), max_length=60)
    page = blocks.PageChooserBlock(label=_("Page"), required=False)
    url = blocks.URLBlock(label=_("Or an address"), required=False)

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            raise blocks.StructBlockValidationError(
                block_errors={"url": ValidationError(_("Choose a page or give an address, not both."))}
            )
        return value

    class Meta:
        icon = "pick"
        label = _("Call to action")
        template = "cms/blocks/call_to_action.html"
        preview_value = {
            "title": "Rejoignez la communauté",
            "text": "Un clic suffit pour recevoir la lettre et les invitations.",
            "link_label": "Trouver une communauté",
            "url": "https://example.org/communities/",
        }


class EventBlock(blocks.StructBlock):
    event = ModelSelectBlock("events.Event", queryset=_events_for_choice, label=_("Event"))

    class Meta:
        icon = "date"
        label = _("Event")
        template = "cms/blocks/event.html"


class CommunityBlock(blocks.StructBlock):
    community = ModelSelectBlock("communities.Community", label=_("Community"))

    class Meta:
        icon = "group"
        label = _("Community")
        template = "cms/blocks/community.html"


class BodyBlock(blocks.StreamBlock):
    text = TextBlock()
    image = ImageBlock()
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()
    event = EventBlock()
    community = CommunityBlock()
