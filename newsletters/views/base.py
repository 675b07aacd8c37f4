"""What every newsletters view shares: loading objects, showing refusals."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from rules.contrib.views import PermissionRequiredMixin


from .. import selectors
from ..models import Section


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
