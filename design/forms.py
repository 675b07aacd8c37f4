"""Every form of the site rendered by one pair of templates (docs/design.md).

FORM_RENDERER points here. `{{ form }}`, `form.as_div` and `form.as_p` (by
the overrides in templates/django/forms/) and the apps' field includes all
render design/forms/form.html: an error summary first, then each field by
design/forms/field.html, whose hint and error list carry the ids its
widget's aria-describedby names (Django's `<id>_helptext` and `<id>_error`).

TemplatesSetting: the project's template engine renders forms, so the
project's templates directory can override Django's form templates.
"""

from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_lazy as _


class TerreauFormRenderer(TemplatesSetting):
    form_template_name = "design/forms/form.html"
    field_template_name = "design/forms/field.html"


class StyleGuideForm(forms.Form):
    """A form of the style guide, shown once empty and once with errors."""

    name = forms.CharField(label=_("Your name"), max_length=80)
    email = forms.EmailField(
        label=_("E-mail address"), help_text=_("We write to you only about your registration.")
    )
    circle = forms.ChoiceField(
        label=_("Circle"),
        widget=forms.RadioSelect,
        choices=[("citizens", _("Citizens")), ("informed", _("Informed")), ("engaged", _("Engaged"))],
    )
    message = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    agree = forms.BooleanField(label=_("I agree to be contacted"))
