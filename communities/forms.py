"""Forms of the communities app: they read and tidy input, nothing more.

The rules (a reason is required, a request goes inward, a request is decided
once...) live in services.py, whose messages the views show. The forms only
coerce values and mark fields `required` for the browser, so a person gets
the same clear message with or without browser validation.
"""

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .models import Circle
from .services import TEXT_MAX_LENGTH


def circle_choices(*, closer_than: int | None = None, other_than: int | None = None):
    return [
        (circle.value, capfirst(circle.label))
        for circle in Circle
        if (closer_than is None or circle > closer_than) and circle != other_than
    ]


class _CircleField(forms.TypedChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            coerce=int,
            choices=circle_choices(),
            error_messages={"invalid_choice": _("Choose one of the three circles.")},
            **kwargs,
        )


def _text(label, *, required_in_browser: bool, help_text=""):
    attrs = {"rows": 4, "maxlength": TEXT_MAX_LENGTH}
    if required_in_browser:
        attrs["required"] = True
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs=attrs),
    )


class CircleRequestForm(forms.Form):
    """A member asks to move inward; only closer circles are offered."""

    circle = _CircleField(label=_("Circle you would like to join"))
    message = _text(
        _("Why? A few words for the gardeners"),
        required_in_browser=True,
        help_text=_("The gardeners read it and answer you; the answer appears in My communities."),
    )

    def __init__(self, *args, current_circle: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if current_circle is not None:
            self.fields["circle"].choices = circle_choices(closer_than=current_circle)


class LeaveForm(forms.Form):
    reason = _text(
        _("Why are you leaving? (optional)"),
        required_in_browser=False,
        help_text=_("The gardeners see it in your history; it helps them improve."),
    )


class MoveForm(forms.Form):
    circle = _CircleField(label=_("Move to the circle"))
    reason = _text(
        _("Why (the member will see it in their history)"), required_in_browser=True
    )

    def __init__(self, *args, current_circle: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if current_circle is not None:
            self.fields["circle"].choices = circle_choices(other_than=current_circle)


class RemoveForm(forms.Form):
    reason = _text(
        _("Why (the member will see it in their history)"), required_in_browser=True
    )


class ApproveForm(forms.Form):
    answer = _text(_("Answer (optional)"), required_in_browser=False)


class DeclineForm(forms.Form):
    answer = _text(_("Answer (required: the member will read why)"), required_in_browser=True)
