"""What every newsletters view shares: loading objects, showing refusals."""

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from rules.contrib.views import PermissionRequiredMixin

from communities.models import Community

from .. import selectors
from ..models import Section


def show_errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def add_form_errors(form, error: ValidationError) -> None:
    """Attach a service's errors to the form's fields (or to the whole form)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields and field != NON_FIELD_ERRORS else None
            for item in errors:
                form.add_error(target, item)
    else:
        form.add_error(None, error)


class CommunityMixin(PermissionRequiredMixin):
    def get_community(self):
        if not hasattr(self, "_community"):
            self._community = get_object_or_404(Community, slug=self.kwargs["slug"])
        return self._community

    def get_permission_object(self):
        return self.get_community()


class LetterMixin(PermissionRequiredMixin):
    """The letter of the URL (404 if none) is the rules' object."""

    def get_letter(self):
        if not hasattr(self, "_letter"):
            letter = selectors.letter_for_page(self.kwargs["pk"])
            if letter is None:
                raise Http404
            self._letter = letter
        return self._letter

    def get_permission_object(self):
        return self.get_letter()


class SectionMixin(PermissionRequiredMixin):
    def get_section(self):
        if not hasattr(self, "_section"):
            self._section = get_object_or_404(
                Section.objects.select_related("letter", "letter__community", "author", "event"),
                pk=self.kwargs["pk"],
            )
        return self._section

    def get_permission_object(self):
        return self.get_section()
