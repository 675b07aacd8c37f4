"""Contributors propose and revise sections; gardeners decide, edit, order."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from .. import selectors, services
from ..forms import DecisionForm, SectionForm
from terreau.views import add_form_errors, show_errors

from .base import LetterMixin, SectionMixin

TEMPLATE = "newsletters/section_form.html"


class SectionCreateView(LetterMixin, View):
    permission_required = "newsletters.contribute_letter"

    def _form(self, letter, *args):
        return SectionForm(*args, events=selectors.linkable_events(letter, self.request.user))

    def get(self, request, pk):
        letter = self.get_letter()
        return render(request, TEMPLATE, {"letter": letter, "community": letter.community,
                                          "form": self._form(letter)})

    def post(self, request, pk):
        letter = self.get_letter()
        form = self._form(letter, request.POST, request.FILES)
        if form.is_valid():
            try:
                services.section_propose(letter=letter, author=request.user,
                                         **form.service_kwargs())
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(request, _("Your section is proposed. The gardeners will read "
                                            "it and tell you their decision here."))
                return redirect(letter)
        return render(request, TEMPLATE, {"letter": letter, "community": letter.community,
                                          "form": form}, status=400)


class SectionUpdateView(SectionMixin, View):
    """The author revises (until accepted); a gardener edits (until sending)."""

    permission_required = ("newsletters.revise_section", "newsletters.moderate_section")

    def has_permission(self):
        user, section = self.request.user, self.get_section()
        return any(user.has_perm(perm, section) for perm in self.permission_required)

    def _form(self, section, *args, initial=None):
        return SectionForm(
            *args, initial=initial,
            events=selectors.linkable_events(
                section.letter, self.request.user, current_id=section.event_id
            ),
            has_image=bool(section.image),
        )

    def _context(self, section, form):
        return {"letter": section.letter, "community": section.letter.community,
                "section": section, "form": form}

    def get(self, request, pk):
        section = self.get_section()
        form = self._form(section, initial={
            "title": section.title, "body": section.body, "image_alt": section.image_alt,
            "event": section.event_id,
        })
        return render(request, TEMPLATE, self._context(section, form))

    def post(self, request, pk):
        section = self.get_section()
        form = self._form(section, request.POST, request.FILES)
        if form.is_valid():
            moderating = request.user.has_perm("newsletters.moderate_section", section)
            try:
                if moderating:
                    services.section_edit(section=section, actor=request.user,
                                          **form.service_kwargs())
                else:
                    services.section_revise(section=section, author=request.user,
                                            **form.service_kwargs())
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(request, _("The section is saved.") if moderating else
                                 _("Your new version is sent to the gardeners."))
                return redirect(section.letter)
        return render(request, TEMPLATE, self._context(section, form), status=400)


class SectionDecideView(SectionMixin, View):
    permission_required = "newsletters.moderate_section"
    http_method_names = ["post"]

    ACTIONS = {
        DecisionForm.ACCEPT: (services.section_accept, gettext_lazy("The section is accepted.")),
        DecisionForm.CHANGES: (services.section_request_changes,
                               gettext_lazy("The author is asked for changes.")),
        DecisionForm.DECLINE: (services.section_decline,
                               gettext_lazy("The section is declined.")),
    }

    def post(self, request, pk):
        section = self.get_section()
        form = DecisionForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect(section.letter)
        action, message = self.ACTIONS[form.cleaned_data["decision"]]
        try:
            action(section=section, actor=request.user, comment=form.cleaned_data["comment"])
        except ValidationError as error:
            show_errors(request, error)
        else:
            messages.success(request, message)
        return redirect(f"{section.letter.get_absolute_url()}#section-{section.pk}")


class SectionMoveView(SectionMixin, View):
    """Up and down buttons: ordering without JavaScript."""

    permission_required = "newsletters.moderate_section"
    http_method_names = ["post"]

    def post(self, request, pk):
        section = self.get_section()
        offset = -1 if request.POST.get("direction") == "up" else 1
        try:
            services.section_move(section=section, actor=request.user, offset=offset)
        except ValidationError as error:
            show_errors(request, error)
        return redirect(f"{section.letter.get_absolute_url()}#section-{section.pk}")
